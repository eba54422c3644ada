"""ASGI middleware in front of Streamlit's upload route, asking metrics.intake.upload_gate (issue 12, item 8).

Not a page. Used by serve.py through ``st.App(middleware=...)``, Streamlit's documented way to put
middleware before its own routes. A PUT for a session the gate does not allow is refused with 403
before its body is read; after a stored file (Streamlit answers 204), the session's earlier files are
removed through the uploaded-file manager's public ``remove_file``, so one file per session is held.
"""

from __future__ import annotations

import re
from typing import Any

from metrics.intake.upload_gate import UPLOADS, UploadGate

UPLOAD_ROUTE = re.compile(r"/_stcore/upload_file/([^/]+)/([^/]+)$")


def _drop(session_id: str, file_ids: list[str]) -> None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    if file_ids and Runtime.exists():
        manager = Runtime.instance().uploaded_file_mgr
        # ``remove_file`` is MemoryUploadedFileManager's, the manager both of Streamlit's servers create; the
        # UploadedFileManager protocol the runtime is typed with does not declare it.
        assert isinstance(manager, MemoryUploadedFileManager), f"an upload manager without remove_file: {manager!r}"
        for file_id in file_ids:
            manager.remove_file(session_id, file_id)


class UploadGuard:
    """Refuse uploads from sessions that may not upload; keep one file per session that may."""

    def __init__(self, app: Any, gate: UploadGate = UPLOADS) -> None:
        self.app, self.gate = app, gate

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        match = UPLOAD_ROUTE.search(scope.get("path", "")) if scope.get("type") == "http" else None
        if match is None or scope.get("method") != "PUT":
            await self.app(scope, receive, send)
            return
        session_id, file_id = match.groups()
        if not self.gate.allowed(session_id):
            await send(
                {"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain; charset=utf-8")]}
            )
            await send({"type": "http.response.body", "body": b"uploads need a signed-in reporter on the Report progress page"})
            return
        status = 0

        async def watch(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status == 204:
            _drop(session_id, self.gate.stored(session_id, file_id))


def forbid_session(session_id: str) -> None:
    """The session may no longer upload (signed out, expired): refuse its uploads and drop what it holds."""
    _drop(session_id, UPLOADS.forbid(session_id))
