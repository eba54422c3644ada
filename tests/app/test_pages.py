"""Every page of the dashboard through Streamlit's AppTest, on the bundled data and on broken copies."""

from __future__ import annotations

import json

import pytest

from metrics.domain.i18n import t
from metrics.domain.plain_text import plain
from metrics.domain.statuses import WORST_FIRST, status_label
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from tests.app.conftest import ROOT, figures, page_text, run_app

PAGES = ["overview", "matrix", "province", "milestone", "compare", "quality", "sources", "coverage"]
BUNDLED = load_dataset(*load_config(ROOT / "config.yaml"))
TEACHERS = BUNDLED.milestones["teachers-double-qualified-share"].title["en"]
TITLES = {
    "overview": ("全国总览", "Overview"),
    "compare": ("省份比较", "Compare"),
    "matrix": ("状态矩阵", "Status matrix"),
    "quality": ("数据质量", "Data quality"),
    "sources": ("改革文件", "Sources"),
    "coverage": ("文件覆盖", "Document coverage"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page: str, lang: str) -> None:
    at = run_app(page=page, lang=lang)
    assert not at.exception, at.exception
    assert at.title, "each page has a title"
    if page in TITLES:
        assert at.title[0].value == TITLES[page][0 if lang == "zh" else 1]
    assert "演示数据" in page_text(at) if lang == "zh" else "Demo data" in page_text(at)


def test_province_param_opens_that_province() -> None:
    at = run_app(page="province", province="CN-GD", lang="zh")
    assert at.title[0].value == "广东省"
    assert at.selectbox(key="w_province").value == "CN-GD"
    assert at.query_params["province"] == ["CN-GD"] or at.query_params["province"] == "CN-GD"


def test_milestone_param_opens_that_milestone() -> None:
    at = run_app(page="milestone", milestone="teachers-double-qualified-share", lang="en")
    assert at.title[0].value == TEACHERS


def test_province_page_shows_table_rank_and_verbatim_quote() -> None:
    at = run_app(page="province", province="CN-JS", milestone="teachers-double-qualified-share", lang="en")
    text = page_text(at)
    assert "Rank " in text and " of 31 reporting provinces" in text
    assert "increase the proportion of teachers with a “double qualification”" in text
    table = at.dataframe[0].value
    assert "Status" in table.columns and "Gap" in table.columns and "Forecast" in table.columns
    assert len(table) == len([m for m in BUNDLED.milestones.values() if m.applies("CN-JS")])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_province_page_answers_what_is_late_first(lang: str) -> None:
    """Issue 13, item 3: counts by status on top, the score explained, the table worst first and sorted by a
    severity code shown as its label."""
    from metrics.present.tables import severity_labels

    at = run_app(page="province", province="CN-GD", lang=lang)
    metrics = {m.label: int(m.value) for m in at.metric}
    labels = severity_labels(lang)
    table = at.dataframe[0].value
    codes = list(table[t("col.status", lang)])
    assert codes == sorted(codes, key=lambda c: list(labels).index(c))  # worst first
    plain = {c.split("-")[1] for c in codes}
    assert list(metrics) == [status_label(s, lang) for s in WORST_FIRST]
    assert sum(metrics.values()) == len(table) and all(metrics[status_label(s, lang)] > 0 for s in plain)
    # the score says what it is, with a tooltip
    caption = next(c for c in at.caption if (" of 100: share of its " if lang == "en" else "/100：") in c.value)
    assert caption.help == t("province.score_help", lang)
    # the grid shows labels for the codes (column_config), and the wide columns are gone
    config = json.loads(at.dataframe[0].proto.columns)
    options = config[t("col.status", lang)]["type_config"]["options"]
    assert {o["value"]: o["label"] for o in options} == labels
    assert t("col.basis", lang) not in table.columns and t("col.stage_evidence", lang) not in table.columns


def test_language_switch_changes_labels() -> None:
    at = run_app(page="overview", lang="zh")
    assert at.title[0].value == "全国总览"
    at.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] in ("en", ["en"])


def test_browser_locale_chooses_language_when_no_param() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP, AS_OF

    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "en-GB"
    at.query_params["as_of"] = AS_OF
    at.run()
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("province", "CN-XX", "CN-XX"),
        ("milestone", "no-such-milestone", "no-such-milestone"),
        ("as_of", "2026-13-45", "2026-13-45"),
        ("page", "nowhere", "nowhere"),
        ("lang", "fr", "fr"),
    ],
)
def test_invalid_params_fall_back_with_a_visible_note(param: str, value: str, expected: str) -> None:
    at = run_app(**{"page": "province", "lang": "en", param: value})
    assert not at.exception
    notes = [w.value for w in at.warning]
    marker = "链接参数无效" if param == "lang" else "Invalid link parameter"  # a bad ?lang= falls back to Chinese
    # The value is shown escaped (metrics.domain.plain_text), which Markdown displays exactly as typed.
    assert any(plain(expected) in note and marker in note for note in notes), notes


def test_as_of_param_is_used_and_written_back() -> None:
    at = run_app(page="overview", as_of="2024-06-30", lang="en")
    assert at.date_input(key="w_as_of").value.isoformat() == "2024-06-30"
    assert "30 Jun 2024" in page_text(at) or any("30 Jun 2024" in m.value for m in at.metric)


def test_overview_tile_map_and_counts_figures_and_a_link_to_the_matrix() -> None:
    at = run_app(page="overview", lang="zh", milestone="teachers-double-qualified-share")
    tile, counts = figures(at)
    codes = {c[0] for trace in tile["data"] for c in trace.get("customdata", [])}
    assert {"CN-GD", "CN-BJ", "CN-XJ"} <= codes and len(codes) == 34
    assert all(trace["marker"]["symbol"] == "square" for trace in tile["data"])
    assert "2026年11月23日" in tile["layout"]["title"]["text"] and "演示数据" in tile["layout"]["title"]["text"]
    assert [trace["type"] for trace in counts["data"]] == ["bar"] * 7
    assert [link.proto.page for link in at.get("page_link")] == ["matrix"]  # the url_path of the matrix page


def test_matrix_page_shows_every_province_on_every_milestone() -> None:
    at = run_app(page="matrix", lang="zh")
    assert not at.exception
    (matrix,) = figures(at)
    heat = matrix["data"][0]
    n = len(BUNDLED.milestones)
    assert heat["type"] == "heatmap" and heat["z"]["shape"] == f"31, {n}"  # numpy arrays travel as typed binary
    assert len(matrix["layout"]["yaxis"]["ticktext"]) == 31 and len(matrix["layout"]["xaxis"]["ticktext"]) == n
    cells = {tuple(c) for trace in matrix["data"][1:] for c in trace["customdata"]}
    assert len(cells) == 31 * n and ("CN-GD", "teachers-double-qualified-share") in cells
    assert "演示数据" in matrix["layout"]["title"]["text"]
    assert at.query_params["page"] in ("matrix", ["matrix"])


def test_region_filter_limits_the_matrix() -> None:
    at = run_app(page="matrix", lang="en", region="Northeast")
    matrix = figures(at)[0]
    assert matrix["layout"]["yaxis"]["ticktext"] == ["Northeast · Heilongjiang", "Northeast · Liaoning", "Northeast · Jilin"]
    assert {c[0] for trace in matrix["data"][1:] for c in trace["customdata"]} == {"CN-HL", "CN-JL", "CN-LN"}


def test_province_trajectory_has_plan_reports_median_and_forecast() -> None:
    import datetime as dt

    from metrics.compute.status import compute_status

    status = compute_status(BUNDLED, dt.date(2026, 11, 23), ["CN-GD"])
    trending = status[(status["kind"] == "number") & status["trend_slope"].notna() & ~status["achieved"]]
    at = run_app(page="province", province="CN-GD", milestone=str(trending["milestone"].iloc[0]), lang="en")
    fig = figures(at)[0]
    names = [trace.get("name", "") for trace in fig["data"]]
    assert any(n.startswith("Planned path") for n in names)
    assert any(n.startswith("National median (") and "provinces" in n for n in names)
    # the bundled reports are all demo data: drawn as such, never as "Reported"
    assert "Demo data (not reported)" in names and "Reported" not in names
    forecast = [trace for trace in fig["data"] if trace.get("name", "").startswith("Forecast")]
    assert forecast and forecast[0]["line"]["dash"] == "dash"
    assert "Guangdong" in fig["layout"]["title"]["text"]


def test_milestone_page_charts() -> None:
    at = run_app(page="milestone", milestone="teachers-double-qualified-share", province="CN-ZJ", lang="en")
    ranked, trajectories, tile, distribution = figures(at)
    bars = [trace for trace in ranked["data"] if trace["type"] == "bar" and trace.get("showlegend") is not False]
    assert sum(len(trace["x"]) for trace in bars) == 31
    highlight = [trace for trace in ranked["data"] if trace.get("name") == "highlight"]  # the frame around Zhejiang's bar
    assert [len(trace["x"]) for trace in highlight] == [1]
    assert any(trace.get("name") == "Zhejiang" for trace in trajectories["data"])
    assert distribution["data"][0]["type"] == "histogram"


def test_compare_page_uses_the_provinces_in_the_link() -> None:
    at = run_app(page="compare", provinces="CN-GD,CN-JS,CN-SC", lang="en")
    assert at.multiselect(key="w_provinces").value == ["CN-GD", "CN-JS", "CN-SC"]
    chart = figures(at)[0]
    assert [trace["name"] for trace in chart["data"] if trace["type"] == "bar"] == ["Guangdong", "Jiangsu", "Sichuan"]
    assert list(at.dataframe[0].value.columns)[1:] == ["Guangdong", "Jiangsu", "Sichuan"]


def test_sources_page_lists_every_milestone_with_a_link() -> None:
    at = run_app(page="sources", lang="en")
    links = [el for el in at.get("page_link")]
    assert len(links) == len(BUNDLED.milestones)


def _break_line(path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_broken_yaml_shows_file_and_line_and_other_pages_still_render(data_copy) -> None:
    line = _break_line(data_copy / "data/milestones/teachers.yaml", "date: 2022-12-31", "date: December 2022")
    at = run_app(page="quality", lang="en")
    assert not at.exception
    text = page_text(at)
    assert f"teachers.yaml:{line}:" in text
    for page in ("overview", "matrix", "province", "milestone", "compare", "sources"):
        other = run_app(page=page, lang="en")
        assert not other.exception, (page, other.exception)
        assert f"teachers.yaml:{line}:" in page_text(other)  # the banner names it on every page


def test_unparseable_yaml_keeps_the_rest_of_the_dashboard(data_copy) -> None:
    (data_copy / "data/milestones/teachers.yaml").write_text("family: {id: teachers\nmilestones: [\n", encoding="utf-8")
    at = run_app(page="overview", lang="en")
    assert not at.exception
    assert "teachers.yaml:" in page_text(at)
    assert [fig["data"][0]["type"] for fig in figures(at)] == ["scatter", "bar"]
    left = len(BUNDLED.milestones) - sum(1 for m in BUNDLED.milestones.values() if m.family == "teachers")
    assert at.metric[0].value == str(left)
    matrix = figures(run_app(page="matrix", lang="en"))[0]
    assert len(matrix["layout"]["xaxis"]["ticktext"]) == left


def test_an_edited_file_shows_on_the_next_run_without_restart(data_copy) -> None:
    at = run_app(page="milestone", milestone="teachers-double-qualified-share", lang="en")
    assert at.title[0].value == TEACHERS
    path = data_copy / "data/milestones/teachers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f'"{TEACHERS}"', '"Edited title"'), encoding="utf-8")
    at.run()
    assert at.title[0].value == "Edited title"


def test_an_in_app_link_with_parameters_is_followed_within_the_session() -> None:
    at = run_app(page="milestone", milestone="teachers-double-qualified-share", lang="en")
    assert at.title[0].value == TEACHERS
    at.query_params["milestone"] = "apprenticeship-system"  # what st.page_link(query_params=...) does
    at.run()
    assert at.title[0].value == "Apprenticeship with Chinese characteristics"
    assert at.query_params["milestone"] in ("apprenticeship-system", ["apprenticeship-system"])
    at.selectbox(key="w_milestone").set_value("teachers-double-qualified-share").run()  # and widgets still win after
    assert at.title[0].value == TEACHERS


def test_pages_leave_the_shared_cached_tables_unchanged() -> None:
    # The dataset and status tables are cached as shared objects (app_pages/common.py), not copied
    # per run: a page that assigned into them would change every later session's figures.
    import datetime as dt

    import pandas as pd

    from app_pages.common import config_path, data_signature, load_data, load_snapshot
    from metrics.compute.history import current_reports
    from metrics.compute.status import compute_status
    from metrics.compute.summary import province_summary, rank_provinces
    from metrics.load.config import load_config
    from metrics.load.dataset import load_dataset

    for page in PAGES:
        for lang in ("zh", "en"):
            assert not run_app(page=page, lang=lang, province="CN-GD", provinces="CN-GD,CN-JS").exception
    assert not run_app(page="overview", present="1", lang="en").exception
    path = config_path()
    config, problems = load_config(path)
    signature = data_signature(config, path)
    as_of = dt.date.fromisoformat("2026-11-23")
    shared = load_data(str(path), signature)
    snapshot = load_snapshot(str(path), signature, as_of)
    status, summary, current = snapshot.status, snapshot.summary, snapshot.current
    fresh = load_dataset(config, problems)
    pd.testing.assert_frame_equal(shared.reports, fresh.reports)
    fresh_status = rank_provinces(compute_status(fresh, as_of))
    pd.testing.assert_frame_equal(status, fresh_status)
    pd.testing.assert_frame_equal(summary, province_summary(fresh_status))
    pd.testing.assert_frame_equal(current, current_reports(fresh.reports, as_of))


def test_province_page_shows_the_stage_evidence_of_the_chosen_milestone_below_the_table() -> None:
    at = run_app(page="province", province="CN-LN", milestone="teachers-accreditation-standard", lang="en")
    status = at.dataframe[0].value
    assert "Evidence for the stage reached" not in status.columns
    row = [r for r in BUNDLED.reports.itertuples() if r.province == "CN-LN" and r.milestone == "teachers-accreditation-standard"]
    if row:  # the demo data has reports for it; the evidence of the stage reached is shown below the chart
        assert "**Evidence for the stage reached:**" in "\n".join(m.value for m in at.markdown)
