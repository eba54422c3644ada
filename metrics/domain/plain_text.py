"""Untrusted text (from the address bar) made inert for Streamlit's Markdown elements (issue 12, item 6).

``st.warning``, ``st.error``, ``st.caption`` and ``st.markdown`` render their body as GitHub-flavoured
Markdown: links, images, autolinked ``http://``/``www.``/e-mail text, ``:red[...]`` directives and
``:material/...:`` icons. CommonMark lets any ASCII punctuation character be escaped with a backslash
and then shows it literally, so escaping *every* one of them (not a hand-picked list) leaves no
construct a renderer could act on; letters, digits and Chinese text are left as they are. Line
breaks are flattened so a value cannot start a heading, list or code block of its own.
"""

from __future__ import annotations

import re
import string

ACTIVE = string.punctuation  # every ASCII punctuation character: CommonMark's escapable set
_ESCAPE = re.compile("([" + re.escape(ACTIVE) + "])")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")  # line breaks and other control characters


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows exactly these characters, on one line."""
    return _ESCAPE.sub(r"\\\1", _BREAKS.sub(" ", str(text)))
