"""What every command shares: reading the config (refusing to go on when it is broken) and date arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from metrics.domain.problems import has_errors
from metrics.load.config import Config, load_config
from metrics.load.store_setting import FILES, STORE_ENV, shown_url


def load_config_or_report(path: Path, environ: Mapping[str, str] | None = None, schema_only: bool = False) -> Config | None:
    """The config with its problems printed to stderr, or None when one is an error: for commands that
    must not run on a broken config (they write files); the caller then exits with 2. ``schema_only``:
    read the settings without opening the store (whose tables may not exist yet)."""
    if schema_only:
        env = os.environ if environ is None else environ
        files, problems = load_config(path, {**env, STORE_ENV: FILES})
        config = replace(files, store=env.get(STORE_ENV, "").strip() or configured_store(path) or FILES)
    else:
        config, problems = load_config(path, environ)
    for problem in problems:
        print(problem, file=sys.stderr)
    if has_errors(problems):
        print(f"{path}: fix the problems above first; nothing done", file=sys.stderr)
        return None
    return config


def configured_store(path: Path) -> str:
    """``store:`` as written in config.yaml ("" when absent or unreadable), read without opening the store."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    value = data.get("store") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def say_where(path: Path) -> None:
    """Which config and store a command uses, on stderr so that standard output stays the command's own (issue 15)."""
    from_env, from_config = os.environ.get(STORE_ENV, "").strip(), configured_store(path)
    store = from_env or from_config or FILES
    source = STORE_ENV if from_env else "config" if from_config else "default"
    print(f"config: {path} · store: {shown_url(store)} (from {source})", file=sys.stderr)


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
