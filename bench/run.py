"""Benchmarks: ``python bench/run.py`` runs them all and prints the figures (``--only data|pages|decks|browser|interactions|frame|load``).

Figures measured per scale: write the synthetic set (not counted), then load + validate, compute
all statuses, and the two together, each in a fresh subprocess so peak memory is that run's own;
without the Parquet cache, on the start that writes it, and on the starts that read it.
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
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
t0 = time.perf_counter()
from metrics.load.config import load_config
from metrics.load.dataset import load_dataset
from metrics.compute.status import compute_status
t1 = time.perf_counter()
config, problems = load_config(Path({config!r}))
data = load_dataset(config, problems)
t2 = time.perf_counter()
table = compute_status(data)
t3 = time.perf_counter()
print(json.dumps({{
    "reports": len(data.reports), "problems": len(data.problems), "rows": len(table),
    "import_s": t1 - t0, "load_validate_s": t2 - t1, "compute_s": t3 - t2, "load_compute_s": t3 - t1,
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


def bench_scale(name: str, repeat: int) -> dict[str, dict[str, float]]:
    """Each mode side by side on the same files: pandas alone, the start that writes the Parquet cache,
    and the starts after it (see metrics/load/report_cache.py)."""
    scale = SCALES[name]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        config = write_dataset(scale, Path(tmp) / name)
        plain = config.with_name("config-no-cache.yaml")
        plain.write_text(
            config.read_text(encoding="utf-8").replace("  load_demo: false\n", "  load_demo: false\n  cache: none\n"),
            encoding="utf-8",
        )
        cache = config.parent / ".cache"
        for label, mode in MODES:
            runs = []
            for _ in range(repeat):
                if mode == "first":
                    shutil.rmtree(cache, ignore_errors=True)
                runs.append(_run_step(plain if mode == "none" else config))
            results[label] = min(runs, key=lambda r: r["load_compute_s"])
    first = next(iter(results.values()))
    print(
        f"{name:<11} {scale.units} units x {scale.milestones} milestones x {scale.periods} periods = {first['reports']:,} reports "
        f"({first['problems']} problems), best of {repeat}"
    )
    for label, best in results.items():
        print(
            f"  {label:<42} load + validate {best['load_validate_s']:5.2f} s   compute {best['compute_s']:5.2f} s   "
            f"total {best['load_compute_s']:5.2f} s   peak {best['peak_mb']:,.0f} MB"
        )
    return results


PARTS = ("data", "pages", "decks", "browser", "interactions", "frame", "load")
# Issue 16, item 4: 100 websocket viewers + 2 reporters, then a 10-minute soak. Think time: the 20-viewer test's
# 3 s would be 33 clicks a second from 100 viewers; 10 s (5-15 s per click) is 10 a second.
LOAD_ARGS = ["--sessions", "100", "--reporters", "2", "--think", "10", "--browse", "60", "--soak", "600"]


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark (or some) and print the figures for the README.")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts (repeatable)")
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all", help="data scales for the 'data' part")
    parser.add_argument("--repeat", type=int, default=3, help="runs per data scale (best is reported)")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # a part run by the parent: no machine line
    args = parser.parse_args()
    parts = args.only or list(PARTS)
    if len(parts) > 1:
        # Each part in its own process, so none measures beside what an earlier one left running
        # (the deck part keeps kaleido's browser alive for the rest of its process).
        print(f"machine: {machine()}", flush=True)
        for part in parts:
            extra = ["--scale", args.scale, "--repeat", str(args.repeat)] if part == "data" else []
            code = subprocess.call([sys.executable, __file__, "--only", part, "--quiet", *extra])
            if code:
                return code
        return 0
    if not args.quiet:
        print(f"machine: {machine()}")
    if "data" in parts:
        for name in SCALES if args.scale == "all" else [args.scale]:
            bench_scale(name, args.repeat)
    if "pages" in parts:
        from bench import pages

        pages.main()
    if "decks" in parts:
        from bench import decks

        decks.main()
    if "browser" in parts:
        from bench import browser

        browser.main()
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
