"""The Document coverage page (?page=coverage, issue 11) in both languages, its filters and its links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common import md
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from tests.app.conftest import ROOT, run_app

HEADERS = {
    "zh": [
        "习近平对职业教育工作作出重要指示 全国职业教育大会召开",
        "关于深化现代职业教育体系建设改革的意见",
        "广东省职业教育大会",
        "辽宁省全省职业教育大会",
        "全国职业教育高质量发展推进会",
    ],
    "en": [
        "Xi Jinping's instructions on vocational education and the National Vocational Education Conference",
        "Opinions on Deepening the Reform of Modern Vocational Education System Construction",
        "Guangdong Provincial Vocational Education Conference",
        "Liaoning Provincial Vocational Education Conference",
        "Conference for the Promotion of Quality Development in National Vocational Education",
    ],
}
COLUMNS = {"zh": ["文件", "条款", "事项", "已跟踪", "未跟踪"], "en": ["Document", "Clauses", "Tasks", "Tracked", "Not tracked"]}


@pytest.fixture(scope="module")
def bundled():
    config, _ = load_config(ROOT / "config.yaml")
    return load_dataset(config)


def visible_text(at: AppTest) -> str:
    """What the page itself shows: titles, headers, markdown, captions, notes, widget labels, links, table cells.

    The dashboard's data-problem banner (located messages, English on every page) is left out."""
    parts = [str(el.value) for kind in ("title", "subheader", "markdown", "caption", "info", "warning") for el in at.get(kind)]
    parts += [link.proto.label for link in at.get("page_link")]
    parts += [at.selectbox(key="coverage_document").label, at.toggle(key="coverage_only_untracked").label]
    parts += at.selectbox(key="coverage_document").options
    table = at.dataframe[0].value
    parts += [str(c) for c in table.columns] + [str(v) for v in table.to_numpy().ravel()]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_counts_per_document_then_every_document(lang: str, bundled) -> None:
    at = run_app(page="coverage", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == {"zh": "文件覆盖", "en": "Document coverage"}[lang]
    table = at.dataframe[0].value
    assert list(table.columns) == COLUMNS[lang]
    counts = bundled.coverage.counts
    assert table.iloc[:-1, 1:].to_numpy().tolist() == counts[["clauses", "tasks", "tracked", "not_tracked"]].to_numpy().tolist()
    assert table.iloc[-1, 0] == {"zh": "合计", "en": "Total"}[lang]
    assert table.iloc[-1, 2] == counts["tasks"].sum()
    assert [h.value for h in at.subheader[1:]] == HEADERS[lang]


def test_the_chinese_page_shows_no_english_sentence_and_no_raw_id(bundled) -> None:
    text = visible_text(run_app(page="coverage", lang="zh"))
    assert not re.search(r"[A-Za-z]{2,}[ ,.']+[A-Za-z]{2,}", text.replace(":material/", " ")), re.search(
        r".{40}[A-Za-z]{2,}[ ,.']+[A-Za-z]{2,}.{40}", text
    )
    ids = {
        *bundled.documents,
        *bundled.milestones,
        *(t.id for d in bundled.documents.values() for c in d.clauses for t in c.tasks if "-" in t.id),
    }
    assert [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)] == []
    assert "第3段“第四”" in text and "（3）" in text and "II.4" in text


def test_the_english_page_shows_each_tasks_quote_and_reason(bundled) -> None:
    text = visible_text(run_app(page="coverage", lang="en"))
    assert "Text: “Pilot project of 1+X certificates”" in text
    assert "Campus epidemic control for the 2021 autumn term: outside vocational-education reform." in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracked_tasks_link_each_of_their_milestones_to_the_milestone_page(lang: str, bundled) -> None:
    at = run_app(page="coverage", lang=lang)
    links = at.get("page_link")
    expected = [mid for ms in bundled.coverage.tasks["milestones"] for mid in ms]
    assert len(links) == len(expected) > 0
    for link, mid in zip(links, expected, strict=True):
        assert link.proto.page == "milestone"
        assert parse_qs(link.proto.query_string) == {"page": ["milestone"], "lang": [lang], "milestone": [mid]}
        assert link.proto.label == md(bundled.milestones[mid].title[lang])


def test_the_document_filter_shows_one_document() -> None:
    at = run_app(page="coverage", lang="en")
    at.selectbox(key="coverage_document").set_value("quality-conference-2019").run()
    assert [h.value for h in at.subheader[1:]] == [HEADERS["en"][4]]
    assert len(at.dataframe[0].value) == 6, "the counts stay for every document"


def test_only_not_tracked_leaves_out_tracked_tasks_and_clauses_without_untracked_ones(bundled) -> None:
    at = run_app(page="coverage", lang="en")
    at.toggle(key="coverage_only_untracked").set_value(True).run()
    marks = [m.value for m in at.markdown if "· Not tracked" in m.value or "· Tracked" in m.value]
    assert marks and all("· Not tracked" in m for m in marks)
    assert len(marks) == int((~bundled.coverage.tasks["tracked"]).sum())
    assert len(at.get("page_link")) == 0
    assert not any(m.value.startswith("**para. 1** · The conference and who spoke") for m in at.markdown)


def test_the_page_says_so_when_there_are_no_coverage_files(data_copy: Path) -> None:
    shutil.rmtree(data_copy / "data" / "documents")
    at = run_app(page="coverage", lang="zh")
    assert not at.exception, at.exception
    assert [i.value for i in at.info if "documents" in i.value] == ["没有文件覆盖数据：数据文件夹中没有 documents 目录。"]


def test_a_broken_coverage_file_shows_its_problems_and_the_rest(data_copy: Path) -> None:
    path = data_copy / "data" / "documents" / "opinions-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('- id: "II.4"', '- id: "2.4"'), encoding="utf-8")
    at = run_app(page="coverage", lang="en")
    assert not at.exception, at.exception
    assert any("problem(s) in the coverage data" in w.value for w in at.warning)
    listed = "\n".join(c.value for c in at.code)
    assert "opinions-2022.yaml:53:9: clauses[3].id: '2.4' is not valid" in listed, "the located problem is listed"
    assert len(at.subheader) == 6
