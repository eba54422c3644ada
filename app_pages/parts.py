"""Parts of a page that rerun alone (``st.fragment``) when one of their own widgets changes. Not a page.

Picking another milestone on the province page, recolouring the overview's map or changing the compared
provinces only changes what is drawn below that widget: run as a fragment, the server runs that part
alone (not dashboard.py's frame and the rest of the page) and the browser redraws only its elements
(issue 16, item 2). What a full run does around a page, a part's own run does itself:

- the address is rewritten (:func:`write_address`), so a copied link still shows exactly this view;
- when a data file changed since the page was drawn (an accepted upload, a planner's edit), the whole
  app reruns instead, so every interaction shows the new data, as a full run would;
- with VET_DASHBOARD_TIMINGS set, its run time is logged under its own name (app_pages/timing.py).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, cast

import streamlit as st

from app_pages.common import context, data_signature, store, stored
from app_pages.timing import timed_run
from metrics.load.config import Config
from metrics.present.links import View, view_params

F = TypeVar("F", bound=Callable[..., Any])


def final_view(view: View) -> View:
    """The view as the session's choices stand now (a page or part may have changed them during its run)."""
    return replace(
        view,
        province=stored("province", ""),
        milestone=stored("milestone", ""),
        provinces=tuple(stored("provinces", [])),
        color=stored("color", "status"),
        basis="documented" if stored("basis") else "all",
    )


def write_address(view: View) -> None:
    """Make the address describe what is on screen, so copying it shares this exact view."""
    written = view_params(final_view(view))
    store("written", written)
    st.query_params.from_dict(written)


def running_alone() -> bool:
    """Whether this run is a fragment's own rerun (not a full run of the app)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def rerun_app_if_data_changed(config: Config, path: str, signature: tuple[tuple[str, int, int], ...]) -> None:
    """A full rerun when a data file changed since the page was drawn: a part alone would show the old data."""
    if data_signature(config, Path(path)) != signature:
        st.rerun(scope="app")


def page_part(name: str) -> Callable[[F], F]:
    """Decorator: ``body`` becomes a fragment of the current page; ``name`` labels its runs in the timings."""

    def decorate(body: F) -> F:
        @st.fragment
        @functools.wraps(body)
        def part(*args: Any, **kwargs: Any) -> Any:
            if not running_alone():  # inside a full run: dashboard.py does the rest
                return body(*args, **kwargs)
            started = time.perf_counter()
            ctx = context()
            rerun_app_if_data_changed(ctx.data.config, ctx.config_path, ctx.signature)
            with timed_run(name, started):
                result = body(*args, **kwargs)
                write_address(ctx.view)
            return result

        # st.fragment returns Callable[..., Any]; ``part`` takes and returns what ``body`` does (functools.wraps).
        return cast(F, part)

    return decorate
