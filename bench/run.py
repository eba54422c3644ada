"""Benchmarks: ``python bench/run.py`` runs them all and prints the figures
(``--only data|pages|decks|browser|charts|store|interactions|frame|load``).

Figures measured per scale: write the synthetic set (not counted), then load + validate, compute
all statuses, and the two together, each in a fresh subprocess so peak memory is that run's own;
without the Parquet cache, on the start that writes it, and on the starts that read it; against
issue 16's targets where it sets one; then the status computation by each engine (numpy, the app's;
pandas, the app's before; DuckDB; Polars) on the same files (bench/engines.py). The county scale
(24 M reports, 2.5 GB of CSV) takes about 10 minutes on 2 cores, most of it writing and checking the CSV.
CPU seconds and the load average are printed beside each wall time: on a shared machine they tell a
slow run from a busy machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import SCALES, write_dataset  # noqa: E402

STEP = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.compute.status import compute_status
t1, c1 = time.perf_counter(), time.process_time()
config, problems = load_config(Path({config!r}))
data = load_dataset(config, problems)
t2, c2 = time.perf_counter(), time.process_time()
table = compute_status(data)
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({{
    "reports": len(data.reports), "problems": len(data.problems), "rows": len(table),
    "import_s": t1 - t0, "load_validate_s": t2 - t1, "compute_s": t3 - t2, "load_compute_s": t3 - t1,
    "load_cpu_s": c2 - c1, "compute_cpu_s": c3 - c2, "load_avg": os.getloadavg()[0],
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}}))
"""


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _run_step(config: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", STEP.format(root=str(ROOT), config=str(config))], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


MODES = (
    ("no cache (CSV checked)", "none"),
    ("first start (CSV checked, cache written)", "first"),
    ("cached (Parquet read)", "warm"),
)
# Issue 16's targets for a cached start (load, check, every status): seconds and peak MB, per scale.
TARGETS = {"prefecture": (1.0, None), "county": (10.0, 4000.0)}
# The county set's CSV is checked once (the first start; "no cache" is the same work): minutes on 2 cores.
SKIP = {"county": {"none"}}


def target_line(name: str, best: dict[str, float]) -> str:
    """'target ...: met' or 'not met' for the cached start of scale ``name`` ('' without a target)."""
    if name not in TARGETS:
        return ""
    seconds, peak = TARGETS[name]
    met = best["load_compute_s"] < seconds and (peak is None or best["peak_mb"] < peak)
    wanted = f"< {seconds:g} s" + (f", < {peak / 1000:g} GB" if peak else "")
    return f"  target (issue 16) for the cached start: {wanted}: {'met' if met else 'NOT met'}"


def bench_scale(name: str, repeat: int, engines: bool = True, keep: Path | None = None) -> dict[str, dict[str, float]]:
    """Each mode side by side on the same files: pandas alone, the start that writes the Parquet cache,
    and the starts after it (see metrics/load/report_cache.py); then, on the same files, the status
    computation by each engine (bench/engines.py). ``keep``: a folder for the synthetic set, written once and
    reused by later runs (the county set takes minutes to write)."""
    scale = SCALES[name]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep / name if keep else Path(tmp) / name
        written = folder / "config.yaml"
        config = written if keep and written.exists() else write_dataset(scale, folder)
        plain = config.with_name("config-no-cache.yaml")
        plain.write_text(
            config.read_text(encoding="utf-8").replace("  load_demo: false\n", "  load_demo: false\n  cache: none\n"),
            encoding="utf-8",
        )
        cache = config.parent / ".cache"
        for label, mode in MODES:
            if mode in SKIP.get(name, ()):
                continue
            runs = []
            for _ in range(1 if mode == "first" and name in SKIP else repeat):
                if mode == "first":
                    shutil.rmtree(cache, ignore_errors=True)
                runs.append(_run_step(plain if mode == "none" else config))
            results[label] = min(runs, key=lambda r: r["load_compute_s"])
        first = next(iter(results.values()))
        print(
            f"{name:<11} {scale.units:,} {scale.unit} units x {scale.milestones} milestones x {scale.periods} periods = "
            f"{first['reports']:,} reports ({first['problems']} problems) in {_files(config)}, best of {repeat}",
            flush=True,
        )
        for label, best in results.items():
            print(
                f"  {label:<42} load + validate {best['load_validate_s']:5.2f} s   compute {best['compute_s']:5.2f} s   "
                f"total {best['load_compute_s']:5.2f} s   peak {best['peak_mb']:,.0f} MB   "
                f"(CPU {best['load_cpu_s']:.2f} + {best['compute_cpu_s']:.2f} s; load average {best['load_avg']:.1f})",
                flush=True,
            )
        line = target_line(name, results[MODES[-1][0]])
        if line:
            print(line, flush=True)
        if engines and name != "province":
            from bench.engines import compare

            print("  all statuses by engine, on the same files (dataset loaded first, not timed):", flush=True)
            compare(config, repeat, label="  ")
    return results


def _files(config: Path) -> str:
    files = sorted((config.parent / "progress").glob("*.csv"))
    size = sum(f.stat().st_size for f in files)
    return f"{len(files)} CSV file{'s' if len(files) > 1 else ''} ({size / 1e9:.2f} GB)"


PARTS = ("data", "pages", "decks", "browser", "charts", "store", "interactions", "frame", "load")
# Issue 16, item 4: 100 websocket viewers + 2 reporters, then a 10-minute soak. Think time: the 20-viewer test's
# 3 s would be 33 clicks a second from 100 viewers; 10 s (5-15 s per click) is 10 a second.
LOAD_ARGS = ["--sessions", "100", "--reporters", "2", "--think", "10", "--browse", "60", "--soak", "600"]


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark (or some) and print the figures for the README.")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts (repeatable)")
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all", help="data scales for the 'data' part")
    parser.add_argument("--repeat", type=int, default=3, help="runs per data scale (best is reported)")
    parser.add_argument("--keep", type=Path, help="write the synthetic sets here once and reuse them (data part)")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # a part run by the parent: no machine line
    args = parser.parse_args()
    parts = args.only or list(PARTS)
    if len(parts) > 1:
        # Each part in its own process, so none measures beside what an earlier one left running
        # (the deck part keeps kaleido's browser alive for the rest of its process).
        print(f"machine: {machine()}", flush=True)
        for part in parts:
            extra = ["--scale", args.scale, "--repeat", str(args.repeat)] if part == "data" else []
            extra += ["--keep", str(args.keep)] if part == "data" and args.keep else []
            code = subprocess.call([sys.executable, __file__, "--only", part, "--quiet", *extra])
            if code:
                return code
        return 0
    if not args.quiet:
        print(f"machine: {machine()}")
    if "data" in parts:
        for name in SCALES if args.scale == "all" else [args.scale]:
            bench_scale(name, args.repeat, keep=args.keep)
    if "pages" in parts:
        from bench import pages

        pages.main()
    if "decks" in parts:
        from bench import decks

        decks.main()
    if "browser" in parts:
        from bench import browser

        browser.main()
    if "charts" in parts:  # issue 16, item 1: plotly.js's own draw of each chart, and its second layout passes
        from bench import charts

        charts.main()
    if "store" in parts:  # issue 15: the reports from PostgreSQL beside the file store
        from bench import store

        store.main(args.repeat)
    if "interactions" in parts:
        from bench import interactions

        interactions.main()
    if "frame" in parts:
        from bench import frame

        frame.main()
    if "load" in parts:
        from bench import load

        code = load.main(LOAD_ARGS)
        if code:
            print("load: some targets NOT met (above)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
