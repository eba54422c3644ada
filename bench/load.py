"""Load benchmark (not a test): viewer sessions use the dashboard on loopback while reporters' uploads are
accepted through the Report progress page; every session must see each accepted upload on its next
interaction, with no errors. Prints the server's page-run times, the sessions' own times, and with
``--soak`` the server's memory over a longer run.

    python -m bench.load [--sessions 20] [--reporters 1] [--clients ws|browser] [--think 3] [--browse 60]
                         [--soak 0] [--timeout 900] [--replicas 0]

Issue 16, item 4 (bench/run.py --only load): ``--sessions 100 --reporters 2 --soak 600``: 100 websocket
viewers and 2 reporters on these 2 cores, with 0 errors, clicks p90 < 1.5 s and every viewer seeing every
accepted upload on its next interaction; the soak goes on for 10 minutes (the reporters upload again half
way) and the server's memory must grow less than 10 % over it.

``--clients ws`` (default): each session is a websocket client speaking Streamlit's own protocol
(bench/ws_client.py): the server does all its work (session, script runs, every element and chart sent),
but nothing is drawn, so many sessions fit on 2 cores beside the server. ``--clients browser``: each session
is a headless chromium page (what failed at 20 sessions on 2 cores: 21 renderers starve the server).
A reporter is always one real chromium page: sign-in form, file upload, accept button.

With ``--replicas N`` (issue 15) the sessions go through nginx to N replicas on one PostgreSQL (bench/replicas.py,
scripts/load-replicas.sh): each websocket viewer lands on a replica by nginx's hash, and every viewer must
still see each upload accepted on whichever replica its reporter used.

Runs against a private copy of data/ in a temporary folder (never the repository's data), with test users
and a throwaway signing key, through serve.py (the deployed entry point, with its upload guard); Debian's
chromium only (never `playwright install`); stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ws_client import PageRun, Session  # noqa: E402
from tests.app.signin import PASSWORD, write_users  # noqa: E402
from tests.chromium import CHROMIUM, launch  # noqa: E402
from tests.sign_in_panel import open_sign_in_panel_async  # noqa: E402
from tests.streamlit_server import ServerFailed, streamlit_server  # noqa: E402
from tests.tmp_data import copy_data  # noqa: E402

SHARE = "teachers-double-qualified-share"
AS_OF = "2026-11-23"
# _fullData: plotly.js's decoded traces (gd.data may still hold numpy arrays as base64 "bdata").
FIND_VALUE = """v => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
    gd => (gd._fullData || []).some(t => Array.from(t.y || []).some(y => Math.abs(Number(y) - v) < 1e-9)))"""

THINK = 3.0  # seconds a viewer looks at a page before the next click (varied 0.5-1.5x per click)
BROWSE = ("Overview", "Province", "Milestone", "Compare")  # menu entries a websocket viewer clicks in turn
ADDRESS = f"lang=en&page=province&province=CN-GD&milestone={SHARE}&as_of={AS_OF}"  # the link each viewer opens
CHECK_PAGE = "Milestone"  # after an upload: the milestone's page, whose charts plot every province's reports
# Reporters: user name, province, and per upload round the report's date and the figure every viewer must then see.
REPORTERS = (
    ("reporter", "CN-GD", (("2026-10-31", 77.7), ("2026-11-15", 79.1))),
    ("reporter2", "CN-JS", (("2026-10-31", 62.9), ("2026-11-15", 64.3))),
    ("reporter3", "CN-ZJ", (("2026-10-31", 58.1), ("2026-11-15", 59.3))),
    ("reporter4", "CN-SC", (("2026-10-31", 41.7), ("2026-11-15", 43.9))),
)
VALUE = REPORTERS[0][2][0][1]  # the first upload's figure (browser viewers check this one)
TARGETS = {"click p90 (s)": 1.5, "memory growth over the soak (%)": 10.0}


@dataclass
class Upload:
    """One report a reporter uploads, and when the upload was accepted (the reporter saw the confirmation)."""

    reporter: str
    province: str
    as_of: str
    value: float
    round: int
    accepted_at: float | None = None  # time.monotonic() of the confirmation
    took: float = float("nan")  # click on Accept -> confirmation, seconds


@dataclass
class Plan:
    """What the viewers share: the uploads (filled in as they are accepted) and when to stop."""

    uploads: list[Upload]
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def accepted(self) -> list[int]:
        return [i for i, u in enumerate(self.uploads) if u.accepted_at is not None]


@dataclass
class Viewer:
    """One viewer session's outcome: its interactions, what went wrong, and which uploads it saw."""

    n: int
    runs: list[tuple[str, float]] = field(default_factory=list)  # (page, client-observed seconds)
    problems: list[str] = field(default_factory=list)
    first_page: float | None = None  # opening the link: request -> page complete
    seen: dict[int, float] = field(default_factory=dict)  # upload -> the run after its acceptance that showed it
    expected: int = 0  # uploads accepted before this viewer's last interaction (each must be in ``seen``)

    @property
    def sees_upload(self) -> float | None:
        return max(self.seen.values()) if self.seen else None

    @property
    def passed(self) -> bool:
        return not self.problems and len(self.seen) >= self.expected > 0


async def _ws_viewer(url: str, n: int, ready: asyncio.Queue[int], plan: Plan, think: float) -> Viewer:
    """A websocket session: open the province link, then click through the menu; after each accepted upload
    (confirmed before the click is sent), the next click goes to the milestone's page, which must plot it.
    Stops when the plan is done and every accepted upload has been checked."""
    viewer = Viewer(n)
    rng = random.Random(n)
    values = [u.value for u in plan.uploads]

    def note(run: PageRun) -> PageRun:
        viewer.runs.append((run.page, run.seconds))
        viewer.problems.extend(f"{run.page or '?'}: {problem}" for problem in run.problems)
        if run.finished < 0:  # what is still coming would be read as the next run's: this session stops here
            raise TimeoutError(f"no script_finished within the run timeout ({run.page or '?'})")
        return run

    try:
        await asyncio.sleep(n * 0.25)  # arrivals spread over the first seconds, not one thundering herd
        async with Session(url) as session:
            first = note(await session.run(ADDRESS))
            viewer.first_page = first.seconds
            if any(first.shows(v) for v in values):
                viewer.problems.append("an upload's figure was plotted before the upload: the check would prove nothing")
            ready.put_nowait(n)
            clicks = n
            while True:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                pending = [i for i in plan.accepted() if i not in viewer.seen]
                if not pending and plan.done.is_set():
                    break
                if pending:  # the next interaction after an accepted upload
                    run = note(await session.run(page=CHECK_PAGE))
                    for i in pending:
                        if run.shows(values[i]):
                            viewer.seen[i] = run.seconds
                        else:
                            viewer.problems.append(
                                f"{CHECK_PAGE} after upload {i + 1}: the figure {values[i]} is not in its charts"
                            )
                            viewer.seen[i] = float("nan")
                    continue
                note(await session.run(page=BROWSE[clicks % len(BROWSE)]))
                clicks += 1
    except Exception as exc:  # noqa: BLE001 -- a dropped connection or a stuck run fails this viewer, not the benchmark
        viewer.problems.append(f"{type(exc).__name__}: {exc}"[:200])
    viewer.expected = len(plan.accepted())
    viewer.seen = {i: s for i, s in viewer.seen.items() if s == s}  # a miss (NaN) is a problem, not a sighting
    return viewer


async def _browser_viewer(browser, url: str, n: int, ready: asyncio.Queue[int], plan: Plan, think: float) -> Viewer:  # type: ignore[no-untyped-def]
    """A chromium page: open the province page, click Milestone/Province until the first upload is accepted,
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
        while not plan.accepted():  # keep using the dashboard while the upload goes on
            for name in ("Milestone", "Province"):
                start = time.perf_counter()
                await nav.get_by_text(name, exact=True).click()
                await page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
                viewer.runs.append((name, time.perf_counter() - start))
                await asyncio.sleep(think)
                if plan.accepted():
                    break
        start = time.perf_counter()
        await nav.get_by_text("Province", exact=True).click()  # the next interaction after the upload
        await page.wait_for_function(FIND_VALUE, arg=VALUE, timeout=60_000)
        viewer.seen[0] = time.perf_counter() - start
        viewer.expected = 1
        if await page.locator("[data-testid=stException]").count():
            viewer.problems.append("an exception is shown")
    except Exception as exc:  # noqa: BLE001 -- reported with the rest, the other viewers still finish
        viewer.problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()
    return viewer


async def _reporter(browser, url: str, folder: Path, upload: Upload, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A reporter signs in through the form and has a one-row CSV accepted on the Report progress page."""
    csv = folder / f"{upload.reporter}-{upload.round}.csv"
    csv.write_text(
        f"province,milestone,as_of,value,source\n{upload.province},{SHARE},{upload.as_of},{upload.value},Load test bulletin\n"
    )
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 2 cores share the server, the viewers and the browsers
    page.on("pageerror", lambda exc: errors.append(f"{upload.reporter}: page error {exc}"))
    try:
        await page.goto(f"{url}/?lang=en&as_of={AS_OF}&province={upload.province}")  # the upload page opens on it
        sidebar = page.locator("[data-testid=stSidebar]")
        await open_sign_in_panel_async(page)
        await sidebar.get_by_label("User name").fill(upload.reporter)
        await sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
        await sidebar.get_by_role("button", name="Sign in").click()
        await page.get_by_text(f"Signed in as {upload.reporter}").wait_for()
        await page.locator("[data-testid=stSidebarNav]").get_by_text("Report progress").click()
        await page.locator("input[type=file]").set_input_files(str(csv))
        start = time.perf_counter()
        await page.get_by_role("button", name="Accept 1 row(s)").click()
        await page.get_by_text("Accepted 1 row(s), stored as").wait_for()
        upload.took = time.perf_counter() - start
        upload.accepted_at = time.monotonic()
    except Exception as exc:  # noqa: BLE001 -- reported with the rest, the viewers still finish
        errors.append(f"{upload.reporter}, round {upload.round}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


def _rss_mb(pid: int) -> float:
    """Resident memory of a running process (Linux /proc), in MB, or NaN."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


@dataclass
class Memory:
    """The server's resident memory, sampled every few seconds: (seconds since start, MB)."""

    samples: list[tuple[float, float]] = field(default_factory=list)
    soak: tuple[float, float] | None = None  # the soak window (seconds since start)

    def at(self, moment: float) -> float:
        """The first sample at or after ``moment`` (the last one if none)."""
        return next((mb for t, mb in self.samples if t >= moment), self.samples[-1][1] if self.samples else float("nan"))

    def growth(self) -> float:
        """Per cent more memory at the soak's end than at its start."""
        if not self.soak:
            return float("nan")
        start, end = self.at(self.soak[0]), self.at(self.soak[1])
        return (end - start) / start * 100


async def _sample_memory(pids: list[int], memory: Memory, started: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        memory.samples.append((time.monotonic() - started, sum(_rss_mb(pid) for pid in pids)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 5)


async def _run(
    url: str, folder: Path, pids: list[int], sessions: int, reporters: int, clients: str, think: float, browse: float, soak: float
) -> tuple[list[Viewer], Plan, list[str], Memory]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    rounds = 2 if soak else 1
    plan = Plan(
        [
            Upload(name, province, day, value, r + 1)
            for r in range(rounds)
            for name, province, dates in REPORTERS[:reporters]
            for day, value in dates[r : r + 1]
        ]
    )
    memory, sampling, started = Memory(), asyncio.Event(), time.monotonic()
    sampler = asyncio.create_task(_sample_memory(pids, memory, started, sampling))
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            ready: asyncio.Queue[int] = asyncio.Queue()
            if clients == "ws":
                tasks = [asyncio.create_task(_ws_viewer(url, n, ready, plan, think)) for n in range(sessions)]
            else:
                tasks = [asyncio.create_task(_browser_viewer(browser, url, n, ready, plan, think)) for n in range(sessions)]
            # The reporters start once every viewer has its first page (or after 400 s) and they have clicked
            # around for ``browse`` seconds, so the uploads meet a steady load, not the arrivals.
            deadline = time.monotonic() + 400
            for _ in range(sessions):
                try:
                    await asyncio.wait_for(ready.get(), max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
            await asyncio.sleep(browse)
            first = [u for u in plan.uploads if u.round == 1]
            await asyncio.gather(*(_reporter(browser, url, folder, u, errors) for u in first))
            if soak:  # from the first uploads on: the reporters upload again half way, the viewers go on
                soak_start = time.monotonic()
                memory.soak = (soak_start - started, soak_start - started + soak)
                await asyncio.sleep(soak / 2)
                await asyncio.gather(*(_reporter(browser, url, folder, u, errors) for u in plan.uploads if u.round == 2))
                await asyncio.sleep(max(0.0, soak_start + soak - time.monotonic()))
            plan.done.set()
            viewers = list(await asyncio.gather(*tasks))
        finally:
            await browser.close()
            sampling.set()
            await sampler
    return viewers, plan, errors, memory


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] if ordered else float("nan")


def _summary(values: list[float]) -> str:
    if not values:
        return "none"
    return f"n={len(values)} median {statistics.median(values):.2f} s, p90 {_p90(values):.2f} s, max {max(values):.2f} s"


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
    plan: Plan,
    args: argparse.Namespace,
    wall: float,
    audit: int,
    runs: dict[str, list[float]],
    errors: list[str],
    cpu: dict[str, float],
    memory: Memory,
) -> dict[str, bool]:
    """Print the figures; returns each target with whether it was met."""
    kind = "websocket" if args.clients == "ws" else "chromium"
    print(
        f"load test: {args.sessions} {kind} viewer sessions + {args.reporters} chromium reporter(s) on 127.0.0.1, think time "
        f"{args.think:g} s (0.5-1.5x), uploads after {args.browse:g} s of browsing"
        + (f", then a {args.soak:g} s soak (the reporters upload again half way)" if args.soak else "")
        + f"; {wall:.1f} s wall; {os.cpu_count()} cores, "
        + f"load average {cpu['load_before']:.1f} before, {cpu['load_after']:.1f} after"
    )
    print(
        f"CPU: server process {cpu['server']:.0f} s ({cpu['server'] / wall:.2f} cores on average), "
        f"harness (viewers' protocol work) {cpu['harness']:.0f} s, reporters' chromium and others not counted"
    )
    for i, u in enumerate(plan.uploads):
        state = f"accepted in {u.took:.2f} s (click to confirmation)" if u.accepted_at is not None else "NOT accepted"
        print(f"upload {i + 1}: {u.reporter} ({u.province}, {u.as_of}, {u.value}): {state}")
    print(f"audit events for the uploads: {audit}")
    clicks = [s for v in viewers for _, s in v.runs]
    firsts = [v.first_page for v in viewers if v.first_page is not None]
    print(f"viewers: first page (the province link, new session): {_summary(firsts)}")
    print(f"viewers: every click (request -> page complete): {_summary(clicks)}")
    for page in sorted({page for v in viewers for page, _ in v.runs}):
        print(f"  {page:16s} {_summary([s for v in viewers for p, s in v.runs if p == page])}")
    saw_all = [v for v in viewers if v.expected and len(v.seen) >= v.expected]
    seen = [s for v in viewers for s in v.seen.values()]
    print(
        f"viewers: each accepted upload shown on their next interaction after it: {_summary(seen)} "
        f"({len(saw_all)}/{len(viewers)} viewers saw every one)"
    )
    for v in viewers:
        if not v.passed or len(viewers) <= 20:
            upload = f"saw {len(v.seen)}/{v.expected} uploads" + (f", last in {v.sees_upload:.2f} s" if v.seen else "")
            verdict = "pass" if v.passed else "FAIL"
            print(f"  viewer {v.n:02d}: {verdict}, {len(v.runs)} page runs, {len(v.problems)} errors, {upload}")
            for problem in v.problems[:5]:
                print(f"      {problem}")
    passed = sum(v.passed for v in viewers)
    print(f"viewers passing: {passed}/{len(viewers)}" + ("" if len(viewers) <= 20 else " (only failing viewers are listed)"))
    print("server page-run times (script start to end, per run, all sessions and the reporters):")
    for page, values in sorted(runs.items()):
        print(f"  {page:16s} {_summary(values)}")
    print(f"all runs: {_summary([v for values in runs.values() for v in values])}")
    if memory.samples:
        series = ", ".join(f"{t:.0f} s {mb:.0f}" for t, mb in memory.samples[:: max(1, len(memory.samples) // 12)])
        print(f"server memory (RSS, MB) over the run: {series}; peak {max(mb for _, mb in memory.samples):.0f}")
    if memory.soak:
        start, end = memory.soak
        print(
            f"soak: {memory.at(start):.0f} MB at its start ({start:.0f} s), {memory.at(end):.0f} MB at its end ({end:.0f} s): "
            f"{memory.growth():+.1f} % (target < {TARGETS['memory growth over the soak (%)']:g} %)"
        )
    problems = sum(len(v.problems) for v in viewers) + len(errors)
    print("errors: " + ("none" if not errors else "\n  " + "\n  ".join(errors)))
    met = {
        "0 errors": problems == 0,
        f"click p90 < {TARGETS['click p90 (s)']:g} s": _p90(clicks) < TARGETS["click p90 (s)"],
        "every viewer saw every accepted upload on its next interaction": len(saw_all) == len(viewers)
        and all(u.accepted_at is not None for u in plan.uploads),
    }
    if args.soak:
        met[f"memory grows < {TARGETS['memory growth over the soak (%)']:g} % over the soak"] = (
            memory.growth() < TARGETS["memory growth over the soak (%)"]
        )
    print(
        f"targets: {problems} errors; click p90 {_p90(clicks):.2f} s; "
        + "; ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in met.items())
    )
    return met


def _write_reporters(folder: Path, reporters: int) -> None:
    """The test users (tests/app/signin.py) and one reporter per province in REPORTERS."""
    from metrics.access.auth import User, save_users

    users = write_users(folder)
    hashed = users["reporter"].password_hash
    for name, province, _ in REPORTERS[:reporters]:
        users[name] = User(name, frozenset({"reporter"}), frozenset({province}), password_hash=hashed)
    save_users(folder / ".secrets" / "users.yaml", users)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, choices=range(1, 201), metavar="1..200")
    parser.add_argument("--reporters", type=int, default=1, choices=range(1, len(REPORTERS) + 1), metavar=f"1..{len(REPORTERS)}")
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
        help="seconds the viewers click around after their first page before the uploads (default 60)",
    )
    parser.add_argument(
        "--soak",
        type=float,
        default=0,
        help="seconds the viewers go on after the first uploads, the server's memory watched (default 0)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds before the whole run gives up (default 900)")
    parser.add_argument("--replicas", type=int, default=0, help="replicas behind nginx on one PostgreSQL (default 0: one server)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is needed (the reporters use a browser): apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="vet-load-") as tmp:
        folder = Path(tmp)
        copy_data(folder)
        _write_reporters(folder, args.reporters)
        timings = folder / "timings.tsv"
        load_before = os.getloadavg()[0]
        env = {
            "VET_DASHBOARD_CONFIG": str(folder / "config.yaml"),
            "VET_DASHBOARD_TIMINGS": str(timings),
            "VET_DASHBOARD_COOKIE_KEY": secrets.token_urlsafe(48),
        }
        server_cpu = float("nan")
        audit = 0
        try:
            with ExitStack() as stack:
                if args.replicas:
                    from bench.replicas import replica_stack

                    replicas = stack.enter_context(replica_stack(folder, args.replicas, env=env))
                    url, pids = replicas.url, replicas.pids
                else:  # as deployed (scripts/start.sh): serve.py, without a file watcher (.streamlit/config.toml)
                    url, process = stack.enter_context(streamlit_server(ROOT / "serve.py", env, log=folder / "server.log"))
                    pids = [process.pid]
                started = time.perf_counter()
                try:
                    viewers, plan, errors, memory = asyncio.run(
                        asyncio.wait_for(
                            _run(
                                url, folder, pids, args.sessions, args.reporters, args.clients, args.think, args.browse, args.soak
                            ),
                            args.timeout + args.soak,
                        )
                    )
                finally:
                    server_cpu = sum(_cpu_seconds(pid) for pid in pids)
                if args.replicas:
                    audit = _store_uploads(replicas.store)
        except ServerFailed as exc:
            raise SystemExit(str(exc)) from exc
        wall = time.perf_counter() - started
        log = folder / "data/audit/audit.jsonl"
        if not args.replicas:
            audit = log.read_text().count('"action":"upload"') if log.exists() else 0
        own = resource.getrusage(resource.RUSAGE_SELF)
        cpu = {
            "server": server_cpu,
            "harness": own.ru_utime + own.ru_stime,
            "load_before": load_before,
            "load_after": os.getloadavg()[0],
        }
        if args.replicas:
            spread = [sum(len(v) for v in _server_runs(Path(f"{timings}.{n}")).values()) for n in range(args.replicas)]
            print(
                f"stack: nginx -> {args.replicas} replicas (serve.py) on one PostgreSQL store; {args.reporters} reporter(s); "
                f"page runs per replica: {', '.join(str(n) for n in spread)}"
            )
            merged = "".join(Path(f"{timings}.{n}").read_text() for n in range(args.replicas) if Path(f"{timings}.{n}").exists())
            timings.write_text(merged)
        met = _report(viewers, plan, args, wall, audit, _server_runs(timings), errors, cpu, memory)
        if audit != len(plan.uploads):
            print(f"audit: {audit} upload events for {len(plan.uploads)} uploads")
        return 0 if all(met.values()) and audit == len(plan.uploads) else 1


def _store_uploads(url: str) -> int:
    """Upload events in a PostgreSQL store's audit log."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute('SELECT count(*) FROM audit_events WHERE body LIKE \'%"action":"upload"%\'').fetchone()
    return int(row[0]) if row else 0


if __name__ == "__main__":
    raise SystemExit(main())
