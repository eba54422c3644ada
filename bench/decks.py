"""Time to build a report deck (PowerPoint) and the offline HTML report, on the bundled data.

What a presenter waits for after clicking 'Report deck': the report's figures and findings
(``build_report``), then the slides with each chart rendered to PNG by kaleido (``report_deck``).
The first deck in a process also starts kaleido's browser; later ones reuse it (issue 5).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 11, 23)
SCOPES = (("nation", ""), ("province", "CN-GD"), ("milestone", "teachers-double-qualified-share"))


def main() -> int:
    from metrics.compute.snapshot import take_snapshot
    from metrics.export.briefing import build_report
    from metrics.export.deck import report_deck
    from metrics.export.html import report_html
    from metrics.load.config import load_config
    from metrics.load.dataset import load_dataset

    config, problems = load_config(ROOT / "config.yaml")
    data = load_dataset(config, problems)
    start = time.perf_counter()
    inputs = take_snapshot(data, AS_OF)
    print(
        f"report decks on the bundled data ({len(data.reports):,} reports, {len(data.milestones)} milestones); "
        f"shared inputs computed once in {time.perf_counter() - start:.2f} s"
    )
    for round_ in (1, 2):
        for scope, subject in SCOPES:
            run = "first: kaleido starts" if (round_, scope) == (1, "nation") else f"round {round_}"
            t0 = time.perf_counter()
            report = build_report(inputs, scope, subject, "zh", AS_OF)
            t1 = time.perf_counter()
            deck = report_deck(report)
            t2 = time.perf_counter()
            page = report_html(report)
            t3 = time.perf_counter()
            print(
                f"  {run:<21} {scope:<9} {len(report.charts):>2} charts: figures {t1 - t0:5.2f} s + pptx {t2 - t1:5.2f} s "
                f"= deck {t2 - t0:5.2f} s ({len(deck) / 1e6:.1f} MB); HTML report {t3 - t2 + t1 - t0:5.2f} s "
                f"({len(page) / 1e6:.1f} MB)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
