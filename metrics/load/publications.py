"""Reading ``data/publications.yaml``: published documents and statistics that give planned numbers or dates."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.ids import ID_EXPECTED, ID_PATTERN
from metrics.domain.model import Publication
from metrics.domain.problems import Problem
from metrics.files.located_yaml import YamlLimits
from metrics.load.fields import Fields, list_file_items, shown

CONFIDENCE = ("high", "medium", "low")
FIELDS = ("id", "title", "publisher", "published", "url", "confidence", "note")


def load_publications(path: Path, limits: YamlLimits = YamlLimits()) -> tuple[dict[str, Publication], list[Problem]]:
    """The publications by id; an entry with problems is left out and its problems returned. No file: none."""
    if not path.exists():
        return {}, []
    items, problems = list_file_items(path, "publications", "a publication", limits)
    found: dict[str, Publication] = {}
    for index, item in items:
        before = len(problems)
        f = Fields(item, problems, f"publications[{index}]")
        f.check_unknown(FIELDS)
        pid = f.text("id", pattern=ID_PATTERN, expected=ID_EXPECTED)
        title = f.bilingual("title")
        publisher = f.bilingual("publisher")
        published = f.date("published")
        url = f.text("url", expected="the address the publication was read at")
        if url and not url.startswith(("https://", "http://")):
            f.report("url", f"{shown(url)} is not a web address (expected http:// or https://)")
        confidence = f.choice("confidence", CONFIDENCE)
        note = f.bilingual("note", required=False)
        if pid in found:
            f.report("id", f"duplicate publication id {shown(pid)} (expected each id once)")
        if len(problems) > before or not (pid and title and publisher and published and url and confidence):
            continue
        found[pid] = Publication(pid, title, publisher, published, url, confidence, note)
    return found, list(problems)
