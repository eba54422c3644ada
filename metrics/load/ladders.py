"""Reading ``data/ladders.yaml``: the stage ladders stage milestones are measured on, defined once."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.messages import msg
from metrics.domain.model import Ladder, Stage
from metrics.domain.problems import Problem
from metrics.files.located_yaml import LocatedDict, YamlLimits
from metrics.load.fields import Fields, shown
from metrics.load.shapes import Bilingual, ListOf, Reader, Record, Text, YamlFile, list_file

MIN_STAGES = 3
# A ladder's fields and its stages', declared once: the loader reads them as declared, and
# schemas/ladders.schema.json is built from them.
STAGE = Record({"id": Text(ID_EXPECTED, ID_PATTERN), "label": Bilingual(), "evidence": Bilingual()}, name="stage")
LADDER = Record(
    {"id": Text(ID_EXPECTED, ID_PATTERN), "title": Bilingual(), "stages": ListOf(STAGE, min_items=MIN_STAGES, noun="a stage")}
)
LADDERS_FILE = YamlFile("ladders", "The stage ladders (ladders.yaml)", list_file("ladders", LADDER, "a ladder"))


def load_ladders(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Ladder], list[Problem]]:
    """The ladders by id; a ladder with problems is left out and its problems returned."""
    items, problems = LADDERS_FILE.list_items(path, limits)
    ladders: dict[str, Ladder] = {}
    labels: dict[str, tuple[dict[str, str], str]] = {}  # stage id -> label, ladder that defined it first
    for index, item in items:
        before = len(problems)
        f = Fields(item, problems, f"ladders[{index}]")
        r = LADDER.on(f)
        r.check_unknown()
        lid = r.text("id")
        title = r.bilingual("title")
        stages = _read_stages(r, labels, lid or "")
        if lid in ladders:
            f.report("id", msg("problem.duplicate_ladder", id=shown(lid)))
        if len(problems) > before or not (lid and title and stages):
            continue
        ladders[lid] = Ladder(lid, title, stages)
    return ladders, list(problems)


def _read_stages(r: Reader, labels: dict[str, tuple[dict[str, str], str]], ladder: str) -> tuple[Stage, ...] | None:
    items = r.list_of("stages")
    if items is None:
        return None
    f = r.fields
    problems = f.problems
    stages: list[Stage] = []
    for index, item in enumerate(items):
        line, col = items.pos(index)
        if not isinstance(item, LocatedDict):
            problems.add(
                f.name(f"stages[{index}]"),
                msg("problem.item_not_a_mapping", value=shown(item), expected="{id, label, evidence}"),
                line,
                col,
            )
            continue
        s = Fields(item, problems, f.name(f"stages[{index}]"))
        rs = STAGE.on(s)
        rs.check_unknown()
        sid = rs.text("id")
        label = rs.bilingual("label")
        evidence = rs.bilingual("evidence")
        if sid is None or label is None or evidence is None:
            continue
        if sid in (st.id for st in stages):
            s.report("id", msg("problem.stage_twice", id=shown(sid)))
            continue
        if sid in labels and labels[sid][0] != label:
            s.report(
                "label",
                msg("problem.stage_label_differs", id=shown(sid), ladder=shown(labels[sid][1])),
            )
            continue
        labels.setdefault(sid, (label, ladder))
        stages.append(Stage(sid, label, evidence))
    least = r.shape("stages", ListOf).min_items
    if len(stages) < least and len(stages) == len(items):
        f.report("stages", msg("problem.too_few_stages", n=len(stages), limit=least))
        return None
    return tuple(stages) if len(stages) == len(items) else None
