"""Server-side page-run times for bench/load.py: with VET_DASHBOARD_TIMINGS set to a file, each run of the
dashboard appends ``page<TAB>seconds`` to it (one write with O_APPEND, so concurrent sessions never mix lines).
Without the variable this does nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

TIMINGS_ENV = "VET_DASHBOARD_TIMINGS"


@contextmanager
def timed_run(page: str, started: float) -> Iterator[None]:
    """Times the rest of the run from ``started`` (a perf_counter reading), even when the page stops or reruns."""
    target = os.environ.get(TIMINGS_ENV)
    try:
        yield
    finally:
        if target:
            line = f"{page}\t{time.perf_counter() - started:.4f}\n".encode()
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
