"""Which sessions may hand files to Streamlit's upload endpoint, and which files each still holds (issue 12, item 8).

Streamlit stores every file PUT to ``/_stcore/upload_file/<session>/<file>`` for any live session, up to
``server.maxUploadSize`` each and with no cap on their number, before any page has looked at it. The
dashboard's entry point (serve.py) puts a middleware in front of that route which asks this gate:
a session may upload only after the Report progress page ran for a user with the ``upload`` permission
(and until that sign-in would expire, or the session signs out), and each session keeps only its
newest file (the page's uploader takes one file), so the server holds at most one file per reporter.

One gate per server process (:data:`UPLOADS`): the middleware and the page scripts run in the same
process but share no other object. Pure Python and thread-safe: scripts run in their own threads, the
middleware on the event loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]
MAX_SESSIONS = 10_000  # bound on remembered sessions; expired ones are dropped first


class UploadGate:
    """Sessions allowed to upload (with an expiry) and the file ids each has stored."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self._until: dict[str, float] = {}
        self._files: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def allow(self, session_id: str, until: float) -> None:
        """Let ``session_id`` upload until ``until`` (seconds since the epoch)."""
        with self._lock:
            if len(self._until) >= MAX_SESSIONS:
                now = self.clock()
                for key in [k for k, v in self._until.items() if v <= now]:
                    self._forget(key)
            self._until[session_id] = until

    def forbid(self, session_id: str) -> list[str]:
        """Stop ``session_id`` from uploading; returns the file ids it still holds, for the caller to drop."""
        with self._lock:
            files = self._files.get(session_id, [])
            self._forget(session_id)
            return files

    def allowed(self, session_id: str) -> bool:
        with self._lock:
            return self._until.get(session_id, 0.0) > self.clock()

    def stored(self, session_id: str, file_id: str) -> list[str]:
        """Record that ``file_id`` was stored for ``session_id``; returns the earlier ids to drop (keep one)."""
        with self._lock:
            earlier = [f for f in self._files.get(session_id, []) if f != file_id]
            self._files[session_id] = [file_id]
            return earlier

    def _forget(self, session_id: str) -> None:
        self._until.pop(session_id, None)
        self._files.pop(session_id, None)


UPLOADS = UploadGate()
