"""Issue 12, item 5: the server-side list of signed-out session tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import multiprocessing
import stat
from pathlib import Path

from metrics.access.auth import User
from metrics.access.revocation import RevocationList
from metrics.access.signin import check_token, issue_token, token_claims

KEY = "k" * 40
USER = User("alice", frozenset({"planner"}), password_hash="$2b$04$abcdefghijklmnopqrstuu5bAsKIUXG5TsyWVuLKpzvD3pFTWqR2S")
USERS = {"alice": USER}


def test_a_signed_out_token_is_refused_and_others_are_not(tmp_path: Path) -> None:
    revoked = RevocationList(tmp_path / "revoked.json")
    first, second = issue_token(USER, KEY, 60), issue_token(USER, KEY, 60)
    claims = token_claims(first, KEY)
    assert claims is not None and claims["id"] != token_claims(second, KEY)["id"]  # type: ignore[index]
    revoked.revoke(claims["id"], claims["exp"])
    assert check_token(first, KEY, USERS, revoked=revoked.is_revoked) == (None, "revoked")
    assert check_token(second, KEY, USERS, revoked=revoked.is_revoked) == (USER, "ok")
    assert stat.S_IMODE((tmp_path / "revoked.json").stat().st_mode) == 0o600
    # Another process's list object sees the revocation through the file.
    assert RevocationList(tmp_path / "revoked.json").is_revoked(claims["id"])


def test_entries_are_pruned_once_their_token_has_expired(tmp_path: Path) -> None:
    now = [1000.0]
    revoked = RevocationList(tmp_path / "revoked.json", clock=lambda: now[0])
    revoked.revoke("old", 1500.0)
    revoked.revoke("young", 5000.0)
    now[0] = 2000.0
    revoked.revoke("new", 9000.0)
    assert sorted(json.loads((tmp_path / "revoked.json").read_text())["revoked"]) == ["new", "young"]


def test_a_damaged_list_refuses_every_token(tmp_path: Path) -> None:
    path = tmp_path / "revoked.json"
    path.write_text("{not json")
    revoked = RevocationList(path)
    assert check_token(issue_token(USER, KEY, 60), KEY, USERS, revoked=revoked.is_revoked) == (None, "revoked")
    revoked.revoke("x", 9e12)
    assert path.read_text() == "{not json"  # left for an administrator; rewriting it would un-revoke the rest


def test_a_token_without_an_id_is_refused(tmp_path: Path) -> None:
    body = json.dumps({"u": "alice", "exp": 9e12, "pw": "x"}).encode()
    sig = hmac.new(KEY.encode(), body, hashlib.sha256).digest()
    token = base64.urlsafe_b64encode(body).decode().rstrip("=") + "." + base64.urlsafe_b64encode(sig).decode().rstrip("=")
    assert check_token(token, KEY, USERS)[0] is None


def _revoke_many(path: str, prefix: str) -> None:
    revoked = RevocationList(Path(path))
    for n in range(25):
        revoked.revoke(f"{prefix}{n}", 9e12)


def test_sign_outs_from_two_processes_at_once_are_all_kept(tmp_path: Path) -> None:
    path = str(tmp_path / "revoked.json")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_revoke_many, args=(path, prefix)) for prefix in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(json.loads(Path(path).read_text())["revoked"]) == 50
