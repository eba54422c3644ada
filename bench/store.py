"""Reading the reports from PostgreSQL beside the file store (issue 15): ``python bench/run.py --only store``.

The 340 x 100 x 84 synthetic set (2,856,000 reports) is written as files, moved into a throwaway PostgreSQL
(Debian's postgresql, started in a temporary folder as the tests do), and then read back in fresh processes:
load + validate + all statuses from the files (CSV checked; Parquet cache) and from PostgreSQL (rows checked;
the batches' Parquet cache a server keeps after its first start). The raw read
of the rows is measured two ways, COPY (CSV, parsed by pyarrow) and ADBC (Arrow); the store reads through ADBC,
which measured faster, and falls back to COPY without adbc-driver-postgresql.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import STEP  # noqa: E402
from bench.synthetic import SCALES, write_dataset  # noqa: E402


def _step(config: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", STEP.format(root=str(ROOT), config=str(config))],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return json.loads(out.stdout)


def _raw_reads(url: str) -> dict[str, float]:
    """Seconds to get every row into memory: COPY in CSV through psycopg + pyarrow, and ADBC's Arrow."""
    import psycopg

    from metrics.store.postgresql import PostgresStore

    found: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM report_batches")]
        started = time.perf_counter()
        frame = PostgresStore._read_rows(conn, ids)
        found["copy_csv_s"] = time.perf_counter() - started
        found["rows"] = len(frame)
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        return found
    with adbc.connect(url) as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "SELECT batch_id, line, province, milestone, as_of, value, reported_at, source, flag, note FROM report_rows"
        )
        table = cursor.fetch_arrow_table()
        table.to_pandas()
        found["adbc_arrow_s"] = time.perf_counter() - started
    return found


def main(repeat: int = 3) -> dict[str, object]:
    import psycopg

    from metrics.load.config import load_config
    from metrics.store import close_stores, open_store
    from metrics.store.schema import migrate_schema
    from metrics.store.transfer import files_to_postgresql
    from tests.pg import postgres_server

    scale = SCALES["prefecture"]
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp, postgres_server() as url:
        config_path = write_dataset(scale, Path(tmp) / "prefecture")
        plain = config_path.with_name("config-no-cache.yaml")
        plain.write_text(
            config_path.read_text(encoding="utf-8").replace("  load_demo: false\n", "  load_demo: false\n  cache: none\n"),
            encoding="utf-8",
        )
        with psycopg.connect(url, autocommit=True) as conn:
            migrate_schema(conn)
        files, _ = load_config(config_path, {})
        started = time.perf_counter()
        moved = files_to_postgresql(files, open_store(replace(files, store=url)))  # type: ignore[arg-type]
        results["migrate_s"] = time.perf_counter() - started
        close_stores()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
        results["database_size"] = size[0] if size else ""
        results["raw"] = min((_raw_reads(url) for _ in range(repeat)), key=lambda r: r["copy_csv_s"])
        modes = {
            "files, CSV checked (no cache)": (plain, {"VET_DASHBOARD_STORE": "files"}),
            "files, Parquet cache": (config_path, {"VET_DASHBOARD_STORE": "files"}),
            "postgresql (ADBC, rows checked)": (plain, {"VET_DASHBOARD_STORE": url}),
            "postgresql, Parquet cache": (config_path, {"VET_DASHBOARD_STORE": url}),
        }
        _step(config_path, {"VET_DASHBOARD_STORE": "files"})  # writes the Parquet cache
        _step(config_path, {"VET_DASHBOARD_STORE": url})  # and the batches' entries (a server's first start)
        for label, (config, env) in modes.items():
            results[label] = min((_step(config, env) for _ in range(repeat)), key=lambda r: r["load_compute_s"])
    print(
        f"store      {scale.units} x {scale.milestones} x {scale.periods} = {moved.rows:,} report rows moved into PostgreSQL "
        f"in {results['migrate_s']:.1f} s (database {results['database_size']}), best of {repeat}"
    )
    raw = results["raw"]
    assert isinstance(raw, dict)
    print(
        f"  raw read of every row: COPY (CSV via pyarrow) {raw['copy_csv_s']:.2f} s"
        + (f", ADBC (Arrow) {raw['adbc_arrow_s']:.2f} s" if "adbc_arrow_s" in raw else ", ADBC not installed")
    )
    for label in modes:
        best = results[label]
        assert isinstance(best, dict)
        print(
            f"  {label:<34} load + validate {best['load_validate_s']:5.2f} s   compute {best['compute_s']:5.2f} s   "
            f"total {best['load_compute_s']:5.2f} s   peak {best['peak_mb']:,.0f} MB"
        )
    return results


if __name__ == "__main__":
    main()
