"""HTML and <script> in data (milestone title, quote, province name, report note and source) show as text on
every page, in chart hover labels and in exports: no element renders them as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, run_app

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
SHARE = "teachers-double-qualified-share"
PAGES = [
    "overview",
    "matrix",
    "province",
    "milestone",
    "compare",
    "quality",
    "sources",
    "coverage",
    "report_progress",
    "report_history",
    "edit_milestones",
    "audit",
]


@pytest.fixture
def hostile(data_copy: Path, signed_in) -> dict[str, str]:
    """The data copy with markup in a milestone title and quote, a province name, and a report's note and source."""
    path = data_copy / "data/milestones/teachers.yaml"
    text = path.read_text()
    before = text
    text = text.replace(
        'title: {en: "Double-qualified share of specialty-course teachers", zh: “双师型”教师占专业课教师比例}',
        f"title: {{en: '{SCRIPT} share \"quoted\"', zh: '{SCRIPT} 占比'}}",
        1,
    )
    text = text.replace(
        'en: "Reform of the teacher workforce', f'en: "{IMG.replace(chr(34), chr(39))} Reform of the teacher workforce', 1
    )
    assert text.count(SCRIPT) == 2 and IMG.replace(chr(34), chr(39)) in text and text != before  # the markup went in
    path.write_text(text)
    provinces = data_copy / "data/provinces.csv"
    provinces.write_text(
        provinces.read_text().replace("CN-GD,广东省,Guangdong", f"CN-GD,广东省{SCRIPT},Guangdong {IMG.replace(chr(34), '')}", 1)
    )
    (data_copy / "data/progress/hostile.csv").write_text(
        "province,milestone,as_of,value,reported_at,source,flag,note\n"
        f'CN-GD,{SHARE},2026-06-30,58.2,2026-07-01,"{IMG.replace(chr(34), chr(34) * 2)}",,{SCRIPT}\n'
    )
    return signed_in("admin")


UNESCAPED = re.compile(r"(?<!\\)<(script|img)")  # md() writes \\<script\\>, which markdown shows as text


def _strings(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every string in a figure's JSON with its path (customdata and ids are never rendered as labels)."""
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in _strings(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value, where)]
    return []


def _unsafe(at: AppTest) -> list[str]:
    """Problems: markup that would render as HTML."""
    found = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success"):
        for el in at.get(kind):
            body = str(el.value)
            allow = getattr(el.proto, "allow_html", False) or getattr(getattr(el.proto, "markdown", None), "allow_html", False)
            if allow and ("script" in body or "onerror" in body):
                found.append(f"{kind} with unsafe_allow_html shows data: {body[:80]}")
            # Markdown renders raw HTML tags as text only when escaped; an unescaped tag is a finding.
            if UNESCAPED.search(body):
                found.append(f"{kind} holds an unescaped tag: {body[:120]}")
    for el in at.get("html"):
        if "script" in str(el.proto) or "onerror" in str(el.proto):
            found.append("st.html shows data")
    for el in at.get("plotly_chart"):
        for where, text in _strings(json.loads(el.proto.spec)):
            if ("<script" in text or "<img" in text) and not where.endswith(("customdata", "ids")):
                found.append(f"figure {where} holds an unescaped tag (plotly renders a subset of HTML in labels): {text[:80]}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_markup_in_data_is_shown_as_text_on_every_page(page: str, hostile: dict[str, str]) -> None:
    at = run_app(hostile, page=page, lang="en", province="CN-GD", milestone=SHARE, provinces="CN-GD,CN-JS")
    assert not at.exception, at.exception
    if page == "report_progress":
        raw = (
            "province,milestone,as_of,value,source,note\n"
            f'CN-GD,{SHARE},2026-09-30,59,"{IMG.replace(chr(34), chr(34) * 2)}",{SCRIPT}\n'
        )
        at.file_uploader[0].set_value((f"{SCRIPT}.csv", raw.encode(), "text/csv")).run()
        assert not at.exception, at.exception
    assert _unsafe(at) == []
    shown = "\n".join(str(el.value) for kind in ("markdown", "title", "caption", "subheader") for el in at.get(kind))
    if page == "milestone":
        assert "\\<script\\>alert(1)\\</script\\>" in shown  # escaped, so the reader sees the characters


def test_the_markup_reached_the_pages_so_the_checks_can_fail(hostile: dict[str, str]) -> None:
    at = run_app(hostile, page="milestone", lang="en", milestone=SHARE)
    texts = [text for el in at.get("plotly_chart") for _, text in _strings(json.loads(el.proto.spec))]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in texts)  # labels carry it, HTML-escaped
    assert any("Guangdong &lt;img src=x onerror=alert(2)&gt;" in text for text in texts)
    assert any("\\<script\\>alert(1)\\</script\\>" in str(el.value) for el in at.get("title"))


def test_history_export_keeps_markup_as_plain_text(hostile: dict[str, str]) -> None:
    import os

    from metrics.files.excel_safe import excel_safe_frame
    from metrics.intake.receipts import load_receipts, report_history
    from metrics.load.config import load_config
    from metrics.load.dataset import load_dataset

    config, _ = load_config(Path(os.environ["VET_DASHBOARD_CONFIG"]))
    data = load_dataset(config)
    history = report_history(data.reports, load_receipts(config.progress), "CN-GD", SHARE)
    csv = excel_safe_frame(history).to_csv(index=False)
    assert SCRIPT in csv and "onerror" in csv  # a CSV is text: nothing in it renders, and nothing was lost


def test_no_page_uses_unsafe_allow_html_or_javascript() -> None:
    offenders = []
    for path in [ROOT / "dashboard.py", *(ROOT / "app_pages").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for needle in ("unsafe_allow_html=True", "unsafe_allow_javascript=True", "components.html(", "st.html("):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    # Reviewed uses, each with why it is safe:
    reviewed = {
        "present.py: unsafe_allow_html=True": "the module constant CSS that hides the sidebar; no data text in it",
        "dashboard.py: st.html(": "a constant style rule trimming the space above every page; no data text in it",
        "edit_milestones.py: st.html(": "a constant style rule giving the YAML editor a monospace font; no data text in it",
        "upload_box.py: st.html(": "style rules hiding Streamlit's English upload hint; the button's label is a catalogue "
        "string with every character that could end a CSS string or a tag removed; no data text in it",
    }
    assert [o for o in offenders if o not in reviewed] == [], (
        "each use must escape data; review it and list it here with its reason"
    )
