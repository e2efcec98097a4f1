"""Reading a filled checklist back: strict, every problem at once, each on one line naming
the file, the sheet, the row and the column.

    record = read_sheet(Path("checklist.xlsx"), items, devices, rooms)

Accepted: the sheet in either language (its header row names the columns), the result words
of checklist.yaml (正常/OK/√, 异常/NG/×, 不适用/N/A ...), levels as 一级..四级, L1..L4 or
critical..info. A blank result is 未检; a row of a device or room not in the run, an unknown
item, a second row of the same item, a photo missing or not an image: errors.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image, UnidentifiedImageError

from inspector.catalog import LANGUAGES, load_messages
from inspector.fileio import read_bytes
from inspector.manual.items import ChecklistItem, fold, result_words
from inspector.manual.record import ManualEntry, ManualError, ManualRecord, Wording, room_label
from inspector.model import Device, Severity

MAX_SHEET_BYTES = 64 * 1024 * 1024
MAX_PHOTO_BYTES = 32 * 1024 * 1024
MAX_ROWS = 50_000  # per sheet: a sheet for thousands of devices stays far below
REQUIRED = ("room", "device", "item_id", "result")
COLUMNS = (*REQUIRED, "level", "note", "photo")
_PHOTO_SPLIT = re.compile(r"[;；,，\n]+")


def _headers() -> dict[str, str]:
    """Folded header word (either language) -> column key."""
    return {fold(load_messages(lang)[f"manual.col.{key}"]): key
            for lang in LANGUAGES for key in COLUMNS}


def _levels() -> dict[str, Severity]:
    words: dict[str, Severity] = {}
    for number, level in enumerate(Severity, 1):
        words[fold(level.value)] = level
        words[str(number)] = level
        for lang in LANGUAGES:
            for key in ("level", "level_long"):
                words[fold(load_messages(lang)[f"{key}.{level.value}"])] = level
    return words


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # The export quotes a name that would read as a formula ('=x): the name is =x.
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


@dataclass
class _Reader:
    """Reads every sheet of one workbook, collecting problems instead of stopping at one."""

    path: Path
    items: Mapping[str, ChecklistItem]
    devices: Mapping[str, Device]
    rooms: frozenset[str]
    problems: list[str] = field(default_factory=list)
    entries: list[ManualEntry] = field(default_factory=list)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)

    def fail(self, sheet: str, row: int, column: str, message: str) -> None:
        place = f"row {row}, column {column}" if column else f"row {row}"
        self.problems.append(f"{self.path}: sheet {sheet!r}, {place}: {message}")

    def sheet(self, ws: Worksheet) -> bool:
        """Read one sheet; False when it is no checklist sheet (the instructions)."""
        header = [_text(c) for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True),
                                         ())]
        known = _headers()
        columns = {known[fold(h)]: (i, h) for i, h in enumerate(header) if fold(h) in known}
        if "item_id" not in columns:
            return False
        missing = [load_messages("zh")[f"manual.col.{key}"] for key in REQUIRED
                   if key not in columns]
        if missing:
            self.fail(ws.title, 1, "", f"no column {' / '.join(missing)} in the header row")
            return True
        if ws.max_row > MAX_ROWS:
            self.fail(ws.title, MAX_ROWS + 1, "", f"more than {MAX_ROWS} rows: not a checklist")
            return True
        for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
            cells = {key: _text(values[i]) if i < len(values) else ""
                     for key, (i, _) in columns.items()}
            if any(cells.values()):
                self.row(ws.title, number, cells, {k: h for k, (_, h) in columns.items()})
        return True

    def row(self, sheet: str, number: int, cells: dict[str, str], names: dict[str, str]
            ) -> None:
        before = len(self.problems)
        item = self.items.get(cells["item_id"])
        if item is None:
            what = f"unknown item {cells['item_id']!r}" if cells["item_id"] else "no item id"
            self.fail(sheet, number, names["item_id"], f"{what} (see the checklist's items)")
            return
        subject = self.subject(sheet, number, cells, names, item)
        result = self.result(sheet, number, cells.get("result", ""), names["result"])
        level = self.level(sheet, number, cells.get("level", ""), names.get("level"), item)
        photos = self.photos(sheet, number, cells.get("photo", ""), names.get("photo"))
        if subject is None or result is None or level is None or len(self.problems) > before:
            return
        room, device = subject
        key = (device or room, item.id)
        if key in self.seen:
            self.fail(sheet, number, names["item_id"],
                      f"item {item.id!r} of {key[0]!r} given twice (first at {self.seen[key]})")
            return
        self.seen[key] = f"sheet {sheet!r}, row {number}"
        self.entries.append(ManualEntry(
            sheet=sheet, row=number, room=room, device=device,
            kind=self.devices[device].kind if device else "", item=item.id,
            category=item.category, result=result, level=level,
            note=cells.get("note", ""), photos=photos,
            zh=Wording(**item.zh.model_dump()), en=Wording(**item.en.model_dump())))

    def subject(self, sheet: str, number: int, cells: dict[str, str], names: dict[str, str],
                item: ChecklistItem) -> tuple[str, str] | None:
        """(room, device) of the row; device "" for a room's item."""
        name, room = cells["device"], cells["room"]
        if name:
            device = self.devices.get(name)
            if device is None:
                self.fail(sheet, number, names["device"], f"unknown device {name!r} "
                          "(not among the devices of this run)")
                return None
            if item.applies == ["room"]:
                self.fail(sheet, number, names["device"],
                          f"item {item.id!r} is a room's item: leave the device empty")
                return None
            return room_label(device.site, device.room), name
        if not item.for_room:
            self.fail(sheet, number, names["device"], f"item {item.id!r} needs a device")
            return None
        if room not in self.rooms:
            self.fail(sheet, number, names["room"],
                      f"unknown room {room!r} (no device of this run, nor of the inventory "
                      "given, is in it)" if room else "no room given")
            return None
        return room, ""

    def result(self, sheet: str, number: int, word: str, column: str) -> str | None:
        if not word:
            return "blank"
        result = result_words().get(fold(word))
        if result is None:
            self.fail(sheet, number, column, f"unknown result {word!r}: write 正常/OK, "
                      "异常/NG or 不适用/N/A, or leave it empty (not checked)")
        return result

    def level(self, sheet: str, number: int, word: str, column: str | None,
              item: ChecklistItem) -> Severity | None:
        if not word or column is None:
            return item.level
        level = _levels().get(fold(word))
        if level is None:
            self.fail(sheet, number, column, f"unknown level {word!r}: write 一级..四级, "
                      "L1..L4 or critical, major, minor, info")
        return level

    def photos(self, sheet: str, number: int, text: str, column: str | None) -> list[str]:
        names = [n.strip() for n in _PHOTO_SPLIT.split(text) if n.strip()]
        kept = []
        for name in names:
            problem = self.photo_problem(name)
            if problem:
                self.fail(sheet, number, column or "", f"photo {name!r}: {problem}")
            else:
                kept.append(PurePosixPath(name.replace("\\", "/")).as_posix())
        return kept

    def photo_problem(self, name: str) -> str:
        relative = PurePosixPath(name.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts or re.match(r"^[A-Za-z]:", name):
            return "give a file name relative to the sheet's folder"
        path = self.path.parent / relative
        try:
            data = read_bytes(path, MAX_PHOTO_BYTES)
        except FileNotFoundError:
            return f"no such file beside the sheet ({path})"
        except OSError as exc:
            return f"cannot read: {exc.strerror or exc}"
        return image_problem(data)


def image_problem(data: bytes) -> str:
    """"" for a readable image, else why not."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        return "not a readable image (PNG, JPEG, ...)"
    return ""


def _workbook(path: Path) -> Any:
    try:
        data = read_bytes(path, MAX_SHEET_BYTES)
    except OSError as exc:
        raise ManualError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on features it drops
            return load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ManualError(f"{path}: not an Excel workbook (.xlsx): {exc}") from None


def read_sheet(path: Path, items: Sequence[ChecklistItem], devices: Sequence[Device],
               rooms: Sequence[str] = ()) -> ManualRecord:
    """The filled checklist at `path`, checked against the run's `devices` and `rooms`
    (besides the devices' own); raises ManualError listing every problem."""
    known_rooms = frozenset(rooms) | {label for d in devices
                                      if (label := room_label(d.site, d.room))}
    reader = _Reader(path, {i.id: i for i in items}, {d.name: d for d in devices},
                     known_rooms)
    workbook = _workbook(path)
    found = [reader.sheet(ws) for ws in workbook.worksheets]
    if not any(found):
        raise ManualError(f"{path}: no checklist sheet (a sheet whose header row has the "
                          "column 编号 / Id): is this a sheet of `inspector checklist export`?")
    if reader.problems:
        raise ManualError("\n".join(reader.problems))
    return ManualRecord(sheet_file=path.name, entries=reader.entries)
