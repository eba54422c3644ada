"""Reading and checking the milestone files under ``data/milestones/``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from metrics.fields import Fields, shown
from metrics.located_yaml import LocatedDict, YamlLimits, load_located_yaml
from metrics.model import Family, Measure, Milestone, Plan, Point, Value
from metrics.problems import Problem, ProblemList

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
ID_EXPECTED = "lowercase letters, digits and '-', starting with a letter or digit"
PROVINCE_PATTERN = re.compile(r"CN-[A-Z]{2}(-\d{2,4})?")
UNITS = ("percent", "count", "ratio", "index")
MILESTONE_FIELDS = (
    "id", "title", "source", "measure", "baseline", "checkpoints", "target", "overrides", "responsible",
)
POINT_FIELDS = ("date", "value")
TARGET_FIELDS = ("date", "value", "basis", "note")


@dataclass
class MilestoneSet:
    """Every milestone that loaded, with the families and every problem found on the way."""

    milestones: dict[str, Milestone] = field(default_factory=dict)
    families: dict[str, Family] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_milestones(
    paths: list[Path],
    source_ids: set[str] | None = None,
    provinces: set[str] | None = None,
    limits: YamlLimits = YamlLimits(),
) -> MilestoneSet:
    """Load milestone files; a file or milestone with errors is skipped, the rest still loads."""
    result = MilestoneSet()
    first_seen: dict[str, tuple[str, int]] = {}
    for path in sorted(paths):
        data, problems = load_located_yaml(path, limits)
        if data is not None:
            family, milestones = _read_file(data, problems, source_ids, provinces)
            if family is not None:
                result.families.setdefault(family.id, family)
            for milestone in milestones:
                if milestone.id in first_seen:
                    where, line = first_seen[milestone.id]
                    problems.add(
                        "id",
                        f"duplicate milestone id {shown(milestone.id)} (first defined at {where}:{line}; "
                        "expected ids unique across all milestone files)",
                        milestone.line,
                    )
                    continue
                first_seen[milestone.id] = (problems.path, milestone.line)
                result.milestones[milestone.id] = milestone
        listed: list[Problem] = list(problems)
        if len(listed) > limits.max_problems:  # a file of thousands of broken milestones would flood every page
            listed.sort(key=lambda p: (p.line or 0, p.column or 0))
            rest = listed[limits.max_problems]
            listed = [*listed[: limits.max_problems], Problem(
                rest.path, rest.line, rest.column, "",
                f"... and {len(problems) - limits.max_problems} more problems in this file (first {limits.max_problems} listed)")]
        result.problems.extend(listed)
    return result


def _read_file(
    data: object, problems: ProblemList, source_ids: set[str] | None, provinces: set[str] | None
) -> tuple[Family | None, list[Milestone]]:
    if not isinstance(data, LocatedDict):
        problems.add("", "the file must be a mapping with 'family' and 'milestones' (expected a mapping)", 1, 1)
        return None, []
    top = Fields(data, problems)
    top.check_unknown(("family", "milestones"))
    family = None
    fam = top.mapping_of("family")
    if fam is not None:
        fam.check_unknown(("id", "title"))
        fid = fam.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
        ftitle = fam.bilingual("title")
        if fid and ftitle:
            family = Family(fid, ftitle, problems.path)
    items = top.list_of("milestones")
    milestones: list[Milestone] = []
    if items is None:
        return family, milestones
    if not items:
        top.report("milestones", "the list is empty (expected at least one milestone)")
    for index, item in enumerate(items):
        if not isinstance(item, LocatedDict):
            line, col = items.pos(index)
            problems.add(f"milestones[{index}]", f"{shown(item)} is not a mapping (expected a milestone)", line, col)
            continue
        milestone = _read_milestone(item, problems, family, source_ids, provinces)
        if milestone is not None:
            milestones.append(milestone)
    return family, milestones


def _read_milestone(
    item: LocatedDict,
    problems: ProblemList,
    family: Family | None,
    source_ids: set[str] | None,
    provinces: set[str] | None,
) -> Milestone | None:
    before = len(problems)
    f = Fields(item, problems)
    f.check_unknown(MILESTONE_FIELDS)
    mid = f.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
    title = f.bilingual("title")
    document = clause = quote = None
    src = f.mapping_of("source")
    if src is not None:
        src.check_unknown(("document", "clause", "quote"))
        document = src.text("document", expected="a document id from sources.yaml")
        if document and source_ids is not None and document not in source_ids:
            src.report("document", f"{shown(document)} is not in sources.yaml (expected one of: {', '.join(sorted(source_ids)) or 'no document loaded'})")
        clause = src.text("clause", expected="the clause, e.g. II.4")
        quote = src.text("quote", expected="the sentence quoted verbatim")
    measure = _read_measure(f)
    plan = _read_plan(f, measure, required=True)
    overrides: dict[str, Plan] = {}
    ov = f.mapping_of("overrides", required=False)
    if ov is not None and plan is not None:
        for code in ov.mapping:
            if not isinstance(code, str) or not PROVINCE_PATTERN.fullmatch(code) or (
                provinces is not None and code not in provinces
            ):
                ov.report(str(code), f"{shown(code)} is not a known province (expected an ISO code such as CN-GD)", at_key=True)
                continue
            sub = ov.mapping_of(code)
            if sub is not None and measure is not None:
                override = _read_plan(sub, measure, required=False, default=plan)
                if override is not None:
                    overrides[code] = override
    responsible: list[dict[str, str]] = []
    bodies = f.list_of("responsible", required=False)
    for index, body in enumerate(bodies or []):
        if not isinstance(body, LocatedDict):
            line, col = bodies.pos(index)  # type: ignore[union-attr]
            problems.add(f"responsible[{index}]", f"{shown(body)} is not a mapping (expected {{en: ..., zh: ...}})", line, col)
            continue
        holder = LocatedDict()
        holder["body"] = body
        holder.value_positions["body"] = bodies.pos(index)  # type: ignore[union-attr]
        text = Fields(holder, problems, f"responsible[{index}]").bilingual("body")
        if text:
            responsible.append(text)
    if len(problems) > before or None in (mid, title, document, clause, quote, measure, plan):
        return None
    assert mid and title and document and clause and quote and measure and plan
    return Milestone(
        id=mid,
        family=family.id if family else "",
        title=title,
        document=document,
        clause=clause,
        quote=quote,
        measure=measure,
        plan=plan,
        overrides=overrides,
        responsible=tuple(responsible),
        file=problems.path,
        line=item.position[0],
    )


def _read_measure(f: Fields) -> Measure | None:
    m = f.mapping_of("measure")
    if m is None:
        return None
    kind = m.choice("kind", ("number", "stage"))
    direction = m.choice("direction", ("up", "down"), default="up")
    sign = -1 if direction == "down" else 1
    if kind == "number":
        m.check_unknown(("kind", "unit", "direction", "cumulative"))
        unit = m.choice("unit", UNITS)
        cumulative = m.boolean("cumulative", False)
        if unit is None or direction is None:
            return None
        return Measure("number", sign, unit, cumulative)
    if kind == "stage":
        m.check_unknown(("kind", "stages", "direction"))
        stages = m.list_of("stages")
        if stages is None:
            return None
        names: list[str] = []
        for index, stage in enumerate(stages):
            line, col = stages.pos(index)
            if not isinstance(stage, str) or not ID_PATTERN.fullmatch(stage):
                m.problems.add(m.name(f"stages[{index}]"), f"{shown(stage)} is not a stage id (expected {ID_EXPECTED})", line, col)
            elif stage in names:
                m.problems.add(m.name(f"stages[{index}]"), f"{shown(stage)} is listed twice (expected each stage once)", line, col)
            else:
                names.append(stage)
        if len(names) < 2:
            m.report("stages", "fewer than two stages (expected an ordered list of at least two)")
            return None
        if len(names) != len(stages) or direction is None:
            return None
        return Measure("stage", sign, "", False, tuple(names))
    return None


def _read_value(f: Fields, key: str, measure: Measure | None) -> Value | None:
    if measure is None:
        return f.mapping.get(key)  # unknowable without a measure; the measure's own problem is reported
    if measure.kind == "stage":
        value = f.mapping.get(key)
        if value is None:
            f.missing(key, "a stage: one of " + ", ".join(measure.stages))
            return None
        if value not in measure.stages:
            f.report(key, f"{shown(value)} is not a stage of this milestone (expected one of {', '.join(measure.stages)})")
            return None
        return str(value)
    number = f.number(key)
    if number is not None and measure.unit == "percent" and not 0 <= number <= 100:
        f.report(key, f"{number:g} is outside 0-100 (expected a percentage)")
        return None
    return number


def _read_point(f: Fields, key: str, measure: Measure | None, required: bool, extra: tuple[str, ...] = ()) -> tuple[Fields, Point | None] | None:
    sub = f.mapping_of(key, required)
    if sub is None:
        return None
    sub.check_unknown(POINT_FIELDS + extra)
    date = sub.date("date")
    value = _read_value(sub, "value", measure)
    return sub, (Point(date, value) if date is not None and value is not None else None)


def _read_plan(f: Fields, measure: Measure | None, required: bool, default: Plan | None = None) -> Plan | None:
    """Read baseline, checkpoints and target; with ``default`` (an override) absent parts are inherited."""
    if default is not None:
        f.check_unknown(("baseline", "checkpoints", "target"))
    before = len(f.problems)
    base = _read_point(f, "baseline", measure, required)
    baseline = base[1] if base else (default.baseline if default else None)
    tgt_fields: Fields | None = None
    target: Point | None = default.target if default else None
    basis = default.basis if default else "document"
    note = default.note if default else ""
    sub = f.mapping_of("target", required)
    if sub is not None:
        tgt_fields = sub
        sub.check_unknown(TARGET_FIELDS)
        date = sub.date("date", required=default is None) or (default.target.date if default else None)
        if default is not None and "value" not in sub.mapping:
            value: Value | None = default.target.value
        else:
            value = _read_value(sub, "value", measure)
        basis = sub.choice("basis", ("document", "assumption"), default="document") or basis
        note = sub.text("note", required=False) or ""
        if basis == "assumption" and not note:
            sub.report("basis", "an assumed target needs a note (expected target.note saying who assumed it and why)", at_key=True)
        target = Point(date, value) if date is not None and value is not None else None
    checkpoints: list[Point] = list(default.checkpoints) if default else []
    items = f.list_of("checkpoints", required=False)
    if items is not None:
        checkpoints = []
        for index, item in enumerate(items):
            if not isinstance(item, LocatedDict):
                line, col = items.pos(index)
                f.problems.add(f.name(f"checkpoints[{index}]"), f"{shown(item)} is not a mapping (expected {{date: ..., value: ...}})", line, col)
                continue
            cf = Fields(item, f.problems, f.name(f"checkpoints[{index}]"))
            cf.check_unknown(POINT_FIELDS)
            date = cf.date("date")
            value = _read_value(cf, "value", measure)
            if date is None or value is None:
                continue
            if checkpoints and date <= checkpoints[-1].date:
                cf.report("date", f"{date} is not after the previous checkpoint {checkpoints[-1].date} (expected checkpoints in date order)")
            elif baseline is not None and date <= baseline.date:
                cf.report("date", f"{date} is not after the baseline date {baseline.date} (expected checkpoints between baseline and target)")
            elif target is not None and date >= target.date:
                cf.report("date", f"{date} is not before the target date {target.date} (expected checkpoints between baseline and target)")
            checkpoints.append(Point(date, value))
    if baseline is not None and target is not None and measure is not None:
        where = tgt_fields if tgt_fields is not None else f
        if target.date <= baseline.date:
            where.report("date", f"{target.date} is not after the baseline date {baseline.date} (expected the target date after the baseline)")
        elif measure.direction * (measure.to_number(target.value) - measure.to_number(baseline.value)) <= 0:
            better = "above" if measure.direction > 0 else "below"
            where.report("value", f"{_fmt(target.value)} is not {better} the baseline {_fmt(baseline.value)} (expected a target {better} the baseline "
                         f"for a measure with direction {'up' if measure.direction > 0 else 'down'})")
    if len(f.problems) > before or baseline is None or target is None:
        return None
    return Plan(baseline, target, tuple(checkpoints), basis, note)


def _fmt(value: Value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def milestone_files(folder: Path) -> list[Path]:
    """The milestone files of a data folder, in name order."""
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])

