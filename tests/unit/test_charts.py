"""Figure builders, checked on their JSON: traces, colours, titles, escaping."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.compute.history import current_reports
from metrics.compute.status import compute_status
from metrics.compute.summary import province_summary
from metrics.domain.i18n import province_name
from metrics.domain.statuses import BY_CODE, SHOWN_STATUSES, TABLE_STATUSES, status_label
from metrics.present import charts
from metrics.present.tables import median_path
from tests.conftest import AS_OF

MID = "teachers-double-qualified-share"


@pytest.fixture(scope="module")
def status(bundled):  # type: ignore[no-untyped-def]
    return compute_status(bundled, AS_OF)


@pytest.fixture(scope="module")
def current(bundled):  # type: ignore[no-untyped-def]
    return current_reports(bundled.reports, AS_OF)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tile_map_has_one_square_per_province_with_its_code(bundled, status, lang) -> None:  # type: ignore[no-untyped-def]
    rows = status[status["milestone"] == MID]
    fig = charts.build_tile_map(bundled.provinces, lang, AS_OF, "status", rows, bundled.milestones[MID], demo=True)
    codes = [c[0] for trace in fig.data for c in trace.customdata]
    assert sorted(codes) == sorted(bundled.provinces.index)
    assert {trace.marker.symbol for trace in fig.data} == {"square"}
    # Every trace is one status, named by its label and drawn in its colour, and every tile sits in the
    # trace of its own province's status (a trace named otherwise fails here, it is not skipped).
    status_of_label = {s.label(lang): s.code for s in SHOWN_STATUSES}
    drawn = {}
    for trace in fig.data:
        assert trace.name in status_of_label, f"trace {trace.name!r} is not a status"
        assert trace.marker.color == BY_CODE[status_of_label[trace.name]].colour
        drawn |= {c[0]: status_of_label[trace.name] for c in trace.customdata}
    expected = dict(zip(rows["province"], rows["status"], strict=True))
    applies = bundled.milestones[MID].applies
    expected |= {
        code: "no_data" if applies(code) else "not_applicable" for code in bundled.provinces.index if code not in expected
    }
    assert drawn == expected
    assert len(set(expected.values())) >= 3  # the comparison covers several colours, not one
    title = fig.layout.title.text
    assert ("2026年11月23日" if lang == "zh" else "23 Nov 2026") in title
    assert ("演示数据" if lang == "zh" else "demo data") in title


def test_tile_map_by_score_and_attainment_use_a_colour_scale(bundled, status) -> None:  # type: ignore[no-untyped-def]
    by_score = charts.build_tile_map(bundled.provinces, "en", AS_OF, "score", scores=province_summary(status))
    assert by_score.data[0].marker.colorscale is not None and len(by_score.data[0].x) == 31
    rows = status[status["milestone"] == MID]
    by_attainment = charts.build_tile_map(bundled.provinces, "en", AS_OF, "attainment", rows, bundled.milestones[MID])
    assert max(by_attainment.data[0].marker.color) <= 100


def test_hover_and_labels_escape_data_text(bundled, status) -> None:  # type: ignore[no-untyped-def]
    provinces = bundled.provinces.copy()
    provinces.loc["CN-GD", "name_en"] = "<script>alert(1)</script>"
    rows = status[status["milestone"] == MID]
    fig = charts.build_tile_map(provinces, "en", AS_OF, "status", rows, bundled.milestones[MID])
    text = str(fig.to_plotly_json())
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_status_matrix_orders_provinces_by_region_and_milestones_by_family(bundled, status) -> None:  # type: ignore[no-untyped-def]
    fig = charts.build_status_matrix(status, bundled.milestones, bundled.provinces, bundled.families, "en", AS_OF)
    heat = fig.data[0]
    n = len(bundled.milestones)
    assert heat.type == "heatmap" and len(heat.z) == 31 and len(heat.z[0]) == n
    ylabels, xlabels = fig.layout.yaxis.ticktext, fig.layout.xaxis.ticktext
    assert len(ylabels) == 31 and len(xlabels) == n
    regions = [label.split(" · ")[0] for label in ylabels]
    assert regions == sorted(regions, key=["East", "Central", "West", "Northeast"].index)
    assert all(label.startswith(f"{i + 1}. ") for i, label in enumerate(xlabels))


def test_status_matrix_marks_every_cell_with_its_status_symbol_and_link(bundled, status) -> None:  # type: ignore[no-untyped-def]
    fig = charts.build_status_matrix(status, bundled.milestones, bundled.provinces, bundled.families, "en", AS_OF)
    heat, marks = fig.data[0], fig.data[1:]
    ylabels, xlabels = fig.layout.yaxis.ticktext, fig.layout.xaxis.ticktext
    n = len(bundled.milestones)
    assert sum(len(trace.x) for trace in marks) == 31 * n  # every cell, once
    codes = [s.code for s in SHOWN_STATUSES]
    by_name = {status_label(s, "en"): s for s in codes}
    for trace in marks:
        state = by_name[trace.name]
        assert trace.marker.symbol == BY_CODE[state].marker
        for x, y, (province, milestone) in zip(trace.x, trace.y, trace.customdata, strict=True):
            # the cell's colour, its axis labels and its link all name the same pair
            assert heat.z[y][x] == codes.index(state)
            assert ylabels[y].endswith(province_name(bundled.provinces, province, "en", short=True))
            assert xlabels[x].startswith(f"{x + 1}. ")
            row = status[(status["province"] == province) & (status["milestone"] == milestone)]
            # a not-applicable cell is a pair with no status row: its milestone belongs to another province
            assert list(row["status"]) == ([] if state == "not_applicable" else [state])
            assert bundled.milestones[milestone].applies(province) == (state != "not_applicable")
    assert len({tuple(c) for trace in marks for c in trace.customdata}) == 31 * n
    key = fig.layout.annotations[0].text
    assert all(s.icon in key for s in SHOWN_STATUSES)


def test_status_counts_add_up_to_the_table(bundled, status) -> None:  # type: ignore[no-untyped-def]
    fig = charts.build_status_counts(status, bundled.milestones, bundled.families, "zh", AS_OF)
    assert [trace.marker.color for trace in fig.data] == [s.colour for s in TABLE_STATUSES]
    assert sum(sum(trace.x) for trace in fig.data) == len(status)


def test_trajectory_chart_has_plan_median_reports_and_dashed_forecast(bundled, status, current) -> None:  # type: ignore[no-untyped-def]
    # a counted milestone on which Guangdong has a trend to forecast from
    candidates = status[
        (status["province"] == "CN-GD") & (status["unit"] == "count") & status["trend_slope"].notna() & ~status["achieved"]
    ]
    mid = str(candidates["milestone"].iloc[0])
    row = status[(status["milestone"] == mid) & (status["province"] == "CN-GD")].iloc[0]
    reports = current[(current["milestone"] == mid) & (current["province"] == "CN-GD")]
    fig = charts.build_trajectory_chart(
        bundled.milestones[mid], "CN-GD", reports, row, median_path(current, mid), bundled.provinces, "en", AS_OF
    )
    names = [trace.name for trace in fig.data]
    planned = "Planned path (assumed values drawn open)" if bundled.milestones[mid].plan_for("CN-GD").assumed else "Planned path"
    n = int(median_path(current, mid)["provinces"].iloc[-1])
    assert names[:3] == [planned, f"National median ({n} provinces, each at its latest value)", "Demo data (not reported)"]
    plan = bundled.milestones[mid].plan_for("CN-GD")
    assert list(fig.data[0].y) == [float(p.value) for p in plan.points]
    assert fig.data[3].line.dash == "dash" and fig.data[3].name.startswith("Forecast")
    assert fig.layout.yaxis.title.text == "Count"


def test_trajectory_chart_draws_real_reports_and_demo_data_as_two_named_traces(bundled, status, current) -> None:  # type: ignore[no-untyped-def]
    """A real report is never labelled demo data, and the two differ by colour and marker (issue 13, item 2)."""
    mid = MID
    reports = current[(current["milestone"] == mid) & (current["province"] == "CN-GD")].sort_values("as_of").copy()
    assert len(reports) >= 2
    reports["demo"] = [True] * (len(reports) - 1) + [False]  # the last one is a real report
    row = status[(status["milestone"] == mid) & (status["province"] == "CN-GD")].iloc[0]
    for lang, real_name, demo_name in (("en", "Reported", "Demo data (not reported)"), ("zh", "报送值", "演示数据（非报送）")):
        fig = charts.build_trajectory_chart(bundled.milestones[mid], "CN-GD", reports, row, None, bundled.provinces, lang, AS_OF)
        traces = {trace.name: trace for trace in fig.data}
        real, demo = traces[real_name], traces[demo_name]
        assert len(real.x) == 1 and len(demo.x) == len(reports) - 1
        assert real.marker.color != demo.marker.color and real.marker.symbol != demo.marker.symbol
        assert "演示" not in real_name and "demo" not in real_name.lower()
        # the demo stamp sits in a band above the y axis, where no report can be drawn (it hid the real one)
        (mark,) = [a for a in fig.layout.annotations if a.name == "demo-mark"]
        assert mark.yref == "paper" and mark.y == 1 and mark.yanchor == "top"
        plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        assert (1 - fig.layout.yaxis.domain[1]) * plot >= 30  # pixels: the stamp's height and some air


def test_trajectory_chart_median_says_how_many_provinces(bundled, status, current) -> None:  # type: ignore[no-untyped-def]
    median = median_path(current, MID)
    row = status[(status["milestone"] == MID) & (status["province"] == "CN-GD")].iloc[0]
    reports = current[(current["milestone"] == MID) & (current["province"] == "CN-GD")]
    fig = charts.build_trajectory_chart(bundled.milestones[MID], "CN-GD", reports, row, median, bundled.provinces, "zh", AS_OF)
    trace = next(tr for tr in fig.data if tr.name.startswith("全国中位数"))
    assert f"{int(median['provinces'].iloc[-1])} 个省份" in trace.name
    assert list(trace.customdata) == list(median["provinces"]) and "%{customdata} 个省份" in trace.hovertemplate


def test_stage_milestone_axis_shows_stage_labels(bundled, status, current) -> None:  # type: ignore[no-untyped-def]
    mid = "teachers-accreditation-standard"
    m = bundled.milestones[mid]
    row = status[(status["milestone"] == mid) & (status["province"] == "CN-LN")].iloc[0]  # a Liaoning task
    reports = current[(current["milestone"] == mid) & (current["province"] == "CN-LN")]
    fig = charts.build_trajectory_chart(m, "CN-LN", reports, row, None, bundled.provinces, "zh", AS_OF)
    assert list(fig.layout.yaxis.ticktext) == ["未启动", "已规划", "已建立", "运行中", "已评估"]


def test_ranked_bar_has_every_province_once_and_the_expected_value(bundled, status) -> None:  # type: ignore[no-untyped-def]
    rows = status[status["milestone"] == MID]
    fig = charts.build_ranked_bar(rows, bundled.milestones[MID], bundled.provinces, "en", AS_OF, "CN-GD")
    bars = [trace for trace in fig.data if trace.type == "bar" and trace.name != "highlight"]
    assert sum(len(trace.x) for trace in bars) == 31
    # the chosen province is framed by a bar of its own, out of the legend: a status's legend key is never framed
    (frame,) = [trace for trace in fig.data if trace.name == "highlight"]
    assert list(frame.x) == ["Guangdong"] and frame.showlegend is False and frame.marker.line.width == 3
    assert all(trace.marker.line.color == "#FFFFFF" for trace in bars)
    order = list(fig.layout.xaxis.categoryarray)
    latest = rows.set_index("province")["latest"]
    names = {charts.province_name(bundled.provinces, c, "en", short=True): c for c in rows["province"]}
    values = [latest[names[n]] for n in order]
    assert values == sorted(values, reverse=True)
    assert fig.data[-1].name == "Expected"


def test_all_trajectories_highlights_the_chosen_and_fades_the_rest(bundled, current) -> None:  # type: ignore[no-untyped-def]
    reports = current[current["milestone"] == MID]
    fig = charts.build_all_trajectories(bundled.milestones[MID], reports, bundled.provinces, "en", AS_OF, ["CN-GD", "CN-JS"])
    assert [trace.name for trace in fig.data] == ["Other provinces", "Planned path", "Guangdong", "Jiangsu"]
    assert fig.data[0].line.color == charts.FAINT


def test_distribution_and_compare(bundled, status) -> None:  # type: ignore[no-untyped-def]
    rows = status[status["milestone"] == MID]
    dist = charts.build_distribution(rows, bundled.milestones[MID], "en", AS_OF)
    assert dist.data[0].type == "histogram" and len(dist.data[0].x) == rows["latest"].notna().sum()
    chosen = status[status["province"].isin(["CN-GD", "CN-SC"]) & (status["family"] == "teachers")]
    fig = charts.build_compare_chart(chosen, bundled.milestones, bundled.provinces, ["CN-GD", "CN-SC"], "en", AS_OF)
    assert [trace.name for trace in fig.data] == ["Guangdong", "Sichuan"]
    assert len(fig.data[0].x) == chosen.loc[chosen["province"] == "CN-GD", "milestone"].nunique() >= 2
    expected = chosen[chosen["province"] == "CN-GD"].set_index("milestone")["attainment"].clip(-0.5, 1.5) * 100
    assert list(fig.data[0].y) == pytest.approx(list(expected.reindex(pd.unique(chosen["milestone"]))))


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Heilongjiang", "en", "Heilong<br>jiang"),
        ("Inner Mongolia", "en", "Inner<br>Mongolia"),
        ("Guangdong", "en", "Guang<br>dong"),
        ("Beijing", "en", "Beijing"),
        ("黑龙江", "zh", "黑龙江"),
        ("<b>Bad</b>", "zh", "&lt;b&gt;Bad&lt;/b&gt;"),
    ],
)
def test_tile_labels_fit_a_tile_and_are_escaped(name: str, lang: str, expected: str) -> None:
    assert charts.tile_label(name, lang) == expected


def test_the_as_of_label_keeps_clear_of_the_target_star(bundled, status, current) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 10: the as-of label sat at the top of its line, on the target star of a rising milestone."""
    row = status[(status["milestone"] == MID) & (status["province"] == "CN-GD")].iloc[0]
    reports = current[(current["milestone"] == MID) & (current["province"] == "CN-GD")]
    fig = charts.build_trajectory_chart(bundled.milestones[MID], "CN-GD", reports, row, None, bundled.provinces, "en", AS_OF)
    plan = fig.data[0]
    assert plan.y[-1] > plan.y[0] and plan.marker.symbol[-1].startswith("star")  # rising: the star is at the top
    labels = [a for a in fig.layout.annotations if a.text == "As-of date"]
    assert len(labels) == 1
    assert (labels[0].yref, labels[0].yanchor) == ("y domain", "bottom") and labels[0].y < 0.1


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_score_map_spreads_the_scores_over_a_readable_sequential_scale(bundled, status) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 7: Cividis over 0-100 drew the bundled scores (45-80) in near-identical olives."""
    fig = charts.build_tile_map(bundled.provinces, "en", AS_OF, "score", scores=province_summary(status))
    scored = next(trace for trace in fig.data if not isinstance(trace.marker.color, str))
    scale = [color for _, color in scored.marker.colorscale]
    light, dark = _luminance(scale[0]), _luminance(scale[-1])
    assert (light + 0.05) / (dark + 0.05) >= 7  # the ends of the scale far apart in lightness
    values = list(scored.marker.color)
    used = (max(values) - min(values)) / (scored.marker.cmax - scored.marker.cmin)
    assert used >= 0.6  # the provinces' scores use most of the scale, not a middle band of it
    assert scored.marker.cmin <= min(values) and scored.marker.cmax >= max(values)
    labels = list(scored.textfont.color)  # each tile's label readable on its own colour
    assert labels[values.index(min(values))] == "#111111" and labels[values.index(max(values))] == "#FFFFFF"


# Issue 13, item 5: the English layout. Widths are counted in Latin characters, a Chinese character as two.
def _lines(label: str) -> list[str]:
    return label.split("<br>")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_counts_wrap_long_family_names_and_keep_them_whole_in_the_hover(bundled, status, lang) -> None:  # type: ignore[no-untyped-def]
    fig = charts.build_status_counts(status, bundled.milestones, bundled.families, lang, AS_OF)
    labels = list(fig.data[0].y)
    # the longest English family name (66 characters) took two thirds of the width from the bars
    assert all(len(_lines(label)) <= 2 for label in labels)
    assert max(charts.text_width(line) for label in labels for line in _lines(label)) <= charts.COUNT_LABEL_WIDTH
    full = {charts.esc(charts.pick(f.title, lang)) for f in bundled.families.values()}
    assert "%{customdata[0]}" in fig.data[0].hovertemplate
    assert {c[0] for c in fig.data[0].customdata} <= full
    assert len(fig.data[0].customdata) == len(labels)


def test_wrap_breaks_at_spaces_and_between_chinese_characters() -> None:
    assert charts.wrap_lines("Quality assessment, principal accountability and evaluation reform", 26, 2) == [
        "Quality assessment,",
        "principal accountability…",
    ]
    assert charts.wrap_lines("省域现代职业教育体系建设新模式试点", 24) == ["省域现代职业教育体系建设", "新模式试点"]
    assert charts.wrap("a <b> c", 80) == "a &lt;b&gt; c"
    assert charts.wrap("面向终身学习的技术技能培训", 24, 2) == "面向终身学习的<br>技术技能培训"  # no character left alone
    assert charts.wrap("School-enterprise cooperation", 24, 2) == "School-enterprise<br>cooperation"  # no word cut


def _longest_milestone(bundled, lang: str) -> str:  # type: ignore[no-untyped-def]
    return max(bundled.milestones, key=lambda m: charts.text_width(charts.pick(bundled.milestones[m].title, lang)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_half_width_titles_wrap_at_word_boundaries_and_make_room(bundled, status, lang) -> None:  # type: ignore[no-untyped-def]
    mid = _longest_milestone(bundled, lang)
    rows = status[status["milestone"] == mid]
    for fig, width in (
        (charts.build_distribution(rows, bundled.milestones[mid], lang, AS_OF), charts.HALF_TITLE_WIDTH),
        (charts.build_tile_map(bundled.provinces, lang, AS_OF, "status", rows, bundled.milestones[mid]), charts.WIDE_TITLE_WIDTH),
    ):
        head = fig.layout.title.text.split("<br><sup>")[0]
        lines = _lines(head)
        assert max(charts.text_width(charts.html.unescape(line)) for line in lines) <= width
        assert len(lines) >= 2 or lang == "zh"  # the longest English title needs two lines at half width
        whole = f"{charts.pick(bundled.milestones[mid].title, lang)} · "
        unwrapped = charts.html.unescape(charts.unwrap(head))
        assert unwrapped.replace(" ", "").startswith(whole.replace(" ", ""))  # nothing cut off
        if lang == "en":  # broken between words: the lines joined by spaces give the title back
            assert unwrapped.startswith(whole)
        assert fig.layout.margin.t >= 58 + 22 * len(lines)  # the lines stay above the plot


def test_plain_title_of_a_wrapped_title_is_the_whole_title(bundled, status) -> None:  # type: ignore[no-untyped-def]
    from metrics.export.briefing import plain_title

    mid = _longest_milestone(bundled, "en")
    fig = charts.build_distribution(status[status["milestone"] == mid], bundled.milestones[mid], "en", AS_OF)
    assert plain_title(fig).startswith(charts.pick(bundled.milestones[mid].title, "en") + " · ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_legend_sits_below_the_rotated_province_names_and_axis_title(bundled, status, current, lang) -> None:  # type: ignore[no-untyped-def]
    rows = status[status["milestone"] == MID]
    ranked = charts.build_ranked_bar(rows, bundled.milestones[MID], bundled.provinces, lang, AS_OF)
    names = list(ranked.data[0].x) + [n for trace in ranked.data[1:] for n in trace.x]
    longest = max(charts.text_width(n) for n in names)
    reports = current[current["milestone"] == MID]
    trajectories = charts.build_all_trajectories(bundled.milestones[MID], reports, bundled.provinces, lang, AS_OF, ["CN-GD"])
    for fig, label_px in ((ranked, longest * charts.TICK_PX * 0.7), (trajectories, 18)):
        legend = fig.layout.legend
        # anchored to the figure's bottom edge, not to a share of the plot's height that rotated names reach into
        assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
        assert fig.layout.margin.b >= label_px + charts.AXIS_TITLE_PX + charts.LEGEND_PX
        assert fig.layout.height - fig.layout.margin.t - fig.layout.margin.b >= 250  # the plot keeps its height
    if lang == "en":
        assert ranked.layout.margin.b >= len("Inner Mongolia") * charts.TICK_PX * 0.7 + 86


def test_distribution_expected_label_sits_above_the_bars(bundled, status) -> None:  # type: ignore[no-untyped-def]
    numbers = status[status["kind"] == "number"]
    mid = str(numbers["milestone"].iloc[0])
    fig = charts.build_distribution(status[status["milestone"] == mid], bundled.milestones[mid], "en", AS_OF)
    labels = [a for a in fig.layout.annotations if str(a.text).startswith("Expected")]
    assert len(labels) == 1
    label = labels[0]
    # above the plot area (paper y 1, anchored at its bottom), where no bar reaches; it sat on the tallest bars
    assert (label.yref, label.y, label.yanchor) == ("paper", 1, "bottom")
    title_lines = len(fig.layout.title.text.split("<br><sup>")[0].split("<br>"))
    assert fig.layout.margin.t >= 58 + 22 * title_lines + charts.EXPECTED_LABEL_PX  # room between title and plot


def test_title_lines_keep_the_separator_at_a_line_end() -> None:
    lines = charts.title_lines("Apprenticeship with Chinese characteristics · Distribution of the provinces' latest values", 44)
    assert lines == ["Apprenticeship with Chinese", "characteristics ·", "Distribution of the provinces' latest values"]
    assert charts.title_lines("短标题 · 分布", 44) == ["短标题 · 分布"]


def test_label_extent_grows_with_the_longest_line_and_counts_chinese_characters_twice() -> None:
    assert charts.label_extent(["East · Hebei"], 11) < charts.label_extent(["Northeast · Heilongjiang"], 11)
    assert charts.label_extent(["中文标签"], 10) == charts.label_extent(["abcdefgh"], 10)  # 4 wide characters, 8 Latin
    assert charts.label_extent(["short<br>a much longer second line"], 10) == charts.label_extent(
        ["a much longer second line"], 10
    )
    # Rotated under an x axis: the label's height at that angle, not its width.
    flat, steep = (
        charts.label_extent(["1. A long milestone title"], 10, 30),
        charts.label_extent(["1. A long milestone title"], 10, 60),
    )
    assert flat < steep < charts.label_extent(["1. A long milestone title"], 10)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_status_matrix_margins_hold_its_longest_tick_labels(bundled, status, lang) -> None:  # type: ignore[no-untyped-def]
    """Wide enough that plotly.js need not widen them (a second layout pass); the browser's own figures for these
    labels, read from plotly's automargin pushes, were 185 / 196 px (en) and 124 / 176 px (zh)."""
    fig = charts.build_status_matrix(status, bundled.milestones, bundled.provinces, bundled.families, lang, AS_OF)
    left, bottom = (185, 196) if lang == "en" else (124, 176)
    assert left <= fig.layout.margin.l <= left + 40
    assert bottom <= fig.layout.margin.b <= bottom + 40
