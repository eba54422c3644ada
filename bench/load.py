"""Load benchmark (not a test): 20 sessions use the dashboard on loopback while a reporter's upload is
accepted through the Report progress page; every session must see the new figure on its next interaction,
with no errors. Prints the server's page-run times and the sessions' own times.

    python -m bench.load [--sessions 20] [--clients ws|browser] [--think 3] [--browse 60] [--timeout 900]

``--clients ws`` (default): each session is a websocket client speaking Streamlit's own protocol
(bench/ws_client.py): the server does all its work (session, script runs, every element and chart sent),
but nothing is drawn, so 20 sessions fit on 2 cores beside the server. ``--clients browser``: each session
is a headless chromium page (what failed at 20 sessions on 2 cores: 21 renderers starve the server).
The reporter is always one real chromium page: sign-in form, file upload, accept button.

Runs against a private copy of data/ in a temporary folder (never the repository's data), with test users
and a throwaway signing key; Debian's chromium only (never `playwright install`); stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ws_client import PageRun, Session  # noqa: E402
from tests.app.signin import PASSWORD, write_users  # noqa: E402
from tests.chromium import CHROMIUM, launch  # noqa: E402
from tests.streamlit_server import ServerFailed, streamlit_server  # noqa: E402
from tests.tmp_data import copy_data  # noqa: E402

SHARE = "teachers-double-qualified-share"
VALUE = 77.7  # the uploaded figure each session must then see in its chart
AS_OF = "2026-11-23"
# _fullData: plotly.js's decoded traces (gd.data may still hold numpy arrays as base64 "bdata").
FIND_VALUE = """v => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
    gd => (gd._fullData || []).some(t => Array.from(t.y || []).some(y => Math.abs(Number(y) - v) < 1e-9)))"""


THINK = 3.0  # seconds a viewer looks at a page before the next click (varied 0.5-1.5x per click)
BROWSE = ("Overview", "Province", "Milestone", "Compare")  # menu entries a websocket viewer clicks in turn
ADDRESS = f"lang=en&page=province&province=CN-GD&milestone={SHARE}&as_of={AS_OF}"  # the link each viewer opens


@dataclass
class Viewer:
    """One viewer session's outcome: its interactions, what went wrong, and whether it saw the upload."""

    n: int
    runs: list[tuple[str, float]] = field(default_factory=list)  # (page, client-observed seconds)
    problems: list[str] = field(default_factory=list)
    first_page: float | None = None  # opening the link: request -> page complete
    sees_upload: float | None = None  # the first interaction after the upload was accepted, if it showed the figure

    @property
    def passed(self) -> bool:
        return not self.problems and self.sees_upload is not None


async def _ws_viewer(url: str, n: int, ready: asyncio.Queue[int], uploaded: asyncio.Event, think: float) -> Viewer:
    """A websocket session: open the province link, click through the menu until the upload is accepted,
    then click Province once more; that run must plot the uploaded figure."""
    viewer = Viewer(n)
    rng = random.Random(n)

    def note(run: PageRun) -> PageRun:
        viewer.runs.append((run.page, run.seconds))
        viewer.problems.extend(f"{run.page or '?'}: {problem}" for problem in run.problems)
        if run.finished < 0:  # what is still coming would be read as the next run's: this session stops here
            raise TimeoutError(f"no script_finished within the run timeout ({run.page or '?'})")
        return run

    try:
        await asyncio.sleep(n * 0.25)  # arrivals spread over a few seconds, not one thundering herd
        async with Session(url) as session:
            first = note(await session.run(ADDRESS))
            viewer.first_page = first.seconds
            if first.shows(VALUE):
                viewer.problems.append(f"the figure {VALUE} was plotted before the upload: the check would prove nothing")
            ready.put_nowait(n)
            clicks = n
            while True:  # keep using the dashboard while the upload goes on
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                if uploaded.is_set():
                    break
                note(await session.run(page=BROWSE[clicks % len(BROWSE)]))
                clicks += 1
            after = note(await session.run(page="Province"))  # the next interaction after the upload
            if after.shows(VALUE):
                viewer.sees_upload = after.seconds
            else:
                viewer.problems.append(f"Province after the upload: the figure {VALUE} is not in its charts")
    except Exception as exc:  # noqa: BLE001 -- a dropped connection or a stuck run fails this viewer, not the benchmark
        viewer.problems.append(f"{type(exc).__name__}: {exc}"[:200])
    return viewer


async def _browser_viewer(
    browser,
    url: str,
    n: int,
    ready: asyncio.Queue[int],
    uploaded: asyncio.Event,  # type: ignore[no-untyped-def]
    think: float,
) -> Viewer:
    """A chromium page: open the province page, click Milestone/Province until the upload is accepted,
    then click Province once and find the figure in the drawn chart."""
    viewer = Viewer(n)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 2 cores share the server and 21 browser contexts
    page.on("pageerror", lambda exc: viewer.problems.append(f"page error {exc}"))
    try:
        await asyncio.sleep(n * 0.5)  # arrivals spread over a few seconds, not one thundering herd
        start = time.perf_counter()
        await page.goto(f"{url}/?{ADDRESS}")
        await page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=400_000)
        viewer.first_page = time.perf_counter() - start
        ready.put_nowait(n)
        nav = page.locator("[data-testid=stSidebarNav]")
        while not uploaded.is_set():  # keep using the dashboard while the upload goes on
            for name in ("Milestone", "Province"):
                start = time.perf_counter()
                await nav.get_by_text(name, exact=True).click()
                await page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
                viewer.runs.append((name, time.perf_counter() - start))
                await asyncio.sleep(think)
                if uploaded.is_set():
                    break
        start = time.perf_counter()
        await nav.get_by_text("Province", exact=True).click()  # the next interaction after the upload
        await page.wait_for_function(FIND_VALUE, arg=VALUE, timeout=60_000)
        viewer.sees_upload = time.perf_counter() - start
        if await page.locator("[data-testid=stException]").count():
            viewer.problems.append("an exception is shown")
    except Exception as exc:  # noqa: BLE001 -- reported with the rest, the other viewers still finish
        viewer.problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()
    return viewer


async def _reporter(browser, url: str, folder: Path, uploaded: asyncio.Event, errors: list[str]) -> float:  # type: ignore[no-untyped-def]
    """A CN-GD reporter signs in through the form and has a CSV accepted on the Report progress page."""
    csv = folder / "gd-november.csv"
    csv.write_text(f"province,milestone,as_of,value,source\nCN-GD,{SHARE},2026-10-31,{VALUE},Load test bulletin\n")
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 2 cores share the server and 21 browser contexts
    page.on("pageerror", lambda exc: errors.append(f"reporter: page error {exc}"))
    try:
        await page.goto(f"{url}/?lang=en&as_of={AS_OF}")
        sidebar = page.locator("[data-testid=stSidebar]")
        await sidebar.get_by_text("Sign in", exact=True).first.click()
        await sidebar.get_by_label("User name").fill("reporter")
        await sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
        await sidebar.get_by_role("button", name="Sign in").click()
        await page.get_by_text("Signed in as reporter").wait_for()
        await page.locator("[data-testid=stSidebarNav]").get_by_text("Report progress").click()
        await page.locator("input[type=file]").set_input_files(str(csv))
        start = time.perf_counter()
        await page.get_by_role("button", name="Accept 1 row(s)").click()
        await page.get_by_text("Accepted 1 row(s), stored as").wait_for()
        took = time.perf_counter() - start
    finally:
        uploaded.set()
        await context.close()
    return took


async def _run(
    url: str, folder: Path, sessions: int, clients: str, think: float, browse: float
) -> tuple[list[Viewer], float, list[str]]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    uploaded = asyncio.Event()
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            ready: asyncio.Queue[int] = asyncio.Queue()
            if clients == "ws":
                tasks = [asyncio.create_task(_ws_viewer(url, n, ready, uploaded, think)) for n in range(sessions)]
            else:
                tasks = [asyncio.create_task(_browser_viewer(browser, url, n, ready, uploaded, think)) for n in range(sessions)]
            # The reporter starts once every viewer has its first page (or after 400 s) and they have clicked
            # around for ``browse`` seconds, so the upload meets a steady load, not the arrivals.
            deadline = time.monotonic() + 400
            for _ in range(sessions):
                try:
                    await asyncio.wait_for(ready.get(), max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
            await asyncio.sleep(browse)
            try:
                accept = await _reporter(browser, url, folder, uploaded, errors)
            except Exception as exc:  # noqa: BLE001 -- reported with the rest, the viewers still finish
                errors.append(f"reporter: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                accept = float("nan")
            viewers = list(await asyncio.gather(*tasks))
        finally:
            await browser.close()
    return viewers, accept, errors


def _summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"n={len(values)} median {statistics.median(values):.2f} s, p90 {p90:.2f} s, max {max(values):.2f} s"


def _server_runs(timings: Path) -> dict[str, list[float]]:
    """The dashboard's own page-run times (app_pages/timing.py): page -> seconds per run."""
    runs: dict[str, list[float]] = {}
    for line in timings.read_text().splitlines() if timings.exists() else []:
        page, seconds = line.split("\t")
        runs.setdefault(page, []).append(float(seconds))
    return runs


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (Linux /proc), or NaN when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _report(
    viewers: list[Viewer],
    sessions: int,
    clients: str,
    think: float,
    browse: float,
    wall: float,
    accept: float,
    audit: int,
    runs: dict[str, list[float]],
    errors: list[str],
    cpu: dict[str, float],
) -> None:
    kind = "websocket" if clients == "ws" else "chromium"
    print(
        f"load test: {sessions} {kind} viewer sessions + 1 chromium reporter on 127.0.0.1, think time {think:g} s, "
        f"reporter after {browse:g} s of browsing, "
        f"{wall:.1f} s wall; {os.cpu_count()} cores, load average {cpu['load_before']:.1f} before, {cpu['load_after']:.1f} after"
    )
    print(
        f"CPU: server process {cpu['server']:.0f} s ({cpu['server'] / wall:.2f} cores on average), "
        f"harness (viewers' protocol work) {cpu['harness']:.0f} s, reporter's chromium and others not counted"
    )
    print(f"upload accepted in {accept:.2f} s (click to confirmation); audit events for it: {audit}")
    print(
        f"viewers: first page (the province link, new session): {_summary([v.first_page for v in viewers if v.first_page is not None])}"
    )
    print(f"viewers: every click (request -> page complete): {_summary([s for v in viewers for _, s in v.runs])}")
    pages = sorted({page for v in viewers for page, _ in v.runs})
    for page in pages:
        print(f"  {page:16s} {_summary([s for v in viewers for p, s in v.runs if p == page])}")
    seen = [v.sees_upload for v in viewers if v.sees_upload is not None]
    print(
        f"viewers: new figure shown on their next interaction after the upload: {_summary(seen)} ({len(seen)}/{sessions} saw it)"
    )
    for v in viewers:
        upload = f"upload seen in {v.sees_upload:.2f} s" if v.sees_upload is not None else "upload NOT seen"
        print(
            f"  viewer {v.n:02d}: {'pass' if v.passed else 'FAIL'}, {len(v.runs)} page runs, {len(v.problems)} errors, {upload}"
        )
        for problem in v.problems[:5]:
            print(f"      {problem}")
    print("server page-run times (script start to end, per run, all sessions and the reporter):")
    for page, values in sorted(runs.items()):
        print(f"  {page:16s} {_summary(values)}")
    print(f"all runs: {_summary([v for values in runs.values() for v in values])}")
    print("errors: " + ("none" if not errors else "\n  " + "\n  ".join(errors)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, choices=range(1, 51), metavar="1..50")
    parser.add_argument(
        "--clients",
        choices=("ws", "browser"),
        default="ws",
        help="viewer sessions as websocket clients (default) or chromium pages",
    )
    parser.add_argument("--think", type=float, default=THINK, help=f"seconds between a viewer's clicks (default {THINK:g})")
    parser.add_argument(
        "--browse",
        type=float,
        default=60,
        help="seconds the viewers click around after their first page before the reporter starts (default 60)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds before the whole run gives up (default 900)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is needed (the reporter is a browser): apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="vet-load-") as tmp:
        folder = Path(tmp)
        copy_data(folder)
        write_users(folder)
        timings = folder / "timings.tsv"
        load_before = os.getloadavg()[0]
        env = {
            "VET_DASHBOARD_CONFIG": str(folder / "config.yaml"),
            "VET_DASHBOARD_TIMINGS": str(timings),
            "VET_DASHBOARD_COOKIE_KEY": secrets.token_urlsafe(48),
        }
        server_cpu = float("nan")
        try:
            # As deployed, without a file watcher (.streamlit/config.toml, read from the repository root).
            with streamlit_server(ROOT / "dashboard.py", env, log=folder / "server.log") as (url, process):
                started = time.perf_counter()
                try:
                    viewers, accept, errors = asyncio.run(
                        asyncio.wait_for(_run(url, folder, args.sessions, args.clients, args.think, args.browse), args.timeout)
                    )
                finally:
                    server_cpu = _cpu_seconds(process.pid)
        except ServerFailed as exc:
            raise SystemExit(str(exc)) from exc
        wall = time.perf_counter() - started
        log = folder / "data/audit/audit.jsonl"
        audit = log.read_text().count('"action":"upload"') if log.exists() else 0
        own = resource.getrusage(resource.RUSAGE_SELF)
        cpu = {
            "server": server_cpu,
            "harness": own.ru_utime + own.ru_stime,
            "load_before": load_before,
            "load_after": os.getloadavg()[0],
        }
        _report(
            viewers, args.sessions, args.clients, args.think, args.browse, wall, accept, audit, _server_runs(timings), errors, cpu
        )
        failed = [v for v in viewers if not v.passed]
        return 1 if errors or failed or audit != 1 else 0


if __name__ == "__main__":
    raise SystemExit(main())
