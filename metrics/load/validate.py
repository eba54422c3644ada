"""Validating a data folder or single files, for ``python -m metrics validate``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList
from metrics.load.config import DEFAULT_CONFIG, Config, default_config, load_config
from metrics.load.coverage import compute_coverage, load_document_file, milestone_refs
from metrics.load.dataset import load_dataset
from metrics.load.ladders import load_ladders
from metrics.load.milestones import load_catalogues, load_milestones, milestone_files
from metrics.load.provinces import load_provinces
from metrics.load.publications import load_publications
from metrics.load.reports import ReportContext, load_report_file, province_aliases
from metrics.load.sources import load_sources


def is_data_folder(path: Path) -> bool:
    """A folder laid out like ``data/``: checked as a whole, against its own sources, ladders and provinces."""
    return path.is_dir() and ((path / "milestones").is_dir() or (path / "sources.yaml").exists())


def validate_paths(paths: list[Path], config: Config) -> list[Problem]:
    """Every problem in the given folders or files; the configured data fills in what they reference."""
    problems: list[Problem] = []
    yaml_files: list[Path] = []
    csv_files: list[Path] = []
    for path in paths:
        if path.is_dir():
            if is_data_folder(path):
                folder = default_config(path)
                folder = replace(folder, load_demo=True, limits=config.limits)
                problems += load_dataset(folder).problems
            else:
                yaml_files += milestone_files(path)
                csv_files += sorted(path.glob("*.csv"))
        elif path.suffix.lower() in (".yaml", ".yml"):
            yaml_files.append(path)
        elif path.suffix.lower() == ".csv":
            csv_files.append(path)
        else:
            pl = ProblemList(path)
            if not path.exists():
                pl.add("", msg("problem.no_such_path"))
            else:
                pl.add("", msg("problem.not_a_data_file"))
            problems += pl
    if not yaml_files and not csv_files:
        return problems
    refs, _ = load_catalogues(config)
    provinces, _ = load_provinces(config.provinces)
    reference = load_milestones(milestone_files(config.milestones), refs, config.limits.yaml)
    milestones = dict(reference.milestones)
    for path in yaml_files:
        if path.name == "sources.yaml":
            problems += load_sources(path, config.limits.yaml)[1]
            continue
        if path.name == "ladders.yaml":
            problems += load_ladders(path, config.limits.yaml)[1]
            continue
        if path.name == "publications.yaml":
            problems += load_publications(path, config.limits.yaml)[1]
            continue
        if path.parent.name == "documents":  # a coverage file (issue 11), checked against the configured milestones
            document, found = load_document_file(path, sorted(refs.source_ids or ()), config.limits.yaml)
            problems += found
            if document is not None:
                problems += compute_coverage({document.id: document}, milestone_refs(reference.milestones.values())).problems
            continue
        checked = load_milestones([path], refs, config.limits.yaml)
        problems += checked.problems
        for mid, milestone in checked.milestones.items():
            other = reference.milestones.get(mid)
            if other is not None and Path(other.file).resolve() != path.resolve():
                problems.append(
                    Problem.of(
                        milestone.file,
                        milestone.line,
                        None,
                        "id",
                        msg("problem.duplicate_milestone", id=f"'{mid}'", where=f"{other.file}:{other.line}"),
                    )
                )
        milestones.update(checked.milestones)
    context = ReportContext(
        milestones,
        province_aliases(provinces),
        config.limits.max_csv_bytes,
        config.limits.max_csv_rows,
        config.limits.max_problems_per_check,
        config.limits.max_upload_columns,
    )
    for path in csv_files:
        problems += load_report_file(path, context, demo=False)[1]
    return problems


def validate(paths: list[Path], config_path: Path | None = None) -> list[Problem]:
    """Problems in the configured data (no paths) or in the given paths, config problems first."""
    config, problems = load_config(config_path) if config_path else load_config()
    if paths and all(is_data_folder(p) for p in paths) and not (config_path or DEFAULT_CONFIG).exists():
        # Data folders carry all they are checked against; a config would only set limits. Without one (a
        # planners' data repository, its pre-commit hook) the default limits apply instead of "not found".
        problems = []
    found = load_dataset(config, problems).problems if not paths else problems + validate_paths(paths, config)
    # Stable sort: files in the order given, each file's problems top to bottom.
    order = {path: i for i, path in enumerate(dict.fromkeys(p.path for p in found))}
    return sorted(found, key=lambda p: (order[p.path], p.line or 0, p.column or 0))
