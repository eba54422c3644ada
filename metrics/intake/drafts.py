"""A planner's unsaved milestone edits, kept on the server per user, so a browser reload can offer them back.

Streamlit keeps widget text only in the browser tab's session: a reload (F5), a closed tab or a restarted
server lost a planner's unsaved edits without a word (issue 13, item 8). A draft is stored per signed-in user
name (from the server's signed session, never from the browser) and per milestone file name (one of the files
the server lists), in one JSON file per user under the folder beside the credentials file (``.secrets/drafts``,
mode 0700, files 0600: drafts are unpublished plans). Writes are atomic and serialised with a lock file, so two
tabs of the same planner never leave half a file. Each draft keeps the text of the version it started from, so
a draft restored after a colleague saved the file is caught by the editor's changed-on-disk check rather than
silently undoing their save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from metrics.files.atomic import write_atomic

MAX_DRAFT_BYTES = 2_000_000  # a larger text is not kept (milestone files are a few dozen KB)
MAX_FILES_PER_USER = 200  # drafts kept per user; the oldest go first
FOLDER_NAME = "drafts"


@dataclass(frozen=True)
class Draft:
    """Unsaved text of one milestone file, with the version it was edited from."""

    file: str  # the milestone file's name (teachers.yaml)
    text: str
    base_text: str  # the file's text when the planner opened it
    base_sha256: str  # that version's hash (empty: the file did not exist)
    saved_at: str  # ISO 8601, UTC, when the draft was last written


def drafts_folder(credentials_path: Path) -> Path:
    """Where drafts live: beside the credentials file (``.secrets/drafts``)."""
    return credentials_path.parent / FOLDER_NAME


class DraftStore:
    """Drafts of every user, one JSON file per user in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, user: str) -> Path:
        # The user name is hashed: any name a provider sends becomes a safe file name, and names are not listed.
        return self.folder / (hashlib.sha256(user.encode("utf-8")).hexdigest()[:40] + ".json")

    def _read(self, user: str) -> dict[str, Draft]:
        try:
            body = json.loads(self._path(user).read_text(encoding="utf-8"))
            return {name: Draft(**fields) for name, fields in body.get("drafts", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # none yet, or damaged: a draft is a convenience, never a reason to refuse the editor

    @contextlib.contextmanager
    def _locked(self, user: str) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = self._path(user).with_suffix(".lock")
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _write(self, user: str, drafts: dict[str, Draft]) -> None:
        kept = sorted(drafts.values(), key=lambda d: d.saved_at)[-MAX_FILES_PER_USER:]
        body = json.dumps({"drafts": {d.file: asdict(d) for d in kept}}, ensure_ascii=False, sort_keys=True)
        write_atomic(self._path(user), body.encode("utf-8"), mode=0o600)

    def get(self, user: str, file: str) -> Draft | None:
        """The user's draft of ``file``, if any."""
        return self._read(user).get(file)

    def put(self, user: str, file: str, text: str, base_text: str, base_sha256: str) -> Draft | None:
        """Keep ``text`` as the user's draft of ``file`` (edited from ``base_text``); None when too large to keep."""
        if len(text.encode("utf-8")) + len(base_text.encode("utf-8")) > MAX_DRAFT_BYTES:
            return None
        draft = Draft(file, text, base_text, base_sha256, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        with self._locked(user):
            drafts = self._read(user)
            drafts[file] = draft
            self._write(user, drafts)
        return draft

    def drop(self, user: str, file: str) -> None:
        """Forget the user's draft of ``file`` (saved, discarded, or back to the file's text)."""
        with self._locked(user):
            drafts = self._read(user)
            if drafts.pop(file, None) is not None:
                self._write(user, drafts)


def saved_at_text(draft: Draft) -> str:
    """When the draft was last kept, in the server's local time (``2026-11-26 16:45``)."""
    try:
        return dt.datetime.fromisoformat(draft.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return draft.saved_at
