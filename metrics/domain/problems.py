"""Problems found in input files, kept as data so that every check can report all of them at once.

A problem's text is a :class:`~metrics.domain.messages.Message`, a code with parameters, rendered in the
reader's language (``problem.render("zh")``); ``message`` keeps its English rendering, which the CLI prints
and logs record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from metrics.domain.i18n import t
from metrics.domain.messages import Message, Param


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one input file."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str  # in English; text.render(lang) in any language
    severity: str = "error"  # "error" stops the item loading; "warning" is shown but loads
    text: Message | None = dataclasses.field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, path: str, line: int | None, column: int | None, field: str, text: Message, severity: str = "error") -> Problem:
        """A problem whose message is a catalogue code with parameters."""
        return cls(path, line, column, field, text.render("en"), severity, text)

    @property
    def code(self) -> str:
        return self.text.code if self.text else ""

    @property
    def params(self) -> dict[str, Param]:
        return dict(self.text.params) if self.text else {}

    def render(self, lang: str) -> str:
        """The message in ``lang`` (as given, for a problem made without a code)."""
        return self.text.render(lang) if self.text else self.message

    def located(self, lang: str = "en") -> str:
        """``path:line:column: field: message``, the message in ``lang``."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.severity == "error" else " " + t(f"severity.{self.severity}", lang) + ":"
        return f"{where}:{prefix}{field} {self.render(lang)}"

    def __str__(self) -> str:
        return self.located("en")

    def replace_text(self, old: str, new: str) -> Problem:
        """The same problem with ``old`` replaced by ``new`` in its path, message and parameters."""
        text = self.text.replace_text(old, new) if self.text else None
        return Problem(
            self.path.replace(old, new),
            self.line,
            self.column,
            self.field,
            self.message.replace(old, new),
            self.severity,
            text,
        )


class ProblemList(list[Problem]):
    """A list of problems with a helper that fills in the file path."""

    def __init__(self, path: Path | str, items: Iterable[Problem] = ()) -> None:
        super().__init__(items)
        self.path = display_path(path)

    def add(
        self,
        field: str,
        text: Message,
        line: int | None = None,
        column: int | None = None,
        severity: str = "error",
    ) -> None:
        if not isinstance(text, Message):  # every problem has a code, so every language can say it
            raise TypeError(f"a problem's text is a Message (msg('problem.…', …)), not {type(text).__name__}")
        self.append(Problem.of(self.path, line, column, field, text, severity))


def display_path(path: Path | str) -> str:
    """The path as a planner would type it: relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
