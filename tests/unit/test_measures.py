"""Measure kinds, each a class with its own behaviour; nothing outside metrics/load/measure_kinds.py asks for a kind."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metrics.domain.measures import Measure
from metrics.domain.model import Point
from metrics.files.located_yaml import load_located_yaml
from metrics.load.fields import Fields
from metrics.load.measure_kinds import MEASURE_KINDS, NumberMeasure, StageMeasure
from metrics.load.milestones import _read_measure

ROOT = Path(__file__).resolve().parents[2]
LADDER = ("not-started", "planned", "launched", "in-operation", "evaluated")
STAGES = StageMeasure(1, stages=LADDER, ladder="policy")
PERCENT = NumberMeasure(1, "percent", denominator={"en": "teachers", "zh": "教师"})
COUNT = NumberMeasure(1, "count", cumulative=True)


class Ladder:
    ids = LADDER


def _measure(tmp_path: Path, text: str) -> tuple[Measure | None, list[str]]:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = load_located_yaml(path)
    assert data is not None
    measure = _read_measure(Fields(data, problems), {"policy": Ladder()})  # type: ignore[dict-item]
    return measure, [f"{p.field}: {p.message}" for p in problems]


def test_every_kind_is_registered_by_the_name_a_milestone_file_gives() -> None:
    assert list(MEASURE_KINDS) == ["number", "stage"]
    assert all(cls.kind == name and issubclass(cls, Measure) for name, cls in MEASURE_KINDS.items())
    assert [cls.numeric for cls in MEASURE_KINDS.values()] == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("measure: {kind: number, unit: count, cumulative: true}", NumberMeasure(1, "count", True)),
        ("measure: {kind: number, unit: index, direction: down}", NumberMeasure(-1, "index")),
        ("measure: {kind: stage, ladder: policy}", StageMeasure(1, stages=LADDER, ladder="policy")),
    ],
)
def test_each_kind_reads_its_own_fields(tmp_path: Path, text: str, expected: Measure) -> None:
    assert _measure(tmp_path, text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("measure: {kind: rank}", "measure.kind: 'rank' is not allowed (expected one of number, stage)"),
        (
            "measure: {kind: stage, ladder: policy, unit: count}",
            "measure.unit: unknown field (expected one of kind, ladder, direction)",
        ),
        ("measure: {kind: stage, ladder: other}", "measure.ladder: 'other' is not in ladders.yaml (expected one of: policy)"),
        (
            "measure: {kind: number, unit: percent}",
            "measure.denominator: missing (expected denominator: {en: ..., zh: ...} naming what a percent is a share of)",
        ),
        (
            "measure: {kind: number, unit: count, direction: sideways}",
            "measure.direction: 'sideways' is not allowed (expected one of up, down)",
        ),
    ],
)
def test_a_bad_measure_is_a_located_problem(tmp_path: Path, text: str, problem: str) -> None:
    measure, problems = _measure(tmp_path, text)
    assert problem in problems
    assert measure is None or "unknown field" in problem  # an unknown field is reported; the milestone then fails to load


def test_values_take_their_place_on_one_scale() -> None:
    assert PERCENT.to_number(42.5) == 42.5
    assert [STAGES.to_number(s) for s in LADDER] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert STAGES.stage_reached(2.99) == 2 and STAGES.stage_reached(-1) == 0 and STAGES.stage_reached(9) == 4
    assert STAGES.clip_to_scale([-1.0, 2.5, 7.0]) == [0.0, 2.5, 4.0] and PERCENT.clip_to_scale([-1.0, 107.0]) == [-1.0, 107.0]
    assert StageMeasure(1, ladder="policy").scale_known is False  # read without its ladder: no stages to place values on


@pytest.mark.parametrize(
    ("measure", "value", "lang", "expected"),
    [
        (PERCENT, 42.5, "en", "42.5%"),
        (COUNT, 12000, "zh", "1.2万个"),
        (STAGES, "in-operation", "zh", "运行中"),
        (STAGES, "custom-stage", "en", "custom-stage"),
        (STAGES, float("nan"), "en", "–"),
    ],
)
def test_each_kind_formats_its_values(measure: Measure, value: object, lang: str, expected: str) -> None:
    assert measure.format(value, lang) == expected


def test_expected_values_gaps_and_positions_in_each_kinds_terms() -> None:
    assert STAGES.format_expected(1.5, "en") == "Planned → Launched"  # part of the way to the next stage
    assert STAGES.format_expected(2.02, "en") == "Launched"
    assert PERCENT.format_expected(55.25, "en") == "55.2%"
    assert STAGES.format_gap(-0.5, "en") == "-0.5 stage" and STAGES.gap_in_unit(-0.5, "en") is None
    assert PERCENT.format_gap(2.5, "en") == PERCENT.gap_in_unit(2.5, "en") == "+2.5%"
    assert STAGES.format_position(3.7, "en") == "In operation" and COUNT.format_position(3, "en") == "3"
    assert STAGES.reported_text("planned", "zh") == "已规划" and PERCENT.reported_text("41.50", "zh") == "41.50"


def test_axes_name_the_stages_and_the_unit() -> None:
    ticks = STAGES.axis_ticks("en")
    assert ticks is not None and list(ticks.values) == [0, 1, 2, 3, 4] and ticks.labels[0] == "Not started"
    assert list(ticks.range) == [-0.3, 4.3]
    assert (
        PERCENT.axis_ticks("en") is None
        and PERCENT.levels("en") is None
        and STAGES.levels("zh")
        == ticks.labels[:0]
        + [
            "未启动",
            "已规划",
            "已启动",
            "运行中",
            "已评估",
        ]
    )
    assert (PERCENT.axis_title("en"), STAGES.axis_title("en")) == ("Share (%)", "stage")


def test_a_stage_finding_names_the_next_planned_stage() -> None:
    points = [Point(dt.date(2024, 1, 1), "planned"), Point(dt.date(2026, 12, 31), "in-operation")]
    row = {"status": "off_track", "latest_value": "planned", "latest": 1.0, "expected": 2.4}
    text = STAGES.progress_finding(row, points, "Guangdong", "“X”", "en")
    assert text == (
        "Guangdong is at “Planned” on “X” where the plan expects “In operation” by now; "
        "the plan's next step is “In operation” by 31 Dec 2026."
    )


def test_reported_values_are_read_and_checked_by_their_kind() -> None:
    class Column:
        def __init__(self, values: list[str]) -> None:
            self.codes, self.uniques = pd.factorize(pd.Series(values, dtype=object))
            self.uniques = np.asarray(self.uniques, dtype=object)

        def per_row(self, per_unique: np.ndarray) -> np.ndarray:
            return per_unique[self.codes]

        def text(self, rows: np.ndarray) -> np.ndarray:
            return self.uniques[self.codes[rows]]

    value = Column(["12.5", "1,234", "12,5", "launched", "soon", "101"])
    milestone = Column(["share", "count", "count", "stage", "stage", "share"])
    numbers = NumberMeasure.read_report_values(value, milestone, {0: PERCENT, 1: COUNT})
    stages = StageMeasure.read_report_values(value, milestone, {2: STAGES})
    assert numbers.rows.tolist() == [True, True, True, False, False, True]
    assert numbers.numbers[:2].tolist() == [12.5, 1234.0]
    assert stages.rows.tolist() == [False, False, False, True, True, False] and stages.numbers[3] == 2.0
    messages = [m.render("en") for check in numbers.checks + stages.checks for m in check.describe(np.flatnonzero(check.rows))]
    assert messages == [
        "'12,5' has a comma that is not a thousands separator (expected a decimal point, such as 12.5)",
        "'12,5' is not a number (expected a number such as 42.5)",
        "101 is outside 0-100 (expected a percentage)",
        "'soon' is not a stage of stage (expected one of not-started, planned, launched, in-operation, evaluated)",
    ]


def test_the_new_milestone_form_writes_each_kinds_fields() -> None:
    form = {"unit": "count", "denominator_en": "schools", "direction": "down", "cumulative": True, "ladder": "policy"}
    assert NumberMeasure.yaml_fields(form) == [
        ("unit", "count"),
        ("denominator", {"en": "schools", "zh": None}),
        ("direction", "down"),
        ("cumulative", True),
    ]
    assert StageMeasure.yaml_fields(form) == [("ladder", "policy"), ("direction", "down")]
    assert NumberMeasure.form_value("1,200") == 1200.0 and NumberMeasure.form_value("about 5") == "about 5"
    assert StageMeasure.form_value("planned") == "planned"


def test_template_cells_and_demo_values_follow_the_kind() -> None:
    assert STAGES.cell_rule().formula1 == '"not-started,planned,launched,in-operation,evaluated"'
    assert (PERCENT.cell_rule().formula1, PERCENT.cell_rule().formula2) == ("0", "100")
    assert (COUNT.value_text(3.4), PERCENT.value_text(41.26), STAGES.value_text(2.0)) == ("3", "41.3", "launched")
    assert PERCENT.capped(103.0) == 100.0 and COUNT.capped(103.0) == 103.0
    rng = np.random.default_rng(1)
    assert set(STAGES.demo_series(0.0, np.linspace(0, 6, 12), 4.0, rng)) <= {0.0, 1.0, 2.0, 3.0, 4.0}


def test_no_module_outside_measures_asks_which_kind_a_measure_is() -> None:
    """Issue 14: adding a kind touches one module (metrics/load/measure_kinds.py). A comparison of ``.kind`` (or a
    "kind" column) with a kind's name anywhere else would need a new branch for every new kind."""
    names = set(MEASURE_KINDS)
    found = []
    for path in [*sorted((ROOT / "metrics").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]:
        if path.name in ("measures.py", "measure_kinds.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Constant) and side.value in names for side in (node.left, *node.comparators)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
