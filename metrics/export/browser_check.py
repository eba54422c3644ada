"""Whether the browser kaleido draws images with can draw them: it runs, and it answers in time.

A browser that is there but broken made exports wait for ever (issue 13, item 9): kaleido's sync server waits
on its queue with no deadline, whether the browser hangs or dies at start. So before kaleido starts, the browser
is asked for its version (``--version``, a quarter of a second for Debian's chromium; a hung or failing browser is
told apart within :data:`PROBE_TIMEOUT`); and every drawing runs under a deadline (:func:`run_with_deadline`,
``VET_IMAGE_TIMEOUT`` seconds, default :data:`DEFAULT_DRAW_TIMEOUT`), failing at once when kaleido's browser
thread has died. Both give a message in the reader's language saying which browser and what to do.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from metrics.domain.i18n import t

PROBE_TIMEOUT = 10.0  # seconds for `<browser> --version`
DEFAULT_DRAW_TIMEOUT = 60.0  # seconds for one image, the browser's start included (usually ~3.5 s, then ~0.3 s)
TIMEOUT_ENV = "VET_IMAGE_TIMEOUT"
VERSION = re.compile(r"\d+\.\d+")
T = TypeVar("T")


class BrowserBroken(RuntimeError):
    """The browser is there but cannot draw: it does not run, hangs, or dies. ``why`` is a string id, ``fields``
    its parameters, so the message can be written in either language."""

    def __init__(self, path: str, why: str, **fields: object) -> None:
        self.path, self.why, self.fields = path, why, fields
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return t("export.browser_broken", lang, path=self.path, why=t(self.why, lang, **self.fields))


def draw_timeout() -> float:
    """Seconds one image may take: ``VET_IMAGE_TIMEOUT`` when it is a positive number, else the default."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_DRAW_TIMEOUT
    return value if value > 0 else DEFAULT_DRAW_TIMEOUT


_probed: dict[tuple[str, int, int], BrowserBroken | None] = {}
_probe_lock = threading.Lock()


def probe(path: str, timeout: float | None = None) -> BrowserBroken | None:
    """None when ``path --version`` prints a version within ``timeout`` (default: :data:`PROBE_TIMEOUT`, or
    ``VET_IMAGE_TIMEOUT`` when shorter), else what is wrong. Asked once per browser file (path, modification time
    and size), so a page can show it on every run for nothing."""
    timeout = timeout if timeout is not None else min(PROBE_TIMEOUT, draw_timeout())
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, 0, -1)
    with _probe_lock:
        if key in _probed:
            return _probed[key]
        _probed[key] = found = _ask_version(path, timeout)
        return found


def _ask_version(path: str, timeout: float) -> BrowserBroken | None:
    try:
        process = subprocess.Popen(
            [path, "--version"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a hung browser's children are stopped with it
        )
    except OSError as exc:  # not an executable file after all (a bad #! line, a directory)
        return BrowserBroken(path, "export.browser_why_exit", code=exc.errno or "?", detail=f": {exc.strerror}")
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return BrowserBroken(path, "export.browser_why_hung", seconds=f"{timeout:g}")
    if process.returncode != 0:
        last = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()][-1:]
        detail = f": {last[0].strip()[:120]}" if last else ""
        return BrowserBroken(path, "export.browser_why_exit", code=process.returncode, detail=detail)
    if not VERSION.search(out.decode("utf-8", "replace")):
        return BrowserBroken(path, "export.browser_why_silent")
    return None


def run_with_deadline(
    work: Callable[[], T], path: str, timeout: float, alive: Callable[[], bool] = lambda: True, started: float | None = None
) -> T:
    """``work()`` in a worker thread; its result, or :class:`BrowserBroken` once ``timeout`` seconds have passed
    or ``alive()`` says the browser's thread has died. The worker is left behind (a daemon thread): a hung
    browser cannot be interrupted from here, so the caller stops using it."""
    result: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed to the caller, who raises it  # noqa: BLE001
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="vet-image", daemon=True).start()
    deadline = (started if started is not None else time.monotonic()) + timeout
    while not done.wait(0.1):
        if not alive():
            done.wait(0.5)  # an exception on its way out of kaleido says more than "stopped"
            if done.is_set():
                break
            raise BrowserBroken(path, "export.browser_why_died")
        if time.monotonic() > deadline:
            raise BrowserBroken(path, "export.browser_why_hung", seconds=f"{timeout:g}")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]  # type: ignore[return-value]


def stop_browser_children(path: str) -> list[int]:
    """Stop this process's child processes running the browser at ``path`` (kaleido starts it through a small
    wrapper, so any child whose command line names the browser), with their process group when the child leads
    a group of its own (the browser's helpers are in it); nothing else, never this process's own group. Linux
    only (/proc); elsewhere nothing is stopped. Returns the ids of the children signalled."""
    if not path:
        return []
    wanted = {path, os.path.realpath(path)}
    own_group = os.getpgrp()
    stopped = []
    for children in _children_files():
        try:
            ids = [int(pid) for pid in children.read_text().split()]
        except (OSError, ValueError):
            continue
        for pid in ids:
            try:
                args = {a.decode("utf-8", "replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")}
                group = os.getpgid(pid)
            except (OSError, ProcessLookupError):
                continue
            if not args & wanted:
                continue
            with contextlib.suppress(ProcessLookupError):
                if group == pid and group != own_group:
                    os.killpg(group, signal.SIGKILL)
                else:
                    os.kill(pid, signal.SIGKILL)
                stopped.append(pid)
    return stopped


def _children_files() -> list[Path]:
    tasks = Path("/proc/self/task")
    return sorted(tasks.glob("*/children")) if tasks.is_dir() else []
