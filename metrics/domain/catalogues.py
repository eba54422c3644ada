"""The dashboard's strings, read from gettext catalogues: ``metrics/locale/<lang>/LC_MESSAGES/<purpose>.po``.

Each language is a folder of ``.po`` files, one per purpose (``app``, ``terms``, ``pages``, ``intake``,
``charts``, ``problems``); the message ids are symbolic keys such as ``app.title``, so the code never
depends on one language's wording. Babel reads the files directly (no compiled ``.mo`` to keep in step),
and each catalogue's ``Language:`` header names the locale whose number and date formats the language uses.
A third language is a new folder with the same files translated (see ``metrics/locale/README.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@dataclass(frozen=True)
class Catalogue:
    """One language's strings: key -> text, the purpose (file) each key is in, and its Babel locale."""

    language: str
    locale: Locale
    strings: dict[str, str] = field(default_factory=dict)
    purpose: dict[str, str] = field(default_factory=dict)


def read_catalogue(folder: Path, language: str) -> Catalogue:
    """All ``.po`` files of one language; a key given in two files, or left untranslated, is an error."""
    locale: Locale | None = None
    strings: dict[str, str] = {}
    purpose: dict[str, str] = {}
    files = sorted((folder / language / "LC_MESSAGES").glob("*.po"))
    if not files:
        raise ValueError(f"{folder / language}: no .po catalogue")
    for path in files:
        with path.open("rb") as handle:
            catalog = read_po(handle, domain=path.stem)
        if catalog.locale is None:
            raise ValueError(f"{path}: the header has no Language: line (expected e.g. Language: en_GB)")
        if locale is not None and str(catalog.locale) != str(locale):
            raise ValueError(f"{path}: Language: {catalog.locale}, but the other files of {language!r} say {locale}")
        locale = catalog.locale
        for message in catalog:
            key = message.id
            if not key:
                continue  # the header
            if not isinstance(key, str) or not isinstance(message.string, str):
                raise ValueError(f"{path}: {key!r} has plural forms; the dashboard's strings have none")
            if key in strings:
                raise ValueError(f"{path}: {key!r} is also in {purpose[key]}.po")
            if not message.string:
                raise ValueError(f"{path}: {key!r} has no text")
            strings[key] = message.string
            purpose[key] = path.stem
    assert locale is not None
    return Catalogue(language, locale, strings, purpose)


def read_catalogues(folder: Path = LOCALE_DIR) -> dict[str, Catalogue]:
    """Every language found under ``folder``, by its folder name (the code ``?lang=`` takes)."""
    languages = sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir())
    return {lang: read_catalogue(folder, lang) for lang in languages}
