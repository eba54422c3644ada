"""Mapping an identity provider's claims (Streamlit's ``st.user`` after ``st.login``) to roles.

Config ``auth.claims`` lists rules: when claim ``claim`` equals ``value`` (or, for a list claim
such as ``groups``, contains it), the rule's roles and provinces are granted. Rules add up; a
person matched by none is a viewer. Tested without a provider: the claims are a plain mapping.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from metrics.access.auth import User
from metrics.load.auth_config import ClaimRule


def _matches(claim: Any, value: str) -> bool:
    if isinstance(claim, (list, tuple, set, frozenset)):
        return any(str(c) == value for c in claim)
    return claim is not None and str(claim) == value


def user_from_claims(claims: Mapping[str, Any], rules: Sequence[ClaimRule]) -> User:
    """The signed-in person with the roles and provinces that the matching rules grant."""
    roles: set[str] = set()
    provinces: set[str] = set()
    for rule in rules:
        if _matches(claims.get(rule.claim), rule.value):
            roles.update(rule.roles)
            provinces.update(rule.provinces)
    if "reporter" in roles and not provinces:
        roles.discard("reporter")  # a reporter without provinces could upload nothing: do not pretend otherwise
    name = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "oidc-user")
    return User(name, frozenset(roles or {"viewer"}), frozenset(provinces), str(claims.get("name") or ""), via="oidc")


def oidc_session_expired(claims: Mapping[str, Any], minutes: int, now: float | None = None) -> bool:
    """True when the provider's sign-in (``auth_time``, else ``iat``) is older than the session length."""
    issued = claims.get("auth_time", claims.get("iat"))
    if not isinstance(issued, (int, float)) or isinstance(issued, bool):
        return False  # the provider did not say; Streamlit's own cookie expiry applies
    return (time.time() if now is None else now) - float(issued) > minutes * 60
