"""The period service summary (阶段性服务总结): what a quarter of inspections found, as a
document the customer signs, with the run report's cover, look and sign-off.

Read from the run store: the inspections done against the plan (a planned period without
one is flagged), problems counted once however many runs saw them (inspector/problems.py),
their resolution, each device's availability, trends, firmware and module changes, and the
tracker's assignments. `build_summary` computes it once; `render_summary` lays it out as
HTML, PDF, XLSX and Markdown.
"""

from __future__ import annotations

from inspector.report.period.plan import PLANS
from inspector.report.period.render import FORMATS, render_summary
from inspector.report.period.view import SummaryView, build_summary

__all__ = ["FORMATS", "PLANS", "SummaryView", "build_summary", "render_summary"]
