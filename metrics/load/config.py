"""Reading ``config.yaml``: data locations, the as-of date, status thresholds and limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from metrics.domain.problems import Problem, ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits, load_located_yaml
from metrics.load.auth_config import TOP_LEVEL_KEYS, AuthSettings, read_auth_settings, unreadable_settings
from metrics.load.fields import Fields

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "config.yaml"


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
    max_yaml_bytes: int = 2_000_000
    max_csv_bytes: int = 500_000_000
    max_csv_rows: int = 5_000_000
    max_problems_per_check: int = 50
    # Uploads from the Report progress page and `python -m metrics import` (issue 4).
    max_upload_bytes: int = 20_000_000
    max_upload_rows: int = 100_000
    # Bounds checked before and while parsing: a small file can declare millions of cells (issue 12).
    max_upload_columns: int = 100
    max_upload_cells: int = 200_000
    # An xlsx is a zip: checked before opening so a zip bomb is refused unread.
    max_xlsx_uncompressed_bytes: int = 100_000_000
    max_xlsx_entries: int = 2_000

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


def load_config(path: Path = DEFAULT_CONFIG) -> tuple[Config, list[Problem]]:
    """Read the config; each bad key is a located problem and falls back to its default."""
    root = path.resolve().parent
    # Until the file is read, the sign-in settings are "unreadable": a file that does not parse (a tab, an
    # unclosed quote) or is missing must not fall back to anonymous viewing (issue 12, item 7).
    base = replace(default_config(root / "data"), auth=unreadable_settings(root))
    data, problems = load_located_yaml(path, YamlLimits())
    if data is None:
        if not path.exists():
            problems = ProblemList(path)
            problems.add("", "config file not found (expected config.yaml beside dashboard.py)")
        return base, list(problems)
    if not isinstance(data, LocatedDict):
        problems.add("", "expected a mapping of settings", 1, 1)
        return base, list(problems)
    top = Fields(data, problems)
    top.check_unknown(TOP_LEVEL_KEYS)

    def folder(f: Fields, key: str, default: Path) -> Path:
        text = f.text(key, required=False, expected="a path")
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
                problems.add(f.name(f"{key}[{index}]"), f"{item!r} is not a path (expected a folder name)", line, col)
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
        paths = dict(
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
    language = top.choice("language", ("zh", "en"), default="zh") or "zh"

    def section(key: str, cls: type, fields: dict[str, type]) -> object:
        sub = top.mapping_of(key, required=False)
        if sub is None:
            return cls()
        sub.check_unknown(fields)
        values = {}
        for name, kind in fields.items():
            if name not in sub.mapping:
                continue
            number = sub.number(name)
            if number is None:
                continue
            if number < 0 or (kind is int and number != int(number)):
                sub.report(name, f"{number:g} is not allowed (expected a {'whole ' if kind is int else ''}number of at least 0)")
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
    config = replace(
        base,
        root=root,
        **paths,
        as_of=as_of,
        language=language,  # type: ignore[arg-type]
        status=status,
        forecast=forecast,
        limits=limits,
        file=problems.path,
        auth=auth,
    )
    return config, sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
