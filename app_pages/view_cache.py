"""Work done once per view instead of once per run, for the server under many viewers (issue 16, item 4). Not a page.

Under 10 websocket sessions clicking through the pages (py-spy on the server, warm caches), looking for a
browser for the image buttons on every chart was 3 % of the server's time, and the tables the pages derive
from the status table (largest gaps, overdue list, province table, compare table, national figures ...)
about 8 %. Each is now kept per view, keyed like
the cached figures (``common.view_key``: data files' signature, as-of date, language, filters), so an
edited or uploaded data file still shows on the next interaction.

When the data files change, what was computed from the old ones is dropped at once (:func:`forget_old_data`)
rather than left to age out: each accepted upload otherwise kept another dataset, status tables and figures
in memory (about 35 MB on the bundled data, seen in bench/load.py's soak).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

import streamlit as st

from metrics.export.image import browser_problem

T = TypeVar("T")


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def _table(name: str, key: tuple[Any, ...], _build: Callable[[], Any]) -> Any:
    return _build()


def cached_table(name: str, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """What ``build`` returns, built once per ``key`` (which must hold everything it depends on) and shared:
    read-only, like the status table it comes from (st.dataframe and st.table only read it)."""
    return cast(T, _table(name, key, build))  # the cache hands back what ``build`` returned, typed Any by st.cache_resource


@st.cache_resource(max_entries=8, ttl=60, show_spinner=False)
def _no_browser(browser_path: str, lang: str) -> str | None:
    return browser_problem(lang)


def no_browser(lang: str) -> str | None:
    """Why images and decks cannot be drawn here (no Chromium), or None; looked up at most once a minute."""
    return _no_browser(os.environ.get("BROWSER_PATH", ""), lang)


_last_signature: dict[str, tuple[tuple[str, int, int], ...]] = {}
_last_lock = threading.Lock()


def forget_old_data(path: str, signature: tuple[tuple[str, int, int], ...]) -> None:
    """Drop the cached dataset, statuses, tables and figures of the data as it was before ``signature``."""
    from app_pages.common import cached_figure, load_data, load_snapshot, load_suspicious

    with _last_lock:
        old = _last_signature.get(path)
        _last_signature[path] = signature
    if old is None or old == signature:
        return
    load_data.clear(path, old)
    for cache in (load_snapshot, load_suspicious, cached_figure, _table):  # keyed by date, basis and view too
        cache.clear()
    # Once per data change: the server runs no full collection after each run (.streamlit/config.toml), and
    # the old data's frames and figures hold reference cycles the generational collector reaches only late.
    gc.collect()
