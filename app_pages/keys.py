"""Keyboard behaviour Streamlit's widgets lack, added by small scripts on the app's document. Not a page.

components v2 run in the app's own page (no iframe), so a listener on ``document`` sees every key.
"""

from __future__ import annotations

import streamlit as st

# Streamlit's date field (react-aria segments; 1.67) opens its calendar on focus and applies a typed date only when
# that calendar closes or focus leaves the field; Enter did nothing, so a typed as-of date looked ignored (issue 13,
# item 10). Enter now does what a keyboard user would do by hand: Escape, which closes the calendar dialog (the
# WAI-ARIA dialog pattern) and so applies the date, then leaving the field, which
# applies it when the calendar was already closed. The first version faked a mouse press on the page body, which
# depends on how the field tells a press outside it from one inside (and every other outside-press listener saw it);
# keyboard semantics are what the field must keep for accessibility. Only the user's own Enter is handled
# (isTrusted), never one a script sends, and not while an input method is composing.
# tests/browser/test_dashboard_browser.py types dates and presses Enter, with the calendar open and closed.
_enter_applies_dates = st.components.v2.component(
    "vet_enter_applies_dates",
    js="""
export default function () {
  if (window.__vetEnterAppliesDates) return;
  window.__vetEnterAppliesDates = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || !event.isTrusted) return;
    const field = event.target && event.target.closest && event.target.closest('[data-testid="stDateInputField"]');
    if (!field) return;
    event.preventDefault();
    event.stopPropagation();
    event.target.dispatchEvent(
      new KeyboardEvent("keydown", { key: "Escape", code: "Escape", keyCode: 27, bubbles: true, cancelable: true }));
    setTimeout(() => { if (field.contains(document.activeElement)) document.activeElement.blur(); }, 0);
  }, true);
}
""",
)


def enter_applies_dates() -> None:
    """Install (once per browser page) the listener that makes Enter apply a typed date."""
    _enter_applies_dates(key="vet_enter_applies_dates", height=0)
