"""`inspector checklist export`: the sheet an engineer fills on site.

One sheet per machine room (the inventory's site/room; devices with neither share one
sheet): the room's own items, then each device's items for its kind. Only the level,
result, note and photo cells can be changed (the sheet is protected without a password:
against slips, not against the engineer); the result cell offers 正常/异常/不适用.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from inspector.catalog import load_messages
from inspector.fileio import atomic_write_with
from inspector.manual.items import ChecklistItem
from inspector.manual.record import room_label
from inspector.model import Device, Severity

# Column key and width (characters); the last four are the engineer's.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("room", 18), ("device", 20), ("kind", 12), ("item_id", 20), ("category", 12),
    ("item", 18), ("check", 48), ("level", 10), ("result", 10), ("note", 36), ("photo", 22))
EDITABLE = ("level", "result", "note", "photo")
LOCKED_FILL = PatternFill("solid", fgColor="EEF1F5")
HEADER_FILL = PatternFill("solid", fgColor="D9E1EC")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass
class Row:
    room: str
    device: Device | None
    item: ChecklistItem


@dataclass
class Exported:
    path: Path
    rooms: int
    devices: int
    rows: int


def _cell(text: str) -> str:
    # A name starting with = would be a formula when the sheet is opened.
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def rows_by_room(devices: Sequence[Device], items: Sequence[ChecklistItem]
                 ) -> dict[str, list[Row]]:
    """Room name ("" for devices with neither site nor room) -> its rows, in inventory
    order: the room's own items first, then each device's."""
    rooms: dict[str, list[Device]] = {}
    for device in devices:
        rooms.setdefault(room_label(device.site, device.room), []).append(device)
    result: dict[str, list[Row]] = {}
    for room, members in rooms.items():
        rows = [Row(room, None, item) for item in items if room and item.for_room]
        rows += [Row(room, device, item) for device in members for item in items
                 if item.applies_to(device.kind)]
        result[room] = rows
    return result


def sheet_name(room: str, taken: set[str], fallback: str) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\) for a room."""
    base = _SHEET_FORBIDDEN.sub("-", room or fallback).strip("'") or fallback
    name, number = base[:31], 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.m = load_messages(lang)

    def words(self, row: Row) -> list[str]:
        text = row.item.text(self.lang)
        device = row.device
        kind = self.m["manual.room_kind"] if device is None else \
            self.m.get(f"kind.{device.kind}", self.m["manual.unknown_kind"])
        return [row.room, device.name if device else "", kind, row.item.id,
                self.m[f"manual.category.{row.item.category}"], text.name, text.check,
                self.m[f"level.{row.item.level.value}"], "", "", ""]

    def sheet(self, ws: Worksheet, rows: Sequence[Row]) -> None:
        ws.append([self.m[f"manual.col.{key}"] for key, _ in COLUMNS])
        for row in rows:
            ws.append([_cell(value) for value in self.words(row)])
        editable = {index for index, (key, _) in enumerate(COLUMNS, 1) if key in EDITABLE}
        for index, (_, width) in enumerate(COLUMNS, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                if cell.column in editable:
                    cell.protection = Protection(locked=False)
                else:
                    cell.fill = LOCKED_FILL
        ws.freeze_panes = "C2"
        self.validations(ws, len(rows))
        # Locked against slips, with no password; columns may still be widened and filtered.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.autoFilter = False

    def validations(self, ws: Worksheet, count: int) -> None:
        if not count:
            return
        for key, words, prompt in (
            ("result", [self.m[f"manual.result.{r}"] for r in ("ok", "fault", "na")],
             "result_prompt"),
            ("level", [self.m[f"level.{lv.value}"] for lv in Severity], "level_prompt"),
        ):
            letter = get_column_letter(next(i for i, (k, _) in enumerate(COLUMNS, 1)
                                            if k == key))
            # A warning, not a stop: OK, √ or N/A typed by hand are read too.
            check = DataValidation(type="list", formula1='"' + ",".join(words) + '"',
                                   allow_blank=True, errorStyle="warning",
                                   showErrorMessage=True, showInputMessage=True,
                                   prompt=self.m[f"manual.export.{prompt}"])
            ws.add_data_validation(check)
            check.add(f"{letter}2:{letter}{count + 1}")

    def instructions(self, ws: Worksheet, inventory: str) -> None:
        lines = [self.m["manual.export.title"],
                 self.m["manual.export.inventory"].format(path=inventory),
                 self.m["manual.export.made"].format(
                     time=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")), ""]
        lines += [f"{n}. {self.m[f'manual.export.step{n}']}" for n in range(1, 8)]
        for line in lines:
            ws.append([_cell(line)])
        ws["A1"].font = Font(bold=True, size=14)
        ws.column_dimensions["A"].width = 110
        for line in ws.iter_rows(min_row=2):
            line[0].alignment = Alignment(wrap_text=True, vertical="top")


def export_checklist(devices: Sequence[Device], items: Sequence[ChecklistItem], path: Path,
                     lang: str = "zh", inventory: str = "") -> Exported:
    """Write the checklist workbook for `devices` to `path` (atomically)."""
    writer = _Writer(lang)
    workbook = Workbook()
    info = workbook.create_sheet()
    workbook.remove(workbook.worksheets[0])  # the default sheet: ours is made with its name
    info.title = writer.m["manual.export.info_sheet"][:31]
    writer.instructions(info, inventory)
    taken = {info.title.casefold()}
    by_room = rows_by_room(devices, items)
    for room, rows in by_room.items():
        ws = workbook.create_sheet(sheet_name(room, taken, writer.m["manual.no_room"]))
        writer.sheet(ws, rows)
    atomic_write_with(path, workbook.save)
    return Exported(path, sum(1 for room in by_room if room), len(devices),
                    sum(len(rows) for rows in by_room.values()))
