"""Keyboard behaviour Streamlit's widgets lack, added by small scripts on the app's document. Not a page.

components v2 run in the app's own page (no iframe), so a listener on ``document`` sees every key.
"""

from __future__ import annotations

import streamlit as st

# Streamlit's date field (react-aria segments) applies a typed date only on a press outside it: Enter (and
# Tab, and focus leaving) did nothing, so a typed as-of date looked ignored (issue 13, item 10). Enter now
# leaves the field and presses the page, which applies the date exactly as clicking elsewhere does.
_enter_applies_dates = st.components.v2.component(
    "vet_enter_applies_dates",
    js="""
export default function () {
  if (window.__vetEnterAppliesDates) return;
  window.__vetEnterAppliesDates = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const field = event.target && event.target.closest && event.target.closest('[data-testid="stDateInputField"]');
    if (!field) return;
    event.preventDefault();
    event.target.blur();
    // The field commits on a press outside it (focus leaving alone does not, nor Tab): make one on the page.
    const body = document.body;
    for (const [Kind, type] of [[PointerEvent, "pointerdown"], [MouseEvent, "mousedown"], [PointerEvent, "pointerup"],
                                [MouseEvent, "mouseup"], [MouseEvent, "click"]]) {
      body.dispatchEvent(new Kind(type, { bubbles: true, cancelable: true }));
    }
  }, true);
}
""",
)


def enter_applies_dates() -> None:
    """Install (once per browser page) the listener that makes Enter apply a typed date."""
    _enter_applies_dates(key="vet_enter_applies_dates", height=0)
