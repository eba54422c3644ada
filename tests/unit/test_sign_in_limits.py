"""Issue 12, item 4: sign-in attempts are reserved before the password check, and limited by account
and source together, so a stranger elsewhere who knows a user name cannot lock its owner out."""

from __future__ import annotations

import threading
import time

import pytest

import metrics.access.signin as signin
from metrics.access.auth import User, hash_password
from metrics.access.signin import SOURCE_FACTOR, FailureLimiter, sign_in

PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def users() -> dict[str, User]:
    hashed = hash_password(PASSWORD, rounds=4)
    return {name: User(name, frozenset({"planner"}), password_hash=hashed) for name in ("alice", "bob")}


def test_parallel_attempts_are_reserved_before_the_password_is_checked(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = signin.verify_password

    def slow_verify(password: str, hashed: str) -> bool:
        checked.append(password)
        time.sleep(0.2)  # every thread is inside the check at once, as with bcrypt's quarter second
        return real(password, hashed)

    monkeypatch.setattr(signin, "verify_password", slow_verify)
    limiter = FailureLimiter(5, 900, Clock())
    guesses = [f"wrong guess {n:04d}" for n in range(24)] + [PASSWORD]
    results: list[signin.SignInResult] = []
    threads = [
        threading.Thread(target=lambda g=g: results.append(sign_in(users, "alice", g, "10.0.0.9", limiter))) for g in guesses
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= 5
    assert sum(r.message == "signin.wait" for r in results) >= 20


def test_a_stranger_elsewhere_cannot_lock_the_owner_out(users: dict[str, User]) -> None:
    limiter = FailureLimiter(3, 900, Clock())
    for n in range(10):
        sign_in(users, "alice", f"stranger guess {n}", "203.0.113.7", limiter)
    assert sign_in(users, "alice", PASSWORD, "203.0.113.7", limiter).message == "signin.wait"
    assert sign_in(users, "alice", PASSWORD, "198.51.100.2", limiter).user == users["alice"]  # the owner, at work


def test_failed_sign_ins_from_one_source_are_limited_per_name_and_across_names(users: dict[str, User]) -> None:
    clock = Clock()
    limiter = FailureLimiter(3, 900, clock)
    for _ in range(3):  # a new tab or browser at the same address does not reset the count
        assert sign_in(users, "alice", "wrong password!", "10.0.0.1", limiter).message == "signin.wrong"
    refused = sign_in(users, "alice", PASSWORD, "10.0.0.1", limiter)
    assert refused.message == "signin.wait" and refused.wait == pytest.approx(900)
    assert sign_in(users, "bob", PASSWORD, "10.0.0.1", limiter).user == users["bob"]  # another name is not blocked yet
    for n in range(3 * SOURCE_FACTOR):  # spraying many names from one address runs into the source's own limit
        sign_in(users, f"name{n}", "guess-guess-guess", "10.0.0.2", limiter)
    assert sign_in(users, "bob", PASSWORD, "10.0.0.2", limiter).message == "signin.wait"
    clock.now += 901
    assert sign_in(users, "alice", PASSWORD, "10.0.0.1", limiter).user == users["alice"]


def test_a_successful_sign_in_does_not_count_as_a_failure(users: dict[str, User]) -> None:
    limiter = FailureLimiter(2, 900, Clock())
    for _ in range(5):
        assert sign_in(users, "alice", PASSWORD, "10.0.0.3", limiter).user == users["alice"]
