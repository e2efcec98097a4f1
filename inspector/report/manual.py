"""The report's 人工检查 section: the engineer's manual checks, per room and per device, with
the photos scaled into the page.

Read from the run folder's `manual/manual.json` (inspector/manual/record.py): the findings
in results.json already grade, count and list the items; this adds what only the sheet has
(rooms, item wording, notes, photos). Photos are encoded only when a page asks for them
(HTML, PDF), bounded in pixels and bytes, as data URIs: report.html stays one file.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from inspector.fileio import read_bytes
from inspector.manual.record import MANUAL_DIR, ManualEntry, ManualError, load_record
from inspector.report.errors import ReportError
from inspector.report.i18n import Translator

PHOTO_PIXELS = 1024  # longest side once scaled: sharp at the printed size (about 8 cm)
PHOTO_QUALITY = 80
MAX_PHOTO_BYTES = 32 * 1024 * 1024  # the file read; the embedded copy is far smaller
RESULTS = ("ok", "fault", "blank", "na")


@dataclass
class PhotoView:
    path: Path
    name: str  # as the sheet gave it
    caption: str
    where: str  # the sheet row, for an error

    @cached_property
    def uri(self) -> str:
        """The photo scaled to PHOTO_PIXELS as a JPEG data URI; ReportError naming the
        sheet row when it cannot be read as an image."""
        try:
            with Image.open(io.BytesIO(read_bytes(self.path, MAX_PHOTO_BYTES))) as image:
                picture = ImageOps.exif_transpose(image).convert("RGB")
                picture.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
                buffer = io.BytesIO()
                picture.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
        except (OSError, UnidentifiedImageError, ValueError, SyntaxError,
                Image.DecompressionBombError) as exc:
            raise ReportError(f"{self.where}: photo {self.name!r} ({self.path}): not a "
                              f"readable image: {exc}") from None
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass
class ManualItemView:
    entry: ManualEntry
    name: str
    check: str
    category: str
    result: str  # ok | fault | blank | na
    result_text: str
    level: str | None  # a level key, for an abnormal item only
    note: str
    photos: list[PhotoView]


@dataclass
class ManualGroupView:
    title: str
    room: str
    device: str
    items: list[ManualItemView] = field(default_factory=list)

    @property
    def photos(self) -> list[PhotoView]:
        return [photo for item in self.items for photo in item.photos]


@dataclass
class ManualView:
    sheet_file: str
    counts: dict[str, int]
    groups: list[ManualGroupView]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _group_title(entry: ManualEntry, t: Translator) -> str:
    if not entry.device:
        return t("manual.room_group", room=entry.room)
    kind = t.get(f"kind.{entry.kind}", t("manual.unknown_kind")) if entry.kind else \
        t("manual.unknown_kind")
    return t("manual.device_group", device=entry.device, kind=kind)


def _item(entry: ManualEntry, folder: Path, sheet_file: str, t: Translator
          ) -> ManualItemView:
    words = entry.wording(t.lang)
    where = f"{sheet_file}: sheet {entry.sheet!r}, row {entry.row}"
    photos = [PhotoView(folder / name, name, f"{words.name} · {name}", where)
              for name in entry.photos]
    return ManualItemView(
        entry=entry, name=words.name, check=words.check,
        category=t(f"manual.category.{entry.category}"), result=entry.result,
        result_text=t(f"manual.result.{entry.result}"),
        level=entry.level.value if entry.result == "fault" else None,
        note=entry.note, photos=photos)


def build_manual(run_folder: Path | None, t: Translator) -> ManualView | None:
    """The section of the run in `run_folder`, or None when it has no manual checks."""
    if run_folder is None:
        return None
    try:
        record = load_record(run_folder)
    except ManualError as exc:
        raise ReportError(str(exc)) from None
    if record is None:
        return None
    folder = run_folder / MANUAL_DIR
    groups: dict[tuple[str, str], ManualGroupView] = {}
    for entry in record.entries:
        key = (entry.room, entry.device)
        group = groups.setdefault(key, ManualGroupView(_group_title(entry, t), *key))
        group.items.append(_item(entry, folder, record.sheet_file, t))
    counts: Counter[str] = Counter(entry.result for entry in record.entries)
    return ManualView(record.sheet_file, {r: counts.get(r, 0) for r in RESULTS},
                      list(groups.values()))


def manual_rows(view: ManualView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 人工检查 sheet (rows, columns): one row per item, photos by name."""
    keys = ("room", "device", "category", "item", "check", "result", "level", "note", "photo",
            "advice")
    columns = [t(f"manual.col.{key}") for key in keys]
    rows = []
    for group in view.groups:
        for item in group.items:
            entry = item.entry
            rows.append(dict(zip(columns, [
                entry.room, entry.device, item.category, item.name, item.check,
                item.result_text, t(f"level_long.{item.level}") if item.level else "",
                item.note, "; ".join(entry.photos),
                entry.wording(t.lang).advice if item.level else ""], strict=True)))
    return rows, columns
