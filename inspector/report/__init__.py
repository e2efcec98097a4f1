"""Reports for the customer and the engineer: HTML, PDF, Excel, Markdown, JSON.

    from inspector.report import render_reports, ReportMeta
    paths = render_reports(run, Path("reports/2026-11-21"), lang="en",
                           meta=ReportMeta(customer="Example Bank"))

Everything shown is computed once (view.py) and laid out by the Jinja2 templates in
inspector/templates/; all fixed wording comes from templates/i18n/<lang>.yaml.
"""

from inspector.report.errors import ReportError
from inspector.report.meta import ReportMeta
from inspector.report.render import FILENAMES, FORMATS, parse_formats, render_reports

__all__ = ["FILENAMES", "FORMATS", "ReportError", "ReportMeta", "parse_formats",
           "render_reports"]
