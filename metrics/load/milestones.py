"""Reading and checking the milestone files under ``data/milestones/``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN, PROVINCE_PATTERN
from metrics.domain.measures import Measure, Value
from metrics.domain.messages import msg
from metrics.domain.model import BASES, Basis, Family, Ladder, Milestone, Plan, Point, Quote
from metrics.domain.problems import Problem, ProblemList
from metrics.files.located_yaml import LocatedDict, LocatedList, YamlLimits, load_located_yaml
from metrics.load.config import Config
from metrics.load.fields import Fields, shown, type_name
from metrics.load.fields import known_ids as _known  # the ids a reference may name
from metrics.load.ladders import load_ladders
from metrics.load.measure_kinds import MEASURE, VALUE_TEXT, read_measure, value_rules
from metrics.load.provinces import load_provinces
from metrics.load.publications import load_publications
from metrics.load.shapes import (
    Bilingual,
    Choice,
    Date,
    ListOf,
    MapOf,
    Needs,
    Opaque,
    Reader,
    Record,
    Text,
    YamlFile,
)
from metrics.load.sources import load_sources

__all__ = ["ID_EXPECTED", "ID_PATTERN", "Catalogues", "MilestoneSet", "load_catalogues", "load_milestones", "milestone_files"]

ZH_ORIGINS = ("official", "bundled", "translated")

# A milestone file's fields, declared once: the loader below reads every field as declared here, and
# schemas/milestones.schema.json is built from the same declarations (python -m metrics schema).
NEEDS_ZH_URL = Needs("zh_url", "zh_origin", ("official",), only=True)
QUOTE = Record(
    {
        "en": Text("the passage quoted verbatim from the bundled text"),
        "zh": Text("the passage in Chinese"),
        "zh_origin": Choice(ZH_ORIGINS),
        "zh_url": Text(required=False, web=True, description="the address of the official Chinese text, for zh_origin: official"),
    },
    rules=(NEEDS_ZH_URL,),
    name="quote",
)
SOURCE_REF = Record(
    {"document": Text("a document id from sources.yaml"), "clause": Text("the clause, e.g. II.4"), "quote": QUOTE},
    name="source",
)
# MEASURE, a milestone's ``measure:``, is declared by the measure kinds (metrics/load/measure_kinds.py).
NEEDS_PUBLICATION = Needs("publication", "basis", ("public-figure",), only=True)
NEEDS_NOTE = Needs("note", "basis", ("assumption",))
POINT = Record(
    {
        "date": Date(),
        "value": Opaque(VALUE_TEXT),
        "basis": Choice(BASES),
        "publication": Text("a publication id from publications.yaml", ID_PATTERN, required=False),
        "note": Bilingual(required=False),
    },
    rules=(NEEDS_PUBLICATION, NEEDS_NOTE),
    name="point",
)
OVERRIDE_POINT = POINT.optional("date", "value", name="override-point")  # what an override leaves out is inherited
PLAN_OVERRIDE = Record(
    {
        "baseline": replace(OVERRIDE_POINT, required=False),
        "checkpoints": ListOf(POINT, required=False),
        "target": replace(OVERRIDE_POINT, required=False),
    },
    name="override",
)
# A point's value follows the measure: a stage id of its ladder, a number, a percentage within 0-100.
VALUE_PATHS = tuple(
    (*where, *point, "value")
    for where in ((), ("overrides", "*"))
    for point in (("baseline",), ("checkpoints", "[]"), ("target",))
)
PROVINCE = Text("an ISO code such as CN-GD", PROVINCE_PATTERN)
MILESTONE = Record(
    {
        "id": Text(ID_EXPECTED, ID_PATTERN),
        "title": Bilingual(),
        "applies_to": ListOf(PROVINCE, required=False, min_items=1, unique=True, noun="a province"),
        "source": SOURCE_REF,
        "evidence": Bilingual(),
        "measure": MEASURE,
        "baseline": POINT,
        "checkpoints": ListOf(POINT, required=False),
        "target": POINT,
        "overrides": MapOf(PROVINCE_PATTERN, PLAN_OVERRIDE, key_expected=PROVINCE.expected),
        "responsible": ListOf(Bilingual(), required=False),
    },
    rules=value_rules(VALUE_PATHS),
    name="milestone",
)
FAMILY = Record({"id": Text(ID_EXPECTED, ID_PATTERN), "title": Bilingual()})
MILESTONE_FILE = Record(
    {"family": FAMILY, "milestones": ListOf(MILESTONE, min_items=1, noun="a milestone")},
    expected="a mapping with 'family' and 'milestones'",
)
MILESTONES_FILE = YamlFile("milestones", "A task family's milestones (milestones/<family>.yaml)", MILESTONE_FILE)
MILESTONE_FIELDS = MILESTONE.names
POINT_FIELDS = POINT.names
QUOTE_FIELDS = QUOTE.names


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
                        "id", msg("problem.duplicate_milestone", id=shown(milestone.id), where=f"{where}:{line}"), milestone.line
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
                Problem.of(
                    rest.path,
                    rest.line,
                    rest.column,
                    "",
                    msg("problem.more_in_file", n=len(problems) - limits.max_problems, listed=limits.max_problems),
                ),
            ]
        result.problems.extend(listed)
    return result


def _read_file(data: object, problems: ProblemList, refs: Catalogues) -> tuple[Family | None, list[Milestone]]:
    if not isinstance(data, LocatedDict):
        problems.add("", msg("problem.milestone_file_shape"), 1, 1)
        return None, []
    top = Fields(data, problems)
    rt = MILESTONE_FILE.on(top)
    rt.check_unknown()
    family = None
    fam = rt.mapping_of("family")
    if fam is not None:
        rf = FAMILY.on(fam)
        rf.check_unknown()
        fid = rf.text("id")
        ftitle = rf.bilingual("title")
        if fid and ftitle:
            family = Family(fid, ftitle, problems.path)
    items = rt.list_of("milestones")
    milestones: list[Milestone] = []
    if items is None:
        return family, milestones
    if not items:
        top.report("milestones", msg("problem.no_milestones"))
    for index, item in enumerate(items):
        if not isinstance(item, LocatedDict):
            line, col = items.pos(index)
            problems.add(
                f"milestones[{index}]",
                msg("problem.item_not_a_mapping", value=shown(item), expected=msg("expect.milestone")),
                line,
                col,
            )
            continue
        milestone = _read_milestone(item, problems, family, refs)
        if milestone is not None:
            milestones.append(milestone)
    return family, milestones


def _read_milestone(item: LocatedDict, problems: ProblemList, family: Family | None, refs: Catalogues) -> Milestone | None:
    before = len(problems)
    f = Fields(item, problems)
    r = MILESTONE.on(f)
    r.check_unknown()
    mid = r.text("id")
    title = r.bilingual("title")
    applies_to = _read_applies_to(r, refs.provinces)
    document = clause = quote = None
    src = r.mapping_of("source")
    if src is not None:
        rs = SOURCE_REF.on(src)
        rs.check_unknown()
        document = rs.text("document")
        if document and refs.source_ids is not None and document not in refs.source_ids:
            src.report(
                "document", msg("problem.not_in_sources", value=shown(document), known=_known(refs.source_ids, "document"))
            )
        clause = rs.text("clause")
        quote = _read_quote(rs)
    evidence = r.bilingual("evidence")
    measure = _read_measure(r, refs.ladders)
    plan = _read_plan(r, measure, refs.publications)
    overrides: dict[str, Plan] = {}
    ov = r.mapping_of("overrides")
    if ov is not None and plan is not None:
        for code in ov.mapping:
            if (
                not isinstance(code, str)
                or not PROVINCE_PATTERN.fullmatch(code)
                or (refs.provinces is not None and code not in refs.provinces)
            ):
                ov.report(str(code), msg("problem.not_a_province", value=shown(code)), at_key=True)
                continue
            if applies_to is not None and code not in applies_to:
                ov.report(code, msg("problem.override_not_applied", province=code), at_key=True)
                continue
            sub = ov.mapping_of(code)
            if sub is not None and measure is not None:
                override = _read_plan(PLAN_OVERRIDE.on(sub), measure, refs.publications, default=plan)
                if override is not None:
                    overrides[code] = override
    responsible: list[dict[str, str]] = []
    bodies = r.list_of("responsible") or LocatedList()
    for index, body in enumerate(bodies):
        if not isinstance(body, LocatedDict):
            line, col = bodies.pos(index)
            problems.add(
                f"responsible[{index}]",
                msg("problem.item_not_a_mapping", value=shown(body), expected="{en: ..., zh: ...}"),
                line,
                col,
            )
            continue
        holder = LocatedDict()
        holder["body"] = body
        holder.value_positions["body"] = bodies.pos(index)
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


def _read_applies_to(r: Reader, provinces: set[str] | None) -> frozenset[str] | None:
    """The provinces a milestone applies to (a provincial conference's tasks: that province); None: all."""
    items = r.list_of("applies_to")
    if items is None:
        return None
    f = r.fields
    codes: list[str] = []
    for index, code in enumerate(items):
        line, col = items.pos(index)
        name = f.name(f"applies_to[{index}]")
        if not isinstance(code, str) or not PROVINCE_PATTERN.fullmatch(code) or (provinces is not None and code not in provinces):
            f.problems.add(name, msg("problem.not_a_province", value=shown(code)), line, col)
        elif code in codes:
            f.problems.add(name, msg("problem.province_twice", province=code), line, col)
        else:
            codes.append(code)
    if not items:
        f.report("applies_to", msg("problem.applies_to_empty"))
        return None
    return frozenset(codes)


def _read_quote(rs: Reader) -> Quote | None:
    """The quoted passage: verbatim English from the bundled text, and its Chinese with where that came from."""
    src = rs.fields
    value = src.mapping.get("quote")
    if value is not None and not isinstance(value, LocatedDict):
        src.report(
            "quote",
            msg("problem.wrong_type", value=shown(value), type=type_name(value), expected=msg("expect.quote")),
        )
        return None
    q = rs.mapping_of("quote")
    if q is None:
        return None
    rq = QUOTE.on(q)
    rq.check_unknown()
    en = rq.text("en")
    zh = rq.text("zh")
    origin = rq.choice("zh_origin")
    url = rq.text("zh_url") or ""  # declared web=True: an address that is not http(s) is reported
    if NEEDS_ZH_URL.holds(q.mapping) and not url:
        q.missing("zh_url", msg("expect.zh_url"))
    elif url and not NEEDS_ZH_URL.holds(q.mapping):
        q.report("zh_url", msg("problem.zh_url_not_official"), at_key=True)
    if en is None or zh is None or origin is None:
        return None
    return Quote(en, zh, origin, url)


def _read_measure(r: Reader, ladders: dict[str, Ladder] | None) -> Measure | None:
    m = r.mapping_of("measure")
    return read_measure(m, ladders) if m is not None else None  # metrics/load/measure_kinds.py


def _read_value(f: Fields, key: str, measure: Measure | None) -> Value | None:
    if measure is None:
        return f.mapping.get(key)  # unknowable without a measure; the measure's own problem is reported
    return measure.read_value(f, key)


def _read_basis(r: Reader, publications: set[str] | None) -> Basis | None:
    """The basis of one point: ``document``, ``public-figure`` (with a publication) or ``assumption`` (with a note)."""
    f = r.fields
    kind = r.choice("basis")
    note = r.bilingual("note")
    publication = r.text("publication")
    if NEEDS_PUBLICATION.holds(f.mapping):
        if NEEDS_PUBLICATION.unmet(f.mapping):
            f.missing("publication", msg("expect.publication_for_figure"))
            return None
        if publication is not None and publications is not None and publication not in publications:
            known = _known(publications, "publication")
            f.report("publication", msg("problem.not_in_publications", value=shown(publication), known=known))
            return None
    elif publication is not None:
        f.report("publication", msg("problem.publication_not_figure"), at_key=True)
        return None
    if NEEDS_NOTE.unmet(f.mapping):
        f.report("basis", msg("problem.assumption_without_note"), at_key=True)
        return None
    if kind is None or (publication is None and kind == "public-figure"):
        return None
    return Basis(kind, note, publication or "")


def _read_point(f: Fields, measure: Measure | None, publications: set[str] | None, default: Point | None = None) -> Point | None:
    """A dated value with its basis; with ``default`` (an override) a missing date or value is inherited."""
    r = (POINT if default is None else OVERRIDE_POINT).on(f)
    r.check_unknown()
    date = r.date("date") or (default.date if default else None)
    if default is not None and "value" not in f.mapping:
        value: Value | None = default.value
    else:
        value = _read_value(f, "value", measure)
    basis = _read_basis(r, publications)
    if date is None or value is None or basis is None:
        return None
    return Point(date, value, basis)


def _read_plan(r: Reader, measure: Measure | None, publications: set[str] | None, default: Plan | None = None) -> Plan | None:
    """Read baseline, checkpoints and target; with ``default`` (an override) absent parts are inherited."""
    f = r.fields
    if default is not None:  # a milestone's own fields are checked with the milestone
        r.check_unknown()
    before = len(f.problems)
    base = r.mapping_of("baseline")
    baseline = (
        _read_point(base, measure, publications, default.baseline if default else None)
        if base
        else (default.baseline if default else None)
    )
    tgt_fields = r.mapping_of("target")
    target = (
        _read_point(tgt_fields, measure, publications, default.target if default else None)
        if tgt_fields
        else (default.target if default else None)
    )
    checkpoints: list[Point] = list(default.checkpoints) if default else []
    checkpoint_fields: list[Fields] = []  # beside checkpoints, to locate a problem found once all are read
    items = r.list_of("checkpoints")
    if items is not None:
        checkpoints = []
        for index, item in enumerate(items):
            if not isinstance(item, LocatedDict):
                line, col = items.pos(index)
                f.problems.add(
                    f.name(f"checkpoints[{index}]"),
                    msg("problem.item_not_a_mapping", value=shown(item), expected="{date: ..., value: ..., basis: ...}"),
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
                cf.report("date", msg("problem.checkpoint_order", date=str(date), previous=str(checkpoints[-1].date)))
            elif baseline is not None and date <= baseline.date:
                cf.report("date", msg("problem.checkpoint_before_baseline", date=str(date), baseline=str(baseline.date)))
            elif target is not None and date >= target.date:
                cf.report("date", msg("problem.checkpoint_after_target", date=str(date), target=str(target.date)))
            checkpoints.append(point)
            checkpoint_fields.append(cf)
    if baseline is not None and target is not None and measure is not None and measure.scale_known:
        where = tgt_fields if tgt_fields is not None else f
        if target.date <= baseline.date:
            where.report("date", msg("problem.target_before_baseline", date=str(target.date), baseline=str(baseline.date)))
        elif measure.direction * (measure.to_number(target.value) - measure.to_number(baseline.value)) <= 0:
            code = "problem.target_not_above" if measure.direction > 0 else "problem.target_not_below"
            where.report("value", msg(code, target=_fmt(target.value), baseline=_fmt(baseline.value)))
    if baseline is not None and target is not None and measure is not None and measure.scale_known:
        low, high = sorted((measure.to_number(baseline.value), measure.to_number(target.value)))
        inherited = items is None and bool(checkpoints)  # an override's own baseline or target, the default's checkpoints
        for index, point in enumerate(checkpoints):
            if low <= measure.to_number(point.value) <= high:
                continue
            where = (tgt_fields or f) if inherited else checkpoint_fields[index]
            which = msg("problem.default_checkpoint", value=_fmt(point.value)) if inherited else _fmt(point.value)
            where.report(
                "value", msg("problem.checkpoint_outside", which=which, baseline=_fmt(baseline.value), target=_fmt(target.value))
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
