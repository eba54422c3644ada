"""``python -m metrics template`` and ``python -m metrics import``: the Report progress page on the command line.

Same checks, same messages, same storage as the page: both call metrics.intake.template and metrics.intake.upload.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from metrics.cli.common import load_config_or_report
from metrics.domain.problems import has_errors
from metrics.load.dataset import load_dataset
from metrics.store import open_store


def add_import_commands(sub: Any) -> None:
    t = sub.add_parser("template", help="write the Excel template for reporting progress")
    t.add_argument("--province", default="all", help="ISO code, e.g. CN-GD, or all (default: all)")
    t.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file to write")
    i = sub.add_parser("import", help="check a filled template or report CSV and store it as a new report file")
    i.add_argument("file", type=Path, help="a filled .xlsx template or a report .csv")
    i.add_argument("--dry-run", action="store_true", help="check and preview only; store nothing")
    i.add_argument("--province", default=None, help="the province the file reports for (refuses other provinces' rows)")
    i.add_argument("--user", default=None, help="who sends the file, recorded in its metadata (default: login name)")
    i.add_argument(
        "--accept-valid-rows",
        action="store_true",
        help="store the valid rows even when other rows have problems (they are left out)",
    )


def run_import_command(args: argparse.Namespace) -> int:
    from metrics.intake.template import build_template
    from metrics.intake.upload import AcceptRefused, accept, preview, read_upload, upload_context

    config = load_config_or_report(args.config)
    if config is None:
        return 2
    data = load_dataset(config)
    if args.command == "template":
        try:
            payload = build_template(data, args.province)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        args.output.write_bytes(payload)
        print(f"wrote {args.output}")
        return 0
    if args.province and args.province not in data.provinces.index:
        print(f"unknown province {args.province!r} (expected an ISO code such as CN-GD)", file=sys.stderr)
        return 2
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: cannot be read: {exc.strerror}", file=sys.stderr)
        return 2
    context = upload_context(data, args.province)
    result = read_upload(args.file.name, raw, context)
    for problem in result.problems:
        print(problem)
    rows = preview(result, context)
    counts = rows["change"].value_counts().to_dict() if len(rows) else {}
    print(
        f"{len(rows)} row(s) to add: {counts.get('new', 0)} new, {counts.get('correction', 0)} correction(s), "
        f"{counts.get('same figure', 0)} repeating the current figure; {result.rejected_rows} row(s) with problems left out",
        file=sys.stderr,
    )
    for record in rows[rows["change"] != "new"].itertuples():
        print(
            f"  line {record.line}: {record.province} {record.milestone} {record.as_of:%Y-%m-%d}: {record.value} "
            f"supersedes {record.supersedes_value} reported {record.supersedes_reported_at:%Y-%m-%d} ({record.supersedes_file})",
            file=sys.stderr,
        )
    if args.dry_run:
        print("dry run: nothing stored", file=sys.stderr)
        return 1 if has_errors(result.problems) else 0
    user = args.user or getpass.getuser()
    try:
        # Issue 6: the command line's uploads are audited too, the event written with the files (issue 12, item 11).
        stored = accept(
            result,
            config.progress[0],
            user,
            context,
            valid_rows_only=args.accept_valid_rows,
            audit=config.auth.audit_path,
            audit_user=user + " (command line)",
            store=open_store(config),
        )
    except AcceptRefused as exc:
        print(f"{result.where}: nothing stored: {exc}", file=sys.stderr)
        return 1
    print(f"stored {stored.rows} row(s) in {stored.path} (metadata {stored.receipt.name})")
    return 0
