"""Data text shown through st.markdown/st.title is escaped so the data cannot add links, HTML or LaTeX."""

from __future__ import annotations

import pytest

from app_pages.common import md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("**bold** _it_ $x^2$", "\\*\\*bold\\*\\* \\_it\\_ \\$x^2\\$"),
        ("# heading", "\\# heading"),
        ("1. first", "1\\. first"),
        ("- item", "\\- item"),
        ("“双师型”教师 (III.6) double-qualified", "“双师型”教师 (III.6) double-qualified"),
    ],
)
def test_md_escapes_markup_and_leaves_plain_text(text: str, expected: str) -> None:
    assert md(text) == expected
