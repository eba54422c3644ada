"""Which text of a cited passage to show, and what to call it: a translation is never labelled the original."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.domain.i18n import t
from metrics.domain.model import Milestone, Source


@dataclass(frozen=True)
class Passage:
    """One rendering of a quote with its honest label (original, official text, or translation)."""

    label: str
    text: str
    url: str = ""


def quote_passages(milestone: Milestone, source: Source | None, lang: str) -> list[Passage]:
    """The quote in the reader's language first, then in the other, each labelled by where it came from."""
    quote = milestone.quote
    english_original = source is not None and source.original_language == "en"
    english = Passage(t("quote.en_original" if english_original else "quote.en_translation", lang), quote.en)
    chinese = Passage(t(f"quote.zh_{quote.zh_origin}", lang), quote.zh, quote.zh_url) if quote.zh else None
    if chinese is None:
        return [english]
    return [chinese, english] if lang == "zh" else [english, chinese]
