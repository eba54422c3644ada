"""What a milestone counts: the ``Measure`` type, everything a measure kind must be able to do.

A milestone's ``measure:`` names its kind (``number`` or ``stage``). Each kind is a subclass with its own
behaviour: reading its fields and values from a milestone file, checking reported values, placing a value on
the scale the trajectory maths uses, formatting values, gaps and axes, wording a finding, writing the YAML
and the template of a new milestone, and simulating demo figures. Nothing else asks which kind a measure is:
it calls the measure. The kinds live in metrics/load/measure_kinds.py, beside the declared shape of their
``measure:`` fields (metrics/load/shapes.py), from which the loader reads them and the JSON Schema is built;
this module is the type the domain model, the computations and the pages know them by.

Stage milestones use each stage's position in the ordered ladder (0, 1, 2, …), so the same interpolation,
gap and attainment maths serves numbers and stages alike (metrics/compute/trajectory.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from metrics.domain.i18n import format_signed, has, t, unit_label
from metrics.domain.messages import Message

Value = float | str  # a number, or a stage id for stage milestones
FloatArray = npt.NDArray[np.float64]
Row = Mapping[str, Any] | pd.Series  # a status row (metrics/domain/tables.py STATUS)


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
    describe: Callable[[np.ndarray], Iterable[Message]]


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
    """What a milestone counts. One subclass per kind; metrics/load/measure_kinds.py ``MEASURE_KINDS`` lists them."""

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
    def read(cls, fields: Any, direction: int | None, ladders: Mapping[str, Any] | None) -> Measure | None:
        """The measure a milestone's ``measure:`` mapping describes (``fields``: the loader's reader of it,
        metrics/load/fields.py); None, with located problems, if it is invalid."""
        raise NotImplementedError

    def read_value(self, fields: Any, key: str) -> Value | None:
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
