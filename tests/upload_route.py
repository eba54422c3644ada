"""Streamlit's upload route driven as a browser's uploader drives it, for tests that speak the websocket
protocol (bench/ws_client.py): a session that knows its id, signs in through the sidebar form, and PUTs files."""

from __future__ import annotations

import contextlib
import http.client
import uuid

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from bench.ws_client import PageRun, Session


class UploadSession(Session):
    """A websocket session that remembers its session id (from the new_session message): the upload route needs it."""

    session_id = ""

    async def run(self, *args, **kwargs) -> PageRun:  # type: ignore[no-untyped-def, override]
        received: list[ForwardMsg] = []
        real = self.cache.resolve

        def keep(message: ForwardMsg) -> ForwardMsg:
            received.append(message)
            return real(message)

        self.cache.resolve = keep  # type: ignore[method-assign]
        try:
            result = await super().run(*args, **kwargs)
        finally:
            self.cache.resolve = real  # type: ignore[method-assign]
        for message in received:
            if message.WhichOneof("type") == "new_session":
                self.session_id = message.new_session.initialize.session_id
        return result

    async def sign_in(self, name: str, password: str, query: str = "lang=en") -> PageRun:
        """Open ``query`` and submit the sidebar's sign-in form (English labels) on it."""
        first = await self.run(query)
        panel = opened(first.panels["Sign in"])  # the form is sent once the panel is open, as after a click on it
        first = await self.run(first.query_string, page=first.page, widgets=[panel])
        return await self.run(first.query_string, page=first.page, widgets=sign_in_form(first, name, password))


def sign_in_form(run: PageRun, name: str, password: str) -> list[WidgetState]:
    """What a browser sends to submit the sidebar's sign-in form (English labels) drawn by ``run``: the panel still
    open, the name and password typed, the button pressed."""
    states = [opened(run.panels["Sign in"])]
    for label, value in (("User name", name), ("Password", password)):
        state = WidgetState(id=run.widgets[label])
        state.string_value = value
        states.append(state)
    submit = WidgetState(id=run.widgets["Sign in"])
    submit.trigger_value = True
    return [*states, submit]


def opened(panel_id: str) -> WidgetState:
    """The state a browser sends for an expander clicked open (app_pages/access.py's sign-in panel)."""
    state = WidgetState(id=panel_id)
    state.bool_value = True
    return state


def put_file(base: str, session_id: str, data: bytes, name: str = "x.csv", file_id: str | None = None) -> int:
    """PUT one file to Streamlit's upload route as the browser's uploader does; the HTTP status.

    A server that refuses early answers before reading the body and may close the connection while the
    body is still being sent: the answer is read even then.
    """
    token = generate_xsrf_token_string()  # any well-formed token pair passes: XSRF is no access control
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/{file_id or uuid.uuid4()}")
        for header, value in (
            ("Content-Type", f"multipart/form-data; boundary={boundary}"),
            ("Content-Length", str(len(body))),
            ("X-Xsrftoken", token),
            ("Cookie", f"_streamlit_xsrf={token}"),
        ):
            connection.putheader(header, value)
        connection.endheaders()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.send(body)
        return connection.getresponse().status
    finally:
        connection.close()
