"""The tracker sheet: exported with its fixed columns protected and a date check, filled in
with openpyxl as an engineer's spreadsheet program would, read back; each bad sheet refused
with its row and column, and nothing stored then."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE
from inspector.pipeline import CheckSettings, replay
from inspector.store.history import History
from inspector.tracker.assignments import load_assignments

runner = CliRunner()
SHEET = "问题跟踪表"
# Columns of the zh sheet: A id, B device, ... J overdue, K owner, L due, M note.
OWNER, DUE, NOTE = 11, 12, 13


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A history holding one replay of the lab, and its sheet as exported."""
    folder = tmp_path_factory.mktemp("tracker")
    db = folder / "history.sqlite"
    with History(db) as store:
        replay(LAB_BUNDLE, folder, "one", CheckSettings(history=store))
    sheet = folder / "tracker.xlsx"
    result = runner.invoke(app, ["tracker", "export", "--history", str(db), "--out",
                                 str(sheet)])
    assert result.exit_code == 0, result.output
    return db, sheet


def _copy(exported: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    db, sheet = exported
    shutil.copy(db, tmp_path / db.name)
    return tmp_path / db.name, sheet


def _edit(sheet: Path, out: Path, change: dict[tuple[int, int], object]) -> Path:
    book = load_workbook(sheet)
    ws: Worksheet = book[SHEET]
    for (row, column), value in change.items():
        ws.cell(row, column).value = value
    book.save(out)
    return out


def _import(sheet: Path, db: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["tracker", "import", str(sheet), "--history", str(db)])
    return result.exit_code, " ".join(result.output.split())


def test_exported_sheet_protects_fixed_columns_and_checks_dates(
        exported: tuple[Path, Path]) -> None:
    book = load_workbook(exported[1])
    ws = book[SHEET]
    assert ws.protection.sheet
    assert [c.value for c in ws[1]][OWNER - 1:] == ["责任人", "计划完成日期", "备注"]
    assert ws.cell(2, 1).protection.locked and not ws.cell(2, OWNER).protection.locked
    assert any(v.type == "date" for v in ws.data_validations.dataValidation)
    assert book["export"].sheet_state == "hidden"
    assert ws.max_row > 2 and str(ws.cell(2, 1).value).startswith("P-")


def test_filled_sheet_is_stored(exported: tuple[Path, Path], tmp_path: Path) -> None:
    db, sheet = _copy(exported, tmp_path)
    filled = _edit(sheet, tmp_path / "filled.xlsx", {
        (2, OWNER): "张工", (2, DUE): date(2026, 4, 30), (2, NOTE): "待备件",
        (3, OWNER): "=李工", (3, DUE): "2026/05/01"})  # text as typed, a formula-like name
    code, output = _import(filled, db)
    assert code == 0, output
    first = load_workbook(sheet)[SHEET]
    with History(db) as store:
        stored = load_assignments(store)
    assert stored[str(first.cell(2, 1).value)].owner == "张工"
    assert stored[str(first.cell(2, 1).value)].due == date(2026, 4, 30)
    assert stored[str(first.cell(3, 1).value)].owner == "=李工"
    assert stored[str(first.cell(3, 1).value)].due == date(2026, 5, 1)
    assert len(stored) == 2


@pytest.mark.parametrize(("change", "expected"), [
    ({(2, DUE): "next week"}, "row 2, column L (计划完成日期): not a date: 'next week'"),
    ({(3, 2): "another-switch"}, "row 3, column B (设备): a fixed column was changed"),
    ({(4, 1): "P-00000000"}, "row 4, column A (问题编号): unknown problem id 'P-00000000'"),
    ({(4, 1): None}, "row 4, column A (问题编号): empty"),
    ({(1, NOTE): "remarks"}, "row 1, column M (备注): the header was changed"),
])
def test_bad_sheet_names_row_and_column_and_stores_nothing(
        exported: tuple[Path, Path], tmp_path: Path, change: dict[tuple[int, int], object],
        expected: str) -> None:
    db, sheet = _copy(exported, tmp_path)
    good_row = {(5, OWNER): "张工"}  # a good row beside the bad one is not stored either
    bad = _edit(sheet, tmp_path / "bad.xlsx", {**good_row, **change})
    code, output = _import(bad, db)
    assert code == 3
    assert expected in output and str(bad) in output
    with History(db) as store:
        assert load_assignments(store) == {}


def test_repeated_row_and_a_file_that_is_no_sheet(exported: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    db, sheet = _copy(exported, tmp_path)
    first = load_workbook(sheet)[SHEET]
    repeated = _edit(sheet, tmp_path / "twice.xlsx", {(3, c): first.cell(2, c).value
                                                       for c in range(1, 11)})
    code, output = _import(repeated, db)
    assert code == 3 and "row 3, column A (问题编号): " in output and "also on row 2" in output
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", "utf-8")
    code, output = _import(text, db)
    assert code == 3 and "not an Excel workbook" in output
