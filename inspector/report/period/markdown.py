"""The summary as Markdown (for a ticket or a wiki page): the same tables as the workbook."""

from __future__ import annotations

from inspector.report.i18n import Translator
from inspector.report.markdown import md_escape
from inspector.report.period.tables import Cell, summary_tables
from inspector.report.period.view import SummaryView


def _cell(value: Cell) -> str:
    return "" if value is None else md_escape(value)


def render_summary_markdown(view: SummaryView) -> str:
    t = Translator(view.lang)
    m = view.meta
    lines = [f"# {md_escape(view.title)}", "",
             f"{md_escape(m.customer or t('cover.not_given'))} · {md_escape(m.period)} · "
             f"{md_escape(m.report_no)}", ""]
    for table in summary_tables(view):
        lines += [f"## {md_escape(table.title)}", ""]
        lines += [*(md_escape(note) for note in table.notes), ""] if table.notes else []
        if not table.rows:
            lines += [md_escape(t("period.none")), ""]
            continue
        lines.append("| " + " | ".join(md_escape(h) for h in table.header) + " |")
        lines.append("|" + "---|" * len(table.header))
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)
