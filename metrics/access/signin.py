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
from typing import Any, Protocol

from metrics.access.auth import User, verify_password

Clock = Callable[[], float]
# Failed sign-ins from one source across all names may be this many times the per-name limit: people
# behind one office address mistype more than one name, but spraying guesses over names stays bounded.
SOURCE_FACTOR = 4


@dataclass(frozen=True)
class Reservation:
    """One attempt counted in advance on ``keys`` at ``stamp``; ``wait`` > 0 means refused (nothing counted)."""

    wait: float
    stamp: float = 0.0
    keys: tuple[str, ...] = ()


class FailureLimiter:
    """At most ``limit`` failed sign-ins per key within ``window`` seconds; then wait for the oldest to age out.

    Keys are strings such as ``"user:alice|from:<address>"`` and ``"from:<address>"``. An attempt is
    *reserved* (counted as a failure) under the lock before its password is checked, and given back
    only if it succeeds: checking first and counting after let 25 parallel sessions all have their
    guess checked against a limit of 5 (issue 12, item 4). Thread-safe: Streamlit runs each session's
    script in its own thread. One limiter per server process: several processes need a shared store.
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

    def _forget_old(self, now: float) -> None:
        if len(self._failures) >= self.max_keys:  # bounded memory: forget keys with nothing recent
            for key in [k for k, v in self._failures.items() if not self._recent(k, now)]:
                del self._failures[key]

    def fail(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            self._forget_old(now)
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times

    def reserve(self, limits: Mapping[str, int]) -> Reservation:
        """Count one attempt on every key now, unless a key has reached its limit (then say how long to wait).

        Checking and counting are one step under the lock, so parallel attempts cannot all pass the check.
        """
        now = self.clock()
        with self._lock:
            waits = [
                times[0] + self.window - now for key, limit in limits.items() if len(times := self._recent(key, now)) >= limit
            ]
            if waits:
                return Reservation(max(waits))
            self._forget_old(now)
            for key in limits:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times
        return Reservation(0.0, now, tuple(limits))

    def release(self, reservation: Reservation, clear: tuple[str, ...] = ()) -> None:
        """Give a successful attempt's reservation back, and forget the failures of the ``clear`` keys."""
        with self._lock:
            for key in reservation.keys:
                times = self._failures.get(key)
                if times is not None and reservation.stamp in times:
                    times.remove(reservation.stamp)
            for key in clear:
                self._failures.pop(key, None)

    def clear(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    message: str  # a string id of metrics.domain.i18n: "signin.ok", "signin.wrong", "signin.wait", ...
    wait: float = 0.0


class Limiter(Protocol):
    """Failed sign-ins per key: FailureLimiter in one process, or its PostgreSQL twin shared by every server (metrics/store)."""

    limit: int
    window: float

    def reserve(self, limits: Mapping[str, int]) -> Reservation: ...
    def release(self, reservation: Reservation, clear: tuple[str, ...] = ()) -> None: ...
    def wait_seconds(self, *keys: str) -> float: ...
    def fail(self, *keys: str) -> None: ...
    def clear(self, *keys: str) -> None: ...


def sign_in(users: Mapping[str, User], name: str, password: str, source: str, limiter: Limiter) -> SignInResult:
    """Check a name and password from ``source`` (the visitor's address), refusing early while the name
    from that source, or the source across names, is rate-limited.

    Limited by account *and* source rather than by account alone: a stranger who knows a user name then
    locks out only their own address, never the owner signing in from elsewhere. (A growing per-account
    delay would still let the stranger keep the owner waiting.) The source's limit across names
    (``SOURCE_FACTOR`` times larger) bounds guessing over many names from one address.
    """
    source = source or "unknown"
    account = f"user:{name.strip().lower()}|from:{source}"
    reservation = limiter.reserve({account: limiter.limit, f"from:{source}": limiter.limit * SOURCE_FACTOR})
    if reservation.wait > 0:
        return SignInResult(None, "signin.wait", reservation.wait)
    user = users.get(name.strip())
    # An unknown name costs a bcrypt check too, so timing does not tell which names exist.
    ok = verify_password(password, user.password_hash if user else "")
    if not (ok and user):
        return SignInResult(None, "signin.wrong")  # the reservation stays, as this failure
    limiter.release(reservation, clear=(account,))
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
    body = json.dumps(
        {"id": secrets.token_urlsafe(16), "u": user.name, "exp": int(clock() + minutes * 60), "pw": _password_mark(user)},
        separators=(",", ":"),
    ).encode("utf-8")
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
        claims: dict[str, Any] = json.loads(body)
        claims["id"], claims["u"], claims["exp"], claims["pw"] = (
            str(claims["id"]),
            str(claims["u"]),
            float(claims["exp"]),
            str(claims["pw"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a token without an id cannot be signed out, so it is not accepted either
    return claims


def check_token(
    token: str, key: str, users: Mapping[str, User], clock: Clock = time.time, revoked: Callable[[str], bool] | None = None
) -> tuple[User | None, str]:
    """The token's user, or None and why ("expired", "invalid", "revoked", "unknown user", "password changed").

    ``revoked`` says whether a token id was signed out (metrics.access.revocation.RevocationList.is_revoked).
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
