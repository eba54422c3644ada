"""Loading everything the dashboard shows, in one call, with every problem found on the way."""

from __future__ import annotations

import datetime as dt
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.domain.i18n import register_stage_labels
from metrics.domain.messages import msg
from metrics.domain.model import Family, Ladder, Milestone, Publication, Source
from metrics.domain.problems import Problem, ProblemList, display_path
from metrics.load.config import Config
from metrics.load.coverage import Coverage, Document, compute_coverage, documents_folder, load_documents, milestone_refs
from metrics.load.ladders import load_ladders
from metrics.load.milestones import Catalogues, load_milestones, milestone_files
from metrics.load.provinces import load_provinces
from metrics.load.publications import load_publications
from metrics.load.report_columns import concat_reports
from metrics.load.reports import ReportContext, empty_reports, load_report_file, province_aliases, report_files
from metrics.load.sources import load_sources

# Whether the coverage rules' problems (a milestone citing a clause its document lacks, a task with neither a
# milestone nor a not_tracked reason, a stale reason) join the dataset's problems: the banner on every page, the
# Data quality page and `python -m metrics validate`. Off until the milestone files cite the clause ids of
# milestone format v2 (issue 11): today's ids ("para. 1 (Xi Jinping)", "para. 4, Third") give 31 expected
# problems. The Document coverage page lists them either way; a broken coverage file is always a problem.
COVERAGE_RULES_IN_PROBLEMS = True

REPORT_FILE_WORKERS = 2  # report files loaded at once (see load_dataset)

NATIONAL_COLUMNS = (
    "metric",
    "year",
    "value",
    "qualifier",
    "unit",
    "title",
    "publisher",
    "published",
    "url",
    "confidence",
    "milestone",
    "label_en",
    "label_zh",
    "unit_zh",
)


@dataclass
class Dataset:
    """Milestones, reports and reference tables that loaded, and the problems of what did not."""

    config: Config
    sources: dict[str, Source]
    families: dict[str, Family]
    milestones: dict[str, Milestone]
    provinces: pd.DataFrame
    reports: pd.DataFrame
    national: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    ladders: dict[str, Ladder] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # data/documents/*.yaml: clauses and tasks (issue 11)
    coverage: Coverage | None = None  # which tasks milestones track; None without data/documents/

    @property
    def has_demo(self) -> bool:
        return bool(self.reports["demo"].any()) if len(self.reports) else False

    @property
    def first_baseline(self) -> dt.date | None:
        """The earliest baseline date of any milestone (or province override); None without milestones."""
        dates = [plan.baseline.date for m in self.milestones.values() for plan in (m.plan, *m.overrides.values())]
        return min(dates) if dates else None

    @functools.cached_property
    def mainland(self) -> pd.DataFrame:
        """The 31 provinces national education statistics cover (a region is set).

        Kept once computed: pages ask for it many times a run, and the provinces never change in a dataset."""
        return self.provinces[self.provinces["region"] != ""]


def load_national_figures(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    problems = ProblemList(path)
    if not path.exists():
        return pd.DataFrame(columns=[*NATIONAL_COLUMNS, "value_text"]), []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in NATIONAL_COLUMNS if c not in frame.columns]
    if missing:
        problems.add(missing[0], msg("problem.column_missing", columns=", ".join(NATIONAL_COLUMNS)), 1)
        return pd.DataFrame(columns=[*NATIONAL_COLUMNS, "value_text"]), list(problems)
    frame["value_text"] = frame["value"]  # as published, for display: 488.99 is never shown as 489.0
    numbers = pd.to_numeric(frame["value"], errors="coerce")
    # An inf or nan in a figure would reach the charts: the row's figure is left out, with a located problem.
    column = list(frame.columns).index("value") + 1
    for index in numbers.index[np.isinf(numbers.to_numpy(dtype=float)) | frame["value"].str.strip().str.lower().eq("nan")]:
        problems.add("value", msg("problem.not_finite", value=repr(frame.at[index, "value"])), int(index) + 2, column)
        numbers[index] = np.nan
    frame["value"] = numbers
    return frame, list(problems)


def load_reports(config: Config, context: ReportContext) -> tuple[pd.DataFrame, list[Problem]]:
    """Every report of the configured store: the files' folders (progress, then demo), or the batches of
    a PostgreSQL store, checked the same way (issue 15)."""
    if config.store != "files":
        from metrics.load.store_setting import open_backend

        found: tuple[pd.DataFrame, list[Problem]] = open_backend(config).load_reports(context, config.load_demo, config.cache)
        return found
    jobs = [(path, False) for path in report_files(config.progress)]
    if config.load_demo:
        jobs += [(path, True) for path in report_files(config.demo)]
    # Two files at a time: hashing a file and decoding its cached rows release the GIL, so a county-level
    # dataset of one file per province loads on both cores (issue 16). Results keep the files' order.
    with ThreadPoolExecutor(max_workers=REPORT_FILE_WORKERS) as pool:
        loaded = list(pool.map(lambda job: load_report_file(job[0], context, demo=job[1], cache=config.cache), jobs))
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for frame, found_here in loaded:
        frames.append(frame)
        problems += found_here
    frames = [f for f in frames if len(f)]
    return (concat_reports(frames) if frames else empty_reports()), problems


def load_dataset(config: Config, config_problems: list[Problem] | None = None) -> Dataset:
    """Load every configured input; invalid items are left out and described in ``problems``."""
    problems: list[Problem] = list(config_problems or [])
    sources, found = load_sources(config.sources, config.limits.yaml)
    problems += found
    provinces, found = load_provinces(config.provinces)
    problems += found
    ladders, found = load_ladders(config.ladders, config.limits.yaml)
    problems += found
    register_stage_labels({s.id: s.label for ladder in ladders.values() for s in ladder.stages})
    publications, found = load_publications(config.publications, config.limits.yaml)
    problems += found
    refs = Catalogues(set(sources), set(provinces.index), ladders, set(publications))
    files = milestone_files(config.milestones)
    if not files:
        problems.append(Problem.of(display_path(config.milestones), None, None, "", msg("problem.no_milestone_files")))
    ms = load_milestones(files, refs, config.limits.yaml)
    problems += ms.problems
    national, national_problems = load_national_figures(config.national_figures)
    if not ms.milestones:
        # Every report row would be "not a known milestone id", burying the cause listed above.
        problems.append(Problem.of(display_path(config.milestones), None, None, "", msg("problem.no_milestone_loaded")))
        return Dataset(
            config,
            sources,
            ms.families,
            {},
            provinces,
            empty_reports(),
            national,
            problems + national_problems,
            ladders,
            publications,
        )
    coverage = None
    documents, found = load_documents(documents_folder(config.sources), list(sources), config.limits.yaml)
    problems += found
    if documents_folder(config.sources).is_dir():
        coverage = compute_coverage(documents, milestone_refs(ms.milestones.values()))
        if COVERAGE_RULES_IN_PROBLEMS:
            problems += coverage.problems
        coverage.problems[:0] = found  # the page lists the files' own problems first, then the coverage rules'
    context = ReportContext(
        ms.milestones,
        province_aliases(provinces),
        config.limits.max_csv_bytes,
        config.limits.max_csv_rows,
        config.limits.max_problems_per_check,
        config.limits.max_upload_columns,
    )
    reports, found = load_reports(config, context)
    problems += found
    problems += national_problems
    return Dataset(
        config,
        sources,
        ms.families,
        ms.milestones,
        provinces,
        reports,
        national,
        problems,
        ladders,
        publications,
        documents,
        coverage,
    )
