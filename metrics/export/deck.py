"""A report as a PowerPoint deck (16:9): title slide, one slide per chart with its finding, sources.

Each chart slide carries the chart as a PNG (drawn by metrics/export/image.py, so it has its
title, unit, as-of date, source and demo mark on it), the one-line finding under it, a demo-data
mark in the corner when the chart shows demo data, and speaker notes with the figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from metrics.domain.i18n import t
from metrics.export.briefing import Report, ReportChart
from metrics.export.image import DEMO_COLOR, chart_png

if TYPE_CHECKING:
    from pptx.presentation import Presentation as Deck
    from pptx.slide import Slide
    from pptx.text.text import _Run

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in: exactly 16:9, as PowerPoint makes it
MARGIN = Inches(0.4)
CHART_TOP, CHART_BOTTOM = Inches(1.05), Inches(6.35)  # the picture's box; the finding sits below it
RENDER_WIDTH = 1400  # CSS pixels of the chart image before PNG scaling
SOURCE_LINES_PER_SLIDE = 16
FONT_LATIN, FONT_EA = "Noto Sans", "Noto Sans CJK SC"  # East-Asian font set explicitly so Chinese never falls back to boxes
INK = RGBColor(0x11, 0x11, 0x11)
GREY = RGBColor(0x55, 0x55, 0x55)
DEMO = RGBColor.from_string(DEMO_COLOR.lstrip("#"))


def _text(
    slide: Slide,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: Iterable[str],
    size: int,
    bold: bool = False,
    color: RGBColor = INK,
) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line  # python-pptx writes text as XML text nodes: no markup is interpreted
        _style(run, size, bold, color)


def _style(run: _Run, size: int, bold: bool, color: RGBColor = INK) -> None:
    run.font.size, run.font.bold, run.font.color.rgb, run.font.name = Pt(size), bold, color, FONT_LATIN
    # python-pptx has no API for the East-Asian typeface: set <a:ea> on the run properties.
    rpr = run._r.get_or_add_rPr()
    rpr.append(rpr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}ea", {"typeface": FONT_EA}))


def _demo_mark(slide: Slide, lang: str) -> None:
    _text(slide, SLIDE_W - Inches(3.6), Inches(0.15), Inches(3.3), Inches(0.45), [t("export.demo_mark", lang)], 16, True, DEMO)


def _picture_box(png: bytes) -> tuple[int, int, int, int]:
    """Left, top, width, height of the picture: as large as the box allows, aspect kept, centred."""
    width_px = int.from_bytes(png[16:20], "big")
    height_px = int.from_bytes(png[20:24], "big")
    box_w, box_h = SLIDE_W - 2 * MARGIN, CHART_BOTTOM - CHART_TOP
    scale = min(box_w / width_px, box_h / height_px)
    w, h = int(width_px * scale), int(height_px * scale)
    return int((SLIDE_W - w) / 2), int(CHART_TOP + (box_h - h) / 2), w, h


def _chart_slide(deck: Deck, chart: ReportChart, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    lang = report.lang
    _text(slide, MARGIN, Inches(0.25), SLIDE_W - Inches(4.2), Inches(0.7), [chart.meta.title], 24, True)
    png = chart_png(chart.figure, chart.meta, scale=2, width=RENDER_WIDTH)
    left, top, w, h = _picture_box(png)
    slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(w), Emu(h))
    _text(slide, MARGIN, CHART_BOTTOM + Inches(0.1), SLIDE_W - 2 * MARGIN, Inches(0.9), [chart.finding], 18, True)
    if chart.meta.demo:
        _demo_mark(slide, lang)
    notes = [
        f"{t('deck.finding', lang)}: {chart.finding}",
        "",
        f"{t('deck.figures', lang)}:",
        *chart.notes,
        "",
        f"{t('export.source', lang)}: {chart.meta.source}",
    ]
    if chart.meta.demo:
        notes.append(t("deck.demo_note", lang))
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _source_lines(report: Report) -> list[tuple[str, int, bool]]:
    """(text, size, bold) lines of the sources slides."""
    lang = report.lang
    lines: list[tuple[str, int, bool]] = [(t("deck.documents", lang), 16, True)]
    for doc in report.documents:
        lines.append((f"{doc.title} — {doc.issuer}, {doc.date}", 13, False))
        lines += [(f"    {c}", 11, False) for c in doc.clauses]
    if report.national:
        lines.append((t("deck.national", lang), 16, True))
        for n in report.national:
            lines.append((f"{n.text} — {n.source}; {t('deck.confidence', lang)}: {n.confidence}", 11, False))
    return lines


def _sources_slides(deck: Deck, report: Report) -> None:
    lines = _source_lines(report)
    chunks = [lines[i : i + SOURCE_LINES_PER_SLIDE] for i in range(0, len(lines), SOURCE_LINES_PER_SLIDE)] or [[]]
    for chunk in chunks:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        _text(slide, MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, Inches(0.7), [t("deck.sources", report.lang)], 28, True)
        box = slide.shapes.add_textbox(MARGIN, Inches(1.1), SLIDE_W - 2 * MARGIN, Inches(6.0))
        frame = box.text_frame
        frame.word_wrap = True
        for i, (text, size, bold) in enumerate(chunk):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = text
            _style(run, size, bold)
        if report.demo:
            _demo_mark(slide, report.lang)
        slide.notes_slide.notes_text_frame.text = "\n".join(text.strip() for text, _, _ in chunk)


def report_deck(report: Report) -> bytes:
    """The report as .pptx bytes: title slide, one slide per chart, then the sources."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    lang = report.lang
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, Inches(0.8), Inches(2.3), SLIDE_W - Inches(1.6), Inches(1.4), [report.title], 36, True)
    _text(slide, Inches(0.8), Inches(3.8), SLIDE_W - Inches(1.6), Inches(0.6), [report.subtitle], 18, color=GREY)
    if report.demo:
        _text(slide, Inches(0.8), Inches(4.6), SLIDE_W - Inches(1.6), Inches(0.8), [t("deck.demo_note", lang)], 18, True, DEMO)
        _demo_mark(slide, lang)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [report.title, report.subtitle, *(f"{i + 1}. {c.meta.title}: {c.finding}" for i, c in enumerate(report.charts))]
    )
    for chart in report.charts:
        _chart_slide(deck, chart, report)
    _sources_slides(deck, report)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
