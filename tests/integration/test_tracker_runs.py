"""The problem tracker over real runs: the lab's recorded bundle replayed, assignments made
in the exported sheet, then the lab a month later with the CPU fault fixed. The second
report shows the CPU problem resolved, the others persisting with their assignment, the
overdue one flagged, and re-rendering the run without the history shows the same table."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE
from inspector.store.bundle import read_bundle, write_bundle

runner = CliRunner()
CPU_DEVICE = "bj-acc-c2960x"
OWNER, DUE, NOTE = 11, 12, 13  # editable columns of the exported sheet


def _cpu_fixed(folder: Path) -> Path:
    """The lab later: the access switch's CPU back to normal, every other fault still there."""
    recordings = read_bundle(LAB_BUNDLE)
    for rec in recordings:
        for capture in rec.captures:
            if rec.device.name == CPU_DEVICE and capture.command == "show processes cpu":
                capture.output = capture.output.replace(
                    "five seconds: 94%/2%; one minute: 91%; five minutes: 89%",
                    "five seconds: 12%/2%; one minute: 11%; five minutes: 10%")
    return write_bundle(folder / "later", recordings, source="test")


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1, 2), result.output
    return result.output


def _rows(run_folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((run_folder / "tracker.json").read_text("utf-8"))
    return {row["id"]: row for row in data["rows"]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("tracker-runs")
    db = out / "history.sqlite"
    _invoke("run", "--replay", str(LAB_BUNDLE), "--out", str(out), "--run-id", "one",
            "--history", str(db), "--format", "none")
    first = _rows(out / "one")
    cpu = next(r for r in first.values() if r["device"] == CPU_DEVICE and r["category"] == "cpu")
    other = next(r for r in first.values() if r["device"] != CPU_DEVICE)
    sheet = out / "tracker.xlsx"
    _invoke("tracker", "export", "--history", str(db), "--out", str(sheet))
    book = load_workbook(sheet)
    ws = book["问题跟踪表"]
    for row in range(2, ws.max_row + 1):
        pid = ws.cell(row, 1).value
        if pid == cpu["id"]:
            ws.cell(row, OWNER).value, ws.cell(row, DUE).value = "王工", date(2099, 1, 1)
        elif pid == other["id"]:
            ws.cell(row, OWNER).value, ws.cell(row, DUE).value = "张工", date(2020, 1, 1)
            ws.cell(row, NOTE).value = "待备件"
    book.save(sheet)
    result = runner.invoke(app, ["tracker", "import", str(sheet), "--history", str(db)])
    assert result.exit_code == 0, result.output
    _invoke("run", "--replay", str(_cpu_fixed(out)), "--out", str(out), "--run-id", "two",
            "--history", str(db), "--format", "html,xlsx,md")
    return {"out": out, "db": db, "cpu": cpu["id"], "other": other["id"], "first": first}


def test_second_run_resolves_one_problem_and_carries_assignments(runs: dict[str, Any]) -> None:
    rows = _rows(runs["out"] / "two")
    assert rows[runs["cpu"]]["status"] == "resolved"
    assert rows[runs["cpu"]]["owner"] == "王工"
    assert rows[runs["other"]]["status"] == "persisting"
    assert (rows[runs["other"]]["owner"], rows[runs["other"]]["due"]) == ("张工", "2020-01-01")
    assert {pid for pid, r in rows.items() if r["status"] == "persisting"} == (
        set(runs["first"]) - {runs["cpu"]})
    assert all(r["status"] == "new" for r in runs["first"].values())


def test_report_formats_show_the_tracker(runs: dict[str, Any]) -> None:
    folder = runs["out"] / "two"
    html = (folder / "report.html").read_text("utf-8")
    assert "问题跟踪表" in html and "已解决" in html and "tk-overdue" in html
    assert html.count('class="tk-persisting tk-overdue"') == 1 and "待备件" in html
    md = (folder / "summary.md").read_text("utf-8")
    assert f"| {runs['other']} |" in md and "**逾期**" in md
    ws = load_workbook(folder / "inspection.xlsx")["问题跟踪表"]
    (overdue,) = [r for r in ws.iter_rows(min_row=2) if r[0].value == runs["other"]]
    assert [c.value for c in overdue][8:12] == ["张工", "2020-01-01", "待备件", "逾期"]
    assert overdue[0].font.color.rgb.endswith("B71C1C")


def test_rerender_without_history_shows_the_same_table(runs: dict[str, Any],
                                                       tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere.sqlite"
    shutil.copy(runs["db"], moved)
    runs["db"].rename(tmp_path / "gone.sqlite")
    try:
        _invoke("report", str(runs["out"] / "two"), "--format", "md", "--out",
                str(tmp_path / "again"))
        _invoke("report", str(runs["out"] / "two"), "--format", "md", "--lang", "en",
                "--out", str(tmp_path / "en"))
    finally:
        (tmp_path / "gone.sqlite").rename(runs["db"])

    def section(path: Path) -> str:
        return path.read_text("utf-8").split("## ")[-1]

    assert section(tmp_path / "again" / "summary.md") == section(
        runs["out"] / "two" / "summary.md")
    english = section(tmp_path / "en" / "summary.md")
    assert english.startswith("Problem tracker") and "**Overdue**" in english


def test_tracker_list_prints_assignments(runs: dict[str, Any]) -> None:
    result = runner.invoke(app, ["tracker", "list", "--history", str(runs["db"]),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert runs["other"] in result.output and "张工" in result.output
    assert runs["cpu"] not in result.output  # resolved: no longer open


@pytest.mark.slow
def test_pdf_shows_the_tracker(runs: dict[str, Any], tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    _invoke("report", str(runs["out"] / "two"), "--format", "pdf", "--out", str(tmp_path))
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "问题跟踪表" in text and "张工" in text and "逾期" in text
