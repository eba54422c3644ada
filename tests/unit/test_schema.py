"""JSON Schemas of the YAML data files: generated from the loader's declarations, committed, named by every
bundled file's first line, and true to the loader (what the schema refuses, the loader refuses too)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from metrics.cli.main import main
from metrics.domain.problems import Problem
from metrics.load.coverage import DOCUMENTS_FILE
from metrics.load.fields import Fields
from metrics.load.ladders import LADDERS_FILE
from metrics.load.milestones import MILESTONE, MILESTONES_FILE
from metrics.load.publications import PUBLICATIONS_FILE
from metrics.load.schema import FILES, MODELINE, SCHEMA_FOLDER, modeline, schema_of, schema_path, schema_text, stale_schemas
from metrics.load.shapes import YamlFile, year_pattern
from metrics.load.sources import SOURCES_FILE
from metrics.load.validate import validate
from tests.conftest import ROOT, TEST_DATA

DATA = ROOT / "data"
BUNDLED = sorted([*DATA.glob("*.yaml"), *(DATA / "milestones").glob("*.yaml"), *(DATA / "documents").glob("*.yaml")])
BROKEN_YAML = TEST_DATA / "with-problems" / "yaml"
BROKEN_DOCUMENTS = TEST_DATA / "with-problems" / "documents"


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML without its YAML 1.1 timestamps: a date stays the text ``2022-12-31``, as the YAML language server
    (YAML 1.2) hands it to the schema."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def committed_validator(file: YamlFile) -> jsonschema.Draft7Validator:
    """A validator of the committed schema file (what editors read), with format checks (``date``)."""
    schema = json.loads(schema_path(file).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_errors(text: str, file: YamlFile) -> set[tuple[str, str]]:
    """(where, which rule) of every schema error in a file's text, e.g. ('milestones/0/target/date', 'format')."""
    instance: Any = yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - a SafeLoader subclass
    return {
        ("/".join(str(step) for step in error.absolute_path), str(error.validator))
        for error in committed_validator(file).iter_errors(instance)
    }


def loader_messages(path: Path) -> list[str]:
    """The loader's problems of one file, each as ``field: message``, as ``validate`` finds them."""
    return [f"{p.field}: {p.message}" if p.field else p.message for p in validate([path], ROOT / "config.yaml")]


# --- the schema files ---------------------------------------------------------------------------------


def test_the_committed_schemas_are_the_ones_the_declarations_build() -> None:
    assert stale_schemas() == [], "schemas/ is out of date: run python -m metrics schema and commit the result"
    assert sorted(p.name for p in SCHEMA_FOLDER.iterdir()) == sorted(f"{f.name}.schema.json" for f in FILES)


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
def test_each_schema_is_a_valid_draft_7_schema(file: YamlFile) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads(schema_path(file).read_text(encoding="utf-8")))


def test_a_changed_declaration_shows_as_a_stale_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SCHEMA_FOLDER, tmp_path / "schemas")
    assert stale_schemas(tmp_path / "schemas") == []
    monkeypatch.setitem(MILESTONE.fields, "responsibl", MILESTONE.fields["responsible"])  # a field added in code
    assert stale_schemas(tmp_path / "schemas") == [tmp_path / "schemas" / "milestones.schema.json"]


def test_the_schema_command_writes_the_schemas_and_checks_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schemas"
    assert main(["schema", "--check", "--output", str(out)]) == 1  # nothing written yet
    assert main(["schema", "--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{f.name}.schema.json" for f in FILES)
    assert all((out / f"{f.name}.schema.json").read_text(encoding="utf-8") == schema_text(f) for f in FILES)
    assert main(["schema", "--check", "--output", str(out)]) == 0
    (out / "ladders.schema.json").write_text("{}\n", encoding="utf-8")  # edited by hand
    capsys.readouterr()
    assert main(["schema", "--check", "--output", str(out)]) == 1
    assert "ladders.schema.json: out of date (run python -m metrics schema)" in capsys.readouterr().err
    assert main(["schema", "--output", str(out)]) == 0
    assert (out / "ladders.schema.json").read_text(encoding="utf-8") == schema_text(LADDERS_FILE)


def test_the_date_pattern_holds_exactly_the_years_the_dashboard_can_hold() -> None:
    years = re.compile(year_pattern(1678, 2261))
    assert [y for y in range(10000) if bool(years.fullmatch(f"{y:04d}")) != (1678 <= y <= 2261)] == []
    for first, last in [(0, 9999), (1999, 2000), (1000, 1999), (1234, 5678), (7, 7)]:
        pattern = re.compile(year_pattern(first, last))
        assert all(bool(pattern.fullmatch(f"{y:04d}")) == (first <= y <= last) for y in range(10000)), (first, last)


def test_the_loader_reads_only_declared_fields_as_declared() -> None:
    reader = MILESTONE.on(Fields({}, None))  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        reader.text("titel")
    with pytest.raises(TypeError, match="declared as Bilingual"):
        reader.text("title")


# --- the bundled files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(DATA)))
def test_every_bundled_yaml_file_names_its_schema_on_its_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == modeline(path)
    assert (path.parent / first.removeprefix(MODELINE)).resolve() == schema_path(schema_of(path)).resolve()
    assert schema_path(schema_of(path)).exists()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(DATA)))
def test_every_bundled_yaml_file_follows_its_schema(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8"), schema_of(path)) == set()


def test_each_kind_of_data_file_has_bundled_files_checked() -> None:
    assert {schema_of(p).name for p in BUNDLED} == {f.name for f in FILES}


# --- broken files: the loader and the schema agree -------------------------------------------------------

# The broken-file corpus: what the schema finds as (where, rule); the loader's exact messages are in test_bad_input_corpus.
SCHEMA_FINDS: dict[str, set[tuple[str, str]]] = {
    "assumption-without-note.yaml": {("milestones/0/target", "required")},
    "basis-missing.yaml": {("milestones/0/baseline", "required")},
    "missing-field.yaml": {("milestones/0", "required")},
    "not-a-date.yaml": {("milestones/0/target/date", "format"), ("milestones/0/target/date", "pattern")},
    "official-quote-without-url.yaml": {("milestones/0/source/quote", "required")},
    "percent-out-of-range.yaml": {("milestones/0/target/value", "maximum")},
    "public-figure-without-publication.yaml": {("milestones/0/baseline", "required")},
    "quote-not-bilingual.yaml": {("milestones/0/source/quote", "type")},
    "share-without-denominator.yaml": {("milestones/0/measure", "required")},
    "unknown-field.yaml": {("milestones/0", "additionalProperties"), ("milestones/0", "required")},
    "wrong-type.yaml": {("milestones/0/target/value", "type")},
    "empty.yaml": {("", "type")},
    "comments-only.yaml": {("", "type")},
}
# What only the loader can see, and why: JSON Schema checks one file's shape, not other files or arithmetic.
LOADER_ONLY = {
    "applies-to-unknown-province.yaml": "CN-XX has the form of a code; which codes exist is data (provinces.csv)",
    "checkpoint-beyond-target.yaml": "compares values of two fields",
    "checkpoint-outside-range.yaml": "compares dates of two fields",
    "checkpoints-out-of-order.yaml": "compares dates of two fields",
    "override-below-checkpoint.yaml": "compares values of two fields",
    "target-before-baseline.yaml": "compares dates of two fields",
    "target-wrong-direction.yaml": "compares values of two fields",
    "duplicate-id.yaml": "ids unique across files",
    "unknown-document.yaml": "refers to another file (sources.yaml)",
    "unknown-ladder.yaml": "refers to another file (ladders.yaml)",
    "unknown-publication.yaml": "refers to another file (publications.yaml)",
    "unknown-stage.yaml": "refers to another file (ladders.yaml)",
    "duplicate-key.yaml": "YAML keeps the last of two equal keys; the editor's YAML parser flags it on its own",
}
# Files that do not parse into data at all: the editor's YAML parser reports these, before any schema applies.
NOT_DATA = {"syntax-error.yaml", "not-utf8.yaml", "python-tag.yaml", "alias-bomb.yaml", "deep-nesting.yaml"}


def test_every_broken_yaml_file_is_sorted_into_schema_or_loader_only() -> None:
    names = {p.name for p in BROKEN_YAML.iterdir()}
    assert names == set(SCHEMA_FINDS) | set(LOADER_ONLY) | NOT_DATA
    assert not (set(SCHEMA_FINDS) & set(LOADER_ONLY) or set(SCHEMA_FINDS) & NOT_DATA or set(LOADER_ONLY) & NOT_DATA)


@pytest.mark.parametrize("name", sorted(SCHEMA_FINDS))
def test_a_broken_file_fails_both_the_loader_and_the_schema(name: str) -> None:
    path = BROKEN_YAML / name
    assert loader_messages(path) != []
    found = schema_errors(path.read_text(encoding="utf-8"), MILESTONES_FILE)
    assert SCHEMA_FINDS[name] <= found, found


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_what_only_the_loader_can_see_passes_the_schema(name: str) -> None:
    path = BROKEN_YAML / name
    assert loader_messages(path) != []
    assert schema_errors(path.read_text(encoding="utf-8"), MILESTONES_FILE) == set(), LOADER_ONLY[name]


DOCUMENT_SCHEMA_FINDS = {
    "bad-clause-id": {("clauses/0/id", "pattern")},
    "bilingual-name-missing": {("clauses/1/tasks/1/name", "required")},
    "clause-without-note": {("clauses/0", "required")},
    "unknown-field": {("clauses/1/tasks/1", "additionalProperties")},
    "valid": set(),
    # Loader only: the file name, ids unique in the file, and quotes compared with the clause text.
    "document-not-the-file-name": set(),
    "duplicate-clause": set(),
    "overlapping-task-quotes": set(),
    "task-quote-not-in-text": set(),
}


def test_every_broken_coverage_file_is_listed() -> None:
    assert {p.name for p in BROKEN_DOCUMENTS.iterdir()} == set(DOCUMENT_SCHEMA_FINDS)


@pytest.mark.parametrize("folder", sorted(DOCUMENT_SCHEMA_FINDS))
def test_a_broken_coverage_file_fails_the_schema_where_the_schema_can_see_it(folder: str) -> None:
    found = schema_errors((BROKEN_DOCUMENTS / folder / "toy.yaml").read_text(encoding="utf-8"), DOCUMENTS_FILE)
    assert found == DOCUMENT_SCHEMA_FINDS[folder]


# One valid milestone file, broken one rule at a time: the loader's exact message and the schema's (where, rule).
VALID = (TEST_DATA / "valid" / "milestone.yaml").read_text(encoding="utf-8")
QUOTE = "zh_origin: translated}"
BASELINE = "value: 40, basis: document}"
MEASURE = "{kind: number, unit: percent, denominator: {en: schools, zh: 学校}, direction: up, cumulative: false}"
MUTATIONS = {
    "a-third-language": (
        "title: {en: Test share, zh: 测试比例}",
        "title: {en: Test share, zh: 测试比例, fr: Part}",
        "title.fr: unknown field (expected one of en, zh)",
        ("milestones/0/title", "additionalProperties"),
    ),
    "zh_url-without-official": (
        QUOTE,
        'zh_origin: translated, zh_url: "https://example.org/x"}',
        "source.quote.zh_url: is only for an official Chinese text (expected zh_origin: official, or no zh_url)",
        ("milestones/0/source/quote/zh_url", "enum"),
    ),
    "zh_url-not-an-address": (
        QUOTE,
        'zh_origin: official, zh_url: "www.gov.cn/x"}',
        "source.quote.zh_url: 'www.gov.cn/x' is not a web address (expected http:// or https://)",
        ("milestones/0/source/quote/zh_url", "pattern"),
    ),
    "publication-without-public-figure": (
        BASELINE,
        "value: 40, basis: document, publication: moe-press-2022-05-24}",
        "baseline.publication: is only for basis: public-figure (expected no publication here)",
        ("milestones/0/baseline/publication", "enum"),
    ),
    "measure-without-unit": (
        MEASURE,
        "{kind: number, direction: up}",
        "measure.unit: missing (expected one of percent, count, ratio, index)",
        ("milestones/0/measure", "required"),
    ),
    "unknown-kind": (
        MEASURE,
        "{kind: stages, ladder: policy}",
        "measure.kind: 'stages' is not allowed (expected one of number, stage)",
        ("milestones/0/measure/kind", "enum"),
    ),
    "stage-measure-with-a-unit": (
        MEASURE,
        "{kind: stage, ladder: policy, unit: percent}",
        "measure.unit: unknown field (expected one of kind, ladder, direction)",
        ("milestones/0/measure", "additionalProperties"),
    ),
    "number-on-a-stage-measure": (
        MEASURE,
        "{kind: stage, ladder: policy}",
        "baseline.value: 40 is not a stage of ladder policy (expected one of not-started, planned, established, "
        "in-operation, evaluated)",
        ("milestones/0/baseline/value", "type"),
    ),
    "direction-sideways": (
        "direction: up",
        "direction: sideways",
        "measure.direction: 'sideways' is not allowed (expected one of up, down)",
        ("milestones/0/measure/direction", "enum"),
    ),
    "cumulative-not-a-boolean": (
        "cumulative: false",
        "cumulative: maybe",
        "measure.cumulative: 'maybe' is text (expected true or false)",
        ("milestones/0/measure/cumulative", "type"),
    ),
    "id-not-an-id": (
        "- id: test-share",
        "- id: Test_Share",
        "id: 'Test_Share' is not valid (expected lowercase letters, digits and '-', starting with a letter or digit)",
        ("milestones/0/id", "pattern"),
    ),
    "date-out-of-range": (
        "target: {date: 2026-12-31",
        "target: {date: 2300-12-31",
        "target.date: 2300-12-31 is outside the dates this dashboard can hold (expected a date from 1678-01-01 to 2261-12-31)",
        ("milestones/0/target/date", "pattern"),
    ),
    "empty-applies_to": (
        "    source:",
        "    applies_to: []\n    source:",
        "applies_to: the list is empty (expected at least one province, or no applies_to for every province)",
        ("milestones/0/applies_to", "minItems"),
    ),
    "province-twice": (
        "    source:",
        "    applies_to: [CN-GD, CN-GD]\n    source:",
        "applies_to[1]: CN-GD is listed twice (expected each province once)",
        ("milestones/0/applies_to", "uniqueItems"),
    ),
    "override-not-a-province": (
        "    source:",
        "    overrides: {Guangdong: {target: {value: 70, basis: document}}}\n    source:",
        "overrides.Guangdong: 'Guangdong' is not a known province (expected an ISO code such as CN-GD)",
        ("milestones/0/overrides", "pattern"),
    ),
    "override-without-basis": (
        "    source:",
        "    overrides: {CN-GD: {target: {value: 70}}}\n    source:",
        "overrides.CN-GD.target.basis: missing (expected one of document, public-figure, assumption)",
        ("milestones/0/overrides/CN-GD/target", "required"),
    ),
    "override-value-not-a-number": (
        "    source:",
        "    overrides: {CN-GD: {target: {value: high, basis: document}}}\n    source:",
        "overrides.CN-GD.target.value: 'high' is text (expected a number)",
        ("milestones/0/overrides/CN-GD/target/value", "type"),
    ),
    "override-field-misspelt": (
        "    source:",
        "    overrides: {CN-GD: {taget: {value: 70, basis: document}}}\n    source:",
        "overrides.CN-GD.taget: unknown field (did you mean 'target'?)",
        ("milestones/0/overrides/CN-GD", "additionalProperties"),
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_rule_broken_in_a_valid_file_fails_both_the_loader_and_the_schema(name: str, tmp_path: Path) -> None:
    old, new, message, error = MUTATIONS[name]
    assert VALID.count(old) == 1
    path = tmp_path / "milestones" / f"{name}.yaml"
    path.parent.mkdir()
    path.write_text(VALID.replace(old, new), encoding="utf-8")
    assert message in loader_messages(path)
    assert error in schema_errors(path.read_text(encoding="utf-8"), MILESTONES_FILE)


def test_the_valid_file_passes_both() -> None:
    assert loader_messages(TEST_DATA / "valid" / "milestone.yaml") == []
    assert schema_errors(VALID, MILESTONES_FILE) == set()


# A misspelt field name in each kind of bundled file: the planner's commonest slip.
TYPOS = [
    ("milestones/teachers.yaml", "    evidence:", "evidence", "evidense", MILESTONES_FILE),
    ("sources.yaml", "    issuer:", "issuer", "isuer", SOURCES_FILE),
    ("publications.yaml", "    publisher:", "publisher", "publsher", PUBLICATIONS_FILE),
    ("ladders.yaml", "        evidence:", "evidence", "evidnce", LADDERS_FILE),
    ("documents/opinions-2022.yaml", "    title:", "title", "titel", DOCUMENTS_FILE),
]


@pytest.mark.parametrize(("name", "line_start", "field", "typo", "file"), TYPOS, ids=[t[0] for t in TYPOS])
def test_a_misspelt_field_in_a_bundled_file_is_reported_by_the_loader_and_the_schema(
    name: str, line_start: str, field: str, typo: str, file: YamlFile, tmp_path: Path
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    at = text.index("\n" + line_start) + 1
    broken = text[:at] + text[at:].replace(f"{field}:", f"{typo}:", 1)
    path = tmp_path / "data" / name
    path.parent.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    problems: list[Problem] = validate([path], ROOT / "config.yaml")
    assert any(p.field.endswith(typo) and p.message == f"unknown field (did you mean '{field}'?)" for p in problems), problems
    assert any(rule == "additionalProperties" for _, rule in schema_errors(broken, file))
    unexpected = [e.message for e in committed_validator(file).iter_errors(yaml.load(broken, Loader=_Yaml12Loader))]  # noqa: S506
    assert any(f"'{typo}' was unexpected" in m for m in unexpected), unexpected


# --- the edit form and the pre-commit hook ---------------------------------------------------------------


def test_a_milestone_added_by_the_edit_form_keeps_the_schema_line_and_follows_the_schema(tmp_path: Path) -> None:
    from metrics.intake.editing import add_milestone, edit_context, open_file, save_file
    from metrics.load.config import load_config
    from tests.tmp_data import copy_data
    from tests.unit.test_editing import FORM

    config, _ = load_config(copy_data(tmp_path))
    context = edit_context(config)
    path = tmp_path / "data" / "milestones" / "teachers.yaml"
    opened = open_file(path)
    added = add_milestone(opened, FORM, context)
    assert added.check.ok, added.check.problems
    save_file(opened, added.text, context)
    saved = path.read_text(encoding="utf-8")
    assert saved.splitlines()[0] == modeline(DATA / "milestones" / "teachers.yaml")
    assert schema_errors(saved, MILESTONES_FILE) == set()


HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_the_pre_commit_hook_runs_validate_on_the_data_folder() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("validate", "python -m metrics validate", "python")
    assert (hook["args"], hook["pass_filenames"]) == (["data"], False)  # the folder as a whole: files refer to each other
    files = re.compile(hook["files"])
    data_files = [p.relative_to(ROOT).as_posix() for p in DATA.rglob("*") if p.suffix in (".yaml", ".csv")]
    assert len(data_files) > 25 and [p for p in data_files if not files.search(p)] == []
    assert [p for p in ("config.yaml", "schemas/milestones.schema.json", "README.md", "pyproject.toml") if files.search(p)] == []


def test_validate_checks_a_data_folder_without_a_config_as_a_planners_repository_has_it(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    missing = tmp_path / "no-config.yaml"  # an installed hook finds no config.yaml beside the package
    assert validate([tmp_path / "data"], missing) == []
    broken = tmp_path / "data" / "ladders.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("    title:", "    titel:", 1), encoding="utf-8")
    found = validate([tmp_path / "data"], missing)
    assert ("ladders[0].titel", "unknown field (did you mean 'title'?)") in [(p.field, p.message) for p in found]
    assert found[0].path.endswith("data/ladders.yaml")
    # A single file still needs the config: its references are checked against the configured data.
    assert "config file not found" in validate([broken], missing)[0].message
