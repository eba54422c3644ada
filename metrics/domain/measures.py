"""What a milestone counts: one class per measure kind, and everything that depends on the kind.

A milestone's ``measure:`` names its kind (``number`` or ``stage``). Each kind is a class here with its own
behaviour: reading its fields and values from a milestone file, checking reported values, placing a value on
the scale the trajectory maths uses, formatting values, gaps and axes, wording a finding, writing the YAML
and the template of a new milestone, and simulating demo figures. Nothing outside this module asks which
kind a measure is: it calls the measure. Adding a kind means adding a class to ``MEASURE_KINDS`` (and its
``kind.<name>`` strings for the edit form's choice).

Stage milestones use each stage's position in the ordered ladder (0, 1, 2, …), so the same interpolation,
gap and attainment maths serves numbers and stages alike (metrics/compute/trajectory.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from metrics.domain.i18n import format_date, format_number, format_signed, has, stage_label, t, unit_label
from metrics.domain.ids import ID_PATTERN
from metrics.domain.problems import shown
from metrics.domain.statuses import BEHIND

Value = float | str  # a number, or a stage id for stage milestones
FloatArray = npt.NDArray[np.float64]
Row = Mapping[str, Any] | pd.Series  # a status row (metrics/domain/tables.py STATUS)

UNITS = ("percent", "count", "ratio", "index")
SHARE_UNITS = ("percent", "ratio")  # units that must name their denominator
DIRECTIONS = ("up", "down")
ON_PATH = 0.05  # a gap smaller than this (in the measure's unit) is read as "on its path"
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")  # 1,234 and 12,345.5: commas between groups of three digits


class FieldReader(Protocol):
    """The located-YAML field reader of metrics/load/fields.py, as a measure reads its fields with it."""

    @property
    def mapping(self) -> Mapping[Any, Any]: ...

    def check_unknown(self, allowed: Iterable[str]) -> None: ...

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str | None: ...

    def missing(self, key: str, expected: str) -> None: ...

    def report(self, key: str, message: str, at_key: bool = False) -> None: ...

    def text(self, key: str, required: bool = True, pattern: Any = None, expected: str = "text") -> str | None: ...

    def number(self, key: str, required: bool = True) -> float | None: ...

    def boolean(self, key: str, default: bool) -> bool: ...

    def bilingual(self, key: str, required: bool = True) -> dict[str, str] | None: ...


class LadderIds(Protocol):
    """A stage ladder, as a stage measure needs it: its stage ids in order."""

    @property
    def ids(self) -> tuple[str, ...]: ...


class DatedValue(Protocol):
    """A point of a planned path."""

    @property
    def date(self) -> Any: ...

    @property
    def value(self) -> Value: ...


class TextColumn(Protocol):
    """A factorised column of report cells (metrics/load/reports.py): distinct texts and each row's code."""

    uniques: np.ndarray
    codes: np.ndarray

    def per_row(self, per_unique: np.ndarray) -> np.ndarray: ...

    def text(self, rows: np.ndarray) -> np.ndarray: ...


@dataclass
class ValueCheck:
    """A problem with reported values: the rows it applies to and their messages (built only for listed rows)."""

    rows: np.ndarray
    describe: Callable[[np.ndarray], Iterable[str]]


@dataclass
class ReadValues:
    """The reported values of one kind's rows on the scale (``numbers``), and the problems found."""

    rows: np.ndarray  # per row: a row of a milestone of this kind
    numbers: FloatArray  # per row: the value on the scale (NaN where it cannot be read)
    checks: list[ValueCheck] = field(default_factory=list)


@dataclass(frozen=True)
class CellRule:
    """An Excel data validation for the value cell of a report template row (openpyxl's DataValidation)."""

    type: Literal["list", "decimal"]
    formula1: str
    formula2: str | None = None
    operator: Literal["between"] | None = None
    error: str | None = None
    error_title: str | None = None
    prompt_title: str | None = None
    prompt: str | None = None


@dataclass(frozen=True)
class AxisTicks:
    """Named ticks of a value axis (a stage ladder's stages), with the axis range that frames them."""

    values: Sequence[float]
    labels: Sequence[str]
    range: Sequence[float]


@dataclass(frozen=True)
class Measure:
    """What a milestone counts. One subclass per kind; ``MEASURE_KINDS`` lists them."""

    kind: ClassVar[str]
    numeric: ClassVar[bool]  # values are quantities: differences and growth mean something (gaps, jumps, corrections)
    trend_forecasts: ClassVar[bool]  # a straight-line trend through its values forecasts something a reader can use
    named_values: ClassVar[bool]  # values read as names ("In operation"): quoted in a sentence

    direction: int = 1  # +1 when more is better, -1 when less is
    unit: str = ""
    cumulative: bool = False

    @property
    def ladder(self) -> str:
        """The stage ladder the values come from ("" when they are not stages)."""
        return ""

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a report may give, when they are a list (empty: any number)."""
        return ()

    @property
    def scale_known(self) -> bool:
        """Whether values can be placed on the scale (a stage measure read without its ladder cannot)."""
        return True

    @property
    def step(self) -> float:
        """The smallest move a value makes on the scale (0: any)."""
        return 0.0

    # --- reading a milestone file ---------------------------------------------------------------------------

    @classmethod
    def read(cls, fields: FieldReader, direction: int | None, ladders: Mapping[str, LadderIds] | None) -> Measure | None:
        """The measure a milestone's ``measure:`` mapping describes; None (with located problems) if it is invalid."""
        raise NotImplementedError

    def read_value(self, fields: FieldReader, key: str) -> Value | None:
        """A planned value (``value:`` of a baseline, checkpoint or target); None (with a problem) if invalid."""
        raise NotImplementedError

    @classmethod
    def read_report_values(cls, value: TextColumn, milestone: TextColumn, measures: Mapping[int, Measure]) -> ReadValues:
        """The values of the report rows whose milestone (by code in ``milestone``) has one of ``measures``."""
        raise NotImplementedError

    # --- the scale ----------------------------------------------------------------------------------------------

    def to_number(self, value: Value) -> float:
        """A value on the scale the trajectory maths uses."""
        raise NotImplementedError

    def clip_to_scale(self, values: Sequence[float]) -> list[Any]:
        """Points of a drawn line kept within the scale (a trend past the last stage stops there)."""
        return list(values)

    # --- words and numbers ------------------------------------------------------------------------------------

    def format(self, value: object, lang: str) -> str:
        """A reported or planned value for display."""
        raise NotImplementedError

    def format_position(self, position: float, lang: str) -> str:
        """A position on the scale (a median, a minimum) for display."""
        raise NotImplementedError

    def format_expected(self, position: float, lang: str) -> str:
        """The value the plan expects at a date, for display."""
        raise NotImplementedError

    def format_gap(self, gap: float, lang: str) -> str:
        """A gap to the planned path, signed, for a table."""
        return format_signed(gap, lang, self.unit)

    def gap_in_unit(self, gap: float, lang: str) -> str | None:
        """The gap in the measure's own unit, for a hover (None when it has no unit to say it in)."""
        return format_signed(gap, lang, self.unit)

    def reported_text(self, value: object, lang: str) -> str:
        """A reported value as a reader reads it (numbers as reported, a stage by its label)."""
        return str(value)

    def axis_title(self, lang: str) -> str:
        """The title of a value axis."""
        return t(f"axis.{self.unit}", lang) if has(f"axis.{self.unit}") else (unit_label(self.unit, lang) or t("col.value", lang))

    def axis_ticks(self, lang: str) -> AxisTicks | None:
        """Named ticks for a value axis (None: plotly's numbers)."""
        return None

    def levels(self, lang: str) -> list[str] | None:
        """The named levels values fall on, in order, for a count per level (None: values are continuous)."""
        return None

    def progress_finding(self, row: Row, points: Sequence[DatedValue], name: str, title: str, lang: str) -> str:
        """Where a province stands against its path in words, for a status that is neither achieved nor overdue."""
        raise NotImplementedError

    @classmethod
    def count_text(cls, n: int, ladders: int) -> str:
        """'25 numbers': how many milestones of this kind the data holds (``python -m metrics counts``)."""
        raise NotImplementedError

    # --- the edit form, the template and demo data -----------------------------------------------------------

    @classmethod
    def yaml_fields(cls, form: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """The ``measure:`` fields after ``kind`` for the new-milestone form's values, in the order written
        (a dict value is written as ``{en: …, zh: …}``)."""
        raise NotImplementedError

    @classmethod
    def form_value(cls, text: Any) -> Any:
        """A planned value typed in the form, as it goes into the YAML."""
        return text

    def cell_rule(self) -> CellRule:
        """The data validation of a template's value cell."""
        raise NotImplementedError

    def value_text(self, number: float) -> str:
        """A value on the scale written as a report gives it (demo figures)."""
        raise NotImplementedError

    def demo_series(self, base: float, progress: FloatArray, span: float, rng: np.random.Generator) -> FloatArray:
        """Invented values along a path: ``base`` plus ``progress`` with noise (metrics/intake/demo.py)."""
        raise NotImplementedError

    def capped(self, value: float) -> float:
        """A simulated value within what the unit allows."""
        return value


@dataclass(frozen=True)
class NumberMeasure(Measure):
    """A number with a unit: a percentage, a count, a ratio or an index."""

    kind: ClassVar[str] = "number"
    numeric: ClassVar[bool] = True
    trend_forecasts: ClassVar[bool] = True
    named_values: ClassVar[bool] = False

    denominator: dict[str, str] | None = None  # what a percentage or ratio is a share of

    @classmethod
    def read(cls, fields: FieldReader, direction: int | None, ladders: Mapping[str, LadderIds] | None) -> Measure | None:
        fields.check_unknown(("kind", "unit", "denominator", "direction", "cumulative"))
        unit = fields.choice("unit", UNITS)
        if unit in SHARE_UNITS and "denominator" not in fields.mapping:
            fields.missing("denominator", f"denominator: {{en: ..., zh: ...}} naming what a {unit} is a share of")
            return None
        denominator = fields.bilingual("denominator", required=False)
        cumulative = fields.boolean("cumulative", False)
        if unit is None or direction is None or (unit in SHARE_UNITS and denominator is None):
            return None
        return cls(direction, unit, cumulative, denominator=denominator)

    def read_value(self, fields: FieldReader, key: str) -> Value | None:
        number = fields.number(key)
        if number is not None and self.unit == "percent" and not 0 <= number <= 100:
            fields.report(key, f"{number:g} is outside 0-100 (expected a percentage)")
            return None
        return number

    @classmethod
    def read_report_values(cls, value: TextColumn, milestone: TextColumn, measures: Mapping[int, Measure]) -> ReadValues:
        mine = np.zeros(len(milestone.uniques), dtype=bool)
        mine[list(measures)] = True
        rows = milestone.per_row(mine)
        unit = milestone.per_row(np.array([measures[c].unit if c in measures else "" for c in range(len(mine))], dtype=object))
        number_u = pd.to_numeric(
            pd.Series(value.uniques, dtype=object).str.replace(",", "", regex=False), errors="coerce"
        ).to_numpy(dtype=float, copy=True)
        # inf, Infinity, nan and 1e309 parse as floats but no chart, forecast or rank can use them.
        non_finite_u = np.array([_is_non_finite(v) for v in value.uniques], dtype=bool)
        # A comma is read only as a thousands separator ("1,234"); "12,5" (a decimal comma) used to lose
        # its comma and become 125, so it is refused with a hint instead of guessed at.
        bad_comma_u = np.array(["," in v and not _THOUSANDS.fullmatch(v) for v in value.uniques], dtype=bool)
        number_u[non_finite_u | bad_comma_u] = np.nan
        number = value.per_row(number_u)
        checks = [
            ValueCheck(
                rows & value.per_row(bad_comma_u),
                lambda r: [
                    f"{v!r} has a comma that is not a thousands separator (expected a decimal point, such as 12.5)"
                    for v in value.text(r)
                ],
            ),
            ValueCheck(
                rows & value.per_row(non_finite_u),
                lambda r: [f"{v!r} is not a finite number (expected a number such as 42.5)" for v in value.text(r)],
            ),
            ValueCheck(
                rows & np.isnan(number),
                lambda r: [f"{v!r} is not a number (expected a number such as 42.5)" for v in value.text(r)],
            ),
            ValueCheck(
                (unit == "percent") & ((number < 0) | (number > 100)),
                lambda r: [f"{v} is outside 0-100 (expected a percentage)" for v in value.text(r)],
            ),
        ]
        return ReadValues(rows, number, checks)

    def to_number(self, value: Value) -> float:
        return float(value)

    def format(self, value: object, lang: str) -> str:
        return format_number(value, lang, self.unit)

    def format_position(self, position: float, lang: str) -> str:
        return format_number(position, lang, self.unit)

    def format_expected(self, position: float, lang: str) -> str:
        return format_number(position, lang, self.unit)

    def progress_finding(self, row: Row, points: Sequence[DatedValue], name: str, title: str, lang: str) -> str:
        behind = _behind(row)
        if self.unit == "count":
            # The planned path runs through fractions of a school or a group; say it in whole ones.
            have, expected_count = float(row["latest"]), float(row["expected"])
            want = math.floor(expected_count + 0.5)
            if behind and have >= want:  # behind though level in whole units: name the next whole one
                want = math.ceil(expected_count - 1e-9)
            key = "finding.count_behind" if behind else "finding.count_ahead" if have > want else "finding.on_path"
            latest = self.format(row["latest_value"], lang)
            return t(key, lang, province=name, milestone=title, latest=latest, expected=format_number(want, lang, "count"))
        gap = float(row["gap"])
        if behind:
            return t("finding.behind", lang, province=name, milestone=title, gap=self.gap_words(gap, lang))
        if gap >= ON_PATH:
            return t("finding.ahead", lang, province=name, milestone=title, gap=self.gap_words(gap, lang))
        return t("finding.on_path", lang, province=name, milestone=title)

    def gap_words(self, gap: float, lang: str) -> str:
        """The size of a gap in words: '6.2 points' for percentages (percentage points), else the number with its unit."""
        if self.unit == "percent":
            return t("finding.points", lang, n=format_number(abs(gap), lang, digits=1))
        return format_number(abs(gap), lang, self.unit, digits=1)

    @classmethod
    def count_text(cls, n: int, ladders: int) -> str:
        return f"{n} numbers"

    @classmethod
    def yaml_fields(cls, form: Mapping[str, Any]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = [("unit", str(form.get("unit", "percent")))]
        if form.get("denominator_en") or form.get("denominator_zh"):
            out.append(("denominator", {"en": form.get("denominator_en"), "zh": form.get("denominator_zh")}))
        out += [("direction", form.get("direction", "up")), ("cumulative", bool(form.get("cumulative", False)))]
        return out

    @classmethod
    def form_value(cls, text: Any) -> Any:
        try:
            return float(str(text).replace(",", ""))
        except ValueError:
            return text  # left as text so the loader names the mistake at its line

    def cell_rule(self) -> CellRule:
        low, high = (0, 100) if self.unit == "percent" else (-1e15, 1e15)
        return CellRule("decimal", str(low), str(high), operator="between", error="Expected a number / 请填写数字")

    def value_text(self, number: float) -> str:
        if self.unit == "count":
            return str(int(round(number)))
        return f"{number:.1f}" if self.unit == "percent" else f"{number:.2f}"

    def demo_series(self, base: float, progress: FloatArray, span: float, rng: np.random.Generator) -> FloatArray:
        offset = rng.normal(0, 0.04) * span
        values = base + offset + progress + rng.normal(0, 0.015 * span, len(progress))
        if self.cumulative or self.unit == "count":
            values = np.round(values) if self.unit == "count" else values
            values = np.maximum.accumulate(values) if self.cumulative else values
        if self.unit == "percent":
            values = np.clip(values, 0, 100)
        return np.maximum(values, 0)

    def capped(self, value: float) -> float:
        return min(value, 100.0) if self.unit == "percent" else value

    @property
    def step(self) -> float:
        return 1.0 if self.unit == "count" else 0.0  # counts move in whole steps


@dataclass(frozen=True)
class StageMeasure(Measure):
    """An ordered list of stages, from a ladder in ``data/ladders.yaml``; a value is a stage id."""

    kind: ClassVar[str] = "stage"
    numeric: ClassVar[bool] = False
    trend_forecasts: ClassVar[bool] = False  # a straight line through stage positions forecasts nothing a reader can use
    named_values: ClassVar[bool] = True

    stages: tuple[str, ...] = ()
    ladder: str = ""  # the ladder the stages come from

    @property
    def choices(self) -> tuple[str, ...]:
        return self.stages

    @property
    def scale_known(self) -> bool:
        return bool(self.stages)

    @property
    def step(self) -> float:
        return 1.0  # one stage at a time

    @classmethod
    def read(cls, fields: FieldReader, direction: int | None, ladders: Mapping[str, LadderIds] | None) -> Measure | None:
        fields.check_unknown(("kind", "ladder", "direction"))
        known = ", ".join(sorted(ladders or {})) or "no ladder loaded"
        ladder_id = fields.text("ladder", pattern=ID_PATTERN, expected=f"a ladder id from ladders.yaml: {known}")
        if ladder_id is None or direction is None:
            return None
        if ladders is None:  # ladders not checked (a file read on its own): stages unknown
            return cls(direction, ladder=ladder_id)
        ladder = ladders.get(ladder_id)
        if ladder is None:
            fields.report("ladder", f"{shown(ladder_id)} is not in ladders.yaml (expected one of: {known})")
            return None
        return cls(direction, stages=ladder.ids, ladder=ladder_id)

    def read_value(self, fields: FieldReader, key: str) -> Value | None:
        value = fields.mapping.get(key)
        if value is None:
            fields.missing(key, "a stage: one of " + ", ".join(self.stages))
            return None
        if self.stages and value not in self.stages:
            fields.report(
                key, f"{shown(value)} is not a stage of ladder {self.ladder} (expected one of {', '.join(self.stages)})"
            )
            return None
        return str(value)

    @classmethod
    def read_report_values(cls, value: TextColumn, milestone: TextColumn, measures: Mapping[int, Measure]) -> ReadValues:
        rows_all = np.zeros(len(milestone.codes), dtype=bool)
        numbers = np.full(len(milestone.codes), np.nan)
        checks = []
        for code, measure in measures.items():
            rows = milestone.codes == code
            positions = pd.Index(measure.choices).get_indexer(pd.Index(value.uniques)).astype(float)
            positions[positions < 0] = np.nan
            stage_number = value.per_row(positions)
            numbers = np.where(rows, stage_number, numbers)
            rows_all |= rows
            stages = ", ".join(measure.choices)
            checks.append(ValueCheck(rows & np.isnan(stage_number), _not_a_stage(value, str(milestone.uniques[code]), stages)))
        return ReadValues(rows_all, numbers, checks)

    def to_number(self, value: Value) -> float:
        """Stages map to their position so that the trajectory maths treats both kinds alike."""
        return float(self.stages.index(str(value)))

    def stage_reached(self, position: float) -> int:
        """The index of the stage a (fractional) position on a path has reached: the inverse of ``to_number``."""
        return min(max(math.floor(position + 1e-9), 0), len(self.stages) - 1)

    def clip_to_scale(self, values: Sequence[float]) -> list[Any]:
        return list(np.clip(values, 0, len(self.stages) - 1))

    def format(self, value: object, lang: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return stage_label(str(value), lang)

    def format_position(self, position: float, lang: str) -> str:
        return stage_label(self.stages[self.stage_reached(position)], lang)

    def format_expected(self, position: float, lang: str) -> str:
        """The stage the plan has reached, and the one it is moving towards when it is part of the way there
        ('Launched → Established'), so that a province behind its path never seems to be exactly where the plan
        expects."""
        position = float(np.clip(position, 0, len(self.stages) - 1))
        reached = self.stage_reached(position)
        text = stage_label(self.stages[reached], lang)
        if position - reached > 0.05 and reached + 1 < len(self.stages):
            text += " → " + stage_label(self.stages[reached + 1], lang)
        return text

    def format_gap(self, gap: float, lang: str) -> str:
        return f"{format_signed(gap, lang, digits=1)} {t('chart.stage', lang)}"

    def gap_in_unit(self, gap: float, lang: str) -> str | None:
        return None

    def reported_text(self, value: object, lang: str) -> str:
        return stage_label(str(value), lang)

    def axis_title(self, lang: str) -> str:
        return t("chart.stage", lang)

    def axis_ticks(self, lang: str) -> AxisTicks | None:
        n = len(self.stages)
        return AxisTicks(list(range(n)), [stage_label(s, lang) for s in self.stages], [-0.3, n - 0.7])

    def levels(self, lang: str) -> list[str] | None:
        return [stage_label(s, lang) for s in self.stages]

    def progress_finding(self, row: Row, points: Sequence[DatedValue], name: str, title: str, lang: str) -> str:
        latest = self.format(row["latest_value"], lang)
        if _behind(row):
            expected = self._stage_ahead(float(row["expected"]), float(row["latest"]), lang)
            head = t("finding.stage_behind", lang, province=name, milestone=title, latest=latest, expected=expected)
        else:
            head = t("finding.stage_level", lang, province=name, milestone=title, latest=latest)
        return head + self._next_stage_clause(points, float(row["latest"]), lang)

    def _stage_ahead(self, expected: float, latest: float, lang: str) -> str:
        """The stage the plan expects by now for a province behind: the next whole stage above the one reached."""
        index = min(max(math.ceil(expected - 1e-9), math.floor(latest + 1e-9) + 1), len(self.stages) - 1)
        return stage_label(self.stages[index], lang)

    def _next_stage_clause(self, points: Sequence[DatedValue], latest: float, lang: str) -> str:
        """'; the plan's next step is “In operation” by 31 Dec 2026.' — the first planned point beyond the latest stage."""
        for point in sorted(points, key=lambda p: p.date):
            stage = str(point.value)
            if stage in self.stages and self.stages.index(stage) > latest + 1e-9:
                return t("finding.stage_next", lang, stage=stage_label(stage, lang), date=format_date(point.date, lang))
        return t("finding.end", lang)

    @classmethod
    def count_text(cls, n: int, ladders: int) -> str:
        return f"{n} stages on {ladders} stage ladders"

    @classmethod
    def yaml_fields(cls, form: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return [("ladder", form.get("ladder", "")), ("direction", form.get("direction", "up"))]

    def cell_rule(self) -> CellRule:
        return CellRule(
            "list",
            '"' + ",".join(self.stages) + '"',
            error="Pick a stage from the list / 请从列表中选择阶段",
            error_title="stage",
            prompt_title="阶段 / stage",
            prompt="每个阶段须提供的佐证见“stages”表。/ The 'stages' sheet says what evidence each stage needs.",
        )

    def value_text(self, number: float) -> str:
        return self.stages[int(number)]

    def demo_series(self, base: float, progress: FloatArray, span: float, rng: np.random.Generator) -> FloatArray:
        values = np.round(base + progress + rng.normal(0, 0.15, len(progress)))
        return np.clip(np.maximum.accumulate(values), 0, len(self.stages) - 1)


# Every measure kind, by the name a milestone file gives it. The first is the edit form's default.
MEASURE_KINDS: dict[str, type[Measure]] = {cls.kind: cls for cls in (NumberMeasure, StageMeasure)}
NUMERIC_KINDS = tuple(name for name, cls in MEASURE_KINDS.items() if cls.numeric)


def read_measure(fields: FieldReader, ladders: Mapping[str, LadderIds] | None) -> Measure | None:
    """The measure of a milestone's ``measure:`` mapping: its kind and direction, then the kind's own fields."""
    kind = fields.choice("kind", tuple(MEASURE_KINDS))
    direction = fields.choice("direction", DIRECTIONS, default="up")
    sign = None if direction is None else -1 if direction == "down" else 1
    return MEASURE_KINDS[kind].read(fields, sign, ladders) if kind is not None else None


def _not_a_stage(value: TextColumn, milestone: str, stages: str) -> Callable[[np.ndarray], list[str]]:
    return lambda rows: [f"{v!r} is not a stage of {milestone} (expected one of {stages})" for v in value.text(rows)]


def _behind(row: Row) -> bool:
    return str(row["status"]) in BEHIND


def _is_non_finite(text: str) -> bool:
    """Whether ``text`` reads as a float that is infinite or not a number (inf, -Infinity, nan, 1e309)."""
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False
