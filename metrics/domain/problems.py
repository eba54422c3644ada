"""Problems found in input files, kept as data so that every check can report all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one input file."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str = "error"  # "error" stops the item loading; "warning" is shown but loads

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.severity == "error" else f" {self.severity}:"
        return f"{where}:{prefix}{field} {self.message}"


class ProblemList(list[Problem]):
    """A list of problems with a helper that fills in the file path."""

    def __init__(self, path: Path | str, items: Iterable[Problem] = ()) -> None:
        super().__init__(items)
        self.path = display_path(path)

    def add(
        self,
        field: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        severity: str = "error",
    ) -> None:
        self.append(Problem(self.path, line, column, field, message, severity))


def display_path(path: Path | str) -> str:
    """The path as a planner would type it: relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
