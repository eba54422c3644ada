"""The milestone editor's text as the planner types it, sent to the server after a pause in typing. Not a page.

Streamlit's text area hands its text to the server only when it loses the focus (or on Ctrl+Enter): text typed and
then lost to a reload (F5) or a closed tab never reached the server, so no draft could keep it (issue 13). This
small script on the app's document sends the editor's text ``PAUSE_MS`` after the last keystroke, as a trigger
value; app_pages/edit_milestones.py keeps it as the planner's draft inside a fragment, so only that fragment
runs, not the page. The editor's own value, its checks and diff are untouched: they follow when the text area
hands its text over, as before.
"""

from __future__ import annotations

import streamlit as st

PAUSE_MS = 1200

_keeper = st.components.v2.component(
    "vet_draft_keeper",
    js="""
export default function (component) {
  const { setTriggerValue, data } = component;
  // One listener per browser page; each mount hands it the current way to reach the server.
  window.__vetDraftKeeper = { send: setTriggerValue, selector: data.selector, pause: data.pause };
  if (window.__vetDraftKeeperListening) return;
  window.__vetDraftKeeperListening = true;
  let timer = null;
  document.addEventListener("input", (event) => {
    const keeper = window.__vetDraftKeeper;
    if (!keeper || !event.target || !event.target.matches || !event.target.matches(keeper.selector)) return;
    clearTimeout(timer);
    const area = event.target;
    timer = setTimeout(() => window.__vetDraftKeeper.send("text", area.value), keeper.pause);
  }, true);
}
""",
)


def typed_text(container_key: str, key: str) -> str | None:
    """The text of the text area inside the container ``container_key`` as typed, in the run its pause in typing
    caused; None in every other run."""
    result = _keeper(
        key=key,
        height=0,
        data={"selector": f".st-key-{container_key} textarea", "pause": PAUSE_MS},
        on_text_change=lambda: None,
    )
    text = getattr(result, "text", None) if result is not None else None
    return text if isinstance(text, str) else None
