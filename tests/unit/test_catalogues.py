"""data/ladders.yaml and data/publications.yaml: each mistake a located problem with what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.load.ladders import load_ladders
from metrics.load.publications import load_publications

LADDER = """\
ladders:
  - id: policy
    title: {en: Policy, zh: 政策}
    stages:
      - {id: not-started, label: {en: Not started, zh: 未启动}, evidence: {en: None yet., zh: 尚无。}}
      - {id: planned, label: {en: Planned, zh: 已规划}, evidence: {en: A plan., zh: 方案。}}
      - {id: done, label: {en: Done, zh: 已完成}, evidence: {en: A report., zh: 报告。}}
  - id: body
    title: {en: Body, zh: 机构}
    stages:
      - {id: not-started, label: {en: Not begun, zh: 未启动}, evidence: {en: None yet., zh: 尚无。}}
      - {id: planned, label: {en: Planned, zh: 已规划}, evidence: {en: A plan., zh: 方案。}}
      - {id: built, label: {en: Built, zh: 已建成}, evidence: {en: Minutes., zh: 纪要。}}
"""


def problems_of(loader, tmp_path: Path, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in loader(path)[1]]


def test_a_stage_id_means_the_same_in_every_ladder(tmp_path: Path) -> None:
    assert problems_of(load_ladders, tmp_path, LADDER) == [
        "11:34: ladders[1].stages[0].label: differs from the label of stage 'not-started' in ladder 'policy' "
        "(expected one label per stage id across ladders)"
    ]
    fixed = LADDER.replace("Not begun", "Not started")
    ladders, problems = load_ladders(_write(tmp_path, fixed))
    assert problems == [] and ladders["body"].ids == ("not-started", "planned", "built")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - {id: done, label: {en: Done, zh: 已完成}, evidence: {en: A report., zh: 报告。}}\n",
            "",
            "5:7: ladders[0].stages: 2 stage(s) (expected an ordered list of at least 3)",
        ),
        (
            "evidence: {en: A plan., zh: 方案。}}",
            "evidence: {en: A plan.}}",
            "6:64: ladders[0].stages[1].evidence.zh: missing (expected the Chinese text)",
        ),
    ],
)
def test_ladder_mistakes_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    fixed = LADDER.replace("Not begun", "Not started")
    text = fixed.replace(old, new, 1)
    assert text != fixed
    assert problems_of(load_ladders, tmp_path, text) == [expected]


PUBLICATION = """\
publications:
  - id: plan-2019
    title: {en: Implementation Plan, zh: 实施方案}
    publisher: {en: State Council, zh: 国务院}
    published: 2019-01-24
    url: "https://www.gov.cn/x.htm"
    confidence: high
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'url: "https://www.gov.cn/x.htm"',
            'url: "www.gov.cn/x.htm"',
            "6:10: publications[0].url: 'www.gov.cn/x.htm' is not a web address (expected http:// or https://)",
        ),
        (
            "confidence: high",
            "confidence: certain",
            "7:17: publications[0].confidence: 'certain' is not allowed (expected one of high, medium, low)",
        ),
        ("    published: 2019-01-24\n", "", "2:5: publications[0].published: missing (expected a date, YYYY-MM-DD)"),
    ],
)
def test_publication_mistakes_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert load_publications(_write(tmp_path, PUBLICATION))[1] == []
    assert problems_of(load_publications, tmp_path, PUBLICATION.replace(old, new)) == [expected]


def test_no_publications_file_means_none(tmp_path: Path) -> None:
    assert load_publications(tmp_path / "absent.yaml") == ({}, [])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return path
