"""Reading ``data/sources.yaml``: the reform documents the milestones quote."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.i18n import LANGUAGES  # a document's original language is one the dashboard speaks
from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.messages import msg
from metrics.domain.model import Source
from metrics.domain.problems import Problem
from metrics.files.located_yaml import YamlLimits
from metrics.load.fields import Fields, shown
from metrics.load.shapes import Bilingual, Choice, Date, Record, Text, YamlFile, list_file

KINDS = ("national-opinion", "national-conference", "provincial-conference")
# A document's fields, declared once: the loader reads them as declared, and schemas/sources.schema.json is built from them.
SOURCE = Record(
    {
        "id": Text(ID_EXPECTED, ID_PATTERN),
        "title": Bilingual(),
        "issuer": Bilingual(),
        "date": Date(),
        "place": Bilingual(required=False),
        "kind": Choice(KINDS),
        "url": Text(required=False),
        "note": Text(required=False),
        "original_language": Choice(LANGUAGES),
        "text_note": Bilingual(),
    }
)
FIELDS = SOURCE.names
SOURCES_FILE = YamlFile("sources", "The reform documents (sources.yaml)", list_file("sources", SOURCE, "a document"))


def load_sources(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Source], list[Problem]]:
    """The documents by id; a document with problems is left out and its problems returned."""
    items, problems = SOURCES_FILE.list_items(path, limits)
    sources: dict[str, Source] = {}
    for _, item in items:
        before = len(problems)
        f = Fields(item, problems)
        r = SOURCE.on(f)
        r.check_unknown()
        sid = r.text("id")
        title = r.bilingual("title")
        issuer = r.bilingual("issuer")
        date = r.date("date")
        kind = r.choice("kind")
        place = r.bilingual("place")
        url = r.text("url") or ""
        note = r.text("note") or ""
        original = r.choice("original_language")
        text_note = r.bilingual("text_note")
        if sid in sources:
            f.report("id", msg("problem.duplicate_document", id=shown(sid)))
        if len(problems) > before or not (sid and title and issuer and date and kind and original and text_note):
            continue
        sources[sid] = Source(sid, title, issuer, date, kind, place, url, note, original, text_note)
    return sources, list(problems)
