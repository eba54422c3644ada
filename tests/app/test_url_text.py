"""Item 6 of issue 12: text from the address bar is shown as plain text, never as Markdown or HTML.

Streamlit's alert boxes render their body as GitHub-flavoured Markdown (links, images, autolinked
URLs, ``:red[...]`` directives, HTML-like tags shown as text only because allow_html is off). A
value from ``?milestone=`` must reach the page with every Markdown-active character escaped.
"""

from __future__ import annotations

import re

import pytest

from metrics.domain.plain_text import ACTIVE, plain
from tests.app.conftest import run_app

HOSTILE = [
    "[x](http://evil)",
    "![i](http://evil/i.png)",
    "<b>bold</b>",
    "http://evil.example/a",
    "www.evil.example",
    "someone@evil.example",
    ":red[alarm] :material/warning:",
    "**big** `code` $x$ ~~gone~~",
]


def _unescaped(body: str) -> list[str]:
    """Markdown-active characters not preceded by a backslash (what a renderer would act on)."""
    # An escape pair (backslash + any character) is consumed whole; a lone active character is a finding.
    return [m.group(1) for m in re.finditer(r"\\.|([" + re.escape(ACTIVE) + "])", body, re.DOTALL) if m.group(1)]


# Every value against the parameters of the report (milestone, family); one hostile value for the rest.
CASES = [(key, value) for key in ("milestone", "family") for value in HOSTILE] + [
    (key, HOSTILE[1]) for key in ("province", "provinces", "region", "page", "as_of", "lang", "color")
]


@pytest.mark.parametrize(("key", "value"), CASES)
def test_a_url_parameter_is_shown_as_plain_text_in_the_warning(key: str, value: str) -> None:
    at = run_app(**{key: value})
    warnings = [str(w.value) for w in at.warning]
    shown = [w for w in warnings if "链接参数无效" in w or "Invalid link parameter" in w]
    assert shown, warnings
    for body in shown:
        value_shown = re.search("“(.*)”", body)  # our templates quote the value; the rest is our own text
        assert value_shown and not _unescaped(value_shown.group(1)), body


@pytest.mark.parametrize("value", HOSTILE)
def test_plain_escapes_every_markdown_active_character(value: str) -> None:
    escaped = plain(value)
    assert not _unescaped(escaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == value  # unescaping gives back exactly the text


def test_plain_keeps_chinese_and_letters_and_flattens_line_breaks() -> None:
    assert plain("广东省 Guangdong") == "广东省 Guangdong"
    assert "\n" not in plain("a\n\n# b")
