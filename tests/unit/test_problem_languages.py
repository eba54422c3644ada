"""Problems are codes with parameters (metrics/domain/messages.py): every broken file of the corpus gets problems
with a code, rendered in English exactly as test_bad_input_corpus expects and in Chinese with no English phrase
left (only the values and ids the file holds)."""

from __future__ import annotations

import re

import pytest

from metrics.domain.messages import Message, msg
from metrics.domain.problems import Problem, ProblemList
from metrics.load.validate import validate
from tests.conftest import ROOT
from tests.unit.test_bad_input_corpus import EXPECTED

LATIN_PHRASE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}")  # values quoted back from the file, YAML shapes such as {en: ..., zh: ...}


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: p.name)
def test_every_problem_has_a_code_and_reads_in_chinese(path) -> None:
    problems = validate([path], ROOT / "config.yaml")
    assert problems
    for problem in problems:
        assert problem.code, problem
        assert problem.render("en") == problem.message
        chinese = problem.render("zh")
        assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
        assert LATIN_PHRASE.findall(QUOTED.sub("", chinese)) == [], chinese


def test_a_problem_keeps_its_code_and_parameters() -> None:
    found = ProblemList("data/milestones/teachers.yaml")
    found.add("target.date", msg("problem.not_a_date", value="'March 2025'"), 12, 5)
    (problem,) = found
    assert problem.code == "problem.not_a_date" and problem.params == {"value": "'March 2025'"}
    assert str(problem) == "data/milestones/teachers.yaml:12:5: target.date: 'March 2025' is not a date (expected YYYY-MM-DD)"
    assert problem.located("zh") == "data/milestones/teachers.yaml:12:5: target.date: 'March 2025' 不是日期（应为 YYYY-MM-DD）"


def test_a_problem_without_a_code_is_refused() -> None:
    with pytest.raises(TypeError, match="a Message"):
        ProblemList("x.csv").add("value", "plain English")  # type: ignore[arg-type]


def test_nested_messages_render_in_the_same_language_and_survive_json() -> None:
    text = msg("problem.missing", expected=msg("expect.one_of", options="a, b"))
    assert text.render("en") == "missing (expected one of a, b)"
    assert text.render("zh") == "缺少此项（应为以下之一：a, b）"
    assert Message.from_json(text.to_json()) == text
    problem = Problem.of("f.yaml", 1, 2, "k", text, "warning")
    assert problem.located("zh") == "f.yaml:1:2: 警告: k: 缺少此项（应为以下之一：a, b）"
    assert str(problem) == "f.yaml:1:2: warning: k: missing (expected one of a, b)"


def test_validate_prints_english_unless_asked_for_another_language() -> None:
    import subprocess
    import sys

    csv = "tests/data/with-problems/csv/not-a-number.csv"
    run = [sys.executable, "-m", "metrics", "validate", csv]
    english = subprocess.run(run, capture_output=True, text=True, cwd=ROOT).stdout
    chinese = subprocess.run([*run, "--lang", "zh"], capture_output=True, text=True, cwd=ROOT).stdout
    assert english == f"{csv}:2:4: value: 'about 60' is not a number (expected a number such as 42.5)\n"
    assert chinese == f"{csv}:2:4: value: 'about 60' 不是数字（应为数字，如 42.5）\n"
