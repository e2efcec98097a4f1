"""The summary as a workbook: one sheet per section, the same words as the PDF."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inspector.report.i18n import Translator
from inspector.report.period.tables import Table, summary_tables
from inspector.report.period.view import SummaryView
from inspector.report.xlsx import safe_cell

HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
MAX_WIDTH = 60
# Excel refuses sheet names longer than this.
MAX_SHEET_NAME = 31


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return max((len(line) + sum(unicodedata.east_asian_width(c) in "WF" for c in line)
                for line in text.splitlines() or [""]), default=0)


def _sheet(book: Workbook, table: Table, t: Translator) -> None:
    ws = book.create_sheet(t(f"period.xlsx.{table.key}")[:MAX_SHEET_NAME])
    for note in table.notes:  # the section's sentences above its table
        ws.append([safe_cell(note)])
    if table.notes:
        ws.append([])
    header_row = ws.max_row + 1 if table.notes else 1
    ws.append(table.header)
    for row in table.rows:
        ws.append([safe_cell(v) for v in row])
    for cell in ws[header_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for index in range(1, len(table.header) + 1):
        values = [ws.cell(row=r, column=index).value
                  for r in range(header_row, min(ws.max_row, 500) + 1)]
        width = min(MAX_WIDTH, max(8, *(_width(v) + 2 for v in values)))
        ws.column_dimensions[get_column_letter(index)].width = width
        if width >= MAX_WIDTH:
            for r in range(header_row + 1, ws.max_row + 1):
                ws.cell(row=r, column=index).alignment = Alignment(wrap_text=True,
                                                                   vertical="top")


def write_summary_xlsx(view: SummaryView, path: Path) -> None:
    t = Translator(view.lang)
    book = Workbook()
    book.remove(book.active)
    for table in summary_tables(view):
        _sheet(book, table, t)
    book.save(path)
