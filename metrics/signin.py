"""Signing in: rate-limited password checks and signed, expiring session tokens (issue 6).

State that must not be reset by opening a new browser tab (failed attempts) lives in a
:class:`FailureLimiter` held once per server process, not in a session. A session only keeps a
token signed with the configured key (HMAC-SHA256); each run re-checks the signature, the expiry
and that the user still exists with the same password hash, so removing a user or resetting a
password ends their sessions at their next interaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from metrics.auth import User, verify_password

Clock = Callable[[], float]


class FailureLimiter:
    """At most ``limit`` failed sign-ins per key within ``window`` seconds; then wait for the oldest to age out.

    Keys are strings such as ``"user:alice"`` and ``"session:<id>"``: guessing one account from many
    sessions, or many accounts from one session, both run into a limit. Thread-safe: Streamlit runs
    each session's script in its own thread.
    """

    def __init__(self, limit: int = 5, window: float = 900.0, clock: Clock = time.time, max_keys: int = 100_000) -> None:
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait_seconds(self, *keys: str) -> float:
        """0 when another attempt is allowed now, else the seconds until it is."""
        now = self.clock()
        with self._lock:
            waits = [times[0] + self.window - now for key in keys if len(times := self._recent(key, now)) >= self.limit]
        return max(waits, default=0.0)

    def fail(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_keys:  # bounded memory: forget keys with nothing recent
                for key in [k for k, v in self._failures.items() if not self._recent(k, now)]:
                    del self._failures[key]
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times

    def clear(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    message: str  # a string id of metrics.i18n: "signin.ok", "signin.wrong", "signin.wait", ...
    wait: float = 0.0


def sign_in(users: Mapping[str, User], name: str, password: str, session: str, limiter: FailureLimiter) -> SignInResult:
    """Check a name and password, refusing early while either the name or the session is rate-limited."""
    keys = ("user:" + name.strip().lower(), "session:" + session)
    wait = limiter.wait_seconds(*keys)
    if wait > 0:
        return SignInResult(None, "signin.wait", wait)
    user = users.get(name.strip())
    # An unknown name costs a bcrypt check too, so timing does not tell which names exist.
    ok = verify_password(password, user.password_hash if user else "")
    if not (ok and user):
        limiter.fail(*keys)
        return SignInResult(None, "signin.wrong")
    limiter.clear(keys[0])
    return SignInResult(user, "signin.ok")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _password_mark(user: User) -> str:
    """A short digest of the stored hash: a new password makes older tokens invalid."""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def issue_token(user: User, key: str, minutes: int, clock: Clock = time.time) -> str:
    """A session token: a random id (what sign-out revokes), the user name, its expiry and a mark of the
    password, signed with ``key``."""
    if not key:
        raise ValueError("no signing key configured")
    body = json.dumps({"id": secrets.token_urlsafe(16), "u": user.name, "exp": int(clock() + minutes * 60),
                       "pw": _password_mark(user)}, separators=(",", ":")).encode("utf-8")
    signature = hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()
    return _b64(body) + "." + _b64(signature)


def token_claims(token: str, key: str) -> dict[str, Any] | None:
    """The claims of a token signed with ``key`` (whatever its expiry), or None when it is not one."""
    if not key or not isinstance(token, str) or token.count(".") != 1:
        return None
    body_text, signature_text = token.split(".")
    try:
        body, signature = _unb64(body_text), _unb64(signature_text)
    except ValueError:
        return None
    expected = hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        claims = json.loads(body)
        claims["id"], claims["u"], claims["exp"], claims["pw"] = (str(claims["id"]), str(claims["u"]), float(claims["exp"]),
                                                                  str(claims["pw"]))
    except (ValueError, KeyError, TypeError):
        return None  # a token without an id cannot be signed out, so it is not accepted either
    return claims


def check_token(token: str, key: str, users: Mapping[str, User], clock: Clock = time.time,
                revoked: Callable[[str], bool] | None = None) -> tuple[User | None, str]:
    """The token's user, or None and why ("expired", "invalid", "revoked", "unknown user", "password changed").

    ``revoked`` says whether a token id was signed out (metrics.revocation.RevocationList.is_revoked).
    """
    claims = token_claims(token, key)
    if claims is None:
        return None, "invalid"
    name, expires, mark = claims["u"], claims["exp"], claims["pw"]
    if clock() >= expires:
        return None, "expired"
    if revoked is not None and revoked(claims["id"]):
        return None, "revoked"
    user = users.get(name)
    if user is None:
        return None, "unknown user"
    if not hmac.compare_digest(mark, _password_mark(user)):
        return None, "password changed"
    return user, "ok"
