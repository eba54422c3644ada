"""The command line for planners and CI: validate data, print statuses, regenerate demo data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from metrics.cli.common import date_arg as _date
from metrics.cli.common import load_config_or_report, say_where
from metrics.domain.i18n import LANGUAGES
from metrics.domain.problems import has_errors
from metrics.domain.tables import CLI_STATUS
from metrics.load.config import config_path, load_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="config file (default: $VET_DASHBOARD_CONFIG, else the repository's config.yaml)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check data files; exit 1 if any problem")
    v.add_argument("paths", nargs="*", type=Path, help="data folders laid out like data/, or single .yaml/.csv files")
    v.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the problems printed (default: en)")
    s = sub.add_parser("status", help="print the status table")
    s.add_argument("--province", help="ISO code, e.g. CN-GD")
    s.add_argument("--milestone", help="milestone id")
    s.add_argument("--as-of", type=_date, help="YYYY-MM-DD (default: config as_of)")
    s.add_argument("--format", choices=("table", "csv"), default="table")
    s.add_argument(
        "--documented-only",
        action="store_true",
        help="only verdicts whose planned path comes from the documents or published figures (no assumed value)",
    )
    sub.add_parser("counts", help="print what the data holds (milestones, values by basis, document coverage) as Markdown")
    d = sub.add_parser("demo", help="regenerate the demo reports (fixed seed)")
    d.add_argument("--until", type=_date, default=None, help="last quarter-end to generate (default: today)")
    d.add_argument("-o", "--output", type=Path, default=None, help="output CSV (default: data/demo/demo_reports.csv)")
    from metrics.cli.imports import add_import_commands  # issue 4: template and import

    add_import_commands(sub)
    from metrics.cli.users import add_users_commands  # issue 6: dashboard users

    add_users_commands(sub)
    from metrics.cli.exports import add_export_command  # issue 5: decks, HTML reports, chart images

    add_export_command(sub)
    from metrics.cli.schema import add_schema_command  # issue 14: JSON Schemas for planners' editors

    add_schema_command(sub)
    from metrics.cli.store import add_store_command  # issue 15: the PostgreSQL schema, moving data in and out

    add_store_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.config = config_path(args.config)  # --config, else VET_DASHBOARD_CONFIG, else config.yaml: as the dashboard does
    say_where(args.config)
    if args.command == "validate":
        from metrics.load.validate import validate

        problems = validate(args.paths, args.config)
        for problem in problems:
            print(problem.located(args.lang))
        errors = sum(p.severity == "error" for p in problems)
        print(f"{errors} problem(s) found" if problems else "no problems found", file=sys.stderr)
        return 1 if has_errors(problems) else 0
    if args.command == "status":
        return _status(args)
    if args.command == "counts":
        from metrics.load.data_counts import counts_markdown
        from metrics.load.dataset import load_dataset

        print(counts_markdown(load_dataset(*load_config(args.config))))
        return 0
    if args.command in ("template", "import"):
        from metrics.cli.imports import run_import_command

        return run_import_command(args)
    if args.command == "users":
        from metrics.cli.users import run_users_command

        return run_users_command(args)
    if args.command == "schema":
        from metrics.cli.schema import run_schema_command

        return run_schema_command(args)
    if args.command == "export":
        from metrics.cli.exports import run_export_command

        return run_export_command(args)
    if args.command == "store":
        from metrics.cli.store import run_store_command

        return run_store_command(args)
    if args.command == "demo":
        from metrics.intake.demo import DemoRefused, write_demo_reports

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

    from metrics.compute.snapshot import take_snapshot
    from metrics.load.dataset import load_dataset

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
    snapshot = take_snapshot(data, args.as_of, args.documented_only, provinces, args.milestone or None)
    table, hidden = snapshot.status, snapshot.assumed
    # Every line says what its verdict rests on and whether its figures are demo data, so no line can be
    # copied out of context as an official verdict.
    table = table.assign(
        verdict_basis=table["assumed"].map({True: "assumed-target", False: "documented"}),
        data=table["demo"].map({True: "DEMO-DATA", False: "reported"}),
    )
    out = table[CLI_STATUS.names].copy()
    for column in ("latest_as_of", "forecast_date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    if args.format == "csv":
        out.to_csv(sys.stdout, index=False)
    elif out.empty:  # pandas would print "Empty DataFrame": say what is empty instead
        print(
            "no status rows for this selection" + (" (every verdict rests on an assumed value)" if args.documented_only else "")
        )
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_columns", None):
            print(out.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    if data.has_demo:
        print("Note: includes demo data (invented figures, not official); such lines say DEMO-DATA.", file=sys.stderr)
    if args.documented_only:
        print(f"Note: {hidden} verdict(s) against an assumed target left out (--documented-only).", file=sys.stderr)
    elif hidden:
        print(
            f"Note: {hidden} verdict(s) are against a target or path the dashboard team assumed (verdict_basis "
            "assumed-target); --documented-only leaves them out.",
            file=sys.stderr,
        )
    return 0
