"""Charts as standalone SVG (matplotlib), embedded in the HTML as data URIs.

Readable in grayscale print: every series also differs by hatch, marker or line style, and
values are written on the bars. Text is drawn as paths, so the PDF needs no font for it;
matplotlib draws CJK through its own font fallback. Output is deterministic (fixed hash
salt, no date) so re-rendering a run gives the same bytes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from inspector.report.findings import LEVELS
from inspector.report.fonts import cjk_families
from inspector.report.trends import TrendPoint
from inspector.shown import plain as controls_shown

WIDTH_IN = 7.0
# The findings chart sits in a third of the summary page's width, beside two small tables.
LEVELS_SIZE_IN = (3.0, 2.0)
LEVEL_COLOURS = {"critical": "#b71c1c", "major": "#ef6c00", "minor": "#fbc02d",
                 "info": "#1e88e5"}
LEVEL_HATCHES = {"critical": "", "major": "////", "minor": "....", "info": "xxx"}
STATUS_COLOURS = {"critical": "#b71c1c", "warning": "#fbc02d"}
STATUS_HATCHES = {"critical": "////", "warning": "...."}
# Bars of the busiest devices: 15 at BAR_PITCH_IN keep the CPU/memory chart within the
# summary page for any number of devices (a taller chart would spill onto a page alone).
MAX_BARS = 15
BAR_PITCH_IN = 0.16


def _rc() -> Any:  # matplotlib types keys as a Literal of every rc name
    return {
        "font.family": ["DejaVu Sans", *cjk_families()[:1]],
        "font.size": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "inspector-report",
        "hatch.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.axisbelow": True,
    }


def plain(text: str) -> str:
    """Device text shown literally: `$` would otherwise start matplotlib mathtext, and a
    control character (no glyph in any font) is shown as its escape."""
    return controls_shown(text).replace("\\", "\\\\").replace("$", r"\$")


# The PDF takes the charts as PNG (`raster()`): WeasyPrint draws every glyph path of an SVG
# chart itself, seconds for a chart of many labels; a picture at print resolution is placed
# at once. The HTML report keeps SVG, sharp at any zoom.
_RASTER: ContextVar[bool] = ContextVar("raster_charts", default=False)
RASTER_DPI = 200


@contextmanager
def raster() -> Iterator[None]:
    """Charts made inside this block are PNG data URIs."""
    token = _RASTER.set(True)
    try:
        yield
    finally:
        _RASTER.reset(token)


def _to_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    if _RASTER.get():
        fig.savefig(buffer, format="png", dpi=RASTER_DPI, metadata={"Software": None},
                    bbox_inches="tight")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(height_in: float, width_in: float = WIDTH_IN) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width_in, height_in))
    return fig, fig.subplots()


def _bar_labels(ax: Axes, values: Sequence[float], fmt: str = "{:g}") -> None:
    for container in ax.containers:
        ax.bar_label(container, labels=[fmt.format(v) for v in values], padding=2,  # type: ignore[arg-type]
                     fontsize=7)


def findings_by_level(counts: dict[str, int], labels: dict[str, str], title: str) -> str:
    with rc_context(_rc()):
        fig, ax = _figure(LEVELS_SIZE_IN[1], LEVELS_SIZE_IN[0])
        names = [labels[level] for level in LEVELS][::-1]
        values = [counts[level] for level in LEVELS][::-1]
        ax.barh(names, values, color=[LEVEL_COLOURS[lv] for lv in LEVELS][::-1],
                hatch=[LEVEL_HATCHES[lv] for lv in LEVELS][::-1], edgecolor="#212121",
                linewidth=0.6, height=0.6)
        _bar_labels(ax, values)
        ax.set_xlim(0, max([*values, 1]) * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title, loc="left", fontsize=9)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        return _to_data_uri(fig)


def cpu_memory(rows: Sequence[tuple[str, float | None, float | None]], labels: dict[str, str],
               title: str) -> str:
    """Grouped bars of CPU and memory per device (the busiest MAX_BARS devices)."""
    ranked = sorted(rows, key=lambda r: -max(r[1] or 0, r[2] or 0))[:MAX_BARS][::-1]
    with rc_context(_rc()):
        # Wider than the others: the page scales it to the text width, so a wider figure
        # comes out flatter and leaves room on the summary page.
        fig, ax = _figure(0.45 + BAR_PITCH_IN * len(ranked), WIDTH_IN + 1)
        ys = list(range(len(ranked)))
        cpu = [r[1] or 0 for r in ranked]
        mem = [r[2] or 0 for r in ranked]
        ax.barh([y + 0.2 for y in ys], cpu, height=0.38, color="#37474f", label=labels["cpu"])
        ax.barh([y - 0.2 for y in ys], mem, height=0.38, color="#b0bec5", hatch="////",
                edgecolor="#37474f", linewidth=0.5, label=labels["memory"])
        for y, c, m, row in zip(ys, cpu, mem, ranked, strict=True):
            ax.text(c + 1, y + 0.2, "—" if row[1] is None else f"{c:.0f}%", va="center",
                    fontsize=6.5)
            ax.text(m + 1, y - 0.2, "—" if row[2] is None else f"{m:.0f}%", va="center",
                    fontsize=6.5)
        ax.set_yticks(ys, [plain(r[0]) for r in ranked])
        ax.set_xlim(0, 110)
        ax.axvline(80, color="#757575", linestyle="--", linewidth=0.7)
        ax.set_xlabel("%")
        ax.set_title(title, loc="left", fontsize=9)
        # Inside the axes, bottom right: the least busy devices leave that corner empty,
        # and a long (translated) title cannot collide with it.
        ax.legend(loc="lower right", fontsize=7, framealpha=0.9, ncols=2)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        return _to_data_uri(fig)


def temperatures(rows: Sequence[tuple[str, float, str]], title: str, unit: str = "°C") -> str:
    """Each device's hottest sensor; warning/critical bars are hatched as well as coloured."""
    shown = list(rows)[::-1]
    with rc_context(_rc()):
        fig, ax = _figure(0.6 + 0.24 * len(shown))
        values = [r[1] for r in shown]
        ax.barh([plain(r[0]) for r in shown], values, height=0.6,
                color=[STATUS_COLOURS.get(r[2], "#78909c") for r in shown],
                hatch=[STATUS_HATCHES.get(r[2], "") for r in shown],
                edgecolor="#263238", linewidth=0.5)
        _bar_labels(ax, values, "{:g}" + unit)
        ax.set_xlim(0, max([*values, 1]) * 1.18)
        ax.set_title(title, loc="left", fontsize=9)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        return _to_data_uri(fig)


def trend_findings(points: Sequence[TrendPoint], labels: dict[str, str], title: str) -> str:
    with rc_context(_rc()):
        fig, ax = _figure(2.2)
        xs = [p.label for p in points]
        bottom = [0] * len(points)
        for level in LEVELS:
            values = [p.counts[level] for p in points]
            ax.bar(range(len(xs)), values, bottom=bottom, color=LEVEL_COLOURS[level],
                   hatch=LEVEL_HATCHES[level], edgecolor="#212121", linewidth=0.5,
                   label=labels[level], width=0.6)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_xticks(range(len(xs)), xs, rotation=30, ha="right")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title, loc="left", fontsize=9)
        ax.legend(fontsize=7, frameon=False, ncols=4, loc="lower right",
                  bbox_to_anchor=(1.0, 1.0))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        return _to_data_uri(fig)


def trend_lines(points: Sequence[TrendPoint], series: Sequence[tuple[str, str]], title: str,
                unit: str) -> str:
    """Lines of TrendPoint attributes (`series`: attribute name, legend label)."""
    styles = (("-", "o", "#263238"), ("--", "s", "#78909c"), (":", "^", "#b71c1c"))
    with rc_context(_rc()):
        fig, ax = _figure(2.0)
        xs = list(range(len(points)))
        for (attr, label), (line, marker, colour) in zip(series, styles, strict=False):
            values = [getattr(p, attr) for p in points]
            ax.plot(xs, [float("nan") if v is None else v for v in values], linestyle=line,
                    marker=marker, color=colour, label=label, linewidth=1.2, markersize=4)
        ax.set_xticks(xs, [p.label for p in points], rotation=30, ha="right")
        ax.set_ylabel(unit)
        ax.set_title(title, loc="left", fontsize=9)
        ax.legend(fontsize=7, frameon=False, ncols=3, loc="lower right",
                  bbox_to_anchor=(1.0, 1.0))
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        return _to_data_uri(fig)
