"""Editing milestone files safely: check the text, show the diff, save atomically with history.

Two planners may open the same file. Each save carries the hash of the text that was opened; if the
file on disk no longer has that hash, the save is refused and both versions are returned, so nobody
overwrites a colleague's edit silently. The previous version is copied to a history folder first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import hashlib
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import yaml

from metrics.domain.measures import Measure
from metrics.domain.messages import msg
from metrics.domain.model import Milestone
from metrics.domain.problems import Problem, display_path, has_errors
from metrics.files.atomic import create_atomic, write_atomic
from metrics.files.located_yaml import YamlLimits
from metrics.load.config import Config
from metrics.load.measure_kinds import MEASURE_KINDS
from metrics.load.milestones import ID_PATTERN, Catalogues, load_catalogues, load_milestones, milestone_files


class MilestoneStore(Protocol):
    """Where milestone versions are kept when not in the folder alone: a metrics.store.Store (issue 15)."""

    kind: str

    def save_milestone(
        self, opened: OpenedFile, text: str, context: EditContext, now: dt.datetime | None = None, user: str = ""
    ) -> Saved: ...


HISTORY_FOLDER = ".history"  # inside the milestones folder; milestone_files() does not descend into it


@dataclass(frozen=True)
class EditContext:
    """What a milestone file is checked against: the other files, the documents and the provinces."""

    folder: Path
    refs: Catalogues
    limits: YamlLimits = YamlLimits()
    # Reports per milestone id (demo reports included): an id in use cannot be renamed or deleted.
    report_counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def history(self) -> Path:
        return self.folder / HISTORY_FOLDER

    @property
    def source_ids(self) -> frozenset[str]:
        return frozenset(self.refs.source_ids or ())

    @property
    def provinces(self) -> frozenset[str]:
        return frozenset(self.refs.provinces or ())


def edit_context(config: Config, reports: pd.DataFrame | None = None) -> EditContext:
    """What saves are checked against; ``reports`` are the loaded reports (read from the data when not given)."""
    refs, _ = load_catalogues(config)
    if reports is None:
        from metrics.load.dataset import load_dataset  # only callers without a loaded dataset pay for a load

        reports = load_dataset(config).reports
    counts = {str(k): int(v) for k, v in reports["milestone"].value_counts().items()} if len(reports) else {}
    return EditContext(config.milestones, refs, config.limits.yaml, counts)


@dataclass(frozen=True)
class OpenedFile:
    """A milestone file as a planner opened it; ``sha256`` is empty for a file not yet on disk."""

    path: Path
    text: str
    sha256: str


@dataclass
class TextCheck:
    """The milestones a text would define and every problem in it, located in that text."""

    milestones: dict[str, Milestone] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    in_use: dict[str, int] = field(default_factory=dict)  # ids with reports that the text renames or deletes

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


class SaveRefused(Exception):
    """The text was not saved; ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class ChangedOnDisk(Exception):
    """Someone saved the file after it was opened: both versions, for the planner to merge by hand."""

    def __init__(self, path: Path, opened: str, on_disk: str) -> None:
        super().__init__(
            f"{display_path(path)} changed on disk since it was opened (expected the version you opened; "
            "copy your edits, reload the file and apply them again)"
        )
        self.path = path
        self.opened = opened
        self.on_disk = on_disk


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def open_file(path: Path) -> OpenedFile:
    """Read a milestone file for editing (a missing file opens empty, to be created)."""
    if not path.exists():
        return OpenedFile(path, "", "")
    raw = path.read_bytes()
    return OpenedFile(path, raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest())


def _load_text(path: Path, text: str, context: EditContext) -> tuple[dict[str, Milestone], list[Problem]]:
    """The milestones ``text`` defines and its problems, as if it were saved at ``path``."""
    shown_path = display_path(path)
    with tempfile.TemporaryDirectory() as tmp:
        temp = Path(tmp) / path.name
        temp.write_text(text, encoding="utf-8")
        loaded = load_milestones([temp], context.refs, context.limits)
        temp_shown = display_path(temp)
    # The loader names the file it read (the temporary copy, deleted by now) in paths and in messages such
    # as "first defined at ...": both are put back to the planner's own file.
    problems = [
        replace(
            p.replace_text(temp_shown, shown_path).replace_text(str(temp), shown_path),
            path=shown_path if p.path == temp_shown else p.path,
        )
        for p in loaded.problems
    ]
    return {k: replace(m, file=shown_path) for k, m in loaded.milestones.items()}, problems


def check_text(path: Path, text: str, context: EditContext, previous: str | None = None) -> TextCheck:
    """Check ``text`` as if it were saved at ``path``: the same loader, messages located in the text.

    With ``previous`` (the saved version), an id it defines that has reports and that ``text`` no longer
    defines is a problem: the reports are stored by id, so they would vanish from every view.
    """
    shown_path = display_path(path)
    milestones, problems = _load_text(path, text, context)
    in_use: dict[str, Problem] = {}
    if previous is not None and previous.strip():
        in_use = _ids_in_use(shown_path, _load_text(path, previous, context)[0], milestones, text, context)
        problems += in_use.values()
    # Ids must be unique across all files: compare with every other file in the folder.
    others = [p for p in milestone_files(context.folder) if p.resolve() != path.resolve()]
    reference = load_milestones(others, context.refs, context.limits).milestones
    for mid, milestone in list(milestones.items()):
        other = reference.get(mid)
        if other is not None:
            problems.append(
                Problem.of(
                    shown_path,
                    milestone.line,
                    None,
                    "id",
                    msg("problem.duplicate_milestone", id=f"'{mid}'", where=f"{other.file}:{other.line}"),
                )
            )
            del milestones[mid]
    return TextCheck(
        milestones,
        sorted(problems, key=lambda p: (p.line or 0, p.column or 0)),
        {mid: context.report_counts[mid] for mid in in_use},
    )


def _ids_in_use(
    shown_path: str, before: Mapping[str, Milestone], after: Mapping[str, Milestone], text: str, context: EditContext
) -> dict[str, Problem]:
    """Ids of the saved version that have reports and are gone from the edited text (renamed or deleted).

    Refused rather than carried over with a ``renamed_from``: reports are append-only files keyed by id,
    and every view, export and cache would have to learn a second name for the same milestone.
    """
    problems: dict[str, Problem] = {}
    for mid, milestone in before.items():
        used = context.report_counts.get(mid, 0)
        # An id still written in the text but failing to load is reported by the loader at its own line.
        if mid in after or not used or re.search(rf"\bid:\s*['\"]?{re.escape(mid)}['\"]?\s*$", text, re.MULTILINE):
            continue
        problems[mid] = Problem.of(shown_path, milestone.line, None, "id", msg("problem.id_in_use", id=f"'{mid}'", n=used))
    return problems


def diff_text(old: str, new: str, name: str) -> str:
    """A unified diff of the saved text against the edited one (empty when equal)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"{name} (saved)", tofile=f"{name} (edited)"
    )
    return "".join(lines)


@dataclass(frozen=True)
class Saved:
    path: Path
    history_copy: Path | None  # where the previous version was kept (None for a new file)


def save_file(
    opened: OpenedFile,
    text: str,
    context: EditContext,
    now: dt.datetime | None = None,
    store: MilestoneStore | None = None,
    user: str = "",
) -> Saved:
    """Save an edited text: refuse invalid text or a file changed since it was opened; keep the old version.

    With a PostgreSQL ``store`` (issue 15) the version check, the checks and the new version are one
    transaction under the store's lock, so a planner on another server who opened an older version is
    refused just the same; ``user`` is recorded with the version.
    """
    if store is not None and store.kind != "files":
        return store.save_milestone(opened, text, context, now, user)
    check = check_text(opened.path, text, context, previous=opened.text)  # refuse early, before waiting for the lock
    if not check.ok:
        raise SaveRefused([p for p in check.problems if p.severity == "error"])
    history = context.history
    history.mkdir(parents=True, exist_ok=True)
    # One lock for the whole milestones folder makes "compare hash, check, copy to history, replace" one
    # step for concurrent savers of any file, across processes (flock).
    with open(history / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = open_file(opened.path)
        if current.sha256 != opened.sha256:
            raise ChangedOnDisk(opened.path, opened.text, current.text)
        # Checked again under the lock (issue 12, item 12): ids are unique across files, and another
        # planner may have saved another file with the same new id since the check above.
        check = check_text(opened.path, text, context, previous=current.text)
        if not check.ok:
            raise SaveRefused([p for p in check.problems if p.severity == "error"])
        copy: Path | None = None
        if current.sha256:
            stamp = (now or dt.datetime.now()).strftime("%Y%m%dT%H%M%S%f")
            copy = history / f"{opened.path.stem}.{stamp}{opened.path.suffix}"
            create_atomic(copy, opened.path.read_bytes())
        write_atomic(opened.path, text.encode("utf-8"))
    return Saved(opened.path, copy)


def history_versions(path: Path, context: EditContext) -> list[Path]:
    """Earlier versions of a file kept by :func:`save_file`, newest first."""
    if not context.history.is_dir():
        return []
    pattern = re.compile(re.escape(path.stem) + r"\.\d{8}T\d{12}" + re.escape(path.suffix))
    return sorted((p for p in context.history.iterdir() if pattern.fullmatch(p.name)), reverse=True)


# --- the new-milestone form -------------------------------------------------------------------

FORM_FIELDS = (
    "id",
    "title_en",
    "title_zh",
    "applies_to",
    "document",
    "clause",
    "quote_en",
    "quote_zh",
    "zh_origin",
    "zh_url",
    "evidence_en",
    "evidence_zh",
    "kind",
    "unit",
    "denominator_en",
    "denominator_zh",
    "direction",
    "cumulative",
    "ladder",
    "baseline_date",
    "baseline_value",
    "baseline_basis",
    "checkpoints",
    "target_date",
    "target_value",
    "target_basis",
    "responsible",
)
# A point's basis in the form: {"basis": ..., "publication": ..., "note_en": ..., "note_zh": ...}; each
# checkpoint is {"date": ..., "value": ..., "basis": {...}}.


def _scalar(value: Any) -> str:
    """One YAML scalar: ids and dates bare, numbers plain, any other text double-quoted (JSON is valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # a date: bare, so YAML reads it as one
    if ID_PATTERN.fullmatch(text) and not re.fullmatch(r"[\d.eE+-]+|true|false|yes|no|on|off|null|y|n", text, re.I):
        return text
    return json.dumps(text, ensure_ascii=False)


def _value(kind: type[Measure], value: Any) -> str:
    return _scalar(kind.form_value(value))


def _bilingual(en: Any, zh: Any) -> str:
    return f"{{en: {_scalar(en or '')}, zh: {_scalar(zh or '')}}}"


def _point(date: Any, value: str, basis: Mapping[str, Any] | None) -> str:
    """One point as a flow mapping: date, value and its basis (with publication or note where given)."""
    basis = basis or {}
    parts = [f"date: {_scalar(date or '')}", f"value: {value}", f"basis: {_scalar(basis.get('basis') or 'assumption')}"]
    if basis.get("publication"):
        parts.append(f"publication: {_scalar(basis['publication'])}")
    if basis.get("note_en") or basis.get("note_zh"):
        parts.append(f"note: {_bilingual(basis.get('note_en'), basis.get('note_zh'))}")
    return "{" + ", ".join(parts) + "}"


def milestone_yaml(form: Mapping[str, Any], indent: int = 2) -> str:
    """The YAML block of one milestone list item from the form's plain dict, indented like the file."""
    kind = str(form.get("kind", next(iter(MEASURE_KINDS))))
    measure = MEASURE_KINDS.get(kind, next(iter(MEASURE_KINDS.values())))  # an unknown kind: the loader names it
    pad = " " * indent
    lines = [
        f"{pad}- id: {_scalar(form.get('id', ''))}",
        f"{pad}  title: {_bilingual(form.get('title_en'), form.get('title_zh'))}",
    ]
    provinces: Sequence[str] = form.get("applies_to") or []
    if provinces:
        lines.append(f"{pad}  applies_to: [{', '.join(_scalar(p) for p in provinces)}]")
    lines += [
        f"{pad}  source:",
        f"{pad}    document: {_scalar(form.get('document', ''))}",
        f"{pad}    clause: {json.dumps(str(form.get('clause', '')), ensure_ascii=False)}",
        f"{pad}    quote:",
        f"{pad}      en: {json.dumps(str(form.get('quote_en', '')), ensure_ascii=False)}",
        f"{pad}      zh: {json.dumps(str(form.get('quote_zh', '')), ensure_ascii=False)}",
        f"{pad}      zh_origin: {_scalar(form.get('zh_origin') or 'translated')}",
    ]
    if form.get("zh_url"):
        lines.append(f"{pad}      zh_url: {json.dumps(str(form['zh_url']), ensure_ascii=False)}")
    lines += [
        f"{pad}  evidence: {_bilingual(form.get('evidence_en'), form.get('evidence_zh'))}",
        f"{pad}  measure:",
        f"{pad}    kind: {_scalar(kind)}",
    ]
    for key, value in measure.yaml_fields(form):
        lines.append(
            f"{pad}    {key}: {_bilingual(value.get('en'), value.get('zh')) if isinstance(value, dict) else _scalar(value)}"
        )
    lines.append(
        f"{pad}  baseline: "
        f"{_point(form.get('baseline_date'), _value(measure, form.get('baseline_value', '')), form.get('baseline_basis'))}"
    )
    checkpoints = form.get("checkpoints") or []
    if checkpoints:
        lines.append(f"{pad}  checkpoints:")
        for point in checkpoints:
            lines.append(f"{pad}    - {_point(point['date'], _value(measure, point['value']), point.get('basis'))}")
    lines.append(
        f"{pad}  target: "
        f"{_point(form.get('target_date'), _value(measure, form.get('target_value', '')), form.get('target_basis'))}"
    )
    bodies = [b for b in form.get("responsible") or [] if b.get("en") or b.get("zh")]
    if bodies:
        lines.append(f"{pad}  responsible:")
        for body in bodies:
            lines.append(f"{pad}    - {_bilingual(body.get('en'), body.get('zh'))}")
    return "\n".join(lines) + "\n"


def _milestones_layout(text: str) -> tuple[int, int | None]:
    """The indent of the file's milestone items and the line (0-based) where the list ends, if not at the end."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 2, None
    if not isinstance(root, yaml.MappingNode):
        return 2, None
    keys = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)]
    for index, (key, value) in enumerate(keys):
        if key.value != "milestones":
            continue
        indent = value.start_mark.column if isinstance(value, yaml.SequenceNode) and value.value else 2
        if index + 1 < len(keys):
            return indent, keys[index + 1][0].start_mark.line
        return indent, None
    return 2, None


def insert_milestone(text: str, form: Mapping[str, Any]) -> str:
    """The file's text with a new milestone added at the end of its list; comments and order untouched."""
    indent, end_line = _milestones_layout(text)
    block = milestone_yaml(form, indent)
    if not text.strip():
        return "milestones:\n" + block
    if "milestones:" not in text:
        return text.rstrip("\n") + "\nmilestones:\n" + block
    lines = text.splitlines(keepends=True)
    if end_line is None:
        body = text if text.endswith("\n") else text + "\n"
        return body + ("\n" if body.strip() and not body.endswith("\n\n") else "") + block
    # Comments just above the next top-level key belong to that key: insert above them.
    at = end_line
    while at > 0 and (lines[at - 1].lstrip().startswith("#") or not lines[at - 1].strip()):
        at -= 1
    return "".join(lines[:at]) + "\n" + block + "".join(lines[at:])


@dataclass
class NewMilestone:
    """The file text with the new milestone, and its check (which must add exactly that milestone)."""

    text: str
    check: TextCheck


def add_milestone(opened: OpenedFile, form: Mapping[str, Any], context: EditContext) -> NewMilestone:
    """Insert the form's milestone into the opened text and re-load it to prove nothing else changed."""
    before = check_text(opened.path, opened.text, context) if opened.text.strip() else TextCheck()
    text = insert_milestone(opened.text, form)
    check = check_text(opened.path, text, context)
    mid = str(form.get("id", ""))
    if check.ok:
        if set(check.milestones) != set(before.milestones) | {mid}:
            check.problems.append(Problem.of(display_path(opened.path), None, None, "id", msg("problem.insert_not_alone")))
        else:
            for key, old in before.milestones.items():
                if replace(check.milestones[key], line=old.line) != old:
                    check.problems.append(
                        Problem.of(display_path(opened.path), old.line, None, key, msg("problem.insert_changed"))
                    )
    return NewMilestone(text, check)
