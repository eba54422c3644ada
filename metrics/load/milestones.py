"""Reading and checking the milestone files under ``data/milestones/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN, PROVINCE_PATTERN
from metrics.domain.model import BASES, Basis, Family, Ladder, Measure, Milestone, Plan, Point, Quote, Value
from metrics.domain.problems import Problem, ProblemList
from metrics.files.located_yaml import LocatedDict, YamlLimits, load_located_yaml
from metrics.load.config import Config
from metrics.load.fields import Fields, shown, type_name
from metrics.load.ladders import load_ladders
from metrics.load.provinces import load_provinces
from metrics.load.publications import load_publications
from metrics.load.sources import load_sources

__all__ = ["ID_EXPECTED", "ID_PATTERN", "Catalogues", "MilestoneSet", "load_catalogues", "load_milestones", "milestone_files"]

UNITS = ("percent", "count", "ratio", "index")
SHARE_UNITS = ("percent", "ratio")  # units that must name their denominator
MILESTONE_FIELDS = (
    "id",
    "title",
    "applies_to",
    "source",
    "evidence",
    "measure",
    "baseline",
    "checkpoints",
    "target",
    "overrides",
    "responsible",
)
POINT_FIELDS = ("date", "value", "basis", "publication", "note")
QUOTE_FIELDS = ("en", "zh", "zh_origin", "zh_url")
ZH_ORIGINS = ("official", "bundled", "translated")


@dataclass(frozen=True)
class Catalogues:
    """What milestone files refer to by id; ``None`` where a catalogue is not checked."""

    source_ids: set[str] | None = None
    provinces: set[str] | None = None
    ladders: dict[str, Ladder] | None = None
    publications: set[str] | None = None


@dataclass
class MilestoneSet:
    """Every milestone that loaded, with the families and every problem found on the way."""

    milestones: dict[str, Milestone] = field(default_factory=dict)
    families: dict[str, Family] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_milestones(paths: list[Path], refs: Catalogues = Catalogues(), limits: YamlLimits = YamlLimits()) -> MilestoneSet:
    """Load milestone files; a file or milestone with errors is skipped, the rest still loads.

    ``refs`` holds the documents, provinces, ladders and publications the files may name; a catalogue
    left as None is not checked (a file validated on its own)."""
    result = MilestoneSet()
    first_seen: dict[str, tuple[str, int]] = {}
    for path in sorted(paths):
        data, problems = load_located_yaml(path, limits)
        if data is not None:
            family, milestones = _read_file(data, problems, refs)
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
            listed = [
                *listed[: limits.max_problems],
                Problem(
                    rest.path,
                    rest.line,
                    rest.column,
                    "",
                    f"... and {len(problems) - limits.max_problems} more problems in this file (first {limits.max_problems} listed)",
                ),
            ]
        result.problems.extend(listed)
    return result


def _read_file(data: object, problems: ProblemList, refs: Catalogues) -> tuple[Family | None, list[Milestone]]:
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
        milestone = _read_milestone(item, problems, family, refs)
        if milestone is not None:
            milestones.append(milestone)
    return family, milestones


def _read_milestone(item: LocatedDict, problems: ProblemList, family: Family | None, refs: Catalogues) -> Milestone | None:
    before = len(problems)
    f = Fields(item, problems)
    f.check_unknown(MILESTONE_FIELDS)
    mid = f.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
    title = f.bilingual("title")
    applies_to = _read_applies_to(f, refs.provinces)
    document = clause = quote = None
    src = f.mapping_of("source")
    if src is not None:
        src.check_unknown(("document", "clause", "quote"))
        document = src.text("document", expected="a document id from sources.yaml")
        if document and refs.source_ids is not None and document not in refs.source_ids:
            src.report(
                "document",
                f"{shown(document)} is not in sources.yaml (expected one of: {', '.join(sorted(refs.source_ids)) or 'no document loaded'})",
            )
        clause = src.text("clause", expected="the clause, e.g. II.4")
        quote = _read_quote(src)
    evidence = f.bilingual("evidence")
    measure = _read_measure(f, refs.ladders)
    plan = _read_plan(f, measure, refs.publications, required=True)
    overrides: dict[str, Plan] = {}
    ov = f.mapping_of("overrides", required=False)
    if ov is not None and plan is not None:
        for code in ov.mapping:
            if (
                not isinstance(code, str)
                or not PROVINCE_PATTERN.fullmatch(code)
                or (refs.provinces is not None and code not in refs.provinces)
            ):
                ov.report(str(code), f"{shown(code)} is not a known province (expected an ISO code such as CN-GD)", at_key=True)
                continue
            if applies_to is not None and code not in applies_to:
                ov.report(
                    code,
                    f"{code} is not in applies_to (expected overrides only for provinces the milestone applies to)",
                    at_key=True,
                )
                continue
            sub = ov.mapping_of(code)
            if sub is not None and measure is not None:
                override = _read_plan(sub, measure, refs.publications, required=False, default=plan)
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
    if len(problems) > before or None in (mid, title, document, clause, quote, evidence, measure, plan):
        return None
    assert mid and title and document and clause and quote and evidence and measure and plan
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
        applies_to=applies_to,
        evidence=evidence,
    )


def _read_applies_to(f: Fields, provinces: set[str] | None) -> frozenset[str] | None:
    """The provinces a milestone applies to (a provincial conference's tasks: that province); None: all."""
    items = f.list_of("applies_to", required=False)
    if items is None:
        return None
    codes: list[str] = []
    for index, code in enumerate(items):
        line, col = items.pos(index)
        name = f.name(f"applies_to[{index}]")
        if not isinstance(code, str) or not PROVINCE_PATTERN.fullmatch(code) or (provinces is not None and code not in provinces):
            f.problems.add(name, f"{shown(code)} is not a known province (expected an ISO code such as CN-GD)", line, col)
        elif code in codes:
            f.problems.add(name, f"{code} is listed twice (expected each province once)", line, col)
        else:
            codes.append(code)
    if not items:
        f.report("applies_to", "the list is empty (expected at least one province, or no applies_to for every province)")
        return None
    return frozenset(codes)


def _read_quote(src: Fields) -> Quote | None:
    """The quoted passage: verbatim English from the bundled text, and its Chinese with where that came from."""
    value = src.mapping.get("quote")
    if value is not None and not isinstance(value, LocatedDict):
        src.report(
            "quote",
            f"{shown(value)} is {type_name(value)} (expected {{en: <verbatim from the bundled text>, zh: ..., "
            "zh_origin: official, bundled or translated})",
        )
        return None
    q = src.mapping_of("quote")
    if q is None:
        return None
    q.check_unknown(QUOTE_FIELDS)
    en = q.text("en", expected="the passage quoted verbatim from the bundled text")
    zh = q.text("zh", expected="the passage in Chinese")
    origin = q.choice("zh_origin", ZH_ORIGINS)
    url = q.text("zh_url", required=False) or ""
    if origin == "official" and not url:
        q.missing("zh_url", "the address of the official Chinese text, for zh_origin: official")
    elif url and origin != "official":
        q.report("zh_url", "is only for an official Chinese text (expected zh_origin: official, or no zh_url)", at_key=True)
    if url and not url.startswith(("https://", "http://")):
        q.report("zh_url", f"{shown(url)} is not a web address (expected http:// or https://)")
    if en is None or zh is None or origin is None:
        return None
    return Quote(en, zh, origin, url)


def _read_measure(f: Fields, ladders: dict[str, Ladder] | None) -> Measure | None:
    m = f.mapping_of("measure")
    if m is None:
        return None
    kind = m.choice("kind", ("number", "stage"))
    direction = m.choice("direction", ("up", "down"), default="up")
    sign = -1 if direction == "down" else 1
    if kind == "number":
        m.check_unknown(("kind", "unit", "denominator", "direction", "cumulative"))
        unit = m.choice("unit", UNITS)
        if unit in SHARE_UNITS and "denominator" not in m.mapping:
            m.missing("denominator", f"denominator: {{en: ..., zh: ...}} naming what a {unit} is a share of")
            return None
        denominator = m.bilingual("denominator", required=False)
        cumulative = m.boolean("cumulative", False)
        if unit is None or direction is None or (unit in SHARE_UNITS and denominator is None):
            return None
        return Measure("number", sign, unit, cumulative, denominator=denominator)
    if kind == "stage":
        m.check_unknown(("kind", "ladder", "direction"))
        known = ", ".join(sorted(ladders or {})) or "no ladder loaded"
        ladder_id = m.text("ladder", pattern=ID_PATTERN, expected=f"a ladder id from ladders.yaml: {known}")
        if ladder_id is None or direction is None:
            return None
        if ladders is None:  # ladders not checked (a file read on its own): stages unknown
            return Measure("stage", sign, ladder=ladder_id)
        ladder = ladders.get(ladder_id)
        if ladder is None:
            m.report("ladder", f"{shown(ladder_id)} is not in ladders.yaml (expected one of: {known})")
            return None
        return Measure("stage", sign, stages=ladder.ids, ladder=ladder_id)
    return None


def _read_value(f: Fields, key: str, measure: Measure | None) -> Value | None:
    if measure is None:
        return f.mapping.get(key)  # unknowable without a measure; the measure's own problem is reported
    if measure.kind == "stage":
        value = f.mapping.get(key)
        if value is None:
            f.missing(key, "a stage: one of " + ", ".join(measure.stages))
            return None
        if measure.stages and value not in measure.stages:
            f.report(
                key, f"{shown(value)} is not a stage of ladder {measure.ladder} (expected one of {', '.join(measure.stages)})"
            )
            return None
        return str(value)
    number = f.number(key)
    if number is not None and measure.unit == "percent" and not 0 <= number <= 100:
        f.report(key, f"{number:g} is outside 0-100 (expected a percentage)")
        return None
    return number


def _read_basis(f: Fields, publications: set[str] | None) -> Basis | None:
    """The basis of one point: ``document``, ``public-figure`` (with a publication) or ``assumption`` (with a note)."""
    kind = f.choice("basis", BASES)
    note = f.bilingual("note", required=False)
    publication = f.text("publication", required=False, pattern=ID_PATTERN, expected="a publication id from publications.yaml")
    if kind == "public-figure":
        if publication is None and "publication" not in f.mapping:
            f.missing("publication", "a publication id from publications.yaml, for basis: public-figure")
            return None
        if publication is not None and publications is not None and publication not in publications:
            known = ", ".join(sorted(publications)) or "no publication loaded"
            f.report("publication", f"{shown(publication)} is not in publications.yaml (expected one of: {known})")
            return None
    elif publication is not None:
        f.report("publication", "is only for basis: public-figure (expected no publication here)", at_key=True)
        return None
    if kind == "assumption" and note is None and "note" not in f.mapping:
        f.report(
            "basis",
            "an assumed value needs a note (expected note: {en: ..., zh: ...} saying who assumed it and why)",
            at_key=True,
        )
        return None
    if kind is None or (publication is None and kind == "public-figure"):
        return None
    return Basis(kind, note, publication or "")


def _read_point(f: Fields, measure: Measure | None, publications: set[str] | None, default: Point | None = None) -> Point | None:
    """A dated value with its basis; with ``default`` (an override) a missing date or value is inherited."""
    f.check_unknown(POINT_FIELDS)
    date = f.date("date", required=default is None) or (default.date if default else None)
    if default is not None and "value" not in f.mapping:
        value: Value | None = default.value
    else:
        value = _read_value(f, "value", measure)
    basis = _read_basis(f, publications)
    if date is None or value is None or basis is None:
        return None
    return Point(date, value, basis)


def _read_plan(
    f: Fields, measure: Measure | None, publications: set[str] | None, required: bool, default: Plan | None = None
) -> Plan | None:
    """Read baseline, checkpoints and target; with ``default`` (an override) absent parts are inherited."""
    if default is not None:
        f.check_unknown(("baseline", "checkpoints", "target"))
    before = len(f.problems)
    base = f.mapping_of("baseline", required)
    baseline = (
        _read_point(base, measure, publications, default.baseline if default else None)
        if base
        else (default.baseline if default else None)
    )
    tgt_fields = f.mapping_of("target", required)
    target = (
        _read_point(tgt_fields, measure, publications, default.target if default else None)
        if tgt_fields
        else (default.target if default else None)
    )
    checkpoints: list[Point] = list(default.checkpoints) if default else []
    checkpoint_fields: list[Fields] = []  # beside checkpoints, to locate a problem found once all are read
    items = f.list_of("checkpoints", required=False)
    if items is not None:
        checkpoints = []
        for index, item in enumerate(items):
            if not isinstance(item, LocatedDict):
                line, col = items.pos(index)
                f.problems.add(
                    f.name(f"checkpoints[{index}]"),
                    f"{shown(item)} is not a mapping (expected {{date: ..., value: ..., basis: ...}})",
                    line,
                    col,
                )
                continue
            cf = Fields(item, f.problems, f.name(f"checkpoints[{index}]"))
            point = _read_point(cf, measure, publications)
            if point is None:
                continue
            date = point.date
            if checkpoints and date <= checkpoints[-1].date:
                cf.report(
                    "date",
                    f"{date} is not after the previous checkpoint {checkpoints[-1].date} (expected checkpoints in date order)",
                )
            elif baseline is not None and date <= baseline.date:
                cf.report(
                    "date",
                    f"{date} is not after the baseline date {baseline.date} (expected checkpoints between baseline and target)",
                )
            elif target is not None and date >= target.date:
                cf.report(
                    "date",
                    f"{date} is not before the target date {target.date} (expected checkpoints between baseline and target)",
                )
            checkpoints.append(point)
            checkpoint_fields.append(cf)
    if baseline is not None and target is not None and measure is not None and (measure.kind != "stage" or measure.stages):
        where = tgt_fields if tgt_fields is not None else f
        if target.date <= baseline.date:
            where.report(
                "date",
                f"{target.date} is not after the baseline date {baseline.date} (expected the target date after the baseline)",
            )
        elif measure.direction * (measure.to_number(target.value) - measure.to_number(baseline.value)) <= 0:
            better = "above" if measure.direction > 0 else "below"
            where.report(
                "value",
                f"{_fmt(target.value)} is not {better} the baseline {_fmt(baseline.value)} (expected a target {better} the baseline "
                f"for a measure with direction {'up' if measure.direction > 0 else 'down'})",
            )
    if baseline is not None and target is not None and measure is not None and (measure.kind != "stage" or measure.stages):
        low, high = sorted((measure.to_number(baseline.value), measure.to_number(target.value)))
        inherited = items is None and bool(checkpoints)  # an override's own baseline or target, the default's checkpoints
        for index, point in enumerate(checkpoints):
            if low <= measure.to_number(point.value) <= high:
                continue
            where = (tgt_fields or f) if inherited else checkpoint_fields[index]
            which = f"the default plan's checkpoint {_fmt(point.value)}" if inherited else _fmt(point.value)
            where.report(
                "value",
                f"{which} is not between the baseline {_fmt(baseline.value)} and the target "
                f"{_fmt(target.value)} (expected a planned path that moves from the baseline towards the target)",
            )
    if len(f.problems) > before or baseline is None or target is None:
        return None
    return Plan(baseline, target, tuple(checkpoints))


def _fmt(value: Value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def load_catalogues(config: Config) -> tuple[Catalogues, list[Problem]]:
    """The documents, provinces, ladders and publications milestone files are checked against."""
    sources, problems = load_sources(config.sources, config.limits.yaml)
    provinces, found = load_provinces(config.provinces)
    ladders, more = load_ladders(config.ladders, config.limits.yaml)
    publications, most = load_publications(config.publications, config.limits.yaml)
    refs = Catalogues(set(sources), set(provinces.index), ladders, set(publications))
    return refs, [*problems, *found, *more, *most]


def milestone_files(folder: Path) -> list[Path]:
    """The milestone files of a data folder, in name order."""
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
