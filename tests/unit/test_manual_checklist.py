"""The engineer's manual checklist: the items as data, the exported sheet, and the filled
sheet read back (export -> fill with openpyxl, as an engineer's Excel would -> import),
including sheets filled wrong, each error naming its sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from inspector.catalog import load_messages
from inspector.manual import ChecklistError, ManualError, ManualInput, load_items
from inspector.manual.export import export_checklist
from inspector.manual.items import categories, fold, result_words
from inspector.manual.record import record_findings
from inspector.model import Device, Severity

DEVICES = [
    Device(name="core-sw1", platform="huawei_vrp", site="上海", room="B1-201"),
    Device(name="ups-1", platform="snmp", kind="ups", site="上海", room="B1-201"),
    Device(name="acc-sw9", platform="cisco_ios", site="北京", room="A3-101"),
    Device(name="=cmd", platform="cisco_ios"),  # no room, and a name Excel would compute
]
ROOM = "上海 / B1-201"
COLUMN = {"room": 0, "device": 1, "item_id": 3, "level": 7, "result": 8, "note": 9, "photo": 10}


def _export(tmp_path: Path, lang: str = "zh") -> Path:
    path = tmp_path / "checklist.xlsx"
    export_checklist(DEVICES, load_items(), path, lang, inventory="site.yaml")
    return path


def _row(ws: Worksheet, item: str, device: str = "") -> int:
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
        if values[COLUMN["item_id"]] == item and (values[COLUMN["device"]] or "") == device:
            return number
    raise AssertionError(f"no row of {item} {device}")


def _fill(path: Path, cells: list[tuple[str, str, str, str]], sheet: int = 1) -> None:
    """Write (item, device, column, value) cells into the export's `sheet`, as an engineer."""
    workbook = load_workbook(path)
    ws = workbook.worksheets[sheet]
    for item, device, column, value in cells:
        ws.cell(_row(ws, item, device), COLUMN[column] + 1, value)
    workbook.save(path)


def _photo(tmp_path: Path, name: str = "photos/leak.png") -> str:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (20, 120, 200)).save(tmp_path / name)
    return name


def _read(path: Path) -> list:  # type: ignore[type-arg]
    return ManualInput(path, tuple(load_items())).read(DEVICES).entries


# --------------------------------------------------------------------------- the items


def test_items_are_data_with_words_in_both_catalogs() -> None:
    items = load_items()
    assert len({i.id for i in items}) == len(items)
    for lang in ("zh", "en"):
        messages = load_messages(lang)
        for category in categories():
            assert f"manual.category.{category}" in messages
        # What the sheet offers is what the reader accepts.
        for result in ("ok", "fault", "na"):
            assert result_words()[fold(messages[f"manual.result.{result}"])] == result
    assert {i.category for i in items} <= set(categories())
    assert {"room.fire", "room.water", "device.indicators", "ups.battery"} <= {
        i.id for i in items}


def test_an_inventory_adds_and_drops_items() -> None:
    extra = {"id": "room.generator", "applies": ["room"], "category": "power",
             "level": "major", "zh": {"name": "柴油发电机", "check": "油位正常"},
             "en": {"name": "Generator", "check": "Fuel level normal"}}
    items = load_items({"drop": ["room.lighting"], "add": [extra]}, "site.yaml")
    ids = [i.id for i in items]
    assert "room.lighting" not in ids and "room.generator" in ids


@pytest.mark.parametrize(("section", "says"), [
    ({"drop": ["room.nothing"]}, "site.yaml: checklist.drop: unknown item 'room.nothing'"),
    ({"add": [{"id": "room.fire", "applies": ["room"], "category": "fire", "level": "major",
               "zh": {"name": "a", "check": "b"}, "en": {"name": "a", "check": "b"}}]},
     "item 'room.fire' exists already"),
    ({"add": [{"id": "x", "applies": ["garage"], "category": "fire", "level": "major",
               "zh": {"name": "a", "check": "b"}, "en": {"name": "a", "check": "b"}}]},
     "checklist.add[0].applies: unknown 'garage'"),
    ({"add": [{"id": "x", "applies": ["room"], "category": "fire", "level": "severe",
               "zh": {"name": "a", "check": "b"}, "en": {"name": "a", "check": "b"}}]},
     "checklist.add[0].level"),
    ({"remove": []}, "expected a mapping with `add:` and/or `drop:`"),
])
def test_a_bad_checklist_section_names_its_field(section: dict, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ChecklistError, match=r"site\.yaml") as caught:
        load_items(section, "site.yaml")
    assert says in str(caught.value)


# --------------------------------------------------------------------------- the export


def test_the_sheet_has_one_sheet_per_room_and_the_items_of_each_kind(tmp_path: Path) -> None:
    workbook = load_workbook(_export(tmp_path))
    assert workbook.sheetnames == ["填写说明", "上海 - B1-201", "北京 - A3-101", "未指定机房"]
    ws = workbook.worksheets[1]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [c.value for c in ws[1]] == ["机房", "设备", "类型", "编号", "类别", "检查项",
                                        "检查内容及标准", "异常级别", "结果", "说明", "照片"]
    room_items = [r[COLUMN["item_id"]] for r in rows if not r[COLUMN["device"]]]
    assert "room.water" in room_items and "ups.battery" not in room_items
    ups = [r[COLUMN["item_id"]] for r in rows if r[COLUMN["device"]] == "ups-1"]
    switch = [r[COLUMN["item_id"]] for r in rows if r[COLUMN["device"]] == "core-sw1"]
    assert "ups.battery" in ups and "ups.battery" not in switch
    assert "device.indicators" in switch
    # Room items come first, a blank result for every row, the default level filled in.
    assert rows[0][COLUMN["device"]] is None and all(r[COLUMN["result"]] is None for r in rows)
    assert rows[0][COLUMN["level"]] == "三级"
    assert ws.freeze_panes == "C2" and ws.protection.sheet
    assert ws.cell(2, COLUMN["result"] + 1).protection.locked is False
    assert ws.cell(2, COLUMN["item_id"] + 1).protection.locked is True
    lists = {v.formula1 for v in ws.data_validations.dataValidation}
    assert '"正常,异常,不适用"' in lists and '"一级,二级,三级,四级"' in lists
    # A room-less device's sheet has no room items; a formula-like name stays text.
    last = list(workbook.worksheets[3].iter_rows(min_row=2, values_only=True))
    assert {r[COLUMN["device"]] for r in last} == {"'=cmd"}


def test_the_english_sheet(tmp_path: Path) -> None:
    workbook = load_workbook(_export(tmp_path, "en"))
    assert workbook.sheetnames[0] == "Instructions"
    ws = workbook.worksheets[1]
    assert ws.cell(1, COLUMN["result"] + 1).value == "Result"
    assert ws.cell(_row(ws, "room.fire"), 6).value == "Fire protection"


# --------------------------------------------------------------------------- the round trip


def test_the_filled_sheet_becomes_findings(tmp_path: Path) -> None:
    path = _export(tmp_path)
    photo = _photo(tmp_path)
    _fill(path, [
        ("room.water", "", "result", "异常"), ("room.water", "", "note", "地板下积水"),
        ("room.water", "", "photo", photo),
        ("room.fire", "", "result", "√"),
        ("device.indicators", "core-sw1", "result", "NG"),
        ("device.indicators", "core-sw1", "level", "一级"),
        ("device.cabling", "core-sw1", "result", "n/a"),
        ("ups.battery", "ups-1", "result", " ok "),
    ])
    entries = _read(path)
    by_key = {(e.subject, e.item): e for e in entries}
    findings = {(f.device, f.check_id): f for f in record_findings(
        ManualInput(path, tuple(load_items())).read(DEVICES))}
    water = findings[(ROOM, "manual.room.water")]
    assert (water.passed, water.severity, water.category) == (False, Severity.CRITICAL, "manual")
    assert water.is_problem and water.observed_zh == "地板下积水"
    assert water.evidence[0].lines == ["地板下积水", photo]
    assert water.message_zh == "人工检查异常：漏水检查" and water.recommendation_en
    assert findings[(ROOM, "manual.room.fire")].passed
    assert findings[("core-sw1", "manual.device.indicators")].severity == Severity.CRITICAL
    cabling = findings[("core-sw1", "manual.device.cabling")]
    assert cabling.not_checked_cause == "not_applicable"
    assert findings[("ups-1", "manual.ups.battery")].passed
    # Blank is 未检, never 正常.
    blank = findings[(ROOM, "manual.room.lighting")]
    assert not blank.passed and blank.not_checked_cause == "not_filled"
    assert "'上海 - B1-201'!" in (blank.not_checked_reason_zh or "")
    assert by_key[(ROOM, "room.water")].photos == [photo]
    assert by_key[("ups-1", "ups.battery")].room == ROOM
    # Every exported row is read back, the room-less device's formula-like name as written.
    assert ("=cmd", "device.indicators") in by_key
    assert len(entries) == sum(
        ws.max_row - 1 for ws in load_workbook(path).worksheets[1:])


def test_an_english_sheet_reads_back_too(tmp_path: Path) -> None:
    path = _export(tmp_path, "en")
    _fill(path, [("room.fire", "", "result", "Abnormal"), ("room.fire", "", "level", "L2")])
    fire = next(e for e in _read(path) if e.item == "room.fire" and e.room == ROOM)
    assert (fire.result, fire.level) == ("fault", Severity.MAJOR)


# --------------------------------------------------------------------------- bad sheets


def _bad(tmp_path: Path, cells: list[tuple[str, str, str, str]]) -> str:
    path = _export(tmp_path)
    _fill(path, cells)
    with pytest.raises(ManualError) as caught:
        _read(path)
    return str(caught.value)


@pytest.mark.parametrize(("cells", "says"), [
    ([("room.fire", "", "result", "maybe")],
     "sheet '上海 - B1-201', row {fire}, column 结果: unknown result 'maybe'"),
    ([("room.fire", "", "level", "五级")],
     "sheet '上海 - B1-201', row {fire}, column 异常级别: unknown level '五级'"),
    ([("room.fire", "", "room", "B9")],
     "sheet '上海 - B1-201', row {fire}, column 机房: unknown room 'B9'"),
    ([("device.indicators", "core-sw1", "device", "core-sw7")],
     "row {indicators}, column 设备: unknown device 'core-sw7' (not among the devices"),
    ([("room.fire", "", "item_id", "room.pool")],
     "row {fire}, column 编号: unknown item 'room.pool'"),
    ([("room.fire", "", "photo", "photos/none.jpg")],
     "row {fire}, column 照片: photo 'photos/none.jpg': no such file beside the sheet"),
    ([("room.fire", "", "photo", "notes.txt")],
     "row {fire}, column 照片: photo 'notes.txt': not a readable image"),
    ([("room.fire", "", "photo", "/etc/hostname")],
     "row {fire}, column 照片: photo '/etc/hostname': give a file name relative to the"),
    ([("room.fire", "", "photo", "../outside.png")],
     "give a file name relative to the sheet's folder"),
    ([("room.water", "", "item_id", "room.fire")],
     "row {water}, column 编号: item 'room.fire' of '上海 / B1-201' given twice (first at "
     "sheet '上海 - B1-201', row {fire})"),
    ([("room.fire", "", "device", "core-sw1")],
     "row {fire}, column 设备: item 'room.fire' is a room's item: leave the device empty"),
])
def test_a_bad_row_is_named_by_sheet_row_and_column(
        tmp_path: Path, cells: list[tuple[str, str, str, str]], says: str) -> None:
    (tmp_path / "notes.txt").write_text("not a picture")
    path = _export(tmp_path)
    ws = load_workbook(path).worksheets[1]
    rows = {"fire": _row(ws, "room.fire"), "water": _row(ws, "room.water"),
            "indicators": _row(ws, "device.indicators", "core-sw1")}
    _fill(path, cells)
    with pytest.raises(ManualError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert says.format(**rows) in message
    assert len(message.splitlines()) == 1


def test_every_problem_is_said_at_once(tmp_path: Path) -> None:
    message = _bad(tmp_path, [("room.fire", "", "result", "?"), ("room.water", "", "result", "?")])
    assert len(message.splitlines()) == 2


def test_a_sheet_without_its_columns_or_not_a_workbook(tmp_path: Path) -> None:
    path = _export(tmp_path)
    workbook = load_workbook(path)
    workbook.worksheets[1].cell(1, COLUMN["result"] + 1, "备注")
    workbook.save(path)
    with pytest.raises(ManualError, match=r"sheet '上海 - B1-201', row 1: no column 结果"):
        _read(path)
    text = tmp_path / "filled.xlsx"
    text.write_text("结果,正常\n")
    with pytest.raises(ManualError, match="not an Excel workbook"):
        _read(text)
    with pytest.raises(ManualError, match="cannot read"):
        _read(tmp_path / "missing.xlsx")


def test_only_an_abnormal_row_has_a_level(tmp_path: Path) -> None:
    """A blank 一级 item is 未检: no level, so `--fail-on critical` does not take it for a
    fault (exit 1) and no count holds it."""
    path = _export(tmp_path)
    _fill(path, [("room.water", "", "result", "正常")])
    findings = {(f.device, f.check_id): f for f in record_findings(
        ManualInput(path, tuple(load_items())).read(DEVICES))}
    assert findings[(ROOM, "manual.room.fire")].severity is None  # blank
    assert findings[(ROOM, "manual.room.water")].severity is None  # 正常
