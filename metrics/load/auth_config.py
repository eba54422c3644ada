"""The ``auth:`` section of config.yaml: who may sign in, how, and for how long (issue 6).

Parsed here rather than in metrics/load/config.py so the sign-in settings live beside the code that uses
them; config.py only calls :func:`read_auth_settings`. The cookie key is never read from a
committed default: it comes from the environment or from config, and without it sign-in is off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from metrics.domain.messages import msg
from metrics.files.located_yaml import LocatedDict, LocatedList
from metrics.load.fields import Fields

COOKIE_KEY_ENV = "VET_DASHBOARD_COOKIE_KEY"
MIN_KEY_LENGTH = 32  # characters; a shorter key is refused (HMAC-SHA256 wants at least 256 bits)
ROLES = ("viewer", "reporter", "planner", "admin")
TOP_LEVEL_KEYS = ("data", "as_of", "language", "status", "forecast", "limits", "auth", "store")  # of config.yaml


REVOCATIONS_FILE_NAME = "revoked-sessions.json"


@dataclass(frozen=True)
class ClaimRule:
    """An identity provider's claim value that grants roles (and provinces, for reporters)."""

    claim: str
    value: str
    roles: tuple[str, ...]
    provinces: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthSettings:
    credentials: Path | None = None  # None: the default .secrets/users.yaml beside config.yaml
    allow_anonymous: bool = True
    session_minutes: int = 480
    max_failed_sign_ins: int = 5  # per user name and per session within failure_window_minutes
    failure_window_minutes: int = 15
    cookie_key: str = ""  # from config; the environment variable wins
    oidc: bool = False
    oidc_provider: str = ""  # the [auth.<name>] section of .streamlit/secrets.toml; "" for [auth]
    claim_rules: tuple[ClaimRule, ...] = ()
    audit_log: Path | None = None  # None: data/audit/audit.jsonl beside config.yaml
    root: Path = field(default=Path("."))
    # The settings could not be read as written (config.yaml unparseable, a mistake in ``auth:``, or an
    # unknown top-level key that may be a misspelt ``auth:``): anonymous viewing is then off (fail closed).
    unreadable: bool = False

    @property
    def credentials_path(self) -> Path:
        return self.credentials or self.root / ".secrets" / "users.yaml"

    @property
    def revocations_path(self) -> Path:
        """Signed-out session ids (metrics.access.revocation), beside the users file: a secret of the same kind."""
        return self.credentials_path.with_name(REVOCATIONS_FILE_NAME)

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.root / "data" / "audit" / "audit.jsonl"

    def signing_key(self, environ: dict[str, str] | None = None) -> str:
        """The cookie/session signing key, or "" when none (or too short a one) is configured."""
        env = os.environ if environ is None else environ
        key = env.get(COOKIE_KEY_ENV) or self.cookie_key
        return key if len(key) >= MIN_KEY_LENGTH else ""


def unreadable_settings(root: Path) -> AuthSettings:
    """What applies when the auth settings cannot be read: nobody views without signing in."""
    return AuthSettings(root=root, allow_anonymous=False, unreadable=True)


def read_auth_settings(top: Fields, root: Path) -> AuthSettings:
    """The ``auth`` section; a bad key is a located problem and falls back to its default, except that
    any problem in the section (or an unknown top-level key) turns anonymous viewing off: a typo such
    as ``allow_anonymous: flase`` must not open the dashboard to everyone (issue 12, item 7)."""
    before = len(top.problems)
    unknown = sorted(str(k) for k in top.mapping if k not in TOP_LEVEL_KEYS)
    settings = _read_auth_section(top, root)
    if unknown or len(top.problems) > before:
        return replace(settings, allow_anonymous=False, unreadable=True)
    return settings


def _read_auth_section(top: Fields, root: Path) -> AuthSettings:
    if top.mapping.get("auth") is None:  # absent or empty: the documented defaults
        return AuthSettings(root=root)
    section = top.mapping_of("auth", required=False)
    if section is None:
        return unreadable_settings(root)
    section.check_unknown(
        (
            "credentials",
            "allow_anonymous",
            "session_minutes",
            "max_failed_sign_ins",
            "failure_window_minutes",
            "cookie_key",
            "oidc",
            "oidc_provider",
            "claims",
            "audit_log",
        )
    )
    values: dict[str, Any] = {}
    for key in ("credentials", "audit_log"):
        text = section.text(key, required=False, expected=msg("expect.path"))
        if text:
            values[key] = root / text
    for key in ("session_minutes", "max_failed_sign_ins", "failure_window_minutes"):
        if key in section.mapping:
            number = section.number(key)
            if number is not None and (number < 1 or number != int(number)):
                section.report(key, msg("problem.not_positive", value=f"{number:g}"))
            elif number is not None:
                values[key] = int(number)
    values["allow_anonymous"] = section.boolean("allow_anonymous", True)
    values["oidc"] = section.boolean("oidc", False)
    for key in ("cookie_key", "oidc_provider"):
        text = section.text(key, required=False)
        if text:
            values[key] = text
    if values.get("cookie_key") and len(str(values["cookie_key"])) < MIN_KEY_LENGTH:
        section.report("cookie_key", msg("problem.cookie_key_short", n=len(str(values["cookie_key"])), limit=MIN_KEY_LENGTH))
    values["claim_rules"] = _claim_rules(section)
    return AuthSettings(root=root, **values)


def _claim_rules(section: Fields) -> tuple[ClaimRule, ...]:
    items = section.list_of("claims", required=False)
    if items is None:
        return ()
    rules = []
    for index, item in enumerate(items):
        name = f"claims[{index}]"
        if not isinstance(item, LocatedDict):
            line, col = items.pos(index) if isinstance(items, LocatedList) else (None, None)
            section.problems.add(section.name(name), msg("problem.claim_rule_shape"), line, col)
            continue
        rule = Fields(item, section.problems, section.name(name))
        rule.check_unknown(("claim", "value", "roles", "provinces"))
        claim, value = rule.text("claim"), rule.text("value")
        roles = _texts(rule, "roles")
        bad = [r for r in roles if r not in ROLES]
        if bad:
            rule.report("roles", msg("problem.unknown_role", value=repr(bad[0]), roles=", ".join(ROLES)))
        if claim and value and roles and not bad:
            rules.append(ClaimRule(claim, value, tuple(roles), tuple(_texts(rule, "provinces", required=False))))
    return tuple(rules)


def _texts(fields: Fields, key: str, required: bool = True) -> list[str]:
    items = fields.list_of(key, required=required)
    if items is None:
        return []
    out = [str(x).strip() for x in items if isinstance(x, str) and x.strip()]
    if len(out) != len(items):
        fields.report(key, msg("problem.not_a_name_list"))
    return out
