"""``python -m metrics export``: the dashboard's report deck, HTML report and chart images from the command line.

``--format png`` writes every chart of the report as ``NN-<chart>.png`` into the folder ``-o``
names (created if needed); when ``-o`` ends in ``.png``, only the report's first chart (the main
one: the nation's score map, a province's status counts, a milestone's ranking) is written there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metrics.cli.common import date_arg as _date
from metrics.domain.i18n import DEFAULT_LANGUAGE, LANGUAGES
from metrics.load.config import load_config

if TYPE_CHECKING:
    from metrics.export.briefing import Report

FORMATS = ("pptx", "html", "png")


def add_export_command(sub: Any) -> None:
    e = sub.add_parser("export", help="write a report deck (pptx), an HTML report or chart images (png)")
    scope = e.add_mutually_exclusive_group(required=True)
    scope.add_argument("--province", help="ISO code, e.g. CN-GD")
    scope.add_argument("--milestone", help="milestone id")
    scope.add_argument("--nation", action="store_true", help="the national overview")
    e.add_argument("--format", choices=FORMATS, required=True)
    e.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write (png: a folder, or one .png for the main chart)"
    )
    e.add_argument("--lang", choices=LANGUAGES, default=None, help="zh or en (default: the config's language)")
    e.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: the config's as-of date)")
    e.add_argument(
        "--documented-only",
        action="store_true",
        help="only verdicts whose planned path comes from the documents or published figures",
    )
    e.add_argument("--charts", default=None, help="province only: comma-separated milestone ids for the trajectory charts")


def run_export_command(args: argparse.Namespace) -> int:
    from metrics.compute.snapshot import take_snapshot
    from metrics.export.briefing import build_report
    from metrics.export.image import IMAGES_UNAVAILABLE
    from metrics.load.dataset import load_dataset

    config, problems = load_config(args.config)
    lang = args.lang or (config.language if config.language in LANGUAGES else DEFAULT_LANGUAGE)
    if args.format in ("pptx", "png"):  # both draw PNGs: say at once, before any work, when no browser can draw them
        from metrics.export.image import check_browser

        try:
            check_browser()
        except IMAGES_UNAVAILABLE as unavailable:  # missing, or there but it does not run
            print(unavailable.message(lang), file=sys.stderr)
            return 1
    data = load_dataset(config, problems)
    for problem in data.problems:
        print(problem, file=sys.stderr)
    if args.province:
        code = args.province.upper()
        if code not in data.mainland.index:
            print(f"unknown province {args.province!r} (expected an ISO code such as CN-GD)", file=sys.stderr)
            return 2
        scope, subject = "province", code
    elif args.milestone:
        if args.milestone not in data.milestones:
            print(
                f"unknown milestone {args.milestone!r} (expected one of: {', '.join(sorted(data.milestones))})", file=sys.stderr
            )
            return 2
        scope, subject = "milestone", args.milestone
    else:
        scope, subject = "nation", ""
    chosen = [m.strip() for m in args.charts.split(",") if m.strip()] if args.charts else None
    unknown = [m for m in chosen or [] if m not in data.milestones]
    if unknown:
        print(f"unknown milestone {unknown[0]!r} in --charts", file=sys.stderr)
        return 2
    as_of = args.as_of or config.as_of_date()
    report = build_report(take_snapshot(data, as_of, args.documented_only), scope, subject, lang, as_of, milestones=chosen)
    out: Path = args.output
    written: list[Path] = []
    try:
        _write(args, report, out, written)
    except IMAGES_UNAVAILABLE as unavailable:  # the browser hung or died drawing: VET_IMAGE_TIMEOUT, never a wait
        print(unavailable.message(lang), file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    if report.demo:
        print("Note: includes demo data (invented figures, not official); the exports are marked as such.", file=sys.stderr)
    return 0


def _write(args: argparse.Namespace, report: Report, out: Path, written: list[Path]) -> None:
    """Write the export in ``args.format`` to ``out``, adding each file written to ``written``."""
    if args.format == "pptx":
        from metrics.export.deck import report_deck

        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report_deck(report))
        written.append(out)
    elif args.format == "html":
        from metrics.export.html import report_html

        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report_html(report))
        written.append(out)
    else:
        from metrics.export.image import chart_png

        charts = report.charts[:1] if out.suffix.lower() == ".png" else report.charts
        if out.suffix.lower() == ".png":
            out.parent.mkdir(parents=True, exist_ok=True)
            targets = [out]
        else:
            out.mkdir(parents=True, exist_ok=True)
            targets = [out / f"{i:02d}-{c.key}.png" for i, c in enumerate(charts, start=1)]
        for chart, target in zip(charts, targets, strict=True):
            target.write_bytes(chart_png(chart.figure, chart.meta))
            written.append(target)
