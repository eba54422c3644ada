"""Users, roles and bcrypt-hashed passwords in a credentials file outside data/ (issue 6).

The file (``auth.credentials`` in config.yaml, default ``.secrets/users.yaml``, git-ignored) is
only ever written by ``python -m metrics users`` through :func:`save_users`, atomically and readable
by its owner only. A hand-written bcrypt module was chosen over streamlit-authenticator: that package
rewrites its credentials file when it hashes plain passwords (``auto_hash``), and its cookie and
rate-limit handling live in session state; here the server keeps both and the file is read-only to
the app.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt
import yaml

from metrics.domain.messages import msg
from metrics.domain.problems import Problem
from metrics.files.atomic import write_atomic
from metrics.files.located_yaml import LocatedDict, YamlLimits, load_located_yaml
from metrics.load.auth_config import ROLES

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 10  # characters
MAX_PASSWORD_BYTES = 72  # bcrypt ignores (5.x: refuses) anything longer, so a longer password is refused up front
DEFAULT_ROUNDS = 12  # about a quarter of a second per check on the dashboard's machine


@functools.cache
def _dummy_hash() -> bytes:
    """Checked when a name is unknown, so a wrong name takes as long as a wrong password."""
    return bcrypt.hashpw(b"not a password", bcrypt.gensalt(DEFAULT_ROUNDS))


# What each role may do; admin may do everything (it administers the others).
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view"}),
    "reporter": frozenset({"view", "upload"}),
    "planner": frozenset({"view", "edit_milestones"}),
    "admin": frozenset({"view", "upload", "edit_milestones", "audit", "users"}),
}
ALL_PROVINCES = "*"  # in a reporter's provinces: may report for any province


@dataclass(frozen=True)
class User:
    """One signed-in (or anonymous) person: roles, and the provinces a reporter reports for."""

    name: str
    roles: frozenset[str] = frozenset({"viewer"})
    provinces: frozenset[str] = frozenset()
    display: str = ""
    password_hash: str = field(default="", repr=False)
    via: str = "password"  # "password", "oidc" or "anonymous"

    @property
    def anonymous(self) -> bool:
        return self.via == "anonymous"

    def can(self, action: str) -> bool:
        return any(action in PERMISSIONS.get(role, frozenset()) for role in self.roles)

    def may_report_for(self, province: str) -> bool:
        """Admins report for any province; reporters for theirs (``*`` means all)."""
        if "admin" in self.roles:
            return True
        return "reporter" in self.roles and (ALL_PROVINCES in self.provinces or province in self.provinces)

    def report_provinces(self) -> frozenset[str] | None:
        """The provinces this user may upload rows for; None means any."""
        if "admin" in self.roles or ALL_PROVINCES in self.provinces:
            return None
        return self.provinces if "reporter" in self.roles else frozenset()

    @property
    def label(self) -> str:
        return self.display or self.name


ANONYMOUS = User("anonymous", via="anonymous")


class UserError(ValueError):
    """A refused change to the users file; the message says why."""


def hash_password(password: str, rounds: int = DEFAULT_ROUNDS) -> str:
    check_password_rules(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password has {len(password)} characters (expected at least {MIN_PASSWORD})")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise UserError(
            f"password is {len(password.encode('utf-8'))} bytes in UTF-8 (expected at most {MAX_PASSWORD_BYTES}, bcrypt's limit)"
        )


def verify_password(password: str, hashed: str) -> bool:
    """True when ``password`` matches the bcrypt ``hashed``; a malformed hash or overlong password is False."""
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        raw = raw[:MAX_PASSWORD_BYTES]  # still costs a check, but can never match a stored hash
        hashed = ""
    try:
        return bcrypt.checkpw(raw, hashed.encode("ascii") or _dummy_hash()) and bool(hashed)
    except ValueError:  # not a bcrypt hash (a hand-edited file): the check fails, nothing crashes
        return False


def check_roles(roles: Iterable[str], provinces: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    roles, provinces = frozenset(roles), frozenset(provinces)
    bad = sorted(roles - set(ROLES))
    if bad:
        raise UserError(f"unknown role {bad[0]!r} (expected some of {', '.join(ROLES)})")
    if "reporter" in roles and not provinces:
        raise UserError("a reporter needs at least one province (expected --province CN-GD, or --province '*' for all)")
    return roles or frozenset({"viewer"}), provinces


def load_users(path: Path) -> tuple[dict[str, User], list[Problem]]:
    """The users of the credentials file; a missing file means no users (sign-in then has no one to admit)."""
    if not path.exists():
        return {}, []
    data, problems = load_located_yaml(path, YamlLimits(max_bytes=5_000_000))
    users: dict[str, User] = {}
    if data is None:
        return users, list(problems)
    entries = data.get("users") if isinstance(data, dict) else None
    if not isinstance(entries, LocatedDict):
        problems.add("users", msg("problem.users_file_shape"), 1, 1)
        return users, list(problems)
    for name, entry in entries.items():
        line, col = entries.pos(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("password_hash"), str):
            problems.add(f"users.{name}", msg("problem.user_entry_shape"), line, col)
            continue
        roles = entry.get("roles") or ["viewer"]
        provinces = entry.get("provinces") or []
        try:
            role_set, province_set = check_roles([str(r) for r in roles], [str(p) for p in provinces])
        except UserError as exc:
            problems.add(f"users.{name}", msg("problem.user_entry", detail=str(exc)), line, col)
            continue
        users[str(name)] = User(str(name), role_set, province_set, str(entry.get("display") or ""), entry["password_hash"])
    return users, list(problems)


def save_users(path: Path, users: Mapping[str, User]) -> None:
    """Write the users file atomically, readable by its owner only."""
    body = {
        "users": {
            name: {
                "password_hash": u.password_hash,
                "roles": sorted(u.roles),
                "provinces": sorted(u.provinces),
                **({"display": u.display} if u.display else {}),
            }
            for name, u in sorted(users.items())
        }
    }
    text = (
        "# Dashboard users: written by `python -m metrics users`. Keep this file out of git and out of data/.\n"
        + yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, text.encode("utf-8"), mode=0o600)  # private from the first byte, whatever the old file's mode


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise UserError(f"{name!r} is not a valid user name (expected letters, digits and . _ @ -, at most 64)")
    return name
