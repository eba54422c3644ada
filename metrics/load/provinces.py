"""Reading ``data/provinces.csv``: codes, names, regions and tile-grid positions."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from metrics.domain.messages import msg
from metrics.domain.problems import Problem, ProblemList
from metrics.domain.regions import REGIONS
from metrics.files.csv_text import read_csv_text

COLUMNS = ("code", "iso", "name_zh", "name_en", "region", "row", "col")
# A province (CN-GD), or a prefecture below it (CN-GD-01) for city-level tracking.
ISO_PATTERN = re.compile(r"CN-[A-Z]{2}(-\d{2,4})?")


def load_provinces(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Provinces indexed by ISO code; malformed rows are reported and left out."""
    problems = ProblemList(path)
    empty = pd.DataFrame(columns=list(COLUMNS)).set_index("iso")
    text = read_csv_text(path, problems, 10_000_000, 10_000)
    if text is None:
        return empty, list(problems)
    reader = csv.DictReader(io.StringIO(text.text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        problems.add(missing[0], msg("problem.column_missing", columns=", ".join(COLUMNS)), 1, 1)
        return empty, list(problems)
    rows = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        iso = (row["iso"] or "").strip()
        ok = True
        if not ISO_PATTERN.fullmatch(iso):
            problems.add("iso", msg("problem.not_an_iso_code", value=repr(iso)), line, header.index("iso") + 1)
            ok = False
        elif iso in seen:
            problems.add("iso", msg("problem.province_twice", province=repr(iso)), line, header.index("iso") + 1)
            ok = False
        if row["region"] not in (*REGIONS, ""):  # blank: not a mainland province (Hong Kong, Macao, Taiwan)
            problems.add(
                "region",
                msg("problem.not_a_region", value=repr(row["region"])),
                line,
                header.index("region") + 1,
            )
            ok = False
        try:
            r, c = int(row["row"]), int(row["col"])
        except (TypeError, ValueError):
            problems.add(
                "row",
                msg("problem.not_a_tile", value=f"{row['row']!r},{row['col']!r}"),
                line,
                header.index("row") + 1,
            )
            ok = False
        if ok:
            seen.add(iso)
            rows.append({**{k: (row[k] or "").strip() for k in COLUMNS}, "row": r, "col": c})
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).set_index("iso")
    return frame, list(problems)


def close_provinces(text: str, provinces: pd.DataFrame, n: int = 3) -> list[str]:
    """ISO codes that ``text`` may have meant: the code in another case or a province's English or Chinese
    name exactly, else up to ``n`` codes or names that look alike."""
    import difflib

    wanted = text.strip()
    codes = {str(code).upper(): str(code) for code in provinces.index}
    names = {
        str(name).lower(): str(code) for column in ("name_en", "name_zh") for code, name in provinces[column].items() if name
    }
    exact = [hit for hit in (codes.get(wanted.upper()), names.get(wanted.lower())) if hit]
    if exact:
        return list(dict.fromkeys(exact))
    found = [codes[c] for c in difflib.get_close_matches(wanted.upper(), list(codes), n=n, cutoff=0.6)]
    found += [names[name] for name in difflib.get_close_matches(wanted.lower(), list(names), n=n, cutoff=0.6)]
    return list(dict.fromkeys(found))[:n]


def check_province_codes(codes: list[str], provinces: pd.DataFrame, source: Path, wildcard: str = "") -> list[str]:
    """A message for each code that is not a province listed in ``source`` (nor ``wildcard``, e.g. '*' for all)."""
    messages = []
    for code in codes:
        if code in provinces.index or (wildcard and code == wildcard):
            continue
        close = close_provinces(code, provinces)
        also = f", or {wildcard!r} for all provinces" if wildcard else ""
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        messages.append(f"unknown province {code!r} (expected an ISO code listed in {source}, e.g. CN-GD{also}{hint})")
    return messages
