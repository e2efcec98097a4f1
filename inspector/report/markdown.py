"""The short Markdown summary for a chat message or a ticket."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from inspector.report.findings import LEVELS
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.report.view import ReportView

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

TOP_FINDINGS = 10
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(value: object) -> str:
    """Device text as literal Markdown: no emphasis, links, tables or raw HTML from it."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,  # noqa: S701 - Markdown; every value goes through md_escape
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, finalize=md_escape)


def render_markdown(view: ReportView, t: Translator) -> str:
    return _env().get_template("summary.md.j2").render(
        r=view, t=t, fmt=Formatter(t), levels=LEVELS, top=view.findings[:TOP_FINDINGS],
        more=max(0, len(view.findings) - TOP_FINDINGS), colon=t("common.colon"),
        tracker_top=TOP_FINDINGS)
