"""Messages as data: a catalogue code and its parameters, written out in the reader's language when shown.

As frictionless does with its error types, a check records *what* is wrong (``problem.not_a_date`` with
``value="'March 2025'"``), not a sentence; the page, the CLI or the deck renders it in its language. A
parameter may itself be a message (what was expected, the type a value has), rendered in the same language.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import TypeAlias

from metrics.domain.i18n import catalogue, t

Param: TypeAlias = "str | int | float | Message"


@dataclass(frozen=True)
class Message:
    """A catalogue key (``metrics/locale/*/LC_MESSAGES/problems.po``) and the values of its ``{fields}``."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def render(self, lang: str) -> str:
        """The message in ``lang``, its message parameters rendered in ``lang`` too."""
        values = {name: value.render(lang) if isinstance(value, Message) else value for name, value in self.params}
        return t(self.code, lang, **values)

    def replace_text(self, old: str, new: str) -> Message:
        """The same message with ``old`` replaced by ``new`` in its text parameters (a temporary file's name
        by the name the user knows, say)."""

        def swap(value: Param) -> Param:
            if isinstance(value, Message):
                return value.replace_text(old, new)
            return value.replace(old, new) if isinstance(value, str) else value

        return Message(self.code, tuple((name, swap(value)) for name, value in self.params))

    def to_json(self) -> dict[str, object]:
        """The message as JSON-ready data (a cache keeps problems across runs)."""
        return {
            "code": self.code,
            "params": {name: value.to_json() if isinstance(value, Message) else value for name, value in self.params},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Message:
        params = data.get("params") or {}
        assert isinstance(params, dict)
        return cls(
            str(data["code"]),
            tuple((str(k), cls.from_json(v) if isinstance(v, dict) else v) for k, v in params.items()),
        )


def msg(code: str, **params: Param) -> Message:
    """``msg("problem.not_a_date", value="'March 2025'")``."""
    return Message(code, tuple(params.items()))


_PHRASES: dict[str, str] = {}


def phrase(text: str) -> Message | str:
    """An English description of what was expected ("a date, YYYY-MM-DD"), as the ``expect.*`` message that says it,
    so it reads in every language; a description no catalogue has stays as written. Field declarations keep English
    (the JSON Schemas for planners' editors are built from them), and their messages still translate."""
    if not _PHRASES:
        english = catalogue("en").strings
        _PHRASES.update({v: k for k, v in english.items() if k.startswith("expect.") and "{" not in v})
    code = _PHRASES.get(text)
    return msg(code) if code else text


_OS_ERRORS = {errno.ENOENT: "ENOENT", errno.EACCES: "EACCES", errno.EISDIR: "EISDIR", errno.ENOTDIR: "ENOTDIR"}


def os_reason(exc: OSError) -> Param:
    """Why a file could not be read, in the reader's language where the error is a common one (the system's
    English text otherwise)."""
    name = _OS_ERRORS.get(exc.errno or 0)
    return msg(f"oserror.{name}") if name else str(exc.strerror or exc)
