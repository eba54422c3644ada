"""Users, password hashes, roles, rate limiting, session tokens with an injected clock, and OIDC claims."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import pytest

from metrics.access.auth import ANONYMOUS, User, UserError, check_roles, hash_password, load_users, save_users, verify_password
from metrics.access.claims import oidc_session_expired, user_from_claims
from metrics.access.session_cookie import COOKIE_NAME, clear_cookie, set_cookie, token_from_cookies
from metrics.access.signin import FailureLimiter, check_token, issue_token, sign_in
from metrics.load.auth_config import AuthSettings, ClaimRule
from metrics.load.config import load_config
from tests.tmp_data import copy_data

KEY = "k" * 40
PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def hashed() -> str:
    return hash_password(PASSWORD, rounds=4)


@pytest.fixture
def users(hashed: str) -> dict[str, User]:
    return {
        "alice": User("alice", frozenset({"reporter"}), frozenset({"CN-GD"}), password_hash=hashed),
        "bob": User("bob", frozenset({"planner"}), password_hash=hashed),
    }


def test_a_hash_is_bcrypt_salted_and_verifies_only_the_password(hashed: str) -> None:
    assert hashed.startswith("$2b$04$") and PASSWORD not in hashed
    assert hash_password(PASSWORD, rounds=4) != hashed  # a new salt each time
    assert verify_password(PASSWORD, hashed)
    assert not verify_password(PASSWORD + " ", hashed)
    assert not verify_password(PASSWORD, "not-a-bcrypt-hash")
    assert not verify_password(PASSWORD, "")
    assert not verify_password("x" * 200, hashed)  # longer than bcrypt's 72 bytes: never a match, never an error


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "password has 5 characters (expected at least 10)"),
        ("密" * 30, "password is 90 bytes in UTF-8 (expected at most 72, bcrypt's limit)"),
    ],
)
def test_password_rules(password: str, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        hash_password(password, rounds=4)


@pytest.mark.parametrize(
    ("roles", "action", "allowed"),
    [
        ({"viewer"}, "view", True),
        ({"viewer"}, "upload", False),
        ({"viewer"}, "edit_milestones", False),
        ({"reporter"}, "upload", True),
        ({"reporter"}, "edit_milestones", False),
        ({"reporter"}, "audit", False),
        ({"planner"}, "edit_milestones", True),
        ({"planner"}, "upload", False),
        ({"planner"}, "audit", False),
        ({"admin"}, "audit", True),
        ({"admin"}, "upload", True),
        ({"admin"}, "edit_milestones", True),
        ({"admin"}, "users", True),
    ],
)
def test_role_checks(roles: set[str], action: str, allowed: bool) -> None:
    assert User("u", frozenset(roles), frozenset({"CN-GD"})).can(action) is allowed


def test_anonymous_is_a_viewer_only() -> None:
    assert ANONYMOUS.anonymous and ANONYMOUS.can("view")
    assert not any(ANONYMOUS.can(a) for a in ("upload", "edit_milestones", "audit", "users"))


def test_reporter_provinces() -> None:
    reporter = User("r", frozenset({"reporter"}), frozenset({"CN-GD", "CN-HI"}))
    assert reporter.report_provinces() == {"CN-GD", "CN-HI"}
    assert reporter.may_report_for("CN-GD") and not reporter.may_report_for("CN-JS")
    assert User("a", frozenset({"admin"})).report_provinces() is None
    assert User("r", frozenset({"reporter"}), frozenset({"*"})).report_provinces() is None
    assert User("p", frozenset({"planner"})).report_provinces() == frozenset()


def test_roles_are_checked() -> None:
    with pytest.raises(UserError, match="unknown role 'root'"):
        check_roles(["root"], [])
    with pytest.raises(UserError, match="a reporter needs at least one province"):
        check_roles(["reporter"], [])


def test_users_file_round_trip_is_private(tmp_path: Path, users: dict[str, User]) -> None:
    path = tmp_path / ".secrets" / "users.yaml"
    save_users(path, users)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded, problems = load_users(path)
    assert problems == [] and loaded == users
    assert PASSWORD not in path.read_text()


def test_a_broken_users_file_is_located_problems_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text("users:\n  eve:\n    roles: [admin]\n  mallory: !!python/object/apply:os.system [id]\n")
    users, problems = load_users(path)
    assert users == {}
    assert problems and all(p.line for p in problems)
    assert load_users(tmp_path / "missing.yaml") == ({}, [])


def test_sign_in_accepts_the_right_password_and_names_no_reason(users: dict[str, User]) -> None:
    limiter = FailureLimiter(5, 900, Clock())
    assert sign_in(users, "alice", PASSWORD, "s1", limiter).user == users["alice"]
    assert sign_in(users, "alice", "wrong password!", "s1", limiter).message == "signin.wrong"
    assert sign_in(users, "nobody", PASSWORD, "s1", limiter).message == "signin.wrong"  # same answer for an unknown name


# Limits per user name and source, and per source across names: tests/unit/test_sign_in_limits.py (issue 12,
# item 4 replaced the per-name-across-sessions limit, which let a stranger lock an account's owner out).


def test_the_limiter_is_thread_safe() -> None:
    limiter = FailureLimiter(10_000, 900, Clock())
    threads = [threading.Thread(target=lambda: [limiter.fail("user:x") for _ in range(500)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(limiter._failures["user:x"]) == 4000


def test_a_token_expires_with_the_session_length(users: dict[str, User]) -> None:
    clock = Clock()
    token = issue_token(users["alice"], KEY, minutes=30, clock=clock)
    assert check_token(token, KEY, users, clock) == (users["alice"], "ok")
    clock.now += 30 * 60 - 1
    assert check_token(token, KEY, users, clock)[1] == "ok"
    clock.now += 1
    assert check_token(token, KEY, users, clock) == (None, "expired")


def test_a_token_is_refused_when_forged_changed_or_its_user_changed(users: dict[str, User], hashed: str) -> None:
    token = issue_token(users["alice"], KEY, minutes=30)
    body, signature = token.split(".")
    assert check_token(token, "another key" * 4, users) == (None, "invalid")
    forged = base64.urlsafe_b64encode(b'{"u":"bob","exp":9999999999,"pw":"x"}').decode().rstrip("=")
    assert check_token(forged + "." + signature, KEY, users) == (None, "invalid")
    assert check_token("garbage", KEY, users) == (None, "invalid")
    assert check_token(token, "", users) == (None, "invalid")
    assert check_token(token, KEY, {"bob": users["bob"]}) == (None, "unknown user")
    reset = {
        **users,
        "alice": User(
            "alice", users["alice"].roles, users["alice"].provinces, password_hash=hash_password("another password", 4)
        ),
    }
    assert check_token(token, KEY, reset) == (None, "password changed")
    # Roles come from the file at each check, not from the token: a demoted user loses them at once.
    demoted = {**users, "alice": User("alice", frozenset({"viewer"}), password_hash=hashed)}
    assert check_token(token, KEY, demoted)[0].roles == {"viewer"}


def test_no_token_without_a_key(users: dict[str, User]) -> None:
    with pytest.raises(ValueError, match="no signing key"):
        issue_token(users["alice"], "", 30)


def _cookie_user(cookies: dict[str, str], users: dict[str, User], clock: Clock | None = None) -> tuple[User | None, str]:
    """What the app does with the cookie a browser sends: take its token and check it like a session token."""
    token = token_from_cookies(cookies)
    return (None, "no cookie") if token is None else check_token(token, KEY, users, clock or Clock())


def test_the_session_cookie_carries_the_token_with_its_attributes_and_signs_its_user_in(users: dict[str, User]) -> None:
    from http.cookies import SimpleCookie

    token = issue_token(users["alice"], KEY, minutes=30, clock=Clock())
    assignment = set_cookie(token, 30 * 60)
    assert assignment == f"vet_session={token}; Max-Age=1800; Path=/; SameSite=Strict"
    parsed = SimpleCookie(assignment)[COOKIE_NAME]  # what a browser stores
    assert (parsed.value, parsed["max-age"], parsed["path"], parsed["samesite"]) == (token, "1800", "/", "Strict")
    assert _cookie_user({"other": "x", COOKIE_NAME: parsed.value}, users) == (users["alice"], "ok")
    assert clear_cookie() == "vet_session=; Max-Age=0; Path=/; SameSite=Strict"


def _tamper(token: str, how: str) -> str:
    body, signature = token.split(".")
    claims = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    if how == "other user":
        return base64.urlsafe_b64encode(claims.replace(b'"alice"', b'"bob"')).decode().rstrip("=") + "." + signature
    if how == "longer expiry":
        return base64.urlsafe_b64encode(claims.replace(b'"exp":', b'"exp":9')).decode().rstrip("=") + "." + signature
    if how == "signature changed":
        return body + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    if how == "signature dropped":
        return body + "."
    if how == "signed with another key":
        return issue_token(User("alice", password_hash="x"), "another key of at least 32 characters!!", 30)
    return "garbage"


@pytest.mark.parametrize(
    "how", ["other user", "longer expiry", "signature changed", "signature dropped", "signed with another key", "garbage"]
)
def test_a_tampered_session_cookie_signs_no_one_in(users: dict[str, User], how: str) -> None:
    token = issue_token(users["alice"], KEY, minutes=30, clock=Clock())
    assert _cookie_user({COOKIE_NAME: _tamper(token, how)}, users) == (None, "invalid")


def test_an_expired_or_outdated_session_cookie_signs_no_one_in(users: dict[str, User]) -> None:
    clock = Clock()
    token = issue_token(users["alice"], KEY, minutes=30, clock=clock)
    clock.now += 30 * 60
    assert _cookie_user({COOKIE_NAME: token}, users, clock) == (None, "expired")
    reset = {
        **users,
        "alice": User(
            "alice", users["alice"].roles, users["alice"].provinces, password_hash=hash_password("another password", 4)
        ),
    }
    assert _cookie_user({COOKIE_NAME: token}, reset) == (None, "password changed")
    assert _cookie_user({COOKIE_NAME: token}, {"bob": users["bob"]}) == (None, "unknown user")
    assert _cookie_user({}, users) == _cookie_user({COOKIE_NAME: ""}, users) == (None, "no cookie")


@pytest.mark.parametrize(
    ("token", "max_age", "message"),
    [
        ("a.b; Domain=example.com", 60, "not a session token"),
        ("a.b, other=1", 60, "not a session token"),
        ("a.b", 0, "max_age is 0"),
    ],
)
def test_the_cookie_is_never_written_with_anything_but_a_token(token: str, max_age: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        set_cookie(token, max_age)


def test_the_key_comes_from_the_environment_or_config_and_short_keys_are_refused() -> None:
    settings = AuthSettings(cookie_key="c" * 32)
    assert settings.signing_key({}) == "c" * 32
    assert settings.signing_key({"VET_DASHBOARD_COOKIE_KEY": "e" * 40}) == "e" * 40
    assert AuthSettings().signing_key({}) == ""
    assert AuthSettings().signing_key({"VET_DASHBOARD_COOKIE_KEY": "short"}) == ""


def test_the_bundled_config_has_no_key_and_allows_anonymous_viewers() -> None:
    config, problems = load_config()
    assert problems == []
    assert config.auth.cookie_key == "" and config.auth.allow_anonymous and not config.auth.oidc
    assert config.auth.credentials_path.parent.name == ".secrets"
    assert "data" not in config.auth.credentials_path.relative_to(config.root).parts


def test_auth_settings_are_read_with_located_problems(tmp_path: Path) -> None:
    path = copy_data(tmp_path)
    path.write_text(
        path.read_text()
        + """
auth:
  credentials: secrets/people.yaml
  allow_anonymous: false
  session_minutes: 30
  cookie_key: short
  oidc: true
  claims:
    - {claim: groups, value: vet-planners, roles: [planner]}
    - {claim: email, value: gd@example.org, roles: [reporter], provinces: [CN-GD]}
    - {claim: groups, value: x, roles: [superuser]}
"""
    )
    config, problems = load_config(path)
    assert config.auth.credentials_path == tmp_path / "secrets/people.yaml"
    assert (config.auth.allow_anonymous, config.auth.session_minutes, config.auth.oidc) == (False, 30, True)
    assert config.auth.claim_rules == (
        ClaimRule("groups", "vet-planners", ("planner",)),
        ClaimRule("email", "gd@example.org", ("reporter",), ("CN-GD",)),
    )
    messages = [p.message for p in problems]
    assert "is 5 characters (expected at least 32; better: leave it out and set VET_DASHBOARD_COOKIE_KEY)" in messages
    assert "unknown role 'superuser' (expected some of viewer, reporter, planner, admin)" in messages
    assert all(p.line for p in problems)


RULES = (
    ClaimRule("groups", "vet-planners", ("planner",)),
    ClaimRule("email", "gd@example.org", ("reporter",), ("CN-GD",)),
    ClaimRule("groups", "vet-admins", ("admin",)),
)


@pytest.mark.parametrize(
    ("claims", "roles", "provinces"),
    [
        ({"email": "someone@example.org"}, {"viewer"}, set()),
        ({"email": "p@example.org", "groups": ["staff", "vet-planners"]}, {"planner"}, set()),
        ({"email": "gd@example.org"}, {"reporter"}, {"CN-GD"}),
        ({"email": "gd@example.org", "groups": "vet-admins"}, {"reporter", "admin"}, {"CN-GD"}),
        ({"groups": ["vet-planners-x"]}, {"viewer"}, set()),  # no substring matches
    ],
)
def test_claims_map_to_roles(claims: dict, roles: set[str], provinces: set[str]) -> None:
    user = user_from_claims(claims, RULES)
    assert user.roles == roles and user.provinces == provinces and user.via == "oidc"


def test_a_reporter_rule_without_provinces_grants_nothing() -> None:
    assert user_from_claims({"g": "r"}, (ClaimRule("g", "r", ("reporter",)),)).roles == {"viewer"}


def test_oidc_session_expiry_uses_the_providers_sign_in_time() -> None:
    assert not oidc_session_expired({"iat": 1000}, minutes=10, now=1000 + 599)
    assert oidc_session_expired({"iat": 1000}, minutes=10, now=1000 + 601)
    assert oidc_session_expired({"auth_time": 1000, "iat": 5000}, minutes=10, now=2000)
    assert not oidc_session_expired({}, minutes=10, now=10**12)
