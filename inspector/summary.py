"""The period service summary (阶段性服务总结) now lives in inspector/report/period; this
module keeps the old import path working."""

from __future__ import annotations

from inspector.report.period import FORMATS, PLANS, SummaryView, build_summary, render_summary

__all__ = ["FORMATS", "PLANS", "SummaryView", "build_summary", "render_summary"]
