"""The file uploader in the reader's language. Not a page.

Streamlit's drop zone speaks English ("Upload", "20MB per file • CSV", and its own refusal of a larger file,
"File must be 20.0MB or smaller."): its hint is hidden, its button relabelled, its refusal rewritten, and the
limit is said in the reader's language below it (issue 13, item 4).
"""

from __future__ import annotations

import math

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from metrics.domain.i18n import format_number, t

UPLOAD_BUTTON = '[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]'

# Runs in the app's own page (components v2 use no iframe): the browser's refusal of a file over the limit is shown
# in the file chip's tooltip and its screen-reader alert, drawn when they appear; each is rewritten as it is drawn.
_too_large_text = st.components.v2.component(
    "vet_upload_too_large",
    js=r"""
export default function ({ data }) {
  window.__vetTooLarge = data && data.text;
  if (window.__vetTooLargeObserver) return;
  const refusal = /^(Error: )?File must be .* or smaller\.$/;
  const fix = (node) => {
    const text = window.__vetTooLarge;
    if (!text || !node) return;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const found = [];
    if (node.nodeType === Node.TEXT_NODE) found.push(node);
    while (walker.nextNode()) found.push(walker.currentNode);
    for (const leaf of found) {
      if (!refusal.test(leaf.nodeValue.trim())) continue;
      leaf.nodeValue = text;
      const before = leaf.previousSibling;  // the alert's "Error: " is a text node of its own
      if (before && before.nodeType === Node.TEXT_NODE && before.nodeValue.trim() === "Error:") before.nodeValue = "";
    }
  };
  window.__vetTooLargeObserver = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") fix(change.target);
      for (const added of change.addedNodes) fix(added);
    }
  });
  window.__vetTooLargeObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
  fix(document.body);
}
""",
)


def upload_box(label: str, key: str, limit_bytes: int, lang: str) -> UploadedFile | None:
    """One file up to ``limit_bytes``, chosen in a drop zone that speaks ``lang``."""
    # The browser refuses a larger file before sending it; the server's own limit (.streamlit/config.toml) and
    # read_upload() refuse it again. Streamlit counts megabytes of 2**20 bytes.
    limit_mb = math.ceil(limit_bytes / 2**20)
    size = t("report.megabytes", lang, n=format_number(limit_mb, lang))
    button_label = "".join(c for c in t("report.upload_button", lang) if c not in '"\\<>{};')  # a catalogue string, kept inert
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}'
        # Only the empty drop zone's button: with a file chosen, the chip's remove button and the "+" took the label too.
        f'{UPLOAD_BUTTON} [data-testid="stMarkdownContainer"] {{display: none;}}'
        f'{UPLOAD_BUTTON}::after {{content: "{button_label}"; margin-left: 0.5rem;}}'
        "</style>"
    )
    upload = st.file_uploader(label, key=key, max_upload_size=limit_mb)
    _too_large_text(data={"text": t("report.upload_too_large", lang, size=size)}, key=key + "_too_large", height=0)
    st.caption(t("report.upload_limit", lang, size=size))
    return upload
