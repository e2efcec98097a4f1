"""The tracker sheet the engineer fills in: `inspector tracker export` writes the open
problems with three editable columns (责任人, 计划完成日期, 备注), `import` reads it back.

The fixed columns are protected in Excel and also recorded on a hidden sheet, so a sheet
edited by another program is still checked cell by cell: a changed fixed cell, an unknown or
repeated problem id, or a planned date that is not a date is an error naming its row and
column, and nothing is stored unless every row is good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from inspector.fileio import atomic_write_with
from inspector.report.i18n import LANGUAGES, Translator
from inspector.report.tracker import line_of
from inspector.store.history import History
from inspector.tracker.assignments import Assignment, load_assignments, save_assignments
from inspector.tracker.errors import TrackerError
from inspector.tracker.source import known_problems
from inspector.tracker.table import TrackerRow

FIXED = ("id", "device", "category", "problem", "subject", "level", "status", "first_seen",
         "age", "overdue")
EDITABLE = ("owner", "due", "note")
COLUMNS = (*FIXED, *EDITABLE)
RECORD_SHEET = "export"  # hidden: the language and every fixed cell as exported
MAX_TEXT = 500  # an owner or a note longer than this is a paste gone wrong
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: str) -> str:
    """Device text as text when the sheet is opened (a leading = would be a formula)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _fixed_cells(row: TrackerRow, t: Translator, as_of: datetime, zone: tzinfo) -> list[Any]:
    line = line_of(row, t, as_of, zone)
    return [row.id, _inert(row.device), line.category, _inert(line.problem),
            _inert(line.subject), t(f"level_long.{row.level}"), line.status, line.first_seen,
            line.age_days, line.overdue_text]


def _headers(t: Translator) -> list[str]:
    return [t(f"tracker.col.{key}") for key in COLUMNS]


def _protect(ws: Worksheet, rows: int) -> None:
    """Fixed columns locked (no password: a guard against slips, not a lock); the editable
    ones open, the planned date checked as a date."""
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    first = len(FIXED) + 1
    for row in ws.iter_rows(min_row=2, max_row=rows + 1, min_col=first, max_col=len(COLUMNS)):
        for cell in row:
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE_FILL
    due = get_column_letter(first + EDITABLE.index("due"))
    for (cell,) in ws.iter_rows(min_row=2, max_row=rows + 1, min_col=first + 1,
                                max_col=first + 1):
        cell.number_format = "yyyy-mm-dd"
    check = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                           allow_blank=True, showErrorMessage=True)
    check.add(f"{due}2:{due}{rows + 1}")
    ws.add_data_validation(check)


def _layout(ws: Worksheet) -> None:
    widths = (12, 18, 12, 40, 18, 10, 8, 12, 8, 8, 12, 14, 30)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "B2"


def build_workbook(rows: Sequence[TrackerRow], lang: str, now: datetime,
                   zone: tzinfo) -> Workbook:
    t = Translator(lang)
    book = Workbook()
    ws = book.worksheets[0]
    ws.title = t("tracker.sheet")
    ws.append(_headers(t))
    record = book.create_sheet(RECORD_SHEET)
    record.append(["lang", lang])
    for row in rows:
        fixed = _fixed_cells(row, t, now, zone)
        due = row.due
        ws.append([*fixed, _inert(row.owner), due, _inert(row.note)])
        record.append(fixed)
    _layout(ws)
    _protect(ws, len(rows))
    record.sheet_state = "hidden"
    record.protection.sheet = True
    info = book.create_sheet(t("tracker.sheet_info"))
    info.append([t("tracker.sheet_hint")])
    info.column_dimensions["A"].width = 100
    return book


def export_sheet(rows: Sequence[TrackerRow], path: Path, lang: str, zone: tzinfo,
                 now: datetime | None = None) -> Path:
    """Write the open problems `rows` to `path` (atomically)."""
    book = build_workbook(rows, lang, now or datetime.now(UTC), zone)
    return atomic_write_with(path, book.save)


# ---------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class _Sheet:
    main: Worksheet
    record: Worksheet
    lang: str


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _open(path: Path) -> _Sheet:
    try:
        book = load_workbook(path)
    except (OSError, BadZipFile, KeyError, ValueError) as exc:
        raise TrackerError(f"{path}: not an Excel workbook (.xlsx) that can be read: "
                           f"{exc}") from None
    if RECORD_SHEET not in book.sheetnames:
        raise TrackerError(f"{path}: not a sheet written by `inspector tracker export` "
                           f"(its hidden sheet {RECORD_SHEET!r} is missing)")
    record = book[RECORD_SHEET]
    lang = _cell_text(record.cell(1, 2).value)
    if lang not in LANGUAGES:
        raise TrackerError(f"{path}: sheet {RECORD_SHEET!r}, row 1, column B: unknown "
                           f"language {lang!r}")
    name = Translator(lang)("tracker.sheet")
    if name not in book.sheetnames:
        raise TrackerError(f"{path}: the sheet {name!r} is missing")
    return _Sheet(book[name], record, lang)


def _due(value: Any) -> date | None:
    """A planned date: a date cell, or text as YYYY-MM-DD (or YYYY/MM/DD); ValueError else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip().replace("/", "-"))
    raise ValueError(value)


def _text(value: Any, where: str, errors: list[str]) -> str:
    text = _cell_text(value)
    if len(text) > MAX_TEXT:
        errors.append(f"{where}: longer than {MAX_TEXT} characters")
    return text


def _own_text(text: str) -> str:
    """An editable cell as the engineer meant it (the apostrophe `_inert` adds dropped)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def _check_headers(sheet: _Sheet, where: str, errors: list[str]) -> None:
    for index, header in enumerate(_headers(Translator(sheet.lang)), 1):
        found = _cell_text(sheet.main.cell(1, index).value)
        if found != header:
            errors.append(f"{where}: row 1, column {get_column_letter(index)} ({header}): "
                          f"the header was changed to {found!r}")


def _exported(sheet: _Sheet) -> dict[str, list[str]]:
    """Problem id -> its fixed cells as exported."""
    # A trailing empty cell (no overdue mark on any row) is not stored: pad it back.
    return {_cell_text(row[0]): [_cell_text(v) for v in (*row, *[None] * len(FIXED))
                                 ][: len(FIXED)]
            for row in sheet.record.iter_rows(min_row=2, values_only=True) if row and row[0]}


@dataclass
class _Reading:
    where: str
    headers: list[str]
    known: set[str]
    exported: dict[str, list[str]]
    seen: dict[str, int]
    errors: list[str]
    assignments: dict[str, Assignment]


def _read_row(values: Sequence[Any], number: int, ctx: _Reading) -> None:
    """One data row into `ctx.assignments`, or its errors into `ctx.errors`."""
    def at(key: str) -> str:
        index = COLUMNS.index(key)
        return (f"{ctx.where}: row {number}, column {get_column_letter(index + 1)} "
                f"({ctx.headers[index]})")

    cells = [*values, *([None] * (len(COLUMNS) - len(values)))]
    pid = _cell_text(cells[0])
    if not pid:
        ctx.errors.append(f"{at('id')}: empty; an exported row always has its problem id")
        return
    if pid in ctx.seen:
        ctx.errors.append(f"{at('id')}: {pid} is also on row {ctx.seen[pid]}")
        return
    ctx.seen[pid] = number
    exported = ctx.exported.get(pid)
    if pid not in ctx.known or exported is None:
        ctx.errors.append(f"{at('id')}: unknown problem id {pid!r} (not in this sheet's "
                          f"export or not in the history)")
        return
    for key, before, value in zip(FIXED[1:], exported[1:], cells[1: len(FIXED)], strict=True):
        if _cell_text(value) != before:
            ctx.errors.append(f"{at(key)}: a fixed column was changed "
                              f"({before!r} exported, {_cell_text(value)!r} now)")
    base = len(FIXED)
    try:
        due = _due(cells[base + EDITABLE.index("due")])
    except (ValueError, TypeError):
        ctx.errors.append(f"{at('due')}: not a date: "
                          f"{_cell_text(cells[base + 1])!r} (expected YYYY-MM-DD)")
        return
    owner = _own_text(_text(cells[base], at("owner"), ctx.errors))
    note = _own_text(_text(cells[base + 2], at("note"), ctx.errors))
    ctx.assignments[pid] = Assignment(owner, due, note)


def read_sheet(path: Path, known: set[str]) -> dict[str, Assignment]:
    """The assignments of a filled tracker sheet, every row checked (`known`: the problem
    ids of the history). TrackerError listing every bad cell, one per line, when any is."""
    sheet = _open(path)
    errors: list[str] = []
    _check_headers(sheet, str(path), errors)
    ctx = _Reading(str(path), _headers(Translator(sheet.lang)), known, _exported(sheet), {},
                   errors, {})
    for number, values in enumerate(sheet.main.iter_rows(min_row=2, values_only=True), 2):
        if any(_cell_text(v) for v in values):
            _read_row(values, number, ctx)
    if errors:
        raise TrackerError("\n".join(errors))
    return ctx.assignments


def import_sheet(path: Path, store: History) -> tuple[int, int]:
    """Read a filled sheet into `store`: (problems assigned, assignments cleared).
    Nothing is stored when any row is bad (TrackerError)."""
    assignments = read_sheet(path, set(known_problems(store)))
    before = load_assignments(store)
    save_assignments(store, assignments)
    return (sum(not a.empty for a in assignments.values()),
            sum(a.empty and pid in before for pid, a in assignments.items()))
