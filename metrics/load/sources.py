"""Reading ``data/sources.yaml``: the reform documents the milestones quote."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.model import Source
from metrics.domain.problems import Problem
from metrics.files.located_yaml import YamlLimits
from metrics.load.fields import Fields, list_file_items, shown

KINDS = ("national-opinion", "national-conference", "provincial-conference")
FIELDS = ("id", "title", "issuer", "date", "place", "kind", "url", "note", "original_language", "text_note")
LANGUAGES = ("zh", "en")


def load_sources(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Source], list[Problem]]:
    """The documents by id; a document with problems is left out and its problems returned."""
    items, problems = list_file_items(path, "sources", "a document", limits)
    sources: dict[str, Source] = {}
    for _, item in items:
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
