"""A report as one standalone HTML file that opens offline, for email.

plotly.js is embedded once in the head (about 4.7 MB) and every chart is a small script calling
it, so ten charts cost one copy of the library, not ten. No script or style is loaded from the
network. All text from the data goes through html.escape; figure JSON is escaped by plotly
(``<`` becomes ``\\u003c``), so a milestone title cannot close a script element.
"""

from __future__ import annotations

import html

import plotly.io as pio
from plotly.offline import get_plotlyjs

from metrics.domain.i18n import t
from metrics.export.briefing import Report, ReportChart
from metrics.export.image import DEMO_COLOR, prepare_figure

STYLE = f"""
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #111; max-width: 1240px; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
h1 {{ font-size: 2rem; margin-bottom: .2rem; }} .subtitle {{ color: #555; }}
.demo {{ color: {DEMO_COLOR}; border: 2px solid {DEMO_COLOR}; padding: .3rem .6rem; display: inline-block; font-weight: bold; }}
section.chart {{ border-top: 1px solid #ddd; padding-top: 1rem; margin-top: 1.5rem; }}
.finding {{ font-size: 1.15rem; font-weight: bold; }}
details {{ color: #333; }} ul.sources li {{ margin-bottom: .3rem; }} .clauses {{ color: #555; font-size: .9rem; }}
"""


def _chart_html(chart: ReportChart, index: int) -> str:
    lang = chart.meta.lang
    fig = prepare_figure(chart.figure, chart.meta)
    fig.update_layout(width=None, autosize=True)  # fill the page's width; the height stays the chart's
    div = pio.to_html(
        fig, include_plotlyjs=False, full_html=False, div_id=f"chart-{index}", config={"displaylogo": False, "responsive": True}
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in chart.notes)
    return (
        f'<section class="chart" id="{html.escape(chart.key)}">'
        f"<h2>{index}. {html.escape(chart.meta.title)}</h2>"
        + (f'<p class="demo">{html.escape(t("export.demo_mark", lang))}</p>' if chart.meta.demo else "")
        + f'<p class="finding">{html.escape(chart.finding)}</p>{div}'
        f"<details><summary>{html.escape(t('deck.figures', lang))}</summary><ul>{notes}</ul>"
        f"<p>{html.escape(t('export.source', lang))}: {html.escape(chart.meta.source)}</p></details></section>"
    )


def _sources_html(report: Report) -> str:
    lang = report.lang
    parts = [
        f"<section><h2>{html.escape(t('deck.sources', lang))}</h2><h3>{html.escape(t('deck.documents', lang))}</h3><ul "
        "class='sources'>"
    ]
    for doc in report.documents:
        clauses = "".join(f"<li>{html.escape(c)}</li>" for c in doc.clauses)
        parts.append(
            f"<li>{html.escape(doc.title)} — {html.escape(doc.issuer)}, {html.escape(doc.date)}"
            + (f"<ul class='clauses'>{clauses}</ul>" if clauses else "")
            + "</li>"
        )
    parts.append("</ul>")
    if report.national:
        parts.append(f"<h3>{html.escape(t('deck.national', lang))}</h3><ul class='sources'>")
        parts += [
            f"<li>{html.escape(n.text)} — {html.escape(n.source)}; {html.escape(t('deck.confidence', lang))}: "
            f"{html.escape(n.confidence)}</li>"
            for n in report.national
        ]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def report_html(report: Report) -> bytes:
    """The report as one self-contained UTF-8 HTML document."""
    lang = report.lang
    charts = "".join(_chart_html(c, i) for i, c in enumerate(report.charts, start=1))
    demo = f'<p class="demo">{html.escape(t("deck.demo_note", lang))}</p>' if report.demo else ""
    page = (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(report.title)}</title>'
        f"<style>{STYLE}</style><script>{get_plotlyjs()}</script></head><body>"
        f'<h1>{html.escape(report.title)}</h1><p class="subtitle">{html.escape(report.subtitle)}</p>{demo}'
        f"{charts}{_sources_html(report)}</body></html>"
    )
    return page.encode("utf-8")
