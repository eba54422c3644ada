"""What every command shares: reading the config (refusing to go on when it is broken) and date arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from metrics.domain.problems import has_errors
from metrics.load.config import Config, load_config


def load_config_or_report(path: Path) -> Config | None:
    """The config with its problems printed to stderr, or None when one is an error: for commands that
    must not run on a broken config (they write files); the caller then exits with 2."""
    config, problems = load_config(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if has_errors(problems):
        print(f"{path}: fix the problems above first; nothing done", file=sys.stderr)
        return None
    return config


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
