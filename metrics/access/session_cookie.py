"""The browser cookie that keeps a sign-in across page reloads (issue 6).

A reload starts a new Streamlit session, so a token kept only in the session is lost. The cookie holds
the same signed token as the session (metrics.access.signin.issue_token), nothing else: whoever edits the
cookie cannot name another user or extend the expiry without the signing key, because the app takes
the cookie's token into the session and checks it with :func:`metrics.access.signin.check_token` like any other.
Its lifetime is the session length; signing out or a refused token clears it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

COOKIE_NAME = "vet_session"
# What issue_token produces: two base64url parts joined by a dot. Anything else is never written to
# document.cookie, where a ';' or ',' would add attributes or cookies.
_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_ATTRIBUTES = "Path=/; SameSite=Strict"  # Secure is added in the browser when the page is served over https


def set_cookie(token: str, max_age: int) -> str:
    """The ``document.cookie`` assignment that keeps ``token`` for ``max_age`` seconds."""
    if not _TOKEN_PATTERN.fullmatch(token):
        raise ValueError("not a session token (expected two base64url parts joined by '.')")
    if max_age < 1:
        raise ValueError(f"max_age is {max_age} (expected at least 1 second)")
    return f"{COOKIE_NAME}={token}; Max-Age={int(max_age)}; {_ATTRIBUTES}"


def clear_cookie() -> str:
    """The ``document.cookie`` assignment that deletes the session cookie."""
    return f"{COOKIE_NAME}=; Max-Age=0; {_ATTRIBUTES}"


def token_from_cookies(cookies: Mapping[str, str]) -> str | None:
    """The session token the browser sent, or None when it sent no (or an empty) session cookie."""
    return cookies.get(COOKIE_NAME) or None
