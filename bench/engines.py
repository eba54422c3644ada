"""pandas, DuckDB and Polars side by side on the part of the status computation that reads every report.

``metrics.compute.report_summary`` reduces the reports to what the status table needs per province and
milestone; ``compute_status(..., summarise=...)`` takes another engine's version of that step, so each
engine computes the same status table and the rest of the code is shared. The engines: ``numpy`` is the
app's (one stable sort, then reductions over runs of rows); ``pandas`` is what the app did before
(sort_values, drop_duplicates, groupby), ``duckdb`` the same in SQL, ``polars`` in Polars' expressions.
``python -m bench.engines`` (or ``bench/run.py --only data``) times each engine in a fresh process on the same synthetic files and
checks that every engine's table equals the app's, value for value. DuckDB and Polars are needed only
here (``pip install duckdb polars``); an engine that is not installed is reported as such.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.compute.history import current_reports  # noqa: E402
from metrics.compute.report_summary import KEYS, ReportSummary, summarise_reports  # noqa: E402

COLUMNS = ["province", "milestone", "as_of", "number", "reported_at", "demo"]


def _slim(reports: pd.DataFrame) -> pd.DataFrame:
    """The columns every engine reads, with each report's position (as ``summarise_reports`` makes them)."""
    return pd.DataFrame(
        {
            "province": reports["province"].astype("category"),
            "milestone": reports["milestone"].astype("category"),
            **{c: reports[c] for c in COLUMNS[2:]},
            "row": np.arange(len(reports)),
        }
    )


def summarise_pandas_groupby(
    reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent_points: int
) -> ReportSummary:
    """The app's code before issue 16: sort_values and drop_duplicates (``current_reports``), then groupby."""
    slim = _slim(reports)
    slim = slim[(slim["as_of"] <= as_of) & slim["province"].isin(provinces)]
    revisions_all = slim.groupby(KEYS, observed=True).size()
    current = current_reports(slim)
    counts = current.groupby(KEYS, observed=True).agg(
        n_reports=("as_of", "size"), last_reported_at=("reported_at", "max"), demo=("demo", "any")
    )
    counts["revisions"] = revisions_all - counts["n_reports"]
    recent = current.groupby(KEYS, observed=True).tail(max(recent_points, 1))  # current is sorted by as_of
    return ReportSummary(counts.reset_index(), recent.reset_index(drop=True))


def summarise_duckdb(reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent_points: int) -> ReportSummary:
    """``summarise_reports`` in SQL: one aggregation per date, one per province and milestone, one window."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.register("reports", _slim(reports))
    con.register("wanted", pd.DataFrame({"province": pd.Series(provinces, dtype=str)}))
    con.execute(
        """
        CREATE TEMP TABLE dated AS  -- the current report of each date: the latest reported_at, then the later row
        SELECT province::VARCHAR AS province, milestone::VARCHAR AS milestone, as_of,
               arg_max(number, (reported_at, row)) AS number, max(reported_at) AS reported_at,
               arg_max(demo, (reported_at, row)) AS demo, arg_max(row, (reported_at, row)) AS row, count(*) AS reports
        FROM reports
        WHERE as_of <= $as_of AND province::VARCHAR IN (SELECT province FROM wanted)
        GROUP BY ALL
    """,
        {"as_of": as_of.to_pydatetime()},
    )
    counts = con.sql("""
        SELECT province, milestone, count(*) AS n_reports, max(reported_at) AS last_reported_at, bool_or(demo) AS demo,
               sum(reports)::BIGINT - count(*) AS revisions
        FROM dated GROUP BY ALL ORDER BY ALL
    """).df()
    recent = con.execute(
        """
        SELECT province, milestone, as_of, number, reported_at, demo, row FROM dated
        QUALIFY row_number() OVER (PARTITION BY province, milestone ORDER BY as_of DESC) <= $k
        ORDER BY province, milestone, as_of
    """,
        {"k": max(recent_points, 1)},
    ).df()
    con.close()
    return ReportSummary(_dates_like(reports, counts), _dates_like(reports, recent))


def summarise_polars(reports: pd.DataFrame, as_of: pd.Timestamp, provinces: list[str], recent_points: int) -> ReportSummary:
    """``summarise_reports`` in Polars' lazy expressions."""
    import polars as pl

    frame = pl.from_pandas(_slim(reports)).lazy().with_columns(pl.col(KEYS).cast(pl.String))
    dated = (
        frame.filter((pl.col("as_of") <= as_of) & pl.col("province").is_in(provinces))
        .group_by([*KEYS, "as_of"])  # the current report of each date: the latest reported_at, then the later row
        .agg(pl.col("number", "reported_at", "demo", "row").sort_by(["reported_at", "row"]).last(), reports=pl.len())
    )
    counts = (
        dated.group_by(KEYS)
        .agg(
            n_reports=pl.len().cast(pl.Int64),
            last_reported_at=pl.col("reported_at").max(),
            demo=pl.col("demo").any(),
            revisions=(pl.col("reports").sum() - pl.len()).cast(pl.Int64),
        )
        .sort(KEYS)
    )
    recent = (
        dated.filter(pl.col("as_of").rank("ordinal", descending=True).over(KEYS) <= max(recent_points, 1))
        .select(*KEYS, "as_of", "number", "reported_at", "demo", "row")
        .sort([*KEYS, "as_of"])
    )
    counts_frame, recent_frame = pl.collect_all([counts, recent])
    return ReportSummary(_dates_like(reports, counts_frame.to_pandas()), _dates_like(reports, recent_frame.to_pandas()))


def _dates_like(reports: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Dates in the unit the reports table has them (DuckDB returns microseconds, Polars has no seconds)."""
    dtypes = {
        "as_of": reports["as_of"].dtype,
        "reported_at": reports["reported_at"].dtype,
        "last_reported_at": reports["reported_at"].dtype,
    }
    return frame.astype({column: dtype for column, dtype in dtypes.items() if column in frame})


ENGINES = {"numpy": summarise_reports, "pandas": summarise_pandas_groupby, "duckdb": summarise_duckdb, "polars": summarise_polars}

STEP = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
import pandas as pd
from bench.engines import ENGINES
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.compute.status import compute_status
config, problems = load_config(Path({config!r}))
data = load_dataset(config, problems)
engine = ENGINES[{engine!r}]
engine(data.reports.head(1000), pd.Timestamp(config.as_of_date()), list(data.mainland.index), 4)  # imports, first calls
before = resource.getrusage(resource.RUSAGE_SELF)
t0, c0 = time.perf_counter(), time.process_time()
table = compute_status(data, summarise=engine)
t1, c1 = time.perf_counter(), time.process_time()
if {out!r}:
    table.to_pickle({out!r})
print(json.dumps({{"reports": len(data.reports), "rows": len(table), "compute_s": t1 - t0, "cpu_s": c1 - c0,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "peak_before_mb": before.ru_maxrss / 1024}}))
"""


def installed(engine: str) -> bool:
    if engine in ("numpy", "pandas"):
        return True
    try:
        __import__(engine)
    except ImportError:
        return False
    return True


def run_engine(config: Path, engine: str, out: Path | None = None) -> dict[str, float]:
    """``compute_status`` with ``engine`` in a fresh process (dataset loaded first, not timed): its figures."""
    code = STEP.format(root=str(ROOT), config=str(config), engine=engine, out=str(out) if out else "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{engine} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(config: Path, repeat: int = 3, label: str = "") -> dict[str, dict[str, float]]:
    """Time each installed engine on ``config``'s data (best of ``repeat``) and check its table equals the app's."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tables: dict[str, Path] = {}
        for engine in ENGINES:
            if not installed(engine):
                print(f"  {engine:<7} not installed (pip install {engine})")
                continue
            tables[engine] = Path(tmp) / f"{engine}.pkl"
            runs = [run_engine(config, engine, tables[engine] if i == 0 else None) for i in range(repeat)]
            results[engine] = min(runs, key=lambda r: r["compute_s"])
        reference = pd.read_pickle(tables["numpy"])
        for engine, best in results.items():
            same = "the app's" if engine == "numpy" else _same(reference, pd.read_pickle(tables[engine]))
            print(
                f"  {label}{engine:<7} all statuses {best['compute_s']:5.2f} s (CPU {best['cpu_s']:5.2f} s)   "
                f"peak {best['peak_mb']:,.0f} MB ({best['peak_before_mb']:,.0f} MB after loading)   table: {same}"
            )
    return results


def _same(reference: pd.DataFrame, table: pd.DataFrame) -> str:
    try:
        pd.testing.assert_frame_equal(table, reference, check_exact=True)
    except AssertionError as error:
        return "DIFFERS: " + str(error).splitlines()[0]
    return "identical to the app's"


def main() -> int:
    from bench.synthetic import SCALES, write_dataset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="prefecture")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, help="a data folder written by bench.synthetic for --scale (kept between runs)")
    args = parser.parse_args()
    scale = SCALES[args.scale]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / scale.name
        config = folder / "config.yaml" if (folder / "config.yaml").exists() else write_dataset(scale, folder)
        size = f"{scale.units:,} units x {scale.milestones} milestones x {scale.periods} periods"
        print(f"{scale.name}: {size}, best of {args.repeat}")
        compare(config, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
