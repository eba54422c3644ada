"""The command line for planners and CI: validate data, print statuses, regenerate demo data."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from metrics.config import Config, config_path, load_config
from metrics.problems import has_errors

STATUS_COLUMNS = [
    "province", "milestone", "status", "verdict_basis", "latest_value", "latest_as_of", "expected", "gap", "attainment",
    "forecast", "forecast_date", "growth", "days_since_report", "data",
]


def load_config_or_report(path: Path, environ: Mapping[str, str] | None = None, schema_only: bool = False) -> Config | None:
    """The config with its problems printed to stderr, or None when one is an error: for commands that
    must not run on a broken config (they write files); the caller then exits with 2. ``schema_only``:
    read the settings without opening the store (whose tables may not exist yet)."""
    if schema_only:
        from metrics.store import FILES, STORE_ENV

        env = os.environ if environ is None else environ
        files, problems = load_config(path, {**env, STORE_ENV: FILES})
        config = replace(files, store=env.get(STORE_ENV, "").strip() or _configured_store(path) or FILES)
    else:
        config, problems = load_config(path, environ)
    for problem in problems:
        print(problem, file=sys.stderr)
    if has_errors(problems):
        print(f"{path}: fix the problems above first; nothing done", file=sys.stderr)
        return None
    return config


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description=__doc__)
    parser.add_argument("--config", type=Path, default=None,
                        help="config file (default: $VET_DASHBOARD_CONFIG, else the repository's config.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check data files; exit 1 if any problem")
    v.add_argument("paths", nargs="*", type=Path, help="data folders laid out like data/, or single .yaml/.csv files")
    s = sub.add_parser("status", help="print the status table")
    s.add_argument("--province", help="ISO code, e.g. CN-GD")
    s.add_argument("--milestone", help="milestone id")
    s.add_argument("--as-of", type=_date, help="YYYY-MM-DD (default: config as_of)")
    s.add_argument("--format", choices=("table", "csv"), default="table")
    s.add_argument("--documented-only", action="store_true",
                   help="only verdicts whose planned path comes from the documents or published figures (no assumed value)")
    sub.add_parser("counts", help="print what the data holds (milestones, values by basis, document coverage) as Markdown")
    d = sub.add_parser("demo", help="regenerate the demo reports (fixed seed)")
    d.add_argument("--until", type=_date, default=None, help="last quarter-end to generate (default: today)")
    d.add_argument("-o", "--output", type=Path, default=None, help="output CSV (default: data/demo/demo_reports.csv)")
    from metrics.import_cli import add_import_commands  # issue 4: template and import

    add_import_commands(sub)
    from metrics.users_cli import add_users_commands  # issue 6: dashboard users

    add_users_commands(sub)
    from metrics.export_cli import add_export_command  # issue 5: decks, HTML reports, chart images

    add_export_command(sub)
    from metrics.store.cli import add_store_command  # issue 15: the PostgreSQL schema, moving data in and out

    add_store_command(sub)
    return parser


def _configured_store(path: Path) -> str:
    """``store:`` as written in config.yaml ("" when absent or unreadable), read without opening it."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    value = data.get("store") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _say_where(args: argparse.Namespace) -> None:
    """Which config and store this command uses, on stderr so that standard output stays the command's own (issue 15)."""
    from metrics.store import FILES, STORE_ENV, shown_url

    from_env, from_config = os.environ.get(STORE_ENV, "").strip(), _configured_store(args.config)
    store = from_env or from_config or FILES
    source = STORE_ENV if from_env else "config" if from_config else "default"
    print(f"config: {args.config} · store: {shown_url(store)} (from {source})", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.config = config_path(args.config)  # --config, else VET_DASHBOARD_CONFIG, else config.yaml: as the dashboard does
    _say_where(args)
    if args.command == "validate":
        from metrics.validate import validate

        problems = validate(args.paths, args.config)
        for problem in problems:
            print(problem)
        errors = sum(p.severity == "error" for p in problems)
        print(f"{errors} problem(s) found" if problems else "no problems found", file=sys.stderr)
        return 1 if has_errors(problems) else 0
    if args.command == "status":
        return _status(args)
    if args.command == "counts":
        from metrics.data_counts import counts_markdown
        from metrics.dataset import load_dataset

        print(counts_markdown(load_dataset(*load_config(args.config))))
        return 0
    if args.command in ("template", "import"):
        from metrics.import_cli import run_import_command

        return run_import_command(args)
    if args.command == "users":
        from metrics.users_cli import run_users_command

        return run_users_command(args)
    if args.command == "export":
        from metrics.export_cli import run_export_command

        return run_export_command(args)
    if args.command == "store":
        from metrics.store.cli import run_store_command

        return run_store_command(args)
    if args.command == "demo":
        from metrics.demo import DemoRefused, write_demo_reports

        config = load_config_or_report(args.config)
        if config is None:
            return 2
        try:
            path = write_demo_reports(config, args.output, args.until)
        except DemoRefused as exc:  # demo rows must never reach, or replace, real reports
            print(f"demo: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {path}")
        return 0
    return 2


def _status(args: argparse.Namespace) -> int:
    import pandas as pd

    from metrics.dataset import load_dataset
    from metrics.status import compute_status, documented_only

    config, problems = load_config(args.config)
    data = load_dataset(config, problems)
    for problem in data.problems:
        print(problem, file=sys.stderr)
    if args.province and args.province not in data.provinces.index:
        print(f"unknown province {args.province!r} (expected an ISO code such as CN-GD)", file=sys.stderr)
        return 2
    if args.milestone and args.milestone not in data.milestones:
        print(f"unknown milestone {args.milestone!r} (expected one of: {', '.join(sorted(data.milestones))})", file=sys.stderr)
        return 2
    provinces = [args.province] if args.province else None
    table = compute_status(data, args.as_of, provinces)
    if args.milestone:
        table = table[table["milestone"] == args.milestone]
    hidden = int(table["assumed"].sum())
    if args.documented_only:
        table = documented_only(table)
    # Every line says what its verdict rests on and whether its figures are demo data, so no line can be
    # copied out of context as an official verdict.
    table = table.assign(
        verdict_basis=table["assumed"].map({True: "assumed-target", False: "documented"}),
        data=table["demo"].map({True: "DEMO-DATA", False: "reported"}),
    )
    out = table[STATUS_COLUMNS].copy()
    for column in ("latest_as_of", "forecast_date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    if args.format == "csv":
        out.to_csv(sys.stdout, index=False)
    elif out.empty:  # pandas would print "Empty DataFrame": say what is empty instead
        print("no status rows for this selection" + (" (every verdict rests on an assumed value)" if args.documented_only else ""))
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_columns", None):
            print(out.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if data.has_demo:
        print("Note: includes demo data (invented figures, not official); such lines say DEMO-DATA.", file=sys.stderr)
    if args.documented_only:
        print(f"Note: {hidden} verdict(s) against an assumed target left out (--documented-only).", file=sys.stderr)
    elif hidden:
        print(f"Note: {hidden} verdict(s) are against a target or path the dashboard team assumed (verdict_basis "
              "assumed-target); --documented-only leaves them out.", file=sys.stderr)
    return 0
