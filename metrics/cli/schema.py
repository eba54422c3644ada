"""``python -m metrics schema``: write (or check) the JSON Schemas of the YAML data files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from metrics.domain.problems import display_path
from metrics.load.schema import SCHEMA_FOLDER, stale_schemas, write_schemas


def add_schema_command(sub: Any) -> None:
    p = sub.add_parser(
        "schema", help="write the JSON Schemas of the YAML data files (schemas/*.schema.json) from the loader's declarations"
    )
    p.add_argument("--output", type=Path, default=SCHEMA_FOLDER, help="folder of the schema files (default: schemas/)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema file is missing or out of date")


def run_schema_command(args: argparse.Namespace) -> int:
    if args.check:
        stale = stale_schemas(args.output)
        for path in stale:
            print(f"{display_path(path)}: out of date (run python -m metrics schema)", file=sys.stderr)
        return 1 if stale else 0
    written = write_schemas(args.output)
    for path in written:
        print(f"wrote {display_path(path)}")
    if not written:
        print("schemas are up to date", file=sys.stderr)
    return 0
