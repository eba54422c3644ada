"""The metadata kept beside each accepted report file: who sent it, when, and what they sent.

A sidecar ``<name>.meta.json`` sits next to ``<name>.csv`` in data/progress/. Report loaders only
glob ``*.csv``, so the sidecar never becomes data; the history views join it back by file name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from metrics.compute.history import revision_history
from metrics.domain.i18n import t

SUFFIX = ".meta.json"
RECEIPT_COLUMNS = ["file_name", "sender", "received_at", "original_name", "rows", "sha256", "original_sha256"]


def receipt_path(report: Path) -> Path:
    return report.with_name(report.stem + SUFFIX)


def load_receipts(folders: Iterable[Path]) -> pd.DataFrame:
    """One row per sidecar found: the report file's name and who sent it when."""
    rows: list[dict[str, Any]] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*" + SUFFIX)):
            try:
                meta = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a damaged sidecar loses the "who", never the figures
            if isinstance(meta, dict):
                rows.append(
                    {
                        "file_name": str(meta.get("file", path.name[: -len(SUFFIX)] + ".csv")),
                        "sender": str(meta.get("user", "")),
                        "received_at": str(meta.get("received_at", "")),
                        "original_name": str(meta.get("original_name", "")),
                        "rows": meta.get("rows"),
                        "sha256": str(meta.get("sha256", "")),
                        "original_sha256": str(meta.get("original_sha256", "")),  # of the bytes the sender uploaded
                    }
                )
    return pd.DataFrame(rows, columns=RECEIPT_COLUMNS)


def report_history(
    reports: pd.DataFrame, receipts: pd.DataFrame, province: str | None = None, milestone: str | None = None
) -> pd.DataFrame:
    """Every figure ever accepted, its correction chain, and who sent it when: newest received first.

    The reporting office opens this page to see its upload land, so the last file received is on top
    (issue 13, item 6), then by report time; figures without a receipt (demo data, files added by hand)
    come after every received file, newest reported first.
    """
    history = revision_history(reports, province, milestone)
    history["file_name"] = history["file"].map(lambda f: Path(str(f)).name)
    out = history.merge(receipts.drop(columns=["rows", "sha256", "original_sha256"]), on="file_name", how="left")
    for column in ("sender", "received_at", "original_name"):
        out[column] = out[column].fillna("")
    # received_at is ISO 8601 text from the receipt: it sorts as time; "" (no receipt) sorts last when descending.
    out = out.sort_values(
        ["received_at", "reported_at", "milestone", "as_of"], ascending=[False, False, True, False], kind="stable"
    )
    return out.drop(columns=["file_name"]).reset_index(drop=True)


@dataclass(frozen=True)
class AcceptedBefore:
    """An earlier accepted upload with the same bytes as the one in hand."""

    file_name: str
    sender: str
    received_at: str
    original_name: str


def accepted_before(receipts: pd.DataFrame, original_sha256: str) -> AcceptedBefore | None:
    """The earliest accepted upload whose sent bytes had this SHA-256, if any (a re-sent file, issue 13, item 6)."""
    if not original_sha256 or receipts.empty:
        return None
    same = receipts[receipts["original_sha256"] == original_sha256].sort_values("received_at", kind="stable")
    if same.empty:
        return None
    first = same.iloc[0]
    return AcceptedBefore(str(first["file_name"]), str(first["sender"]), str(first["received_at"]), str(first["original_name"]))


SENDER_COLUMNS = ("sender", "original_name")  # who sent a report: a sign-in name, and often a name in the file's name


def without_senders(history: pd.DataFrame) -> pd.DataFrame:
    """The report history with who sent each report left blank (issue 12, item 4: user names are not shown
    to anonymous visitors, who could otherwise collect the names to guess passwords for)."""
    return history.assign(**{column: "" for column in SENDER_COLUMNS if column in history.columns})


def already_accepted_text(before: AcceptedBefore, lang: str) -> str:
    """The bilingual refusal of a file accepted before: when, by whom, under which name."""
    return t(
        "report.already_accepted",
        lang,
        when=before.received_at.replace("T", " "),
        sender=before.sender or "–",
        name=before.original_name or before.file_name,
    )
