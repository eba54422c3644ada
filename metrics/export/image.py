"""Charts as PNG and SVG files, with the labels a chart needs once it leaves the dashboard.

Images are drawn by kaleido in a headless Chromium (Debian's, found by kaleido itself or through
``BROWSER_PATH``; kaleido's ``get_chrome`` helpers would download one and are never called). One
browser per process, started on the first image and reused: starting it costs ~3.5 s, an image on
a running server ~0.3 s (docs/../FIELD-NOTES). kaleido's sync server shares one reply queue between
callers, so calls are serialised with a lock: Streamlit runs each session's script in its own thread.
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import functools
import os
import shutil
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from metrics.domain.i18n import format_date, t
from metrics.domain.statuses import TABLE_STATUSES
from metrics.export.browser_check import BrowserBroken, draw_timeout, probe, run_with_deadline, stop_browser_children
from metrics.present.charts import FONT, esc

# Exported charts get their own explicit template: importing streamlit makes "streamlit" plotly's
# default template, whose colours are placeholders only Streamlit's front end fills in, so an
# exported figure relying on the default comes out black.
TEMPLATE = "plotly_white"
COLORWAY = [s.colour for s in TABLE_STATUSES if s.rated] + ["#56B4E9", "#555555"]
TEXT_COLOR = "#111111"
DEMO_COLOR = "#B00020"
DEFAULT_SIZE = (1200, 675)  # 16:9, the shape of a slide
PNG_SCALE = 2  # 2400 × 1350 pixels for a 16:9 chart: sharp on a projector and in print
MAX_SOURCE = 110  # characters of the source line: more would run under the demo mark
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class BrowserMissing(RuntimeError):
    """No Chromium for kaleido. Raised before kaleido starts: without a browser it waited forever
    (``python -m metrics export --format png`` gave no output after 5 minutes; FIELD-NOTES). A browser that is
    there but broken raises :class:`~metrics.export.browser_check.BrowserBroken` instead; both are
    :data:`IMAGES_UNAVAILABLE`, and both have ``message(lang)``."""

    def __init__(self, named: str | None) -> None:
        self.named = named  # what BROWSER_PATH named, when it named something that is not there
        super().__init__(browser_missing_message(named, "en"))

    def message(self, lang: str) -> str:
        return browser_missing_message(self.named, lang)


def browser_missing_message(named: str | None, lang: str) -> str:
    """What to tell a presenter when images cannot be drawn, and how to fix it."""
    where = t("export.no_browser_at", lang, path=named) if named else ""
    return t("export.no_browser", lang, where=where)


def find_browser() -> str | None:
    """The Chromium kaleido would start (``BROWSER_PATH`` first, then PATH and the usual places), if it exists.

    The search is choreographer's own (kaleido's browser driver), so this names the browser kaleido would
    use; it returns BROWSER_PATH unchecked, hence the check that the file is there and executable.
    """
    try:
        from choreographer.browsers.chromium import Chromium

        path = Chromium.find_browser(skip_local=False)
    except ImportError:  # another kaleido backend: look where Debian puts it
        path = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


IMAGES_UNAVAILABLE = (BrowserMissing, BrowserBroken)  # what image and deck exports raise when no image can be drawn
_broken: BrowserBroken | None = None  # this process's browser hung or died while drawing: no more waiting on it


def browser_problem(lang: str) -> str | None:
    """The message the dashboard shows in place of image and deck buttons when no browser can draw them."""
    try:
        check_browser()
    except IMAGES_UNAVAILABLE as problem:
        return problem.message(lang)
    return None


def check_browser() -> None:
    """Raise :class:`BrowserMissing` unless a Chromium is there, and :class:`BrowserBroken` unless it runs (its
    ``--version`` answers, asked once per browser file) and has not hung or died drawing in this process."""
    if _broken is not None:
        raise _broken
    path = find_browser()
    if path is None:
        raise BrowserMissing(os.environ.get("BROWSER_PATH") or None)
    problem = probe(path)
    if problem is not None:
        raise problem


@dataclass(frozen=True)
class ChartMeta:
    """What an exported chart must say about itself besides its plot."""

    title: str  # plain text; escaped where plotly renders it
    unit: str
    source: str
    as_of: dt.date
    lang: str
    demo: bool = False


_lock = threading.Lock()
_server_running = False
_started_browser: str | None = None  # the browser kaleido's server was started with
server_starts = 0  # how many times this process started kaleido's browser (tests check it stays 1)


def _stop_server() -> None:
    global _server_running
    import kaleido

    if not _server_running:  # also after a hang: the hung call holds the lock for ever
        return
    with _lock:
        if _server_running:
            kaleido.stop_sync_server(silence_warnings=True)
            _server_running = False


def _give_up_on_server() -> None:
    """After a hang or a death: forget kaleido's server and stop the browser it started, so nothing waits on
    them, not even the process's exit (kaleido's own exit handler joins its thread, which would never end)."""
    global _server_running
    from kaleido import _sync_server

    _server_running = False
    server = _sync_server.GlobalKaleidoServer()
    if getattr(server, "_initialized", False):
        server._initialized = False  # its exit handler then returns at once (kaleido's own flag)
    stop_browser_children(_started_browser or "")


def ensure_server() -> None:
    """Start kaleido's sync server unless this process has one running."""
    global _server_running, server_starts
    if _server_running:
        return
    import kaleido  # imported late: the dashboard's pages need it only when someone exports

    with _lock:
        if _server_running:
            return  # type: ignore[unreachable]  # another thread started it while this one waited for the lock
        check_browser()  # at once, with what to do: kaleido without a (working) browser hangs instead of failing
        global _started_browser
        _started_browser = find_browser()
        kaleido.start_sync_server(silence_warnings=True)
        _server_running = True
        server_starts += 1
    atexit.register(_stop_server)


def _footer(meta: ChartMeta, title: str) -> list[str]:
    """The lines under the title: unit (and the as-of date when the title lacks it), then the source."""
    first = []
    as_of = t("chart.as_of", meta.lang, date=format_date(meta.as_of, meta.lang))
    if esc(as_of) not in title:  # the dashboard's charts carry it in their subtitle already
        first.append(as_of)
    if meta.unit:
        first.append(f"{t('export.unit', meta.lang)}: {meta.unit}")
    source = meta.source if len(meta.source) <= MAX_SOURCE else meta.source[: MAX_SOURCE - 1] + "…"
    lines = [" · ".join(first)] if first else []
    return [esc(line) for line in [*lines, f"{t('export.source', meta.lang)}: {source}"]]


# The look every exported chart gets, whatever the page drew it with.
_STYLE: dict[str, Any] = {
    "colorway": COLORWAY,
    "paper_bgcolor": "#FFFFFF",
    "plot_bgcolor": "#FFFFFF",
    "font": {"family": FONT, "color": TEXT_COLOR},
}


def _dressing(meta: ChartMeta, title: str, margin_top: int | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The layout that names an exported chart (title, unit, as-of date and source; the top margin they need),
    and the demo-data mark's annotation when demo data is shown."""
    # Unit and source go in a third title line: the title sits in the top margin, in the container's
    # coordinates, where nothing else is drawn (a footer under the plot collides with tick labels that
    # plotly's automargin places there).
    footer = _footer(meta, title)
    top = (margin_top or 80) + 18 * len(footer) + 12
    lines = "".join(f"<br><sup>{line}</sup>" for line in footer)
    layout = {
        "title": {
            "text": f"{title}{lines}",
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 30},
        },
        "margin": {"t": top},
    }
    if not meta.demo:
        return layout, None
    mark = {
        "text": f"<b>{esc(t('export.demo_mark', meta.lang))}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "yshift": top - 48,
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 16, "color": DEMO_COLOR, "family": FONT},
        "bordercolor": DEMO_COLOR,
        "borderwidth": 2,
        "borderpad": 4,
        "bgcolor": "#FFFFFF",
    }
    return layout, mark


def _size(width: int | None, height: int | None, drawn_height: int | None) -> dict[str, int]:
    return {"width": width or DEFAULT_SIZE[0], "height": max(height or drawn_height or DEFAULT_SIZE[1], 480)}


def prepare_figure(fig: go.Figure, meta: ChartMeta, width: int | None = None, height: int | None = None) -> go.Figure:
    """A copy of ``fig`` ready to leave the app: explicit template, colours and CJK font; title, unit,
    as-of date and source on it; a demo-data mark when demo data is shown."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.update_layout(template=pio.templates[TEMPLATE], **copy.deepcopy(_STYLE))
    dressing, mark = _dressing(meta, out.layout.title.text or esc(meta.title), out.layout.margin.t)
    out.update_layout(dressing)
    if mark:
        out.add_annotation(mark)
    out.update_layout(_size(width, height, out.layout.height))
    return out


@functools.cache
def _template_spec() -> dict[str, Any]:
    spec: dict[str, Any] = pio.templates[TEMPLATE].to_plotly_json()
    return spec


def _merge(into: dict[str, Any], update: dict[str, Any]) -> None:
    """``update`` into ``into`` as plotly's ``update_layout`` does: nested properties merged, others replaced."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def prepare_spec(fig: go.Figure, meta: ChartMeta, width: int | None = None, height: int | None = None) -> dict[str, Any]:
    """``prepare_figure`` as the plain figure dict kaleido is sent: the same JSON without building a second
    ``go.Figure``, whose validation (of the whole template, twice) took a third of a report deck's time."""
    spec: dict[str, Any] = fig.to_dict()  # a deep copy
    layout = spec.setdefault("layout", {})
    layout["template"] = copy.deepcopy(_template_spec())
    _merge(layout, copy.deepcopy(_STYLE))
    title = layout.get("title", {}).get("text") or esc(meta.title)
    dressing, mark = _dressing(meta, title, layout.get("margin", {}).get("t"))
    _merge(layout, dressing)
    if mark:
        layout.setdefault("annotations", []).append(mark)
    _merge(layout, _size(width, height, layout.get("height")))
    return spec


def _server_alive() -> bool:
    """Whether kaleido's browser thread still runs: it ends when the browser dies at start, and then every
    call waits for ever on its queue. (Its thread attribute is kaleido's own; without one, assume it runs.)"""
    from kaleido import _sync_server

    thread = getattr(_sync_server.GlobalKaleidoServer(), "_thread", None)
    return thread is None or thread.is_alive()


def _draw(fig: go.Figure | dict[str, Any], fmt: str, scale: float) -> bytes:
    with _lock, warnings.catch_warnings():
        # plotly always hands kaleido an (empty) kopts dict, which the running server ignores with a warning.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        image: bytes = pio.to_image(fig, format=fmt, scale=scale, validate=False)
        return image


def _to_image(fig: go.Figure | dict[str, Any], fmt: str, scale: float) -> bytes:
    """The image, or :class:`BrowserBroken` within ``VET_IMAGE_TIMEOUT`` seconds (never a wait without end)."""
    global _broken
    if _broken is not None:
        raise _broken
    started = time.monotonic()
    ensure_server()
    path = _started_browser or find_browser() or "chromium"
    try:
        return run_with_deadline(lambda: _draw(fig, fmt, scale), path, draw_timeout(), _server_alive, started)
    except BrowserBroken as broken:
        _broken = broken  # the hung call still holds kaleido: later ones fail at once with the same message
        _give_up_on_server()
        raise


def chart_png(
    fig: go.Figure, meta: ChartMeta, scale: float = PNG_SCALE, width: int | None = None, height: int | None = None
) -> bytes:
    """The chart as a high-resolution PNG (``scale`` × its layout size in pixels)."""
    return _to_image(prepare_spec(fig, meta, width, height), "png", scale)


def chart_svg(fig: go.Figure, meta: ChartMeta, width: int | None = None, height: int | None = None) -> bytes:
    """The chart as SVG (text stays text: searchable, and sharp at any size)."""
    return _to_image(prepare_spec(fig, meta, width, height), "svg", 1)
