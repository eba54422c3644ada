"""Turning the bytes of a CSV file into text: size limits, BOM, and the encodings Excel writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from metrics.domain.messages import msg, os_reason
from metrics.domain.problems import ProblemList


@dataclass(frozen=True)
class CsvText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"
    utf8: bytes | None = None  # the text as UTF-8 bytes without BOM, when the file was UTF-8 (saves re-encoding)


def read_csv_text(path: Path, problems: ProblemList, max_bytes: int, max_rows: int) -> CsvText | None:
    """Decoded text, or ``None`` with a located problem saying what was expected."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.add("", msg("problem.csv_too_large", size=size, limit=max_bytes))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("", msg("problem.cannot_read", reason=os_reason(exc)))
        return None
    return decode_csv_bytes(raw, problems, max_rows)


def decode_csv_bytes(raw: bytes, problems: ProblemList, max_rows: int) -> CsvText | None:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of the GBK that Chinese Excel saves."""
    blank = b"\xef\xbb\xbf \t\r\n"
    if not raw[:4096].strip(blank) and not raw.strip(blank):  # strip the whole file only if it starts blank
        problems.add("", msg("problem.csv_empty"), 1, 1)
        return None
    lines = raw.count(b"\n")
    if lines > max_rows + 1:
        problems.add("", msg("problem.csv_too_many_rows", limit=max_rows))
        return None
    if b"\x00" in raw[:4096]:
        problems.add("", msg("problem.csv_binary"), 1, 1)
        return None
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
        return CsvText(text, encoding, raw[3:] if encoding == "utf-8-sig" else raw)
    except UnicodeDecodeError as utf8_error:
        try:
            return CsvText(raw.decode("gb18030"), "gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            column = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            problems.add("", msg("problem.csv_encoding"), line, column)
            return None
