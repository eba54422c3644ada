"""A Streamlit session without a browser, for bench/load.py: speaks the app's own websocket protocol.

The browser's part, done here: connect to ``/_stcore/stream``, send a ``BackMsg`` with ``rerun_script``
(the address's query string, or the page's script hash when a menu entry is clicked), read the
``ForwardMsg``s until ``script_finished``, and keep the forward-message cache (a large chart the client
already holds comes back as a ``ref_hash``). Nothing is drawn: the run is read as data, so exceptions,
``st.error`` boxes and the numbers in plotly figures can be checked. Widget values are not sent; the
dashboard keeps its sidebar choices in session state, so a run without them shows the same view.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

MAX_MESSAGE = 64 * 1024 * 1024  # bytes; a page of this app sends well under 1 MB
CACHE_ENTRIES = 512  # cached forward messages a client keeps (the browser also prunes its cache)


def figure_numbers(figure: dict[str, Any]) -> Iterator[float]:
    """Every number in the x and y of a plotly figure's traces, lists and plotly's base64 arrays alike.

    Plotly 6+ writes numpy arrays as ``{"dtype": "f8", "bdata": "<base64>"}``; lists may hold None and
    text (dates, names), which are skipped.
    """
    for trace in figure.get("data", []):
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, dict) and "bdata" in values:
                array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
                yield from (float(v) for v in array.ravel())
            elif isinstance(values, list):
                yield from (float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool))


def figure_has(figure: dict[str, Any], value: float, tolerance: float = 1e-9) -> bool:
    """Whether ``value`` is among the figure's plotted x or y numbers."""
    return any(abs(number - value) <= tolerance for number in figure_numbers(figure))


@dataclass
class PageRun:
    """What one run of the app sent to this client, read as data."""

    page: str  # the page's title in the menu (what a person clicks), from the navigation message
    seconds: float = 0.0  # client-observed: rerun request sent -> script_finished received
    finished: int = -1  # ForwardMsg.ScriptFinishedStatus, -1 when the run never finished
    exceptions: list[str] = field(default_factory=list)  # st.exception / uncaught errors shown on the page
    error_boxes: list[str] = field(default_factory=list)  # st.error boxes
    figures: list[dict[str, Any]] = field(default_factory=list)  # plotly figures, decoded from their JSON spec
    query_string: str = ""  # what the app last wrote to the address (st.query_params)
    page_not_found: bool = False
    widgets: dict[str, str] = field(
        default_factory=dict
    )  # label -> widget id of text inputs, text areas, file uploaders and buttons (to fill in forms)
    texts: list[str] = field(default_factory=list)  # markdown, caption and alert bodies, in order
    # Expanders that track their state (``key`` and ``on_change``): label -> widget id, to open one as a click does.
    panels: dict[str, str] = field(default_factory=dict)
    # Choice widgets (select boxes, radios, multiselects, buttons): label -> (widget id, the fragment that draws it
    # or ""), so a run can change one as a browser does: with the fragment's id when the widget is in a fragment.
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)  # label -> the options of a choice widget
    values: dict[str, list[str]] = field(default_factory=dict)  # label -> what a choice widget shows chosen (as options)
    elements: int = 0  # elements and blocks this run sent (what the browser has to lay out again)
    received_bytes: int = 0  # the run's forward messages, serialized as sent

    @property
    def problems(self) -> list[str]:
        """Why this run counts as failed; empty when it did not."""
        found = [f"exception: {text}" for text in self.exceptions] + [f"error box: {text}" for text in self.error_boxes]
        if self.page_not_found:
            found.append("page not found")
        if self.finished not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            found.append("run did not finish" if self.finished < 0 else f"run finished with status {self.finished}")
        return found

    def shows(self, value: float) -> bool:
        """Whether any chart of the run plots ``value``."""
        return any(figure_has(figure, value) for figure in self.figures)


class MessageCache:
    """The client's side of Streamlit's forward-message cache: large elements the server may send by hash."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self._messages: OrderedDict[str, ForwardMsg] = OrderedDict()
        self._entries = entries

    def hashes(self) -> list[str]:
        return list(self._messages)

    def resolve(self, message: ForwardMsg) -> ForwardMsg:
        """The message itself, or the cached one a ``ref_hash`` points to (KeyError if the client never had it)."""
        if message.WhichOneof("type") == "ref_hash":
            cached = self._messages[message.ref_hash]
            self._messages.move_to_end(message.ref_hash)
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(message.metadata)  # the element's place on this run's page
            return resolved
        if message.metadata.cacheable and message.hash:
            self._messages[message.hash] = message
            self._messages.move_to_end(message.hash)
            while len(self._messages) > self._entries:
                self._messages.popitem(last=False)
        return message


def read_run(messages: Iterable[ForwardMsg], page: str = "") -> PageRun:
    """Read one run's forward messages (references already resolved) into a :class:`PageRun`."""
    run = PageRun(page)
    for message in messages:
        kind = message.WhichOneof("type")
        if kind == "navigation":
            current = message.navigation.page_script_hash
            run.page = next((p.page_name for p in message.navigation.app_pages if p.page_script_hash == current), run.page)
        elif kind == "page_info_changed":
            run.query_string = message.page_info_changed.query_string
        elif kind == "page_not_found":
            run.page_not_found = True
        elif kind == "script_finished":
            run.finished = message.script_finished
        if kind == "delta":
            run.elements += 1
        if kind == "delta" and message.delta.WhichOneof("type") == "add_block":
            block = message.delta.add_block
            if block.WhichOneof("type") == "expandable" and block.expandable.id:
                run.panels[block.expandable.label] = block.expandable.id
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            what = element.WhichOneof("type")
            if what == "exception" and not element.exception.is_warning:
                where = " | ".join(line.strip() for line in element.exception.stack_trace[-2:])  # the innermost frame
                run.exceptions.append(
                    f"{element.exception.type}: {element.exception.message}"[:300] + (f" at {where[:300]}" if where else "")
                )
            elif what == "alert" and element.alert.format == Alert.ERROR:
                run.error_boxes.append(element.alert.body[:300])
            if what in ("text_input", "button", "text_area", "file_uploader"):
                widget = getattr(element, what)
                run.widgets[widget.label] = widget.id
            if what in ("selectbox", "radio", "multiselect", "button"):
                widget = getattr(element, what)
                run.choices[widget.label] = (widget.id, message.delta.fragment_id)
                run.options[widget.label] = options = list(getattr(widget, "options", []))
                run.values[widget.label] = chosen_options(widget, options)
            elif what in ("markdown", "alert"):
                run.texts.append(getattr(element, what).body)
            elif what == "plotly_chart" and element.plotly_chart.spec:
                run.figures.append(json.loads(element.plotly_chart.spec))
    return run


def chosen_options(widget: Any, options: list[str]) -> list[str]:
    """What a select box, radio or multiselect shows chosen: its value set by the app, else its default."""
    if getattr(widget, "set_value", False):
        raw = widget.raw_values if hasattr(widget, "raw_values") else [widget.raw_value]
        return list(raw)
    default = getattr(widget, "default", None)
    if default is None:
        return []
    # A single index is an int; a multiselect's is a protobuf repeated field, which has no __iter__ of its own.
    indices = [int(default)] if isinstance(default, int) else [int(i) for i in default]
    return [options[i] for i in indices if 0 <= i < len(options)]


class Session:
    """One websocket session of the app, used like a person clicks: one run at a time."""

    def __init__(self, base_url: str, locale: str = "en-US") -> None:
        self.url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.locale = locale
        self.cache = MessageCache()
        self.pages: dict[str, str] = {}  # menu title -> page script hash, from the last navigation message
        self.page_hash = ""  # the page on screen (the last navigation message's), sent with a fragment's rerun
        self._ws: Any = None

    async def __aenter__(self) -> Session:
        from websockets.asyncio.client import connect

        # The first subprotocol entry is the one the server selects; a browser also passes an XSRF
        # token as the second, which only matters for Streamlit's own (OIDC) sign-in cookie.
        self._ws = await connect(self.url, subprotocols=["streamlit"], max_size=MAX_MESSAGE, open_timeout=60)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._ws.close()

    async def run(
        self,
        query_string: str = "",
        page: str | None = None,
        timeout: float = 120,
        widgets: Iterable[WidgetState] = (),
        fragment_id: str = "",
    ) -> PageRun:
        """Rerun the app as a browser does: on an address (``query_string``), or on a menu entry (``page``, its title).

        A menu click sends the page's script hash and an empty query string (Streamlit clears the query
        parameters on a page change). ``widgets`` are the widget values to send, as a browser does when a
        form is submitted (ids from a previous run's :attr:`PageRun.widgets`). ``fragment_id``: rerun only
        that fragment, as a browser does when a widget inside it changes (:attr:`PageRun.choices`). Waits at
        most ``timeout`` seconds for the run to finish.
        """
        back = BackMsg()
        state = back.rerun_script
        state.query_string = query_string
        state.widget_states.widgets.extend(widgets)
        if page is not None:
            state.page_script_hash = self.pages[page]
        if fragment_id:
            state.fragment_id = fragment_id
            state.page_script_hash = state.page_script_hash or self.page_hash
        state.cached_message_hashes.extend(self.cache.hashes())
        state.context_info.locale = self.locale
        state.context_info.timezone = "Asia/Shanghai"
        started = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        received: list[ForwardMsg] = []
        size = 0
        deadline = started + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            try:
                data = await asyncio.wait_for(self._ws.recv(), left)
            except TimeoutError:
                break
            size += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            message = self.cache.resolve(message)
            received.append(message)
            if message.WhichOneof("type") == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in message.navigation.app_pages}
                self.page_hash = message.navigation.page_script_hash
            if message.WhichOneof("type") == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                break
        result = read_run(received, page or "")
        result.seconds = time.perf_counter() - started
        result.received_bytes = size
        return result
