"""Deep links: the view a person would share, read from and written to the address's query parameters.

Every parameter is checked against the data; an invalid one falls back to its default and yields a
note (an i18n key and the offending value) that the app shows, never an exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from metrics.domain.i18n import LANGUAGES

COLOR_MODES = ("status", "attainment", "score")
MAX_COMPARE = 6
MAX_PARAM_LENGTH = 400  # a longer value is not a code or an id; refuse it before splitting
# The dates the sidebar's picker offers: the reform documents date from 2019 on, and a link outside
# this range would make the picker raise (tests/unit/test_hardening_round2.py).
AS_OF_FIRST = dt.date(2015, 1, 1)
AS_OF_LAST = dt.date(2040, 12, 31)


def as_of_in_range(date: dt.date) -> dt.date:
    """``date`` moved into the picker's range (a configured or today's date may lie outside it)."""
    return min(max(date, AS_OF_FIRST), AS_OF_LAST)


@dataclass(frozen=True)
class Note:
    """Why a parameter was not used: an i18n key with its values."""

    key: str
    value: str = ""


@dataclass(frozen=True)
class View:
    """Everything that decides what is on screen."""

    page: str = "overview"
    lang: str = ""  # empty: not given, decided by the browser's locale or the config
    as_of: dt.date | None = None  # None: the config's as-of date
    region: str = ""  # empty: all
    family: str = ""  # empty: all
    province: str = ""
    milestone: str = ""
    provinces: tuple[str, ...] = ()
    color: str = "status"
    basis: str = "all"  # "documented": only verdicts against numbers the documents or public figures set


BASIS_MODES = ("all", "documented")


@dataclass(frozen=True)
class Choices:
    """The valid values a link may name."""

    provinces: Sequence[str]
    milestones: Sequence[str]
    families: Sequence[str]
    regions: Sequence[str]
    pages: Sequence[str]  # the page keys of dashboard.py's PAGES, the one list of pages
    languages: Sequence[str] = LANGUAGES


@dataclass
class Parsed:
    view: View
    notes: list[Note] = field(default_factory=list)


def _one(params: Mapping[str, object], key: str) -> str:
    raw = params.get(key)
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    return str(raw).strip()[:MAX_PARAM_LENGTH] if raw is not None else ""


def parse_view(params: Mapping[str, object], choices: Choices) -> Parsed:
    """The view a link describes, with a note for each parameter that was not valid."""
    notes: list[Note] = []
    view = View()

    page = _one(params, "page")
    if page:
        if page in choices.pages:
            view = replace(view, page=page)
        else:
            notes.append(Note("link.unknown_page", page))

    lang = _one(params, "lang")
    if lang:
        if lang.lower() in choices.languages:
            view = replace(view, lang=lang.lower())
        else:
            notes.append(Note("link.unknown_language", lang))

    as_of = _one(params, "as_of")
    if as_of:
        try:
            date = dt.date.fromisoformat(as_of)
        except ValueError:
            notes.append(Note("link.bad_date", as_of))
        else:
            if AS_OF_FIRST <= date <= AS_OF_LAST:
                view = replace(view, as_of=date)
            else:
                notes.append(Note("link.date_out_of_range", as_of))

    for key, valid, note in (
        ("region", choices.regions, "link.unknown_region"),
        ("family", choices.families, "link.unknown_family"),
        ("province", choices.provinces, "link.unknown_province"),
        ("milestone", choices.milestones, "link.unknown_milestone"),
    ):
        value = _one(params, key)
        if not value:
            continue
        if key == "province":
            value = value.upper()
        if value in valid:
            changed: dict[str, Any] = {key: value}
            view = replace(view, **changed)
        else:
            notes.append(Note(note, value))

    listed = _one(params, "provinces")
    if listed:
        chosen: list[str] = []
        for code in listed.split(","):
            code = code.strip().upper()
            if not code or code in chosen:
                continue
            if code not in choices.provinces:
                notes.append(Note("link.unknown_province", code))
            else:
                chosen.append(code)
        if len(chosen) > MAX_COMPARE:
            notes.append(Note("link.too_many", str(MAX_COMPARE)))
            chosen = chosen[:MAX_COMPARE]
        view = replace(view, provinces=tuple(chosen))

    color = _one(params, "color")
    if color:
        if color in COLOR_MODES:
            view = replace(view, color=color)
        else:
            notes.append(Note("link.unknown_color", color))

    basis = _one(params, "basis")
    if basis:
        if basis in BASIS_MODES:
            view = replace(view, basis=basis)
        else:
            notes.append(Note("link.unknown_basis", basis))
    return Parsed(view, notes)


def view_params(view: View) -> dict[str, str]:
    """The query parameters that reproduce ``view``; defaults are left out to keep links short."""
    out: dict[str, str] = {"page": view.page}
    if view.lang:
        out["lang"] = view.lang
    if view.as_of is not None:
        out["as_of"] = view.as_of.isoformat()
    for key in ("region", "family", "province", "milestone"):
        value = getattr(view, key)
        if value:
            out[key] = value
    if view.provinces:
        out["provinces"] = ",".join(view.provinces)
    if view.color != "status":
        out["color"] = view.color
    if view.basis != "all":
        out["basis"] = view.basis
    return out


def milestone_link(milestone: str, lang: str = "") -> dict[str, str]:
    """The query parameters of the milestone page on ``milestone`` (``?page=milestone&milestone=<id>``)."""
    return view_params(View(page="milestone", lang=lang, milestone=milestone))
