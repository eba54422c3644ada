"""Reading ``data/ladders.yaml``: the stage ladders stage milestones are measured on, defined once."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.model import Ladder, Stage
from metrics.domain.problems import Problem
from metrics.files.located_yaml import LocatedDict, YamlLimits
from metrics.load.fields import Fields, list_file_items, shown

MIN_STAGES = 3


def load_ladders(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Ladder], list[Problem]]:
    """The ladders by id; a ladder with problems is left out and its problems returned."""
    items, problems = list_file_items(path, "ladders", "a ladder", limits)
    ladders: dict[str, Ladder] = {}
    labels: dict[str, tuple[dict[str, str], str]] = {}  # stage id -> label, ladder that defined it first
    for index, item in items:
        before = len(problems)
        f = Fields(item, problems, f"ladders[{index}]")
        f.check_unknown(("id", "title", "stages"))
        lid = f.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
        title = f.bilingual("title")
        stages = _read_stages(f, labels, lid or "")
        if lid in ladders:
            f.report("id", f"duplicate ladder id {shown(lid)} (expected each id once)")
        if len(problems) > before or not (lid and title and stages):
            continue
        ladders[lid] = Ladder(lid, title, stages)
    return ladders, list(problems)


def _read_stages(f: Fields, labels: dict[str, tuple[dict[str, str], str]], ladder: str) -> tuple[Stage, ...] | None:
    items = f.list_of("stages")
    if items is None:
        return None
    problems = f.problems
    stages: list[Stage] = []
    for index, item in enumerate(items):
        line, col = items.pos(index)
        if not isinstance(item, LocatedDict):
            problems.add(
                f.name(f"stages[{index}]"), f"{shown(item)} is not a mapping (expected {{id, label, evidence}})", line, col
            )
            continue
        s = Fields(item, problems, f.name(f"stages[{index}]"))
        s.check_unknown(("id", "label", "evidence"))
        sid = s.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
        label = s.bilingual("label")
        evidence = s.bilingual("evidence")
        if sid is None or label is None or evidence is None:
            continue
        if sid in (st.id for st in stages):
            s.report("id", f"{shown(sid)} is listed twice (expected each stage once in a ladder)")
            continue
        if sid in labels and labels[sid][0] != label:
            s.report(
                "label",
                f"differs from the label of stage {shown(sid)} in ladder {shown(labels[sid][1])} "
                "(expected one label per stage id across ladders)",
            )
            continue
        labels.setdefault(sid, (label, ladder))
        stages.append(Stage(sid, label, evidence))
    if len(stages) < MIN_STAGES and len(stages) == len(items):
        f.report("stages", f"{len(stages)} stage(s) (expected an ordered list of at least {MIN_STAGES})")
        return None
    return tuple(stages) if len(stages) == len(items) else None
