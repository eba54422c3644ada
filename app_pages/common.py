"""App-layer glue shared by dashboard.py and the pages: cached loaders, the run's context, bound widgets.

Not a page. The cached loaders take the data files' modification times as an argument, so an edit
under data/ shows on the next interaction without a restart.

The dataset and the tables computed from it are cached as shared resources, not copied per run:
``st.cache_data`` would unpickle them on every run (600 MB at the 2.9 M-report scale). They are
read-only by contract: pages filter and derive, never assign into them (tests/app/test_pages.py
checks the shared objects are unchanged after every page has run).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd
import streamlit as st

from metrics.compute.quality import suspicious_reports
from metrics.compute.snapshot import Snapshot, take_snapshot
from metrics.domain.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from metrics.domain.problems import Problem
from metrics.load.config import (
    CONFIG_ENV,  # noqa: F401  # CONFIG_ENV: for callers that set it
    Config,
    load_config,
)
from metrics.load.config import config_path as default_config_path
from metrics.load.coverage import document_files, documents_folder
from metrics.load.dataset import Dataset, load_dataset
from metrics.present.links import View
from metrics.present.tables import national_figures

CONTEXT_KEY = "_vet_context"
STORE = "vet_"  # prefix of the session keys that hold the view between pages


def config_path() -> Path:
    """VET_DASHBOARD_CONFIG, else the bundled config.yaml: the command line reads it the same way (issue 15)."""
    return default_config_path()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return 0, -1
    return stat.st_mtime_ns, stat.st_size


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def _load_settings(path: str, stamp: tuple[int, int]) -> tuple[Config, list[Problem]]:
    return load_config(Path(path))


def settings(path: Path | None = None) -> tuple[Config, list[Problem]]:
    """config.yaml, read once per version of the file, with its problems (which join the dataset's problems:
    ``load_data`` reads the same parse). Callers share the result and never change it."""
    path = path or config_path()
    return _load_settings(str(path), _stamp(path))


def data_signature(config: Config, path: Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of the config and every data file it names: the cache key of the data."""
    files: list[Path] = [path, config.sources, config.ladders, config.publications, config.provinces, config.national_figures]
    if config.milestones.is_dir():
        files += sorted(config.milestones.glob("*.y*ml"))
    if documents_folder(config.sources).is_dir():
        files += document_files(documents_folder(config.sources))
    for folder in (*config.progress, *config.demo):
        if folder.is_dir():
            files += sorted(folder.rglob("*.csv"))
    out = []
    for file in files:
        try:
            stat = file.stat()
            out.append((str(file), stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((str(file), 0, -1))
    if config.store != "files":
        # Issue 15: the report batches live in the database; one cheap question per run says whether another
        # server has accepted one since (the milestone documents' mirror files are among the files above).
        from metrics.store import open_store

        out.append(("store:" + ":".join(str(v) for v in open_store(config).reports_version()), 0, 0))
    return tuple(out)


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def load_data(path: str, signature: tuple[tuple[str, int, int], ...]) -> Dataset:
    """The dataset with its problems, the config's among them (``signature`` only keys the cache)."""
    config, problems = settings(Path(path))
    return load_dataset(config, problems)


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def load_snapshot(path: str, signature: tuple[tuple[str, int, int], ...], as_of: dt.date, documented: bool = False) -> Snapshot:
    """The snapshot of a view (metrics/compute/snapshot.py), as decks and the CLI build it: status with ranks,
    province summary, current reports, and how many verdicts are assumed. With ``documented``, verdicts against
    an assumed point are left out before ranking and scoring; ``assumed`` says how many were hidden."""
    return take_snapshot(load_data(path, signature), as_of, documented)


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def load_suspicious(path: str, signature: tuple[tuple[str, int, int], ...], as_of: dt.date) -> pd.DataFrame:
    """Suspicious reports up to the as-of date (a few seconds on the demo data, so cached)."""
    return suspicious_reports(load_data(path, signature), as_of)


@dataclass
class Context:
    """What every page needs in this run: the view on screen and its snapshot (the data, the status of every
    mainland province and milestone, ranked, the summary and the current reports), the status rows of the
    sidebar's region and task family, and the cache key of the data files."""

    snapshot: Snapshot
    filtered: pd.DataFrame  # the snapshot's status rows of the sidebar's region and task family
    view: View
    lang: str
    config_path: str = ""
    signature: tuple[tuple[str, int, int], ...] = ()

    @property
    def data(self) -> Dataset:
        return self.snapshot.data

    @property
    def config(self) -> Config:
        return self.snapshot.data.config

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    @property
    def status(self) -> pd.DataFrame:
        return self.snapshot.status

    @property
    def summary(self) -> pd.DataFrame:
        return self.snapshot.summary

    @property
    def current(self) -> pd.DataFrame:
        return self.snapshot.current

    @property
    def assumed(self) -> int:
        """Verdicts judged against an assumed point (hidden when view.basis is "documented")."""
        return self.snapshot.assumed


def set_context(context: Context) -> None:
    st.session_state[CONTEXT_KEY] = context


def context() -> Context:
    """This run's context: the dashboard's; a page opened on its own (``AppTest.from_file``) gets the
    configured data at the configured as-of date, in the language of ``?lang=`` or the config."""
    if CONTEXT_KEY in st.session_state:
        return cast(Context, st.session_state[CONTEXT_KEY])  # session state holds Any; only set_context writes this key
    path = config_path()
    config, _ = settings(path)
    signature = data_signature(config, path)
    lang = st.query_params.get("lang", config.language)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    snapshot = load_snapshot(str(path), signature, config.as_of_date())
    return Context(snapshot, snapshot.status, View(lang=lang), lang, str(path), signature)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+\.)", re.MULTILINE)


def md(text: object) -> str:
    """Data text made inert for st.markdown/st.title/st.caption: no links, emphasis, HTML or LaTeX from the data."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))

    def guard(m: re.Match[str]) -> str:
        marker = m.group(2)
        return m.group(1) + (marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker)

    return _LINE_START.sub(guard, escaped)


def stored(name: str, default: Any = None) -> Any:
    return st.session_state.get(STORE + name, default)


def store(name: str, value: Any) -> None:
    st.session_state[STORE + name] = value


def bound(widget: Callable[..., Any], label: str, name: str, **kwargs: Any) -> Any:
    """A widget whose value lives in a session key that survives page changes (widget state does not)."""
    key = "w_" + name
    if STORE + name in st.session_state:
        st.session_state[key] = st.session_state[STORE + name]

    def keep() -> None:
        st.session_state[STORE + name] = st.session_state[key]

    value = widget(label, key=key, on_change=keep, **kwargs)
    st.session_state[STORE + name] = value
    return value


def bound_choice(label: str, name: str, options: list[Any], **kwargs: Any) -> Any:
    """A select box over ``options`` whose choice lives in the session key ``name`` (see :func:`bound`); a kept
    choice that is not among ``options`` (another region, family or page narrowed them) becomes the first."""
    if options and stored(name) not in options:
        store(name, options[0])
    return bound(st.selectbox, label, name, options=options, **kwargs)


def open_clicked_province(event: Any) -> None:
    """Open the province page for a click on a chart whose points carry [province code] or
    [province code, milestone id] as customdata (tile maps, the status matrix): on that milestone when
    the point names one. A point naming an unknown province or milestone opens nothing."""
    points = event.selection.points if event and event.selection else []
    if not points:
        return
    province, milestone = (list(points[0].get("customdata") or []) + [None, None])[:2]
    data = context().data
    if province not in data.mainland.index or (milestone is not None and milestone not in data.milestones):
        return
    store("province", province)
    if milestone is not None:
        store("milestone", milestone)
    st.switch_page("app_pages/province.py")


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def cached_figure(name: str, key: tuple[Any, ...], _build: Callable[[], Any]) -> Any:
    """A figure built once per view: ``key`` must hold everything the figure depends on.

    Building the status matrix costs a few hundred milliseconds (plotly validates every property),
    and so would unpickling a copy each run; the figure is shared, so callers copy before changing
    it (``st.plotly_chart`` and the exports already do). The data signature in ``key`` makes an
    edited data file build it afresh on the next run.
    """
    return _build()


def view_key(ctx: Context, *extra: Any) -> tuple[Any, ...]:
    """What a figure built from the context depends on: data files, as-of date, language, filters."""
    # The signature's hash, not its ~70 (path, time, size) entries: the cache hashes its key on every call.
    return (ctx.config_path, hash(ctx.signature), ctx.as_of, ctx.lang, ctx.view.region, ctx.view.family, ctx.view.basis, *extra)


def national_context(milestone: str) -> None:
    """The published national figures beside a milestone's charts (context, never a verdict)."""
    ctx = context()
    from app_pages.view_cache import cached_table

    table = cached_table("national", view_key(ctx, milestone), lambda: national_figures(ctx.data, milestone, ctx.lang))
    if table.empty:
        return
    st.markdown(f"**{t('national.title', ctx.lang)}**")
    st.caption(t("national.caption", ctx.lang))
    st.dataframe(table, hide_index=True, width="stretch")
