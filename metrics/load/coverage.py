"""Document coverage (issue 11): each reform document clause by clause, and which of its tasks milestones track.

``data/documents/<document id>.yaml`` holds a document's bundled text clause by clause; each clause
lists the distinct tasks it sets, each quoting the clause. A task is *tracked* by every milestone of
the same document and clause whose quote overlaps the task's quote as stretches of the clause text;
a task that no milestone tracks needs a ``not_tracked`` reason, and a reason on a tracked task is
stale. Milestones come in as plain tuples, so this module does not depend on the Milestone model.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, Position, YamlLimits, load_located_yaml
from metrics.load.fields import Fields, shown
from metrics.load.milestones import ID_EXPECTED, ID_PATTERN
from metrics.load.shapes import Bilingual, ListOf, Needs, Record, Text, YamlFile

# The clause ids of milestone spec v2: a paragraph, an ordinal inside one, a numbered requirement, a numbered item.
CLAUSE_PATTERN = re.compile(
    r"para\. [1-9][0-9]*(, (First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth))?"
    r"|\([1-9][0-9]*\)|[IVX]+\.[1-9][0-9]*"
)
CLAUSE_EXPECTED = "a clause id such as para. 2, para. 3, First, (4) or II.4"
# A coverage file's fields, declared once: the loader reads them as declared, and
# schemas/documents.schema.json is built from them.
TASK = Record(
    {
        "id": Text(ID_EXPECTED, ID_PATTERN),
        "name": Bilingual(),
        "quote": Text("a verbatim passage of the clause's text"),
        "not_tracked": Bilingual(required=False),
    },
    name="task",
)
NEEDS_CLAUSE_NOTE = Needs("note", "tasks", ([],))  # a clause with no task says why
CLAUSE = Record(
    {
        "id": Text(CLAUSE_EXPECTED, CLAUSE_PATTERN),
        "title": Bilingual(),
        "text": Text("the clause's text, verbatim from the bundled document"),
        "tasks": ListOf(TASK, noun="a task"),
        "note": Bilingual(required=False),
    },
    rules=(NEEDS_CLAUSE_NOTE,),
    name="clause",
)
DOCUMENT_FILE = Record(
    {"document": Text("a document id from sources.yaml", ID_PATTERN), "clauses": ListOf(CLAUSE, min_items=1, noun="a clause")},
    expected="a mapping with 'document' and 'clauses'",
)
DOCUMENTS_FILE = YamlFile("documents", "A reform document clause by clause (documents/<document id>.yaml)", DOCUMENT_FILE)
FILE_FIELDS = DOCUMENT_FILE.names
CLAUSE_FIELDS = CLAUSE.names
TASK_FIELDS = TASK.names
TASK_COLUMNS = ("document", "clause", "task", "tracked", "milestones", "reason")
COUNT_COLUMNS = ("document", "clauses", "tasks", "tracked", "not_tracked")

MilestoneRef = tuple[str, str, str, str]  # (milestone id, document id, clause id, English quote)
Span = tuple[int, int]  # [start, end) in the clause text with whitespace normalised


@dataclass(frozen=True)
class Task:
    """One task a clause sets, with the stretch of the clause text its quote covers."""

    id: str
    name: dict[str, str]
    quote: str
    span: Span
    not_tracked: dict[str, str] | None
    field: str  # e.g. clauses[3].tasks[1], for located problems
    position: Position
    reason_position: Position


@dataclass(frozen=True)
class Clause:
    """One clause of a document: its id, a short name, its verbatim text and its tasks."""

    id: str
    title: dict[str, str]
    text: str
    tasks: tuple[Task, ...]
    note: dict[str, str] | None
    field: str
    position: Position
    text_position: Position


@dataclass(frozen=True)
class Document:
    """A reform document's coverage file, as loaded."""

    id: str
    path: str
    clauses: tuple[Clause, ...]
    clauses_position: Position = (1, 1)

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


class TaskCoverage(NamedTuple):
    """One row of ``Coverage.tasks`` (its columns, TASK_COLUMNS)."""

    document: str
    clause: str
    task: str
    tracked: bool
    milestones: tuple[str, ...]  # the milestones that track it, sorted
    reason: dict[str, str] | None  # why it is not tracked (None when tracked)


@dataclass
class Coverage:
    """Per task: tracked or not, by which milestones, or why not; counts per document; problems found."""

    tasks: pd.DataFrame
    counts: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def by_task(self) -> dict[tuple[str, str, str], TaskCoverage]:
        """Each task's row, by (document, clause, task)."""
        rows = (TaskCoverage(*row) for row in self.tasks.itertuples(index=False))
        return {(r.document, r.clause, r.task): r for r in rows}

    def document_counts(self, document: str) -> dict[str, int]:
        """A document's row of ``counts``: clauses, tasks, tracked, not_tracked."""
        row = self.counts[self.counts["document"] == document].iloc[0]
        return {key: int(row[key]) for key in COUNT_COLUMNS[1:]}


def normalise(text: str) -> str:
    """Whitespace runs as one space, ends stripped: quotes are compared on this form only."""
    return " ".join(text.split())


def find_span(quote: str, text: str) -> Span | None:
    """Where ``quote`` first lies in ``text``, both whitespace-normalised, or ``None``."""
    needle, haystack = normalise(quote), normalise(text)
    start = haystack.find(needle) if needle else -1
    return (start, start + len(needle)) if start >= 0 else None


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def documents_folder(sources: Path) -> Path:
    """The coverage files live beside sources.yaml, in ``documents/``."""
    return sources.parent / "documents"


def document_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_documents(
    folder: Path, source_ids: Iterable[str] | None = None, limits: YamlLimits = YamlLimits()
) -> tuple[dict[str, Document], list[Problem]]:
    """Every coverage file in ``folder``, in the order of ``source_ids``; no folder means coverage is off.

    When the folder exists, each document of sources.yaml needs its file there.
    """
    if not folder.is_dir():
        return {}, []
    known = list(source_ids) if source_ids is not None else None
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    for path in document_files(folder):
        document, found = load_document_file(path, known, limits)
        problems += found
        if document is not None:
            documents[document.id] = document
    for sid in known or []:
        if sid not in documents and not any(p.stem == sid for p in document_files(folder)):
            missing = ProblemList(folder / f"{sid}.yaml")
            missing.add(
                "",
                msg("problem.no_coverage_file", id=shown(sid)),
            )
            problems += missing
    if known is not None:
        documents = dict(sorted(documents.items(), key=lambda kv: known.index(kv[0]) if kv[0] in known else len(known)))
    return documents, problems


def load_document_file(
    path: Path, source_ids: Iterable[str] | None = None, limits: YamlLimits = YamlLimits()
) -> tuple[Document | None, list[Problem]]:
    """One coverage file; clauses and tasks with problems are left out, the rest loads."""
    data, problems = load_located_yaml(path, limits)
    if data is None:
        return None, list(problems)
    if not isinstance(data, LocatedDict):
        problems.add("", msg("problem.coverage_file_shape"), 1, 1)
        return None, list(problems)
    top = Fields(data, problems)
    rt = DOCUMENT_FILE.on(top)
    rt.check_unknown()
    before = len(problems)
    doc_id = rt.text("document")
    if doc_id is not None and doc_id != path.stem:
        top.report("document", msg("problem.not_the_file_name", value=shown(doc_id), expected=shown(path.stem)))
    known = list(source_ids) if source_ids is not None else None
    if doc_id is not None and known is not None and doc_id not in known:
        top.report(
            "document",
            msg("problem.not_in_sources", value=shown(doc_id), known=", ".join(known) or msg("problem.none_loaded_document")),
        )
    items = rt.list_of("clauses")
    if items is not None and not items:
        top.report("clauses", msg("problem.no_clauses"))
    if len(problems) > before or doc_id is None or items is None:
        return None, list(problems)
    clauses: list[Clause] = []
    task_ids: dict[str, int] = {}
    for index, item in enumerate(items):
        clause = _read_clause(item, index, items, problems, task_ids)
        if clause is None:
            continue
        if any(c.id == clause.id for c in clauses):
            first = next(c for c in clauses if c.id == clause.id)
            problems.add(
                f"{clause.field}.id",
                msg("problem.duplicate_clause", id=shown(clause.id), line=first.position[0]),
                *item.pos("id"),
            )
            continue
        clauses.append(clause)
    return Document(doc_id, problems.path, tuple(clauses), items.position), list(problems)


def _read_clause(item: object, index: int, items: LocatedList, problems: ProblemList, task_ids: dict[str, int]) -> Clause | None:
    name = f"clauses[{index}]"
    if not isinstance(item, LocatedDict):
        problems.add(
            name, msg("problem.item_not_a_mapping", value=shown(item), expected=msg("expect.clause_item")), *items.pos(index)
        )
        return None
    before = len(problems)
    f = Fields(item, problems, name)
    r = CLAUSE.on(f)
    r.check_unknown()
    cid = r.text("id")
    title = r.bilingual("title")
    text = r.text("text")
    tasks_list = r.list_of("tasks")
    note = r.bilingual("note")
    if NEEDS_CLAUSE_NOTE.unmet(item):
        f.report("tasks", msg("problem.clause_without_note"))
    if len(problems) > before or cid is None or title is None or text is None or tasks_list is None:
        return None
    tasks: list[Task] = []
    for t_index, t_item in enumerate(tasks_list):
        task = _read_task(t_item, t_index, tasks_list, f"{name}.tasks[{t_index}]", cid, text, problems)
        if task is None:
            continue
        if task.id in task_ids:
            problems.add(
                f"{task.field}.id",
                msg("problem.duplicate_task", id=shown(task.id), line=task_ids[task.id]),
                *t_item.pos("id"),
            )
            continue
        clash = next((other for other in tasks if overlaps(other.span, task.span)), None)
        if clash is not None:
            problems.add(
                f"{task.field}.quote",
                msg("problem.task_quotes_overlap", id=shown(clash.id)),
                *t_item.pos("quote"),
            )
            continue
        task_ids[task.id] = task.position[0]
        tasks.append(task)
    return Clause(cid, title, text, tuple(tasks), note, name, item.position, item.pos("text"))


def _read_task(
    item: object, index: int, items: LocatedList, name: str, clause_id: str, text: str, problems: ProblemList
) -> Task | None:
    if not isinstance(item, LocatedDict):
        problems.add(
            name, msg("problem.item_not_a_mapping", value=shown(item), expected=msg("expect.task_item")), *items.pos(index)
        )
        return None
    before = len(problems)
    f = Fields(item, problems, name)
    r = TASK.on(f)
    r.check_unknown()
    tid = r.text("id")
    task_name = r.bilingual("name")
    quote = r.text("quote")
    reason = r.bilingual("not_tracked")
    span = find_span(quote, text) if quote is not None else None
    if quote is not None and span is None:
        f.report(
            "quote",
            msg("problem.task_quote_not_in_clause", value=shown(quote), clause=clause_id),
        )
    if len(problems) > before or tid is None or task_name is None or quote is None or span is None:
        return None
    return Task(tid, task_name, quote, span, reason, name, item.position, item.pos("not_tracked"))


def quote_text(quote: object) -> str:
    """The English quote of a milestone: a plain string today, ``{en: ..., zh: ...}`` in milestone format v2."""
    if isinstance(quote, str):
        return quote
    value = quote.get("en") if isinstance(quote, Mapping) else getattr(quote, "en", None)
    return value if isinstance(value, str) else ""


def milestone_refs(milestones: Iterable[Any]) -> list[MilestoneRef]:
    """(id, document, clause, English quote) of loaded milestones: fields on the milestone or on its ``source``."""
    refs = []
    for m in milestones:
        source = getattr(m, "source", None) or m
        refs.append(
            (
                str(m.id),
                str(getattr(source, "document", "")),
                str(getattr(source, "clause", "")),
                quote_text(getattr(source, "quote", "")),
            )
        )
    return refs


def milestone_refs_from_files(paths: Iterable[Path], limits: YamlLimits = YamlLimits()) -> list[MilestoneRef]:
    """The same tuples read straight from milestone files (``source.document``, ``.clause``, ``.quote``).

    Items without an id or a source are skipped silently: the milestone loader reports them.
    """
    refs = []
    for path in paths:
        data, _ = load_located_yaml(path, limits)
        items = data.get("milestones") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            source = item.get("source") if isinstance(item, dict) else None
            if not isinstance(source, dict) or not isinstance(item.get("id"), str):
                continue
            refs.append(
                (item["id"], str(source.get("document", "")), str(source.get("clause", "")), quote_text(source.get("quote", "")))
            )
    return refs


def compute_coverage(documents: Mapping[str, Document], milestones: Iterable[MilestoneRef]) -> Coverage:
    """Which task each milestone tracks, per task and per document, with the problems of the rules above.

    Milestones of a document without a coverage file are not counted (the missing file is reported).
    """
    tracking: dict[tuple[str, str, str], list[str]] = {}
    problems: list[Problem] = []
    for mid, doc_id, clause_id, quote in milestones:
        document = documents.get(doc_id)
        if document is None:
            continue
        found = ProblemList(document.path)
        clause = document.clause(clause_id)
        if clause is None:
            ids = [c.id for c in document.clauses]
            close = difflib.get_close_matches(clause_id, ids, n=1, cutoff=0.5)
            found.add(
                "clauses",
                msg(
                    "problem.unknown_clause_hint",
                    milestone=shown(mid),
                    clause=shown(clause_id),
                    hint=shown(close[0]),
                    ids=", ".join(ids),
                )
                if close
                else msg("problem.unknown_clause", milestone=shown(mid), clause=shown(clause_id), ids=", ".join(ids)),
                *document.clauses_position,
            )
            problems += found
            continue
        span = find_span(quote, clause.text)
        if span is None:
            elsewhere = next((c.id for c in document.clauses if find_span(quote, c.text)), None)
            found.add(
                f"{clause.field}.text",
                msg("problem.quote_elsewhere", milestone=shown(mid), quote=shown(quote), clause=clause.id, elsewhere=elsewhere)
                if elsewhere
                else msg("problem.quote_not_in_clause", milestone=shown(mid), quote=shown(quote), clause=clause.id),
                *clause.text_position,
            )
            problems += found
            continue
        for task in clause.tasks:
            if overlaps(span, task.span):
                tracking.setdefault((doc_id, clause.id, task.id), []).append(mid)
    rows = []
    counts = []
    for document in documents.values():
        found = ProblemList(document.path)
        tracked_here = 0
        n_tasks = 0
        for clause in document.clauses:
            for task in clause.tasks:
                by = tuple(sorted(tracking.get((document.id, clause.id, task.id), [])))
                n_tasks += 1
                tracked_here += bool(by)
                if by and task.not_tracked is not None:
                    found.add(
                        f"{task.field}.not_tracked",
                        msg("problem.tracked_with_reason", id=shown(task.id), milestones=", ".join(by)),
                        *task.reason_position,
                    )
                elif not by and task.not_tracked is None:
                    found.add(
                        task.field,
                        msg(
                            "problem.untracked_without_reason",
                            id=shown(task.id),
                            document=document.id,
                            clause=clause.id,
                            quote=shown(task.quote),
                        ),
                        *task.position,
                    )
                rows.append((document.id, clause.id, task.id, bool(by), by, None if by else task.not_tracked))
        counts.append((document.id, len(document.clauses), n_tasks, tracked_here, n_tasks - tracked_here))
        problems += found
    tasks = pd.DataFrame(rows, columns=list(TASK_COLUMNS)).astype({"tracked": bool})
    count_frame = pd.DataFrame(counts, columns=list(COUNT_COLUMNS))
    return Coverage(tasks, count_frame, problems)
