"""Debian's chromium, as every browser test and benchmark starts it (never a browser Playwright downloads).

Without the background-networking flags chromium keeps trying hosts this machine cannot reach.
"""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Any) -> Any:
    """A headless chromium browser from a started ``sync_playwright()`` (or async) instance."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
