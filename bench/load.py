"""Load benchmark (not a test): 20 browser sessions use the dashboard on loopback while a reporter's upload
is accepted through the Report progress page; every session must see the new figure on its next
interaction, with no errors. Prints the server's page-run times and the sessions' own times.

    python -m bench.load [--sessions 20] [--timeout 300]

Runs against a private copy of data/ in a temporary folder (never the repository's data), with test users
and a throwaway signing key; Debian's chromium only (never `playwright install`); stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app.signin import PASSWORD, write_users  # noqa: E402
from tests.tmp_data import copy_data  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHARE = "teachers-double-qualified-share"
VALUE = 77.7  # the uploaded figure each session must then see in its chart
AS_OF = "2026-11-23"
# _fullData: plotly.js's decoded traces (gd.data may still hold numpy arrays as base64 "bdata").
FIND_VALUE = """v => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
    gd => (gd._fullData || []).some(t => Array.from(t.y || []).some(y => Math.abs(Number(y) - v) < 1e-9)))"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(folder: Path, timings: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "VET_DASHBOARD_CONFIG": str(folder / "config.yaml"), "VET_DASHBOARD_TIMINGS": str(timings),
           "VET_DASHBOARD_COOKIE_KEY": secrets.token_urlsafe(48), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "wb"),  # noqa: SIM115
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the dashboard server did not start")


THINK = 3.0  # seconds a viewer looks at a page before the next click


async def _viewer(browser, url: str, n: int, ready: asyncio.Queue, uploaded: asyncio.Event,  # type: ignore[no-untyped-def]
                  errors: list[str]) -> dict[str, float]:
    """Open the province page, look around until the upload is accepted, then interact once and find the figure."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 2 cores share the server and 21 browser contexts
    page.on("pageerror", lambda exc: errors.append(f"session {n}: page error {exc}"))
    times: dict[str, float] = {}
    try:
        await asyncio.sleep(n * 0.5)  # arrivals spread over a few seconds, not one thundering herd
        start = time.perf_counter()
        await page.goto(f"{url}/?lang=en&page=province&province=CN-GD&milestone={SHARE}&as_of={AS_OF}")
        await page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=400_000)
        times["first_chart"] = time.perf_counter() - start
        ready.put_nowait(n)
        nav = page.locator("[data-testid=stSidebarNav]")
        while not uploaded.is_set():  # keep using the dashboard while the upload goes on
            for name in ("Milestone", "Province"):
                await nav.get_by_text(name, exact=True).click()
                await page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
                await asyncio.sleep(THINK)
                if uploaded.is_set():
                    break
        start = time.perf_counter()
        await nav.get_by_text("Province", exact=True).click()  # the next interaction after the upload
        await page.wait_for_function(FIND_VALUE, arg=VALUE, timeout=60_000)
        times["sees_upload"] = time.perf_counter() - start
        if await page.locator("[data-testid=stException]").count():
            errors.append(f"session {n}: an exception is shown")
    finally:
        await context.close()
    return times


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


async def _run(url: str, folder: Path, sessions: int) -> tuple[list[dict[str, float]], float, list[str]]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    uploaded = asyncio.Event()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ready: asyncio.Queue[int] = asyncio.Queue()
            viewers = [asyncio.create_task(_viewer(browser, url, n, ready, uploaded, errors)) for n in range(sessions)]
            # The upload starts once every viewer has its first chart (or after 400 s), while they keep clicking.
            deadline = time.monotonic() + 400
            for _ in range(sessions):
                try:
                    await asyncio.wait_for(ready.get(), max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
            try:
                accept = await _reporter(browser, url, folder, uploaded, errors)
            except Exception as exc:  # noqa: BLE001 -- reported with the rest, the viewers still finish
                errors.append(f"reporter: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                accept = float("nan")
            results = await asyncio.gather(*viewers, return_exceptions=True)
        finally:
            await browser.close()
    out = []
    for n, result in enumerate(results):
        if isinstance(result, BaseException):
            errors.append(f"session {n}: {type(result).__name__}: {str(result).splitlines()[0][:200]}")
        else:
            out.append(result)
    return out, accept, errors


def _summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"n={len(values)} median {statistics.median(values):.2f} s, p90 {p90:.2f} s, max {max(values):.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, choices=range(1, 51), metavar="1..50")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before the whole run gives up (default 900)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="vet-load-") as tmp:
        folder = Path(tmp)
        copy_data(folder)
        write_users(folder)
        timings = folder / "timings.tsv"
        process, url = _start_server(folder, timings)
        started = time.perf_counter()
        try:
            viewers, accept, errors = asyncio.run(asyncio.wait_for(_run(url, folder, args.sessions), args.timeout))
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        wall = time.perf_counter() - started
        runs: dict[str, list[float]] = {}
        for line in timings.read_text().splitlines() if timings.exists() else []:
            page, seconds = line.split("\t")
            runs.setdefault(page, []).append(float(seconds))
        log = folder / "data/audit/audit.jsonl"
        audit = log.read_text().count('"action":"upload"') if log.exists() else 0
        print(f"load test: {args.sessions} viewer sessions + 1 reporter on 127.0.0.1, {wall:.1f} s wall")
        print(f"upload accepted in {accept:.2f} s (click to confirmation); audit events for it: {audit}")
        print(f"viewers: first chart drawn: {_summary([v['first_chart'] for v in viewers])}")
        print(f"viewers: new figure visible after their next click: {_summary([v['sees_upload'] for v in viewers])} "
              f"({len(viewers)}/{args.sessions} saw it)")
        print("server page-run times (script start to end, per run):")
        for page, values in sorted(runs.items()):
            print(f"  {page:16s} {_summary(values)}")
        print(f"all runs: {_summary([v for values in runs.values() for v in values])}")
        print("errors: " + ("none" if not errors else "\n  " + "\n  ".join(errors)))
        return 1 if errors or len(viewers) != args.sessions else 0


if __name__ == "__main__":
    raise SystemExit(main())
