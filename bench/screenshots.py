"""The screenshot sweep of issue 13: the overview, province, milestone and reporting pages in both languages at
1366×768 and 1920×1080, in Debian's chromium, against a running dashboard.

    python bench/screenshots.py --base http://localhost:8791 --out /work/shots \
        [--user reporter --password "..."]   # a reporter of CN-GD, for the Report progress page

Each view gives two PNGs: ``<name>-fold.png`` (what the screen shows on arrival) and ``<name>-full.png`` (the
whole page). Looking at them is the point; nothing is checked here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chromium import launch  # noqa: E402
from tests.sign_in_panel import open_sign_in_panel  # noqa: E402

SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}
PAGES = {
    "overview": "?page=overview",
    "province": "?page=province&province=CN-GD",
    "milestone": "?page=milestone",
    "report": "?page=report_progress",
    "history": "?page=report_history",
    "matrix": "?page=matrix",
}
SIGNED = ("report", "history")  # pages shown to the signed-in reporter
# A reporter's upload with one good row and one mistake, for the preview (nothing is stored: it is not confirmed).
UPLOAD = (
    "province,milestone,as_of,value,source\n"
    "CN-GD,teachers-double-qualified-share,2026-10-31,58.2,Provincial bulletin\n"
    "CN-GD,teachers-double-qualified-share,2026-10-31,about sixty,Provincial bulletin\n"
)
DRAWN = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid^="stSkeleton"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  const charts = document.querySelectorAll('.stPlotlyChart');
  for (const c of charts) if (!c.querySelector('.js-plotly-plot .main-svg')) return false;
  return true;
}"""


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(DRAWN, timeout=120_000, polling=200)
    page.wait_for_timeout(1500)  # data grids paint their canvas after they appear


def full_shot(page, path: str, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """The whole page: Streamlit scrolls its main block, not the document, so the window is made as tall as it."""
    tall = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": max(height, int(tall) + 40)})
    page.wait_for_timeout(800)
    settle(page)
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": height})


def sign_in(page, name: str, password: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    sidebar = page.locator("[data-testid=stSidebar]")
    user_label, pass_label, button = ("User name", "Password", "Sign in") if lang == "en" else ("用户名", "密码", "登录")
    open_sign_in_panel(page, button)
    sidebar.get_by_label(user_label).fill(name)
    sidebar.get_by_label(pass_label, exact=True).fill(password)
    sidebar.get_by_role("button", name=button).click()
    sidebar.get_by_text("Signed in as" if lang == "en" else "已登录").wait_for()
    page.wait_for_timeout(2000)  # the sign-in cookie is written by the next run's component
    settle(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://localhost:8791")
    parser.add_argument("--out", type=Path, default=Path("/work/shots"))
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--sizes", default="1366,1920", help="comma-separated screen widths: 1366, 1920")
    parser.add_argument("--langs", default="zh,en")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    only = [p for p in args.only.split(",") if p] or list(PAGES)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        for size, (width, height) in SIZES.items():
            if size not in args.sizes.split(","):
                continue
            for lang in args.langs.split(","):
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                page = context.new_page()
                page.set_default_timeout(60_000)
                signed = False
                for name in only:
                    if name in SIGNED and not args.user:
                        continue
                    page.goto(f"{args.base}/{PAGES[name]}&lang={lang}", wait_until="networkidle")
                    settle(page)
                    if name in SIGNED and not signed:
                        page.screenshot(path=str(args.out / f"{name}-{lang}-{size}-refused.png"))
                        sign_in(page, args.user, args.password, lang)
                        page.screenshot(path=str(args.out / f"{name}-{lang}-{size}-signed-in.png"))
                        signed = True
                        page.goto(f"{args.base}/{PAGES[name]}&lang={lang}", wait_until="networkidle")
                        settle(page)
                    page.mouse.move(0, 0)
                    stem = args.out / f"{name}-{lang}-{size}"
                    page.screenshot(path=f"{stem}-fold.png")
                    full_shot(page, f"{stem}-full.png", width, height)
                    print(stem)
                    if name == "report":
                        dropzone = page.locator("[data-testid=stFileUploaderDropzoneInput]")
                        if not dropzone.count():
                            page.screenshot(path=f"{stem}-no-uploader.png")
                            print(f"{stem}: no uploader on the page, no preview")
                            continue
                        dropzone.set_input_files(
                            files=[{"name": "gd-report.csv", "mimeType": "text/csv", "buffer": UPLOAD.encode()}]
                        )
                        page.wait_for_timeout(2500)
                        settle(page)
                        full_shot(page, f"{stem}-preview.png", width, height)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
