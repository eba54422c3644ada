"""A reporting office uploads a filled template through the Report progress page in Debian's chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.signin import PASSWORD
from tests.browser.conftest import dashboard_server, data_with_users, signed_in_env
from tests.browser.test_signin_browser import sign_in
from tests.chromium import launch
from tests.tmp_data import ROOT, fingerprint

pytestmark = pytest.mark.browser
UPLOADS = ROOT / "tests/data/uploads"
SHOTS = Path(os.environ.get("VET_SHOTS", "/tmp/shots4"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard on a free port against a private copy of the data."""
    folder, config = data_with_users(tmp_path_factory, "served")  # issue 6: uploading needs a signed-in reporter
    with dashboard_server(signed_in_env(config)) as url:
        yield url, folder


def test_upload_a_filled_template_through_the_page(server: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, folder = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    bad = tmp_path / "text-in-number.xlsx"
    shutil.copy(UPLOADS / "text-in-number.xlsx", bad)
    good = tmp_path / "广东进展.xlsx"
    shutil.copy(UPLOADS / "valid-template.xlsx", good)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?lang=en", wait_until="networkidle")
        sign_in(page, "reporter", PASSWORD)  # a reporter for CN-GD, through the sidebar form
        page.locator("[data-testid=stSidebarNav]").get_by_text("Report progress").click()
        expect(page.get_by_role("heading", name="Report progress").first).to_be_visible(timeout=30_000)
        chooser = page.get_by_label("Reporting for")
        chooser.click()
        page.keyboard.type("CN-GD")  # the list is long and virtualised: type to filter it
        page.get_by_role("option", name="(CN-GD)").first.click()
        expect(page.get_by_role("option")).to_have_count(0)  # the list closed: the choice is made

        before = fingerprint(folder / "data")
        page.locator("input[type=file]").set_input_files(str(bad))
        expect(page.get_by_text("Nothing can be accepted; nothing on disk has changed.")).to_be_visible(timeout=30_000)
        expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1000)  # the grid paints its cells on the canvas after it appears
        page.screenshot(path=str(SHOTS / "upload-bad.png"), full_page=True)
        assert fingerprint(folder / "data") == before

        page.locator("input[type=file]").set_input_files(str(good))
        accept = page.get_by_role("button", name="Accept 2 row(s)")
        expect(accept).to_be_visible(timeout=30_000)
        page.screenshot(path=str(SHOTS / "upload-preview.png"), full_page=True)
        accept.click()
        expect(page.get_by_text("Accepted 2 row(s), stored as")).to_be_visible(timeout=30_000)
        page.screenshot(path=str(SHOTS / "upload-accepted.png"), full_page=True)
        browser.close()
    stored = sorted((folder / "data/progress").glob("*.csv"))
    assert len(stored) == 1 and "_CN-GD_" in stored[0].name
    assert (folder / "data/progress" / (stored[0].stem + ".meta.json")).exists()


def test_the_upload_box_speaks_chinese(server: tuple[str, Path]) -> None:
    """Streamlit's own drop-zone hint ("200MB per file") is hidden, its button says 选择文件, our limit is shown."""
    from playwright.sync_api import expect, sync_playwright

    url, _ = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{url}/?lang=en", wait_until="networkidle")
        sign_in(page, "reporter", PASSWORD)
        expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
        page.locator("[data-testid=stSidebarNav]").get_by_text("Report progress").click()
        expect(page.get_by_role("heading", name="Report progress").first).to_be_visible(timeout=30_000)
        page.locator("[data-testid=stSidebar]").get_by_text("中文", exact=True).click()  # the language switch
        expect(page.get_by_role("heading", name="填报进展").first).to_be_visible(timeout=30_000)
        zone = page.locator("[data-testid=stFileUploaderDropzone]")
        expect(zone).to_be_visible(timeout=30_000)
        expect(page.locator("[data-testid=stFileUploaderDropzoneInstructions]")).to_be_hidden()
        label = zone.locator("button").evaluate("b => getComputedStyle(b, '::after').content")
        assert label == '"选择文件"'
        expect(zone.get_by_text("Upload", exact=True)).to_be_hidden()  # Streamlit's own English label
        expect(page.get_by_text("每个文件不超过 20 MB")).to_be_visible()
        zone.screenshot(path=str(SHOTS / "upload-box-zh.png"))
        # With a file chosen, only the chip and a "+" are left: neither the chip's remove button nor the "+" may carry
        # the label (it ran out of the chip, and "选择 文件" wrapped beside the "+", seen in the screenshot sweep).
        row = "province,milestone,as_of,value,source\nCN-GD,teachers-double-qualified-share,2026-06-30,58.2,Bulletin\n"
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            files=[{"name": "gd.csv", "mimeType": "text/csv", "buffer": row.encode()}]
        )
        expect(zone.locator("[data-testid=stFileChip]")).to_be_visible(timeout=30_000)
        labels = zone.locator("button").evaluate_all("bs => bs.map(b => getComputedStyle(b, '::after').content)")
        assert labels and all(label in ("none", "normal") for label in labels), labels
        zone.screenshot(path=str(SHOTS / "upload-box-zh-chosen.png"))
        # A file over the limit is refused by the browser itself: Streamlit says so in English, we in the reader's.
        zone.locator("[data-testid=stFileChipDeleteBtn] button").click()
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"a" * (21 * 2**20)}]
        )
        chip = zone.locator("[data-testid=stFileChip]")
        expect(chip).to_contain_text("此文件超过 20 MB，未上传", timeout=30_000)
        expect(chip).not_to_contain_text("File must be")
        chip.hover()
        expect(page.get_by_text("此文件超过 20 MB，未上传；请拆分文件或减少行数。").first).to_be_visible()
        expect(page.get_by_text("File must be", exact=False)).to_have_count(0)
        browser.close()
