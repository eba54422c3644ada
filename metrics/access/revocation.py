"""Server-side sign-out: the ids of session tokens that were signed out before they expired (issue 12, item 5).

A session token is signed and carries its own expiry, so without a list on the server a copy of the
``vet_session`` cookie would sign in until it expires. The list lives next to the users file (outside
data/ and git), readable by its owner only. It is rewritten atomically under an exclusive ``flock``
on a lock file beside it, so sign-outs from several server processes are never lost, and entries are
pruned once their token would have expired anyway, which bounds its size by the sign-outs of one
session length. Readers keep the parsed list until the file's identity (inode, time, size) changes.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from metrics.files.atomic import write_atomic
from metrics.load.auth_config import REVOCATIONS_FILE_NAME

Clock = Callable[[], float]
FILE_NAME = REVOCATIONS_FILE_NAME


class RevocationList:
    """Revoked token ids with their expiry; ``is_revoked`` is what a token check consults."""

    def __init__(self, path: Path, clock: Clock = time.time) -> None:
        self.path, self.clock = path, clock
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._ids: dict[str, float] | None = None  # None: the file is damaged

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _read(self) -> dict[str, float] | None:
        """The entries on disk; {} when there is no file, None when it cannot be read as a list."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            body = json.loads(raw)
            return {str(k): float(v) for k, v in body["revoked"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def is_revoked(self, token_id: str) -> bool:
        """Whether ``token_id`` was signed out. A damaged list counts every token as revoked (fail closed)."""
        with self._lock:
            identity = self._identity()
            if identity != self._seen or self._ids is None:
                self._ids, self._seen = self._read(), identity
            return self._ids is None or token_id in self._ids

    def revoke(self, token_id: str, expires: float) -> None:
        """Add ``token_id`` (valid until ``expires``) and drop entries already expired."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # read-modify-write as one step across processes
            ids = self._read()
            if ids is None:
                return  # a damaged list already refuses every token; rewriting it would un-revoke the others
            now = self.clock()
            ids = {k: v for k, v in ids.items() if v > now}
            ids[token_id] = float(expires)
            body = json.dumps({"revoked": ids}, separators=(",", ":"), sort_keys=True).encode("utf-8")
            write_atomic(self.path, body, mode=0o600)
        finally:
            os.close(fd)
        with self._lock:
            self._seen = None  # read afresh next time
