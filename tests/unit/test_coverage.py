"""Document coverage (issue 11): the coverage files, their located problems, which task milestones track,
and the clause ids checked against the bundled seed texts."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from metrics.load.coverage import (
    compute_coverage,
    documents_folder,
    load_documents,
    milestone_refs,
    milestone_refs_from_files,
    quote_text,
)
from metrics.load.milestones import milestone_files
from metrics.load.sources import load_sources
from tests.conftest import ROOT, TEST_DATA

BROKEN = TEST_DATA / "with-problems" / "documents"
DOCUMENTS = ROOT / "data" / "documents"
SEEDS = ROOT.parent / "shared" / "seeds"
SPEC_CLAUSES = {  # spec-milestones-v2.md, "Clause ids per document"
    "xi-instructions-2021": ["para. 1", "para. 2", "para. 3"],
    "opinions-2022": ["I.1", "I.2", "II.3", "II.4", "II.5", "III.6"],
    "guangdong-conference-2021": ["para. 1", "para. 2", "para. 3", "para. 4"],
    "liaoning-conference-2021": [
        "para. 1",
        "para. 2",
        "para. 3",
        "para. 3, First",
        "para. 3, Second",
        "para. 3, Third",
        "para. 3, Fourth",
        "para. 3, Fifth",
        "para. 4",
        "para. 5",
    ],
    "quality-conference-2019": ["para. 1", "para. 2", "para. 3", "para. 4", "(1)", "(2)", "(3)", "(4)", "(5)", "para. 5"],
}
TOY = "tests/data/with-problems/documents/valid/toy.yaml"


def toy(milestones: list[tuple[str, str, str, str]]):
    documents, problems = load_documents(BROKEN / "valid", ["toy"])
    assert problems == []
    return compute_coverage(documents, milestones)


# --- the coverage files and their located problems -------------------------------------------------------


def test_a_valid_file_loads_its_clauses_and_tasks() -> None:
    documents, problems = load_documents(BROKEN / "valid", ["toy"])
    assert problems == []
    (clause_1, clause_2) = documents["toy"].clauses
    assert (clause_1.id, clause_1.tasks, clause_1.note) == (
        "para. 1",
        (),
        {"en": "Narrative: no task.", "zh": "叙述性内容，没有任务。"},
    )
    assert [t.id for t in clause_2.tasks] == ["teachers", "textbooks"]
    assert clause_2.tasks[1].not_tracked == {"en": "A national body's task.", "zh": "国家层面任务。"}


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (
            "task-quote-not-in-text",
            [
                "17:16: clauses[1].tasks[1].quote: 'refine the textbook selection' is not in the text of "
                "clause (1) (expected a verbatim passage of the clause's text; whitespace may differ)"
            ],
        ),
        (
            "clause-without-note",
            [
                "6:12: clauses[0].tasks: a clause with no task needs a note (expected note: {en: ..., zh: ...} "
                "saying why it sets no task)"
            ],
        ),
        (
            "document-not-the-file-name",
            [
                "1:11: document: 'toy-2019' does not match the file name (expected 'toy')",
                "1:11: document: 'toy-2019' is not in sources.yaml (expected one of: toy)",
            ],
        ),
        (
            "bad-clause-id",
            [
                "3:9: clauses[0].id: 'paragraph 1' is not valid (expected a clause id such as para. 2, "
                "para. 3, First, (4) or II.4)"
            ],
        ),
        (
            "duplicate-clause",
            ["8:9: clauses[1].id: duplicate clause id 'para. 1' (first given at line 3; expected each clause once)"],
        ),
        (
            "overlapping-task-quotes",
            [
                "17:16: clauses[1].tasks[1].quote: overlaps the quote of task 'teachers' (expected each "
                "task's quote apart from the other tasks' of the clause)"
            ],
        ),
        ("unknown-field", ["18:9: clauses[1].tasks[1].not_traced: unknown field (did you mean 'not_tracked'?)"]),
        ("bilingual-name-missing", ["16:15: clauses[1].tasks[1].name.zh: missing (expected the Chinese text)"]),
    ],
)
def test_each_broken_file_gives_its_exact_located_message(folder: str, expected: list[str]) -> None:
    _, problems = load_documents(BROKEN / folder, ["toy"])
    prefix = f"tests/data/with-problems/documents/{folder}/toy.yaml:"
    assert [str(p) for p in problems] == [prefix + message for message in expected]


def test_a_broken_task_is_left_out_and_the_rest_of_the_file_loads() -> None:
    documents, _ = load_documents(BROKEN / "task-quote-not-in-text", ["toy"])
    assert [t.id for c in documents["toy"].clauses for t in c.tasks] == ["teachers"]


def test_a_document_of_sources_yaml_without_its_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "toy.yaml").write_text((BROKEN / "valid" / "toy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = load_documents(tmp_path, ["toy", "opinions-2022"])
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        (
            "opinions-2022.yaml",
            None,
            "no coverage file for document 'opinions-2022' of sources.yaml "
            "(expected one file per document, listing its clauses and their tasks)",
        ),
    ]


def test_no_documents_folder_means_coverage_is_off(tmp_path: Path) -> None:
    assert load_documents(tmp_path / "documents", ["toy"]) == ({}, [])


# --- coverage: which task milestones track ----------------------------------------------------------------


def test_a_task_is_tracked_by_each_milestone_whose_quote_overlaps_it() -> None:
    coverage = toy(
        [
            ("m-share", "toy", "(1)", "share of double-qualified teachers"),
            ("m-raise", "toy", "(1)", "(1) Raise the share"),
            ("m-other-document", "elsewhere", "(1)", "share of double-qualified teachers"),
        ]
    )
    expected = pd.DataFrame(
        [
            ("toy", "(1)", "teachers", True, ("m-raise", "m-share"), None),
            ("toy", "(1)", "textbooks", False, (), {"en": "A national body's task.", "zh": "国家层面任务。"}),
        ],
        columns=["document", "clause", "task", "tracked", "milestones", "reason"],
    )
    pd.testing.assert_frame_equal(coverage.tasks, expected)
    pd.testing.assert_frame_equal(
        coverage.counts, pd.DataFrame([("toy", 2, 2, 1, 1)], columns=["document", "clauses", "tasks", "tracked", "not_tracked"])
    )
    assert coverage.problems == []


def test_quotes_are_compared_with_whitespace_normalised_only() -> None:
    assert toy([("m", "toy", "(1)", "the  share of\ndouble-qualified")]).tasks["tracked"].tolist() == [True, False]
    assert toy([("m", "toy", "(1)", "the share of Double-qualified")]).problems != []


def test_a_quote_touching_but_not_overlapping_a_task_does_not_track_it() -> None:
    coverage = toy([("m", "toy", "(1)", "(1)")])
    assert coverage.tasks["tracked"].tolist() == [False, False]


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        (
            [("m-teachers", "toy", "(1)", "double-qualified teachers"), ("m-x", "toy", "para 1", "Raise")],
            [
                "3:3: clauses: milestone 'm-x' cites clause 'para 1', which is not a clause of this document "
                "(did you mean 'para. 1'? expected one of: para. 1, (1))",
            ],
        ),
        (
            [("m-teachers", "toy", "(1)", "double-qualified teachers"), ("m-x", "toy", "para. 1", "refine textbook")],
            [
                "5:11: clauses[0].text: milestone 'm-x' quotes 'refine textbook', which is not in the text of clause para. 1 "
                "(expected a verbatim passage of the clause; whitespace may differ; it is in clause (1))",
            ],
        ),
        (
            [],
            [
                "12:9: clauses[1].tasks[0]: task 'teachers' is tracked by no milestone and has no not_tracked reason (expected a "
                "milestone of toy clause (1) quoting part of 'Raise the share of double-qualified teachers', or not_tracked: "
                "{en: ..., zh: ...} saying why nobody tracks it)",
            ],
        ),
        (
            [("m-teachers", "toy", "(1)", "double-qualified teachers"), ("m-books", "toy", "(1)", "textbook selection;")],
            [
                "18:22: clauses[1].tasks[1].not_tracked: task 'textbooks' is tracked by milestone(s) m-books (expected no "
                "not_tracked reason once a milestone tracks the task)",
            ],
        ),
    ],
)
def test_each_coverage_rule_gives_its_exact_located_message(milestones, expected: list[str]) -> None:
    assert [str(p) for p in toy(milestones).problems] == [f"{TOY}:{message}" for message in expected]


def test_the_english_quote_is_read_from_a_plain_string_or_a_bilingual_mapping() -> None:
    assert quote_text("verbatim") == "verbatim"
    assert quote_text({"en": "verbatim", "zh": "原文", "zh_origin": "translated"}) == "verbatim"
    assert quote_text(SimpleNamespace(en="verbatim", zh="原文")) == "verbatim"
    assert quote_text(None) == ""


def test_milestone_refs_read_fields_on_the_milestone_or_on_its_source() -> None:
    today = SimpleNamespace(id="a", document="toy", clause="(1)", quote="Raise")
    v2 = SimpleNamespace(id="b", source=SimpleNamespace(document="toy", clause="(1)", quote={"en": "Raise", "zh": "提高"}))
    assert milestone_refs([today, v2]) == [("a", "toy", "(1)", "Raise"), ("b", "toy", "(1)", "Raise")]


def test_milestone_refs_from_files_accept_both_quote_forms(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "milestones:\n"
        "  - {id: a, source: {document: toy, clause: '(1)', quote: Raise}}\n"
        "  - {id: b, source: {document: toy, clause: '(1)', quote: {en: Raise, zh: 提高, zh_origin: translated}}}\n"
        "  - {id: c}\n"
        "  - not a milestone\n",
        encoding="utf-8",
    )
    assert milestone_refs_from_files([tmp_path / "m.yaml"]) == [("a", "toy", "(1)", "Raise"), ("b", "toy", "(1)", "Raise")]


# --- the bundled coverage files ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_documents():
    sources, problems = load_sources(ROOT / "data" / "sources.yaml")
    assert problems == []
    documents, problems = load_documents(documents_folder(ROOT / "data" / "sources.yaml"), list(sources))
    assert [str(p) for p in problems] == []
    return documents


def test_every_document_of_sources_yaml_has_the_clause_ids_of_the_spec(bundled_documents) -> None:
    assert {doc: [c.id for c in d.clauses] for doc, d in bundled_documents.items()} == SPEC_CLAUSES


def test_every_clause_has_a_task_or_a_note_and_every_untracked_task_a_reason_in_both_languages(bundled_documents) -> None:
    for document in bundled_documents.values():
        for clause in document.clauses:
            assert clause.tasks or (clause.note and set(clause.note) == {"en", "zh"}), clause.id
            assert all(re.search(r"[\u4e00-\u9fff]", t.name["zh"]) for t in clause.tasks), clause.id


def test_todays_milestone_files_give_a_row_per_task_and_count_each_task_once(bundled_documents) -> None:
    refs = milestone_refs_from_files(milestone_files(ROOT / "data" / "milestones"))
    coverage = compute_coverage(bundled_documents, refs)
    n_tasks = sum(len(c.tasks) for d in bundled_documents.values() for c in d.clauses)
    assert len(coverage.tasks) == n_tasks == coverage.counts["tasks"].sum()
    assert (coverage.tasks["tracked"] == coverage.tasks["milestones"].map(bool)).all()
    assert (coverage.counts["tracked"] + coverage.counts["not_tracked"] == coverage.counts["tasks"]).all()
    assert coverage.counts["clauses"].tolist() == [len(ids) for ids in SPEC_CLAUSES.values()]
    assert set(coverage.tasks["milestones"].explode().dropna()) <= {mid for mid, *_ in refs}


def test_with_the_spec_clause_ids_todays_milestones_leave_no_coverage_problem(bundled_documents) -> None:
    """Today's milestones cite "para. 1 (Xi Jinping)" and "para. 4, Third" (before the spec's ids): renamed as the
    milestone rewrite will, every task is tracked or says why not, and no reason is stale."""

    def spec_id(document: str, clause: str) -> str:
        clause = re.sub(r" \((Xi Jinping|Li Keqiang|Sun Chunlan)\)$", "", clause)
        return clause.replace("para. 4, ", "para. 3, ") if document == "liaoning-conference-2021" else clause

    refs = [(m, d, spec_id(d, c), q) for m, d, c, q in milestone_refs_from_files(milestone_files(ROOT / "data" / "milestones"))]
    coverage = compute_coverage(bundled_documents, refs)
    assert [str(p) for p in coverage.problems] == []
    assert coverage.counts["tasks"].sum() > coverage.counts["tracked"].sum() > 0


# --- clause ids computed from the seed texts --------------------------------------------------------------

ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth")
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
MARKER = re.compile(r"\((\d+)\) |\b(" + "|".join(ORDINALS) + "),")
TERMINAL = (".", "。", "!", "?", ";", "；", ":", "：")


def seed_blocks(text: str) -> list[tuple[int, str]]:
    """The blank-line separated blocks of a seed, with their offsets."""
    blocks = []
    for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text):
        blocks.append((m.start(), m.group().rstrip()))
    return blocks


def clause_reference(seed: str, clause_text: str) -> str:
    """The clause id the seed's own layout gives the passage ``clause_text``.

    Heading blocks at the top (no sentence end) are not counted; a seed whose later blocks include headings
    (seed 001: "I. General requirements", "Second, strategic tasks", "3. Key work") numbers its items
    section.item; otherwise blocks are paragraphs, and a passage that starts at a marker inside one is that
    requirement "(k)" or that ordinal ("para. 3, Third"); the passage before the first marker is the paragraph.
    """
    offset = seed.index(clause_text)
    blocks = seed_blocks(seed)
    while blocks and not blocks[0][1].endswith(TERMINAL):
        blocks.pop(0)
    index = next(i for i, (start, block) in enumerate(blocks) if start <= offset < start + len(block))
    start, block = blocks[index]
    assert offset + len(clause_text) <= start + len(block), "a clause lies inside one paragraph"
    headings = [i for i, (_, b) in enumerate(blocks) if not b.endswith(TERMINAL)]
    if headings:
        assert clause_text == block, "a numbered item is a whole block"
        section = sum(1 for i in headings if i < index)
        item = re.match(r"(\d+)\.", block)
        assert item, block[:40]
        return f"{ROMAN[section]}.{item.group(1)}"
    paragraph = index + 1
    markers = list(MARKER.finditer(block))
    at = offset - start
    following = [m.start() for m in markers if m.start() > at]
    end = following[0] if following else len(block)
    assert block[at:end].strip() == clause_text, "a clause runs to the next marker or the paragraph's end"
    before = [m for m in markers if m.start() <= at]
    if not before:
        return f"para. {paragraph}"
    marker = before[-1]
    assert marker.start() == at, "a clause inside a paragraph starts at its marker"
    return f"({marker.group(1)})" if marker.group(1) else f"para. {paragraph}, {marker.group(2)}"


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    """Each document's seed text, by the file its note in sources.yaml names ("Read from seed file 000_....txt")."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    sources, _ = load_sources(ROOT / "data" / "sources.yaml")
    files = {sid: re.search(r"seed file (\S+\.txt)", source.note) for sid, source in sources.items()}
    assert all(files.values()), files
    return {sid: (SEEDS / m.group(1)).read_text(encoding="utf-8") for sid, m in files.items() if m}


def test_every_clause_text_is_verbatim_in_its_seed(bundled_documents, seeds) -> None:
    missing = [(doc, c.id) for doc, d in bundled_documents.items() for c in d.clauses if c.text not in seeds[doc]]
    assert missing == []


def test_every_clause_id_names_the_paragraph_item_ordinal_or_requirement_its_text_is_in_the_seed(
    bundled_documents, seeds
) -> None:
    computed = {doc: [clause_reference(seeds[doc], c.text) for c in d.clauses] for doc, d in bundled_documents.items()}
    assert computed == {doc: [c.id for c in d.clauses] for doc, d in bundled_documents.items()}


def test_clause_reference_on_a_small_seed() -> None:
    seed = "Press Releases\n\nFirst para.\n\nIntro: (1) One; (2) Two.\n\nA. First, do this。Second, that。\n"
    assert clause_reference(seed, "First para.") == "para. 1"
    assert clause_reference(seed, "Intro:") == "para. 2"
    assert clause_reference(seed, "(2) Two.") == "(2)"
    assert clause_reference(seed, "Second, that。") == "para. 3, Second"


def test_coverage_rule_problems_join_the_dataset_problems_only_when_switched_on(config, monkeypatch: pytest.MonkeyPatch) -> None:
    import metrics.load.dataset as dataset

    off = dataset.load_dataset(config)
    assert [p for p in off.problems if p.path.startswith("data/documents/")] == []
    monkeypatch.setattr(dataset, "COVERAGE_RULES_IN_PROBLEMS", True)
    on = dataset.load_dataset(config)
    assert [p for p in on.problems if p.path.startswith("data/documents/")] == off.coverage.problems
