"""Opening the sidebar's sign-in panel as a person would, for the browser tests and benchmarks.

The panel (app_pages/access.py) draws its form only while open, and opens by itself when a link names a page that
needs a sign-in. A click on it then would close it: so the page is first let finish its run, and the panel is
clicked only when it is closed.
"""

from __future__ import annotations

from typing import Any

SUMMARY = "[data-testid=stSidebar] [data-testid=stExpander] summary"
READY = (
    "(label) => !document.querySelector('[data-testid=stStatusWidget]')"
    f" && [...document.querySelectorAll('{SUMMARY}')].some(s => s.textContent.includes(label))"
)
CLOSED = "(summary) => !summary.parentElement.open"


def open_sign_in_panel(page: Any, label: str = "Sign in") -> None:
    """Open the panel labelled ``label`` unless it is open (Playwright's sync API)."""
    page.wait_for_function(READY, arg=label)
    summary = page.locator(SUMMARY).filter(has_text=label).first
    if summary.evaluate(CLOSED):
        summary.click()


async def open_sign_in_panel_async(page: Any, label: str = "Sign in") -> None:
    """The same with Playwright's async API."""
    await page.wait_for_function(READY, arg=label)
    summary = page.locator(SUMMARY).filter(has_text=label).first
    if await summary.evaluate(CLOSED):
        await summary.click()
