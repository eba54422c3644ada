"""The string catalogues (metrics/locale/<lang>/LC_MESSAGES/*.po): every key the code uses is in every language,
with the same {fields}, and every key in them is used by the code.

A key is used when the code names it as a string (``t("app.title", lang)``, a column table, a problem code), or
when it belongs to a family the code builds from a value (``t(f"status.{status}", lang)``): each such family is
listed in FAMILIES below with the values it takes, so a key for a value that no longer exists is caught too.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from metrics.access.audit import COLUMNS as AUDIT_COLUMNS
from metrics.domain.catalogues import read_catalogue, read_catalogues
from metrics.domain.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, t
from metrics.domain.regions import REGIONS
from metrics.domain.statuses import SHOWN_STATUSES, STATUSES
from metrics.load.auth_config import ROLES
from metrics.load.coverage import COUNT_COLUMNS
from metrics.load.ladders import load_ladders
from metrics.load.measure_kinds import DIRECTIONS, MEASURE_KINDS, UNITS
from metrics.load.milestones import ZH_ORIGINS
from metrics.load.publications import CONFIDENCE
from metrics.load.reports import FLAGS
from metrics.load.reports import REQUIRED as REPORT_COLUMNS_REQUIRED
from metrics.load.sources import KINDS as DOCUMENT_KINDS
from metrics.present.links import COLOR_MODES

ROOT = Path(__file__).resolve().parents[2]
CODE = [
    *sorted((ROOT / "metrics").rglob("*.py")),
    *sorted((ROOT / "app_pages").rglob("*.py")),
    ROOT / "dashboard.py",
    ROOT / "serve.py",
]
BUNDLED_STAGES = sorted({s.id for ladder in load_ladders(ROOT / "data" / "ladders.yaml")[0].values() for s in ladder.stages})

# Keys the code builds from a value: the f-string's text before the value -> the values it takes.
FAMILIES: dict[str, tuple[str, ...]] = {
    "status.": tuple(s.code for s in SHOWN_STATUSES),  # every status a cell can show (domain/statuses.py)
    "finding.count_": STATUSES,
    "forecast.": ("achieved", "on_course", "late", "not_on_trend", "too_few_reports", "no_data"),  # compute/forecast.py
    "region.": REGIONS,  # domain/regions.py
    "stage.": tuple(BUNDLED_STAGES),  # fallback labels of the bundled ladders' stages
    "unit.": UNITS,
    "unit_name.": UNITS,
    "axis.": UNITS,
    "basis.": ("document", "public-figure", "assumption"),  # load/milestones.py BASES
    "confidence.": CONFIDENCE,
    "kind.": (*DOCUMENT_KINDS, *MEASURE_KINDS),  # documents' kinds, and measure kinds in the editor's form
    "direction.": DIRECTIONS,
    "zh_origin.": ZH_ORIGINS,
    "quote.zh_": ZH_ORIGINS,
    "flag.": tuple(f for f in FLAGS if f),
    "reason.": ("falls", "jump"),  # compute/quality.py
    "report.change.": ("new", "correction", "same figure"),  # intake/upload.py
    "role.": ROLES,
    "role.needed.": ("upload", "edit_milestones", "audit", "users"),  # app_pages/access.py require()
    "audit.col.": AUDIT_COLUMNS,
    "coverage.col.": COUNT_COLUMNS,
    "color.": COLOR_MODES,
    "edit.f_": ("baseline", "target"),  # the new-milestone form's two points
    # problems (metrics/locale/*/LC_MESSAGES/problems.po)
    "severity.": ("error", "warning"),
    "expect.cell_": REPORT_COLUMNS_REQUIRED,  # load/reports.py: an empty cell of a required column
    "expect.text_in_": ("en", "zh"),  # load/fields.py: the two texts of a bilingual field
    "oserror.": ("ENOENT", "EACCES", "EISDIR", "ENOTDIR"),  # domain/messages.py os_reason
    "problem.none_loaded_": ("document", "ladder", "publication"),  # load/fields.py known_ids
    "problem.sheet_": ("has_columns", "declares_columns", "has_cells", "declares_cells"),  # files/xlsx_sheet.py _within
}
KEY_CALLS = {"t", "msg", "has"}  # functions whose first argument is a catalogue key


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in KEY_CALLS:
                yield node


def scan() -> tuple[set[str], dict[str, str], dict[str, str]]:
    """Every string constant in the code; the constant keys passed to t()/msg()/has(), and the f-string
    prefixes passed to them, each with the place it was seen."""
    constants: set[str] = set()
    named: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        constants |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        for call in calls(tree):
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                named.setdefault(arg.value, f"{where}:{call.lineno}")
            elif isinstance(arg, ast.JoinedStr):
                head = arg.values[0]
                prefix = head.value if isinstance(head, ast.Constant) and isinstance(head.value, str) else ""
                prefixes.setdefault(prefix, f"{where}:{call.lineno}")
    return constants, named, prefixes


CONSTANTS, NAMED, PREFIXES = scan()
# Phrases built in code: the file's list (metrics/load/shapes.py list_file), the text of a bilingual field.
DECLARED = {f"a mapping with a '{key}' list" for key in ("sources", "ladders", "publications")}
KEYS = set(CATALOGUES[DEFAULT_LANGUAGE].strings)


def test_there_are_two_languages_at_least_and_the_default_first() -> None:
    assert LANGUAGES[0] == DEFAULT_LANGUAGE and set(LANGUAGES) >= {"zh", "en"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_with_the_same_fields(lang: str) -> None:
    strings = CATALOGUES[lang].strings
    assert sorted(KEYS - set(strings)) == [], f"missing in {lang}"
    assert sorted(set(strings) - KEYS) == [], f"only in {lang}"
    differ = [k for k in KEYS if fields(strings[k]) != fields(CATALOGUES[DEFAULT_LANGUAGE].strings[k])]
    assert differ == [], f"{{fields}} differ from {DEFAULT_LANGUAGE} in {lang}"


def test_every_key_the_code_names_is_in_the_catalogues() -> None:
    missing = {key: where for key, where in NAMED.items() if key not in KEYS}
    assert missing == {}


def test_every_key_family_the_code_builds_is_declared_and_complete() -> None:
    undeclared = {p: where for p, where in PREFIXES.items() if p not in FAMILIES}
    assert undeclared == {}, "declare the values of these key families in FAMILIES"
    missing = sorted(f"{p}{v}" for p, values in FAMILIES.items() for v in values if f"{p}{v}" not in KEYS)
    assert missing == []
    unseen = sorted(p for p in FAMILIES if p not in PREFIXES)
    assert unseen == [], "families no code builds any more"


def test_no_key_is_unused() -> None:
    family_keys = {f"{p}{v}" for p, values in FAMILIES.items() for v in values}
    # What a field declaration expects is written in English there (the JSON Schemas use it) and found in the
    # catalogue by that text (metrics.domain.messages.phrase): such an expect.* key is used when its text is.
    english = CATALOGUES["en"].strings
    phrases = {k for k in KEYS if k.startswith("expect.") and english[k] in CONSTANTS | DECLARED}
    unused = sorted(KEYS - CONSTANTS - family_keys - phrases)
    assert unused == []


def test_a_key_is_in_one_file_of_a_language_only(tmp_path: Path) -> None:
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
    (folder / "a.po").write_text(header + 'msgid "app.title"\nmsgstr "Suivi"\n', encoding="utf-8")
    (folder / "b.po").write_text(header + 'msgid "app.title"\nmsgstr "Suivi"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="also in a.po"):
        read_catalogue(tmp_path, "xx")


def test_a_third_language_is_a_folder_of_catalogues(tmp_path: Path) -> None:
    """Copy one language's files into a new folder and translate them: the loader finds the language and its
    locale, and numbers are written as that locale writes them."""
    for lang in ("en", "zh"):
        source = ROOT / "metrics" / "locale" / lang / "LC_MESSAGES"
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
        for po in source.glob("*.po"):
            (tmp_path / lang / "LC_MESSAGES" / po.name).write_bytes(po.read_bytes())
    french = tmp_path / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    for po in (tmp_path / "en" / "LC_MESSAGES").glob("*.po"):
        text = po.read_text(encoding="utf-8").replace('"Language: en_GB\\n"', '"Language: fr_FR\\n"')
        text = text.replace('msgstr "Overview"', 'msgstr "Vue d’ensemble"')
        (french / po.name).write_text(text, encoding="utf-8")
    found = read_catalogues(tmp_path)
    assert sorted(found) == ["en", "fr", "zh"]
    assert found["fr"].strings["page.overview"] == "Vue d’ensemble"
    assert str(found["fr"].locale) == "fr_FR"
    assert set(found["fr"].strings) == KEYS


def test_t_fills_in_fields_and_an_unknown_language_gets_the_default() -> None:
    assert t("problems.more", "en", n=3) == "and 3 more"
    assert t("page.overview", "fr") == t("page.overview", DEFAULT_LANGUAGE)


def test_a_third_language_may_be_given_in_the_data_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """title: {en, zh, fr} loads once French has a catalogue; without it, fr is an unknown field."""
    from metrics.domain import i18n
    from metrics.domain.problems import ProblemList
    from metrics.files.located_yaml import load_located_yaml
    from metrics.load.fields import Fields

    path = tmp_path / "x.yaml"
    path.write_text("title: {en: Teachers, zh: 教师, fr: Enseignants}\n", encoding="utf-8")
    data, _ = load_located_yaml(path)
    problems = ProblemList(path)
    assert Fields(data, problems).bilingual("title") == {"en": "Teachers", "zh": "教师"}
    assert [p.message for p in problems] == ["unknown field (expected one of en, zh)"]
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "fr"))
    problems = ProblemList(path)
    assert Fields(data, problems).bilingual("title") == {"en": "Teachers", "zh": "教师", "fr": "Enseignants"}
    assert list(problems) == []
    assert i18n.pick({"en": "Teachers", "zh": "教师"}, "fr") == "Teachers"
