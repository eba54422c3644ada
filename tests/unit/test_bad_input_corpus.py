"""One broken file per problem, each with the exact located message a planner sees."""

from __future__ import annotations

import subprocess
import sys

import pytest

from metrics.load.validate import validate
from tests.conftest import ROOT, TEST_DATA

YAML = TEST_DATA / "with-problems" / "yaml"
CSV = TEST_DATA / "with-problems" / "csv"

EXPECTED = {
    YAML / "syntax-error.yaml": ["7:11: YAML syntax: expected ',' or '}', but got ':' while parsing a flow mapping"],
    YAML / "duplicate-key.yaml": [
        "14:5: baseline: duplicate key (first given at line 12; expected each key once in a mapping — YAML would "
        "silently keep the last)"
    ],
    YAML / "unknown-field.yaml": [
        "5:5: target: missing (expected a mapping)",
        "16:5: taget: unknown field (did you mean 'target'?)",
    ],
    YAML / "missing-field.yaml": ["5:5: title: missing (expected a mapping)"],
    YAML / "not-a-date.yaml": ["16:20: target.date: 'March 2025' is not a date (expected YYYY-MM-DD)"],
    YAML / "wrong-type.yaml": ["16:39: target.value: 'sixty' is text (expected a number)"],
    YAML / "duplicate-id.yaml": [
        "5: id: duplicate milestone id 'teachers-double-qualified-share' (first defined at data/milestones/teachers.yaml:8; "
        "expected ids unique across all milestone files)"
    ],
    YAML / "target-before-baseline.yaml": [
        "14:20: target.date: 2021-12-31 is not after the baseline date 2022-12-31 (expected the target date after the baseline)"
    ],
    YAML / "target-wrong-direction.yaml": [
        "16:39: target.value: 60 is not below the baseline 40 (expected a target below the baseline for a measure with "
        "direction down)"
    ],
    YAML / "checkpoints-out-of-order.yaml": [
        "16:16: checkpoints[1].date: 2023-12-31 is not after the previous checkpoint 2024-12-31 (expected checkpoints "
        "in date order)"
    ],
    YAML / "checkpoint-outside-range.yaml": [
        "15:16: checkpoints[0].date: 2027-06-30 is not before the target date 2026-12-31 (expected checkpoints between "
        "baseline and target)"
    ],
    YAML / "percent-out-of-range.yaml": ["16:39: target.value: 120 is outside 0-100 (expected a percentage)"],
    YAML / "unknown-stage.yaml": [
        "15:35: checkpoints[0].value: 'lanched' is not a stage of ladder policy "
        "(expected one of not-started, planned, established, in-operation, evaluated)"
    ],
    YAML / "assumption-without-note.yaml": [
        "16:43: target.basis: an assumed value needs a note (expected note: {en: ..., zh: ...} saying who assumed it and why)"
    ],
    YAML / "basis-missing.yaml": ["13:15: baseline.basis: missing (expected one of document, public-figure, assumption)"],
    YAML / "public-figure-without-publication.yaml": [
        "13:15: baseline.publication: missing (expected a publication id from publications.yaml, for basis: public-figure)"
    ],
    YAML / "unknown-publication.yaml": [
        "13:80: baseline.publication: 'moe-notice-2099' is not in publications.yaml (expected one of: "
        "chongqing-high-skilled-2024, "
        "consortia-notice-2023, double-high-list-2019, double-high-opinion-2019, double-high-provinces-2019, "
        "implementation-plan-2019, "
        "implementation-plan-2019-1x, key-tasks-notice-2023, moe-press-2022-02-23, moe-press-2022-05-24, moe-statistics-2023)"
    ],
    YAML / "applies-to-unknown-province.yaml": [
        "7:25: applies_to[1]: 'CN-XX' is not a known province (expected an ISO code such as CN-GD)"
    ],
    YAML / "official-quote-without-url.yaml": [
        "10:14: source.quote.zh_url: missing (expected the address of the official Chinese text, for zh_origin: official)"
    ],
    YAML / "unknown-ladder.yaml": [
        "12:36: measure.ladder: 'policies' is not in ladders.yaml (expected one of: body, pilot, policy)"
    ],
    YAML / "share-without-denominator.yaml": [
        "12:14: measure.denominator: missing (expected denominator: {en: ..., zh: ...} naming what a percent is a share of)"
    ],
    YAML / "quote-not-bilingual.yaml": [
        "10:14: source.quote: 'A verbatim sentence.' is text (expected {en: <verbatim from the bundled text>, zh: ..., "
        "zh_origin: official, bundled or translated})"
    ],
    YAML / "checkpoint-beyond-target.yaml": [
        "15:35: checkpoints[0].value: 70 is not between the baseline 40 and the target 60 (expected a planned path that moves "
        "from the baseline towards the target)"
    ],
    YAML / "override-below-checkpoint.yaml": [
        "14:25: overrides.CN-GD.target.value: the default plan's checkpoint 5 is not between the baseline 0 and the target 3 "
        "(expected a planned path that moves from the baseline towards the target)"
    ],
    YAML / "unknown-document.yaml": [
        "8:17: source.document: 'opinions-2099' is not in sources.yaml (expected one of: guangdong-conference-2021, "
        "liaoning-conference-2021, opinions-2022, quality-conference-2019, xi-instructions-2021)"
    ],
    YAML / "empty.yaml": ["1:1: file is empty (expected YAML content)"],
    YAML / "comments-only.yaml": ["1:1: file has no YAML content, only comments (expected a mapping)"],
    YAML / "not-utf8.yaml": ["3:32: not valid UTF-8 text (expected UTF-8 — it looks like GB18030/GBK; save it as UTF-8)"],
    YAML / "python-tag.yaml": [
        "10:19: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (expected plain YAML: text, numbers, "
        "dates, lists and mappings; tags that build objects are refused)"
    ],
    YAML / "alias-bomb.yaml": [
        "1:1: expands to more than 200000 values through aliases (expected a plain file; refused as a possible alias bomb)"
    ],
    YAML / "deep-nesting.yaml": ["1:48: nested more than 40 levels deep (expected at most 40)"],
    CSV / "unknown-province.csv": [
        "3:1: province: 'CN-XX' is not a known province (expected an ISO code such as CN-GD, or its name)"
    ],
    CSV / "unknown-milestone.csv": [
        "2:2: milestone: 'teachers-share-typo' is not a known milestone id (expected an id from data/milestones)"
    ],
    CSV / "not-a-number.csv": ["2:4: value: 'about 60' is not a number (expected a number such as 42.5)"],
    CSV / "not-a-stage.csv": [
        "2:4: value: 'finished' is not a stage of teaching-reform-textbook-selection "
        "(expected one of not-started, planned, established, in-operation, evaluated)"
    ],
    CSV / "percent-out-of-range.csv": ["2:4: value: 120 is outside 0-100 (expected a percentage)"],
    CSV / "as-of-after-reported.csv": [
        "2:3: as_of: 2024-08-31 is after the report time 2024-07-15 (expected a value as of a date no later than when "
        "it was reported)"
    ],
    CSV / "bad-date.csv": ["2:3: as_of: '30/06/2024' is not a date (expected YYYY-MM-DD)"],
    CSV / "bad-flag.csv": ["2:7: flag: 'guessed' is not a flag (expected estimated, provisional, revised or empty)"],
    CSV / "empty-cell.csv": ["2:6: source: empty cell (expected a source)"],
    CSV / "missing-column.csv": [
        "1: reported_at: column missing (expected columns province, milestone, as_of, value, reported_at, source; "
        "optional flag, note)"
    ],
    CSV / "unknown-column.csv": [
        "1:8: notes: unknown column (expected only province, milestone, as_of, value, reported_at, source, flag, note)"
    ],
    CSV / "repeated-column.csv": ["1:4: value: column appears twice in the header (expected each column once)"],
    CSV / "empty.csv": ["1:1: file is empty (expected a header row and at least one report)"],
    CSV / "header-only.csv": ["2: no reports below the header (expected at least one row of figures)"],
    CSV / "duplicate-rows.csv": [
        "3:5: reported_at: same province, milestone, as-of date and report time as line 2 (expected one figure per "
        "report; a correction needs a later reported_at)"
    ],
    CSV / "ragged-row.csv": ["3:1: row has 9 cells (expected 8, one per column of the header)"],
    CSV / "not-text.csv": [
        "1:1: file is binary, not CSV text (expected a CSV file, e.g. Excel's 'CSV UTF-8'; is it a spreadsheet or UTF-16 text?)"
    ],
    CSV / "undecodable.csv": ["3:7: text is neither UTF-8 nor GB18030/GBK (expected UTF-8; in Excel save as 'CSV UTF-8')"],
}


def test_every_broken_file_has_an_expectation() -> None:
    on_disk = set(YAML.iterdir()) | set(CSV.iterdir())
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: p.name)
def test_broken_file_gets_exact_located_messages(path) -> None:
    relative = path.relative_to(ROOT)
    found = [str(p) for p in validate([path], ROOT / "config.yaml")]
    assert found == [f"{relative}:{message}" for message in EXPECTED[path]]


@pytest.mark.parametrize("path", sorted((TEST_DATA / "valid").iterdir()), ids=lambda p: p.name)
def test_valid_files_have_no_problems(path) -> None:
    assert validate([path], ROOT / "config.yaml") == []


def test_validate_command_exits_1_and_prints_every_problem_without_traceback() -> None:
    files = [str(YAML / "unknown-field.yaml"), str(CSV / "not-a-number.csv")]
    result = subprocess.run([sys.executable, "-m", "metrics", "validate", *files], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/data/with-problems/yaml/unknown-field.yaml:5:5: target: missing (expected a mapping)",
        "tests/data/with-problems/yaml/unknown-field.yaml:16:5: taget: unknown field (did you mean 'target'?)",
        "tests/data/with-problems/csv/not-a-number.csv:2:4: value: 'about 60' is not a number (expected a number such as 42.5)",
    ]
    assert "Traceback" not in result.stderr


def test_validate_command_exits_0_on_the_bundled_data() -> None:
    result = subprocess.run([sys.executable, "-m", "metrics", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")


def test_validate_a_data_folder_reports_problems_of_its_files(tmp_path) -> None:
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(YAML / "not-a-date.yaml", tmp_path / "data" / "milestones" / "zz-broken.yaml")
    found = [str(p) for p in validate([tmp_path / "data"], ROOT / "config.yaml")]
    assert len(found) == 1
    assert found[0].endswith(
        "data/milestones/zz-broken.yaml:16:20: target.date: 'March 2025' is not a date (expected YYYY-MM-DD)"
    )
