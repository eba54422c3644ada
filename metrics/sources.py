"""Reading ``data/sources.yaml``: the reform documents the milestones quote."""

from __future__ import annotations

from pathlib import Path

from metrics.fields import Fields, shown
from metrics.ids import ID_EXPECTED, ID_PATTERN
from metrics.located_yaml import LocatedDict, YamlLimits, load_located_yaml
from metrics.model import Source
from metrics.problems import Problem

KINDS = ("national-opinion", "national-conference", "provincial-conference")
FIELDS = ("id", "title", "issuer", "date", "place", "kind", "url", "note", "original_language", "text_note")
LANGUAGES = ("zh", "en")


def load_sources(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Source], list[Problem]]:
    """The documents by id; a document with problems is left out and its problems returned."""
    data, problems = load_located_yaml(path, limits)
    sources: dict[str, Source] = {}
    if data is None:
        return sources, list(problems)
    if not isinstance(data, LocatedDict):
        problems.add("", "expected a mapping with a 'sources' list", 1, 1)
        return sources, list(problems)
    top = Fields(data, problems)
    top.check_unknown(("sources",))
    items = top.list_of("sources")
    for index, item in enumerate(items or []):
        if not isinstance(item, LocatedDict):
            line, col = items.pos(index)  # type: ignore[union-attr]
            problems.add(f"sources[{index}]", f"{shown(item)} is not a mapping (expected a document)", line, col)
            continue
        before = len(problems)
        f = Fields(item, problems)
        f.check_unknown(FIELDS)
        sid = f.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
        title = f.bilingual("title")
        issuer = f.bilingual("issuer")
        date = f.date("date")
        kind = f.choice("kind", KINDS)
        place = f.bilingual("place", required=False)
        url = f.text("url", required=False) or ""
        note = f.text("note", required=False) or ""
        original = f.choice("original_language", LANGUAGES)
        text_note = f.bilingual("text_note")
        if sid in sources:
            f.report("id", f"duplicate document id {shown(sid)} (expected each id once)")
        if len(problems) > before or not (sid and title and issuer and date and kind and original and text_note):
            continue
        sources[sid] = Source(sid, title, issuer, date, kind, place, url, note, original, text_note)
    return sources, list(problems)
