"""Trends as small multiples: one small line chart per device, on a shared scale, so a
device drifting up stands out among its neighbours. SVG like the run report's charts, with
a CJK font for Chinese device names (inspector/report/fonts.py)."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from matplotlib import rc_context
from matplotlib.figure import Figure

from inspector.report.charts import plain
from inspector.report.fonts import cjk_families
from inspector.report.period.devices import Series

COLUMNS = 4
# A page holds about this many panels with their titles; more would split across pages.
MAX_PANELS = 24
PANEL_IN = (1.75, 1.05)
LINE = "#1f3a5f"


def _rc() -> Any:  # matplotlib types keys as a Literal of every rc name
    return {"font.family": ["DejaVu Sans", *cjk_families()[:1]], "font.size": 6.5,
            "svg.fonttype": "path", "svg.hashsalt": "inspector-summary",
            "axes.spines.top": False, "axes.spines.right": False}


def shown(series: Sequence[Series]) -> list[Series]:
    """The devices drawn: those with the highest readings first, at most MAX_PANELS,
    then in name order."""
    top = sorted(series, key=lambda s: (-s.peak, s.device))[:MAX_PANELS]
    return sorted(top, key=lambda s: s.device)


def small_multiples(series: Sequence[Series], zone: ZoneInfo, percent: bool) -> str:
    """The panels as an SVG data URI; `percent` fixes the scale at 0-100."""
    drawn = list(series)
    rows = math.ceil(len(drawn) / COLUMNS)
    top = 100.0 if percent else max(s.peak for s in drawn) * 1.15 or 1.0
    with rc_context(_rc()):
        fig = Figure(figsize=(PANEL_IN[0] * COLUMNS, PANEL_IN[1] * rows))
        axes = fig.subplots(rows, COLUMNS, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(drawn):
                ax.set_axis_off()
                continue
            item = drawn[index]
            xs = list(range(len(item.points)))
            ax.plot(xs, [v for _, v in item.points], color=LINE, marker="o", markersize=2.5,
                    linewidth=1)
            ax.set_ylim(0, top)
            ax.set_xlim(-0.3, max(len(xs) - 0.7, 0.3))
            ax.set_xticks(xs, [when.astimezone(zone).strftime("%m-%d")
                               for when, _ in item.points], fontsize=5.5)
            ax.tick_params(axis="y", labelsize=5.5)
            ax.set_title(plain(item.device), fontsize=6.5, loc="left")
            ax.grid(axis="y", color="#dddddd", linewidth=0.4)
            last = item.points[-1][1]
            ax.annotate(f"{last:g}", (xs[-1], last), textcoords="offset points",
                        xytext=(2, 3), fontsize=5.5)
        fig.tight_layout(pad=0.4, h_pad=0.6, w_pad=0.6)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
