"""The statuses a province can have on a milestone, each with everything that shows, sorts or scores it.

``metrics/compute/status.py`` decides which status a province has; this module says what each one is: its
code (the value in the status table, links and files), icon, colour, marker in the status matrix, how bad it
is (the worst-first order of tables and counts), its points in the province score and its label. Nothing
else retypes a list of status names: tables, charts, findings and exports take them from here.

Colours are Okabe & Ito's colour-blind-safe set (blue, bluish green, orange, vermillion, reddish purple,
greys for the unrated), and every status also carries an icon, so charts read in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics.domain.i18n import has, t


@dataclass(frozen=True)
class Status:
    """One status: its code and how it is shown, sorted and scored."""

    code: str  # the value in the status table: "off_track"
    icon: str  # shown before the label: "▼ Off track"
    colour: str
    marker: str  # the plotly marker symbol drawn in a status-matrix cell (the icon as a shape)
    severity: int  # 1 is the worst: the order of tables and counts that put what is late first
    score: float | None = None  # points in the province score (see docs/methods.md); None: not a verdict
    dark: bool = False  # a dark colour: white text and marks on it, near-black on the others

    @property
    def rated(self) -> bool:
        """A verdict against the planned path (achieved, on track, at risk, off track, overdue)."""
        return self.score is not None

    @property
    def good(self) -> bool:
        """Achieved or on its path: what "on track or achieved" counts."""
        return self.score == 1.0

    @property
    def bad(self) -> bool:
        """Off track or overdue: what "off track or overdue" counts."""
        return self.score == 0.0

    @property
    def behind(self) -> bool:
        """A verdict short of the path: at risk, off track or overdue."""
        return self.score is not None and self.score < 1.0

    def label(self, lang: str, icon: bool = True) -> str:
        """'▼ Off track' (``icon``) or 'Off track' in ``lang``."""
        text = t(f"status.{self.code}", lang)
        return f"{self.icon} {text}" if icon else text


# Points per status for the province score: the share of rated milestones achieved or on their path, with
# "at risk" counted half (docs/methods.md).
ACHIEVED = Status("achieved", "★", "#0072B2", "star", severity=7, score=1.0, dark=True)
ON_TRACK = Status("on_track", "●", "#009E73", "circle", severity=6, score=1.0, dark=True)
AT_RISK = Status("at_risk", "▲", "#E69F00", "triangle-up", severity=3, score=0.5)
OFF_TRACK = Status("off_track", "▼", "#D55E00", "triangle-down", severity=2, score=0.0, dark=True)
OVERDUE = Status("overdue", "✖", "#CC79A7", "x", severity=1, score=0.0)
NOT_STARTED = Status("not_started", "○", "#BBBBBB", "circle-open", severity=5)
# No data comes after the three late verdicts (nothing to judge, but the office owes a report), the good news last.
NO_DATA = Status("no_data", "–", "#E5E5E5", "line-ew-open", severity=4)
# Not a status of the table: a milestone that does not apply to a province has no row. Grids (matrix, map) show
# the gap; drawn white with a grey outline, visibly "no cell", unlike the grey of no data.
NOT_APPLICABLE = Status("not_applicable", "·", "#FFFFFF", "square-open", severity=8)

TABLE_STATUSES: tuple[Status, ...] = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, OVERDUE, NOT_STARTED, NO_DATA)
SHOWN_STATUSES: tuple[Status, ...] = (*TABLE_STATUSES, NOT_APPLICABLE)  # what a grid cell can show
BY_CODE: dict[str, Status] = {s.code: s for s in SHOWN_STATUSES}

# The codes, for tables (pandas holds plain text): best first, as legends list them.
STATUSES: tuple[str, ...] = tuple(s.code for s in TABLE_STATUSES)
RATED: tuple[str, ...] = tuple(s.code for s in TABLE_STATUSES if s.rated)  # the verdicts
GOOD: tuple[str, ...] = tuple(s.code for s in TABLE_STATUSES if s.good)
BAD: tuple[str, ...] = tuple(s.code for s in TABLE_STATUSES if s.bad)
BEHIND: tuple[str, ...] = tuple(s.code for s in TABLE_STATUSES if s.behind)
WORST_FIRST: tuple[str, ...] = tuple(s.code for s in sorted(TABLE_STATUSES, key=lambda s: s.severity))
SCORE_POINTS: dict[str, float] = {s.code: s.score for s in TABLE_STATUSES if s.score is not None}


def status_of(code: str) -> Status | None:
    """The status with ``code`` (None for a code no status has)."""
    return BY_CODE.get(code)


def status_label(code: str, lang: str, icon: bool = True) -> str:
    """The label of a status code ('▼ Off track'); a code no status has, as written."""
    status = BY_CODE.get(code)
    if status is None:
        return t(f"status.{code}", lang) if has(f"status.{code}") else code
    return status.label(lang, icon)


def verdict_label(code: str, lang: str, assumed: bool, icon: bool = True, short: bool = False) -> str:
    """A status as a verdict: says so when it is judged against an assumed target or path (``short``: the
    compact mark narrow table columns use, "(assumed target)")."""
    label = status_label(code, lang, icon)
    if not (assumed and code in RATED):
        return label
    return label + t("basis.assumed_short" if short else "basis.assumed_suffix", lang)
