"""Test users for AppTest: a users file in the data copy, the signing key in the environment, and a
signed session token, so a test can open a page as a given role (the auth module's session API)."""

from __future__ import annotations

from pathlib import Path

from metrics.access.auth import User, hash_password, save_users
from metrics.access.signin import issue_token

KEY = "test-signing-key-for-apptest-only-0123456789"  # never a real key: tests make their own
PASSWORD = "correct horse battery staple"
TOKEN = "vet_auth_token"  # app_pages.access.TOKEN (not imported: that module imports streamlit)
USERS = {
    "viewer": User("viewer", frozenset({"viewer"})),
    "reporter": User("reporter", frozenset({"reporter"}), frozenset({"CN-GD"})),
    "planner": User("planner", frozenset({"planner"})),
    "admin": User("admin", frozenset({"admin"})),
}


def write_users(root: Path) -> dict[str, User]:
    """The test users (password PASSWORD, cheap bcrypt rounds) in ``root``/.secrets/users.yaml."""
    hashed = hash_password(PASSWORD, rounds=4)
    users = {name: User(u.name, u.roles, u.provinces, u.display, hashed) for name, u in USERS.items()}
    save_users(root / ".secrets" / "users.yaml", users)
    return users


def session_of(users: dict[str, User], name: str, minutes: int = 60) -> dict[str, str]:
    """Session state of ``name`` signed in (what the sign-in form leaves behind)."""
    return {TOKEN: issue_token(users[name], KEY, minutes)}
