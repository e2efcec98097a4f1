"""The summary as HTML (and from it the PDF): the run report's stylesheet and logo, its
cover and sign-off templates, the summary's own sections (templates/period-summary.html.j2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from inspector.report.breaks import keep_ids
from inspector.report.fmt import Formatter
from inspector.report.html import TEMPLATES, logo_uri, stylesheet
from inspector.report.i18n import Translator
from inspector.report.period.charts import shown, small_multiples
from inspector.report.period.view import SummaryView, figures, slot_label

TEMPLATE = "period-summary.html.j2"
PERCENT = ("cpu", "memory", "ups_charge")


@dataclass(frozen=True)
class Chart:
    label: str
    uri: str | None
    shown: int
    more: bool  # some devices were left out


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["ids"] = keep_ids
    return env


def rates(view: SummaryView, t: Translator) -> list[tuple[str, str]]:
    """Resolution rate and mean time to resolve, as the overview's figures say them."""
    said = dict(figures(view, t))
    return [(t("period.rates.resolution"), said[t("period.figure.resolution")]),
            (t("period.rates.mttr"), said[t("period.figure.mttr")])]


def charts(view: SummaryView) -> list[Chart]:
    result = []
    for trend in view.trends:
        if not trend.series:
            result.append(Chart(trend.label, None, 0, more=False))
            continue
        drawn = shown(trend.series)
        uri = small_multiples(drawn, view.meta.zone, trend.metric in PERCENT)
        result.append(Chart(trend.label, uri, len(drawn), len(drawn) < len(trend.series)))
    return result


def _day(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d")


def render_summary_html(view: SummaryView) -> str:
    t = Translator(view.lang)
    zone = view.meta.zone
    # Filters of this rendering (its time zone and language), on an overlay of the cached
    # environment so the shared one is never changed.
    env = _env().overlay()
    env.filters = {**env.filters, "day": lambda moment: _day(moment, zone),
                   "moment": lambda moment: Formatter(t).time(moment, view.meta.timezone)}
    context: dict[str, Any] = {
        "r": view, "t": t, "fmt": Formatter(t), "figures": figures(view, t),
        "rates": rates(view, t), "charts": charts(view),
        "css": Markup(stylesheet(t)),  # noqa: S704 - the report's stylesheet (report/html.py)
        "logo": logo_uri(view.meta.logo), "colon": t("common.colon"),
        "slot_label": lambda slot: slot_label(slot, t),
    }
    return env.get_template(TEMPLATE).render(context)

