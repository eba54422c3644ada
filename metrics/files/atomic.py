"""Writing files so that a crash leaves either the old file or the new one, never half of either.

The recipe (temporary file in the same folder, fsync, rename, fsync the folder) is the one
POSIX guarantees: ``os.replace`` within one file system is atomic, and syncing the folder makes the
rename itself survive a power cut. A temporary file in another folder could sit on another disk,
where a rename is a copy.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"  # .gitignore ignores *.tmp, and no loader globs it
DATA_MODE = 0o644  # a new data file: readable by the team's other accounts (mkstemp alone would give 0600)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> Path:
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        # The mode is set before any byte is written, so a private file is never readable by others,
        # and the rename keeps it (mkstemp's 0600 would otherwise replace the file's own mode).
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def _mode_of(path: Path, mode: int | None) -> int:
    """``mode`` when given, else the mode of the file being replaced, else :data:`DATA_MODE`."""
    if mode is not None:
        return mode
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return DATA_MODE


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace (or create) ``path`` with ``data`` atomically, keeping the replaced file's mode unless ``mode`` is given."""
    folder = path.parent
    temp = _write_temp(folder, path.name, data, _mode_of(path, mode))
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def create_atomic(path: Path, data: bytes, mode: int = DATA_MODE) -> None:
    """Create ``path`` with ``data`` atomically; raise ``FileExistsError`` rather than replace a file.

    ``os.link`` fails when the target exists, so an accepted report can never be overwritten, even
    by two uploads racing for the same name.
    """
    folder = path.parent
    temp = _write_temp(folder, path.name, data, mode)
    try:
        os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(folder)
