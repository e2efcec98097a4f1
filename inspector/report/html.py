"""HTML rendering with Jinja2 (templates loaded once per process).

Autoescape is on for every template, so device data (a hostname `<script>`) is text. The
stylesheet goes through its own environment without autoescape, because escaping would
mangle the quotes of a CSS font list; only checked font names and CSS-escaped strings are
inserted into it.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from inspector.report import charts
from inspector.report.breaks import keep_ids
from inspector.report.errors import ReportError
from inspector.report.findings import LEVELS, MARKS
from inspector.report.fmt import Formatter
from inspector.report.fonts import css_mono_stack, css_stack
from inspector.report.i18n import Translator
from inspector.report.metrics import cpu_pct, memory_pct
from inspector.report.view import ReportView, localized

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MAX_CHANGES = 30
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml", ".gif": "image/gif"}


@cache
def html_env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["ids"] = keep_ids
    return env


@cache
def css_env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,  # noqa: S701 - CSS, see module docstring
                       undefined=StrictUndefined)


def css_string(text: str) -> str:
    """A CSS string literal; backslashes, quotes and newlines cannot end it early."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def page_label(template: str) -> str:
    """"第 {page} 页 / 共 {pages} 页" -> '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'."""
    parts = re.split(r"(\{pages?\})", template)
    out = [f"counter({p[1:-1]})" if p in ("{page}", "{pages}") else css_string(p)
           for p in parts if p]
    return " ".join(out)


def stylesheet(t: Translator) -> str:
    return css_env().get_template("report.css").render(
        font_stack=css_stack(), mono_stack=css_mono_stack(),
        page_label=page_label(t.messages["page.of"]),
        header_label=css_string(t("page.header_no")))


def logo_uri(path: Path | None) -> str | None:
    """The logo as a data URI, so report.html is one self-contained file."""
    if path is None:
        return None
    mime = _LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise ReportError(f"logo {path}: unsupported image type (use PNG, JPEG, SVG or GIF)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"logo {path}: {exc.strerror}") from None
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def build_charts(view: ReportView, t: Translator) -> dict[str, str | None]:
    levels = {lv: t(f"level_long.{lv}") for lv in LEVELS}
    usage = [(d.name, cpu_pct(d.result.snapshot), memory_pct(d.result.snapshot))
             for d in view.devices]
    usage = [u for u in usage if u[1] is not None or u[2] is not None]
    result: dict[str, str | None] = {
        "levels": charts.findings_by_level(view.counts, levels, t("summary.chart_levels")),
        "cpu_memory": charts.cpu_memory(
            usage, {"cpu": "CPU", "memory": t("device.memory")},
            t("summary.chart_cpu_memory")) if usage else None,
        "temperatures": charts.temperatures(
            view.environment.temperatures, t("environment.chart_temps"))
        if view.environment.temperatures else None,
        "trend_findings": None, "trend_cpu": None, "trend_temperature": None,
    }
    points = view.trend
    if points:
        result["trend_findings"] = charts.trend_findings(points, levels, t("trends.findings"))
        if any(p.cpu_mean is not None for p in points):
            result["trend_cpu"] = charts.trend_lines(
                points, [("cpu_mean", t("trends.cpu_mean")), ("cpu_max", t("trends.cpu_max"))],
                t("trends.cpu"), "%")
        if any(p.temp_max is not None for p in points):
            result["trend_temperature"] = charts.trend_lines(
                points, [("temp_max", t("trends.temp_max"))], t("trends.temperature"), "°C")
    return result


def render_html(view: ReportView, t: Translator) -> str:
    context: dict[str, Any] = {
        "r": view, "t": t, "fmt": Formatter(t), "levels": LEVELS, "marks": MARKS,
        "css": Markup(stylesheet(t)),  # noqa: S704 - our stylesheet, see module docstring
        "charts": build_charts(view, t), "logo": logo_uri(view.meta.logo),
        "colon": t("common.colon"), "max_changes": MAX_CHANGES,
        "started": view.started, "ended": view.ended,
        "localized": lambda finding, field: localized(finding, t.lang, field),
    }
    return html_env().get_template("report.html.j2").render(context)
