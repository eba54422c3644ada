"""Reading ``config.yaml``: data locations, the as-of date, status thresholds and limits."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from metrics.domain import limits as defaults
from metrics.domain.i18n import DEFAULT_LANGUAGE, LANGUAGES
from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits, load_located_yaml
from metrics.load.auth_config import TOP_LEVEL_KEYS, AuthSettings, read_auth_settings, unreadable_settings
from metrics.load.fields import Fields

_Section = TypeVar("_Section")

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "config.yaml"
CONFIG_ENV = "VET_DASHBOARD_CONFIG"  # path of a config.yaml to use instead of the bundled one


def config_path(given: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The config file to use, for the dashboard and the command line alike: ``given`` (``--config``), else
    the environment's VET_DASHBOARD_CONFIG, else the repository's config.yaml (issue 15, item 6)."""
    env = os.environ if environ is None else environ
    return given or Path(env.get(CONFIG_ENV) or DEFAULT_CONFIG)


@dataclass(frozen=True)
class StatusRules:
    """Thresholds of the trajectory status (see docs/methods.md)."""

    on_track_tolerance: float = 0.05
    at_risk_tolerance: float = 0.15
    stale_after_days: int = 200


@dataclass(frozen=True)
class ForecastRules:
    recent_points: int = 4
    growth_on_track: float = 0.95
    growth_moderate: float = 0.6


@dataclass(frozen=True)
class Limits:
    """Bounds on input sizes; the defaults are metrics/domain/limits.py's."""

    max_yaml_bytes: int = defaults.MAX_YAML_BYTES
    max_csv_bytes: int = defaults.MAX_CSV_BYTES
    max_csv_rows: int = defaults.MAX_CSV_ROWS
    max_problems_per_check: int = defaults.MAX_PROBLEMS_PER_CHECK
    max_upload_bytes: int = defaults.MAX_UPLOAD_BYTES
    max_upload_rows: int = defaults.MAX_UPLOAD_ROWS
    max_upload_columns: int = defaults.MAX_UPLOAD_COLUMNS
    max_upload_cells: int = defaults.MAX_UPLOAD_CELLS
    max_xlsx_uncompressed_bytes: int = defaults.MAX_XLSX_UNCOMPRESSED_BYTES
    max_xlsx_entries: int = defaults.MAX_XLSX_ENTRIES

    @property
    def yaml(self) -> YamlLimits:
        return YamlLimits(max_bytes=self.max_yaml_bytes, max_problems=self.max_problems_per_check)


@dataclass(frozen=True)
class Config:
    """Settings with every path made absolute."""

    root: Path
    milestones: Path
    sources: Path
    provinces: Path
    national_figures: Path
    progress: tuple[Path, ...]
    demo: tuple[Path, ...]
    ladders: Path = Path("data/ladders.yaml")  # replaced by an absolute path in default_config and load_config
    publications: Path = Path("data/publications.yaml")
    load_demo: bool = True
    cache: Path | None = None  # folder for Parquet copies of large checked report files; None: no cache
    as_of: dt.date | None = None  # None means today, read at each use
    language: str = "zh"
    status: StatusRules = field(default_factory=StatusRules)
    forecast: ForecastRules = field(default_factory=ForecastRules)
    limits: Limits = field(default_factory=Limits)
    file: str = ""
    auth: AuthSettings = field(default_factory=AuthSettings)  # sign-in, roles and the audit log (issue 6)
    # Where reports, milestone versions, the audit log, users and sign-ins are kept (issue 15): "files" or a
    # postgresql:// URL; VET_DASHBOARD_STORE wins over config.yaml's `store:`.
    store: str = "files"

    def as_of_date(self) -> dt.date:
        return self.as_of or dt.date.today()


def default_config(root: Path) -> Config:
    """The settings a data folder laid out like ``data/`` implies, for validating another folder."""
    return Config(
        root=root,
        milestones=root / "milestones",
        sources=root / "sources.yaml",
        provinces=root / "provinces.csv",
        national_figures=root / "national_figures.csv",
        progress=(root / "progress",),
        demo=(root / "demo",),
        ladders=root / "ladders.yaml",
        publications=root / "publications.yaml",
    )


def load_config(path: Path = DEFAULT_CONFIG, environ: Mapping[str, str] | None = None) -> tuple[Config, list[Problem]]:
    """Read the config; each bad key is a located problem and falls back to its default."""
    root = path.resolve().parent
    # Until the file is read, the sign-in settings are "unreadable": a file that does not parse (a tab, an
    # unclosed quote) or is missing must not fall back to anonymous viewing (issue 12, item 7).
    base = replace(default_config(root / "data"), auth=unreadable_settings(root))
    data, problems = load_located_yaml(path, YamlLimits())
    if data is None:
        if not path.exists():
            problems = ProblemList(path)
            problems.add("", msg("problem.config_not_found"))
        return base, list(problems)
    if not isinstance(data, LocatedDict):
        problems.add("", msg("problem.config_not_a_mapping"), 1, 1)
        return base, list(problems)
    top = Fields(data, problems)
    top.check_unknown(TOP_LEVEL_KEYS)

    def folder(f: Fields, key: str, default: Path) -> Path:
        text = f.text(key, required=False, expected=msg("expect.path"))
        return (root / text) if text else default

    def folders(f: Fields, key: str, default: tuple[Path, ...]) -> tuple[Path, ...]:
        items = f.list_of(key, required=False)
        if items is None:
            return default
        out = []
        for index, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                out.append(root / item)
            else:
                line, col = items.pos(index) if isinstance(items, LocatedList) else (None, None)
                problems.add(f.name(f"{key}[{index}]"), msg("problem.not_a_path", value=repr(item)), line, col)
        return tuple(out)

    d = top.mapping_of("data")
    if d is not None:
        d.check_unknown(
            (
                "milestones",
                "sources",
                "ladders",
                "publications",
                "provinces",
                "national_figures",
                "progress",
                "demo",
                "load_demo",
                "cache",
            )
        )
        paths: dict[str, Any] = dict(
            milestones=folder(d, "milestones", root / "data/milestones"),
            sources=folder(d, "sources", root / "data/sources.yaml"),
            ladders=folder(d, "ladders", root / "data/ladders.yaml"),
            publications=folder(d, "publications", root / "data/publications.yaml"),
            provinces=folder(d, "provinces", root / "data/provinces.csv"),
            national_figures=folder(d, "national_figures", root / "data/national_figures.csv"),
            progress=folders(d, "progress", (root / "data/progress",)),
            demo=folders(d, "demo", (root / "data/demo",)),
            load_demo=d.boolean("load_demo", True),
            cache=None if d.mapping.get("cache") == "none" else folder(d, "cache", root / ".cache/reports"),
        )
    else:
        paths = {"cache": root / ".cache/reports"}

    as_of: dt.date | None = None
    raw = data.get("as_of", "today")
    if raw != "today":
        as_of = top.date("as_of")
    language = top.choice("language", LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE

    def section(key: str, cls: Callable[..., _Section], fields: dict[str, type]) -> _Section:
        sub = top.mapping_of(key, required=False)
        if sub is None:
            return cls()
        sub.check_unknown(fields)
        values: dict[str, int | float] = {}
        for name, kind in fields.items():
            if name not in sub.mapping:
                continue
            number = sub.number(name)
            if number is None:
                continue
            if number < 0 or (kind is int and number != int(number)):
                code = "problem.not_a_count" if kind is int else "problem.negative"
                sub.report(name, msg(code, value=f"{number:g}"))
                continue
            values[name] = kind(number)
        return cls(**values)

    status = section("status", StatusRules, {"on_track_tolerance": float, "at_risk_tolerance": float, "stale_after_days": int})
    forecast = section("forecast", ForecastRules, {"recent_points": int, "growth_on_track": float, "growth_moderate": float})
    limits = section(
        "limits",
        Limits,
        {
            k: int
            for k in (
                "max_yaml_bytes",
                "max_csv_bytes",
                "max_csv_rows",
                "max_problems_per_check",
                "max_upload_bytes",
                "max_upload_rows",
                "max_upload_columns",
                "max_upload_cells",
                "max_xlsx_uncompressed_bytes",
                "max_xlsx_entries",
            )
        },
    )
    auth = read_auth_settings(top, root)
    store = _store_setting(top, environ)
    config = replace(
        base,
        root=root,
        **paths,
        as_of=as_of,
        language=language,
        status=status,
        forecast=forecast,
        limits=limits,
        file=problems.path,
        auth=auth,
        store=store,
    )
    if store != "files":
        from metrics.load.store_setting import open_backend

        # The milestone documents live in the database; the loaders and the editor read its local mirror.
        config = replace(config, milestones=open_backend(config).milestone_folder())
    return config, sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _store_setting(top: Fields, environ: Mapping[str, str] | None) -> str:
    """``store:`` of config.yaml, unless VET_DASHBOARD_STORE is set (the environment wins); a bad value is a
    located problem (and, in the environment, an error) and leaves the files."""
    from metrics.load.store_setting import FILES, STORE_ENV, store_problem

    env = os.environ if environ is None else environ
    if env.get(STORE_ENV):
        text = env[STORE_ENV].strip()
        why = store_problem(text, in_config=False)
        if why:
            top.problems.add("", msg("problem.store_env", variable=STORE_ENV, why=why))
            return FILES
        return text
    if "store" not in top.mapping:
        return FILES
    text_or_none = top.text("store", required=False, expected=msg("expect.store"))
    if not text_or_none:
        return FILES
    text = text_or_none
    why = store_problem(text.strip(), in_config=True)
    if why:
        top.report("store", why)
        return FILES
    return text.strip()
