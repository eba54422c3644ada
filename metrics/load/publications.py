"""Reading ``data/publications.yaml``: published documents and statistics that give planned numbers or dates."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.messages import msg
from metrics.domain.model import Publication
from metrics.domain.problems import Problem
from metrics.files.located_yaml import YamlLimits
from metrics.load.fields import Fields, shown
from metrics.load.shapes import Bilingual, Choice, Date, Record, Text, YamlFile, list_file

CONFIDENCE = ("high", "medium", "low")
# A publication's fields, declared once: the loader reads them as declared, and
# schemas/publications.schema.json is built from them.
PUBLICATION = Record(
    {
        "id": Text(ID_EXPECTED, ID_PATTERN),
        "title": Bilingual(),
        "publisher": Bilingual(),
        "published": Date(),
        "url": Text("the address the publication was read at", web=True),
        "confidence": Choice(CONFIDENCE),
        "note": Bilingual(required=False),
    }
)
FIELDS = PUBLICATION.names
PUBLICATIONS_FILE = YamlFile(
    "publications",
    "Published figures beyond the reform documents (publications.yaml)",
    list_file("publications", PUBLICATION, "a publication"),
)


def load_publications(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Publication], list[Problem]]:
    """The publications by id; an entry with problems is left out and its problems returned. No file: none."""
    if not path.exists():
        return {}, []
    items, problems = PUBLICATIONS_FILE.list_items(path, limits)
    found: dict[str, Publication] = {}
    for index, item in items:
        before = len(problems)
        f = Fields(item, problems, f"publications[{index}]")
        r = PUBLICATION.on(f)
        r.check_unknown()
        pid = r.text("id")
        title = r.bilingual("title")
        publisher = r.bilingual("publisher")
        published = r.date("published")
        url = r.text("url")  # declared web=True: an address that is not http(s) is reported
        confidence = r.choice("confidence")
        note = r.bilingual("note")
        if pid in found:
            f.report("id", msg("problem.duplicate_publication", id=shown(pid)))
        if len(problems) > before or not (pid and title and publisher and published and url and confidence):
            continue
        found[pid] = Publication(pid, title, publisher, published, url, confidence, note)
    return found, list(problems)
