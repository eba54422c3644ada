"""JSON Schemas of the YAML data files, built from the loaders' own declarations (``python -m metrics schema``).

A planner's editor reads them through the first line of each data file,
``# yaml-language-server: $schema=<relative path>``: completion of field names and choices, and inline errors.
They are never edited by hand: a test compares the committed files with what this module builds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from metrics.load.coverage import DOCUMENTS_FILE
from metrics.load.ladders import LADDERS_FILE
from metrics.load.milestones import MILESTONES_FILE
from metrics.load.publications import PUBLICATIONS_FILE
from metrics.load.shapes import YamlFile
from metrics.load.sources import SOURCES_FILE

FILES: tuple[YamlFile, ...] = (MILESTONES_FILE, SOURCES_FILE, PUBLICATIONS_FILE, LADDERS_FILE, DOCUMENTS_FILE)
SCHEMA_FOLDER = Path(__file__).resolve().parents[2] / "schemas"
MODELINE = "# yaml-language-server: $schema="


def schema_text(file: YamlFile) -> str:
    """The schema file's text: JSON, two-space indents, a final newline."""
    return json.dumps(file.json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_path(file: YamlFile, folder: Path = SCHEMA_FOLDER) -> Path:
    return folder / f"{file.name}.schema.json"


def stale_schemas(folder: Path = SCHEMA_FOLDER) -> list[Path]:
    """Schema files that are missing or differ from what the declarations build."""
    found = []
    for file in FILES:
        path = schema_path(file, folder)
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(file):
            found.append(path)
    return found


def write_schemas(folder: Path = SCHEMA_FOLDER) -> list[Path]:
    """Write every schema that is missing or out of date; the paths written."""
    written = stale_schemas(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_path = {schema_path(file, folder): file for file in FILES}
    for path in written:
        path.write_text(schema_text(by_path[path]), encoding="utf-8")
    return written


def schema_of(path: Path) -> YamlFile:
    """Which schema a YAML data file follows, by the names ``validate`` goes by."""
    named = {"sources.yaml": SOURCES_FILE, "ladders.yaml": LADDERS_FILE, "publications.yaml": PUBLICATIONS_FILE}
    if path.name in named:
        return named[path.name]
    return DOCUMENTS_FILE if path.parent.name == "documents" else MILESTONES_FILE


def modeline(path: Path, folder: Path = SCHEMA_FOLDER) -> str:
    """The first line that points the YAML language server at the schema of ``path``, by a relative path."""
    target = schema_path(schema_of(path), folder).resolve()
    return MODELINE + Path(os.path.relpath(target, path.resolve().parent)).as_posix()
