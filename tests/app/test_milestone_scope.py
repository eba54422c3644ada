"""Issue 11 in the pages: provincial tasks only where they apply, verdicts that say when they rest on an
assumption, honest quote labels, and the switch that keeps only documented verdicts."""

from __future__ import annotations

import pytest

from metrics.domain.i18n import pick
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.present.tables import severity_labels
from tests.app.conftest import ROOT, figures, page_text, run_app


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    config, problems = load_config(ROOT / "config.yaml")
    return load_dataset(config, problems)


def scoped_titles(bundled, province: str, lang: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {pick(m.title, lang) for m in bundled.milestones.values() if m.applies_to == frozenset({province})}


def table_titles(at, column: str) -> set[str]:  # type: ignore[no-untyped-def]
    frames = [el.value for el in at.dataframe if column in el.value.columns]
    return {str(v) for frame in frames for v in frame[column]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_beijing_sees_no_liaoning_or_guangdong_task_and_liaoning_sees_its_own(bundled, lang: str) -> None:  # type: ignore[no-untyped-def]
    liaoning, guangdong = scoped_titles(bundled, "CN-LN", lang), scoped_titles(bundled, "CN-GD", lang)
    assert liaoning and guangdong  # the bundled data scopes the provincial conferences' tasks
    column = "任务" if lang == "zh" else "Milestone"
    beijing = run_app(page="province", province="CN-BJ", lang=lang)
    assert not beijing.exception
    shown = table_titles(beijing, column)
    assert shown and not (shown & (liaoning | guangdong))
    assert ("不适用" if lang == "zh" else "not applicable") in page_text(beijing)
    shenyang = run_app(page="province", province="CN-LN", lang=lang)
    shown = table_titles(shenyang, column)
    assert liaoning <= shown and not (shown & guangdong)


def test_overview_counts_leave_not_applicable_pairs_out(bundled) -> None:  # type: ignore[no-untyped-def]
    at = run_app(page="overview", lang="en")
    counts = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("Status by task family"))
    total = sum(sum(trace["x"]) for trace in counts["data"])
    mainland = list(bundled.mainland.index)
    applicable = sum(1 for m in bundled.milestones.values() for p in mainland if m.applies(p))
    assert applicable < len(mainland) * len(bundled.milestones)  # some pairs are not applicable
    assert total == applicable


def test_matrix_marks_not_applicable_cells_apart_from_no_data(bundled) -> None:  # type: ignore[no-untyped-def]
    at = run_app(page="matrix", lang="zh")
    matrix = figures(at)[0]
    traces = {trace.get("name"): trace for trace in matrix["data"] if trace.get("type") == "scatter"}
    cells = {tuple(c) for c in traces["· 不适用"]["customdata"]}
    expected = {(p, m.id) for m in bundled.milestones.values() for p in bundled.mainland.index if not m.applies(p)}
    assert cells == expected


@pytest.mark.parametrize(("lang", "mark"), [("zh", "（对照假设目标）"), ("en", " (assumed target)")])  # the table's short form
def test_a_verdict_against_an_assumed_target_says_so(bundled, lang: str, mark: str) -> None:  # type: ignore[no-untyped-def]
    at = run_app(page="province", province="CN-GD", lang=lang)
    column = "状态" if lang == "zh" else "Status"
    # The table holds severity codes (so that sorting sorts by severity) and shows each as its label.
    labels = severity_labels(lang)
    statuses = [labels[str(v)] for el in at.dataframe if column in el.value.columns for v in el.value[column]]
    assumed = [m for m in bundled.milestones.values() if m.applies("CN-GD") and m.plan_for("CN-GD").assumed]
    assert assumed and any(s.endswith(mark) for s in statuses)


def test_the_documented_only_switch_hides_assumed_verdicts_and_says_how_many(bundled) -> None:  # type: ignore[no-untyped-def]
    at = run_app(page="overview", lang="en", basis="documented")
    assert not at.exception
    text = page_text(at)
    assert "Showing only verdicts against targets set by the documents or published figures" in text
    assert at.query_params["basis"] in ("documented", ["documented"])


def test_the_chinese_interface_never_calls_a_translation_the_original(bundled) -> None:  # type: ignore[no-untyped-def]
    at = run_app(page="sources", lang="zh")
    captions = [str(el.value) for el in at.get("caption")]
    ms = list(bundled.milestones.values())
    english_original = [m for m in ms if bundled.sources[m.document].original_language == "en"]
    assert captions.count("英文译文（收录文本）") == len(ms) - len(english_original)
    assert captions.count("英文原文") == len(english_original)
    for origin, label in (("translated", "中文译文（本团队翻译）"), ("bundled", "中文原文（收录文本）")):
        assert captions.count(label) == sum(1 for m in ms if m.quote.zh and m.quote.zh_origin == origin)
    assert sum(c.startswith("中文原文（官方文本）") for c in captions) == sum(1 for m in ms if m.quote.zh_origin == "official")


@pytest.mark.parametrize("page", ["overview", "matrix", "province", "milestone", "compare"])
def test_every_page_runs_with_only_documented_verdicts_even_when_none_is_left(page: str) -> None:
    # The bundled plans all have an assumed point, so this view is empty: pages must say so, not fail.
    at = run_app(page=page, lang="zh", basis="documented")
    assert not at.exception
    assert "只显示对照文件或公开数据所定目标的判定" in page_text(at)


def test_presentation_mode_keeps_the_documented_only_choice() -> None:
    links = [el.proto.url for el in run_app(page="province", province="CN-GD", lang="en", basis="documented").get("link_button")]
    assert any("present=1" in url and "basis=documented" in url for url in links), links
    links = [el.proto.url for el in run_app(page="province", province="CN-GD", lang="en").get("link_button")]
    assert any("present=1" in url for url in links) and not any("basis=" in url for url in links), links
