"""A Streamlit script served on a free loopback port, for the browser tests and the benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ServerFailed(RuntimeError):
    """The server exited or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    script: Path,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    log: Path | None = None,
    start_timeout: float = 60,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run script` on 127.0.0.1; yields its base address and process, and stops its process
    group at the end. ``env`` adds to the environment, which never inherits VET_DASHBOARD_CONFIG (without
    one in ``env``, the bundled data); ``args`` are more `streamlit run` options; ``log`` takes stderr."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "VET_DASHBOARD_CONFIG"}
    full_env.update({"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})})
    with ExitStack() as stack:
        stderr = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                *args,
            ],
            cwd=ROOT,
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if not wait_healthy(base, process, start_timeout):
                raise ServerFailed(f"the server for {script.name} did not start")
            yield base, process
        finally:
            stop(process)


def wait_healthy(base: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether Streamlit's health route at ``base`` answered 200 within ``seconds`` while ``process`` (the
    server, or a proxy in front of it) kept running."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            return False
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole process group (Streamlit may start children), SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already gone
