"""Helpers for tests that write: a private copy of data/ and config.yaml, and a fingerprint of it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_data(tmp_path: Path) -> Path:
    """Copy data/ and config.yaml under ``tmp_path``; returns the copied config's path."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path / "config.yaml"


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones too) with the sha256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }
