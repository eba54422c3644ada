"""Reading one worksheet of an uploaded .xlsx cell by cell: bounded before parsing, every malformed cell located.

openpyxl's read-only ``iter_rows`` parses a whole row before yielding it and lets a malformed cell raise
(``IndexError`` for a shared-text number past the table, ``ValueError`` for a number or date that is not
one, ``ParseError`` for damaged XML), which aborted the upload with a traceback. Here the sheet's XML is
streamed with the same parser openpyxl uses for one cell (``WorkSheetParser.parse_cell``), so each failure
becomes a problem naming its cell, and reading stops as soon as a limit is passed: a 0.19 MB workbook can
declare millions of empty cells, which cost openpyxl ~90 s to walk.

openpyxl has no public per-cell API; ``_get_source``, ``_date_formats`` and ``_timedelta_formats`` are
read-only worksheet and workbook internals of openpyxl 3.1 (pinned by the tests in
tests/unit/test_hardening_round2.py, which fail if they change).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, DIMENSION_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from metrics.domain.messages import msg
from metrics.domain.problems import ProblemList

LAST_EXCEL_SERIAL = 2_958_465  # 9999-12-31, the last day Excel's calendar has
# A cell element, with or without a namespace prefix: <c r="A1">, <c/>, <x:c ...>. Not <col>, <cfRule>.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int  # rows below the header
    max_columns: int
    max_cells: int
    max_problems: int


class _TooLarge(Exception):
    """A limit was passed: the problem is recorded, reading stops."""


def cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold; dates as YYYY-MM-DD, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def count_cells(archive: zipfile.ZipFile, part: str, stop_after: int) -> int:
    """The number of cell elements in one worksheet part, counted in its raw XML (C speed), stopping past ``stop_after``.

    openpyxl's ``load_workbook(read_only=True)`` walks every cell of a sheet that has no <dimension>
    just to size it, so the count has to come before the workbook is opened at all.
    """
    count = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            count += len(_CELL.findall(data, 0, max(len(data) - 16, 0)))
            tail = data[max(len(data) - 16, 0) :]  # a tag cut at the chunk's end is counted with the next chunk
            if count > stop_after:
                return count
    return count + len(_CELL.findall(tail))


def declared_size(worksheet: Any) -> tuple[int, int] | None:
    """(rows, columns) from the sheet's <dimension> element, read without parsing any cell; None if absent."""
    # Not openpyxl's parse_dimensions: it waits for the *end* of <sheetData>, so without a <dimension>
    # it walks every cell of the sheet first (22 s for 3.2 M empty cells).
    try:
        with worksheet._get_source() as source:
            for _, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = range_boundaries(element.get("ref", ""))
                    break
                if element.tag == DATA_TAG:
                    return None
            else:
                return None
    except (ParseError, ValueError, TypeError, KeyError, OSError):
        return None  # damaged or missing: streaming below finds and locates what is wrong
    min_col, min_row, max_col, max_row = bounds
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return None
    return max_row, max_col


def read_sheet(workbook: Any, worksheet: Any, problems: ProblemList, limits: SheetLimits) -> list[list[str]] | None:
    """The sheet's rows as text, row 1 first (rows missing from the file are empty); ``None`` with located
    problems when a cell is malformed or the sheet is beyond ``limits``."""
    size = declared_size(worksheet)
    if size is not None and not _within(size[0], size[1], problems, limits, declared=True):
        return None
    parser = WorkSheetParser(
        None,  # type: ignore[arg-type]  # no source: the cells are parsed one by one below, as they stream
        workbook.shared_strings,
        data_only=False,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    rows: dict[int, dict[int, str]] = {}
    before = len(problems)
    cells = 0
    row_number, column, where = 0, 0, "A1"
    try:
        with worksheet._get_source() as source:
            for event, element in iterparse(source, events=("start", "end")):
                if element.tag == ROW_TAG and event == "start":
                    row_number = _row_number(element.get("r"), row_number, problems)
                    column = 0
                    if row_number > limits.max_rows + 1:
                        problems.add("", msg("problem.sheet_too_many_rows", limit=limits.max_rows))
                        raise _TooLarge
                elif element.tag == CELL_TAG and event == "start":
                    where = element.get("r") or where
                elif element.tag == CELL_TAG:
                    cells += 1
                    if cells > limits.max_cells:
                        problems.add("", msg("problem.sheet_too_many_cells", limit=limits.max_cells))
                        raise _TooLarge
                    located = _cell(element, parser, row_number, column, problems)
                    if located is not None:
                        row_number_of_cell, column, text = located
                        if column > limits.max_columns:
                            problems.add(
                                "",
                                msg("problem.sheet_column_too_far", column=column, limit=limits.max_columns),
                                row_number_of_cell,
                                column,
                            )
                            raise _TooLarge
                        if text:
                            rows.setdefault(row_number_of_cell, {})[column] = text
                    if len(problems) - before >= limits.max_problems:
                        problems.add("", msg("problem.sheet_stopped", limit=limits.max_problems))
                        return None
                elif element.tag == ROW_TAG:
                    element.clear()  # keeps memory flat however long the sheet
    except _TooLarge:
        return None
    except ParseError as exc:
        line, col = coordinate_to_tuple(where) if _is_reference(where) else (row_number or None, None)
        problems.add(
            f"cell {where}",
            msg("problem.sheet_damaged", detail=str(exc.msg if hasattr(exc, "msg") else exc)),
            line,
            col,
        )
        return None
    if len(problems) > before:
        return None  # a malformed cell: its row cannot be checked as the sender meant it
    last = max(rows, default=0)
    return [
        [cells_of.get(c, "") for c in range(1, max(cells_of, default=0) + 1)]
        for cells_of in (rows.get(r, {}) for r in range(1, last + 1))
    ]


def _within(rows: int, columns: int, problems: ProblemList, limits: SheetLimits, declared: bool) -> bool:
    said = "declares" if declared else "has"
    if columns > limits.max_columns:
        problems.add("", msg(f"problem.sheet_{said}_columns", columns=columns, limit=limits.max_columns))
        return False
    if rows * columns > limits.max_cells:
        problems.add(
            "",
            msg(f"problem.sheet_{said}_cells", rows=rows, columns=columns, cells=rows * columns, limit=limits.max_cells),
        )
        return False
    return True


def _is_reference(text: str) -> bool:
    try:
        coordinate_to_tuple(text)
    except (ValueError, KeyError, TypeError):
        return False
    return True


def _row_number(attribute: str | None, previous: int, problems: ProblemList) -> int:
    if attribute is None:
        return previous + 1
    if attribute.isdigit() and int(attribute) > 0:
        return int(attribute)
    problems.add("", msg("problem.sheet_bad_row", row=repr(attribute)))
    return previous + 1


def _cell(element: Any, parser: WorkSheetParser, row: int, column: int, problems: ProblemList) -> tuple[int, int, str] | None:
    """(row, column, text) of one <c> element, or None with a problem naming the cell."""
    reference = element.get("r")
    if reference is not None:
        if not _is_reference(reference):
            problems.add(f"cell {reference!r}", msg("problem.sheet_bad_reference"), row or None, None)
            return None
        row, column = coordinate_to_tuple(reference)
    else:
        column += 1
        from openpyxl.utils import get_column_letter

        reference = f"{get_column_letter(column)}{row}"
    kind = element.get("t", "n")
    raw = element.findtext(VALUE_TAG)
    style = element.get("s")
    if kind == "n" and raw and style and style.isdigit() and int(style) in parser.date_formats:
        # openpyxl turns an impossible serial into '#VALUE!' with only a warning; say what it was instead.
        try:
            serial = float(raw)
        except ValueError:
            serial = None
        if serial is not None and not 0 <= serial <= LAST_EXCEL_SERIAL:
            problems.add(
                f"cell {reference}",
                msg("problem.sheet_date_serial", serial=str(raw)),
                row,
                column,
            )
            return None
    parser.row_counter, parser.col_counter = row, column - 1
    try:
        value = parser.parse_cell(element)["value"]
    except (ValueError, IndexError, KeyError, TypeError, OverflowError):
        what = {
            "s": msg("problem.cell_shared_text", value=str(raw)),
            "n": msg("problem.cell_as_number", value=repr(raw)),
            "d": msg("problem.cell_as_date", value=repr(raw)),
            "b": msg("problem.cell_as_boolean", value=repr(raw)),
        }
        found = what.get(kind, msg("problem.cell_as_type", value=repr(raw), kind=repr(kind)))
        problems.add(f"cell {reference}", msg("problem.sheet_bad_cell", what=found), row, column)
        return None
    return row, column, cell_text(value)
