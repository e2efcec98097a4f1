"""The report HTML as the PDF takes it: the same document, its charts as PNG pictures.

An SVG chart drawn by WeasyPrint costs seconds (every glyph of every label is a path); the
same chart as a PNG at print resolution is placed at once. The HTML report keeps SVG.
"""

from __future__ import annotations

from pathlib import Path

from inspector.report import charts
from inspector.report.html import build_charts
from inspector.report.i18n import Translator
from inspector.report.pdfsplit import write_pdf_in_parts
from inspector.report.view import ReportView


def raster_charts(html: str, view: ReportView, t: Translator) -> str:
    """`html` (render_html of `view`) with each chart's SVG data URI replaced by its PNG."""
    vector = build_charts(view, t)
    with charts.raster():
        pictures = build_charts(view, t)
    for name, uri in vector.items():
        picture = pictures.get(name)
        if uri and picture:
            html = html.replace(uri, picture)
    return html


def write_report_pdf(html: str, view: ReportView, t: Translator, path: Path,
                     base_url: Path) -> int:
    """The report's PDF from its HTML (charts as pictures), in parts when it is large;
    returns its page count."""
    return write_pdf_in_parts(raster_charts(html, view, t), path, base_url)
