"""A filled manual checklist read into a run: `--manual` on a replay, on `inspector report`
of a stored run, kept in the run folder and the history, graded beside the automatic checks
and shown in the reports (HTML, Excel, Markdown)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from inspector.cli import app
from inspector.errors import EXIT_CONFIG
from inspector.manual import ManualError, ManualInput, load_items
from inspector.manual.export import export_checklist
from inspector.model import Run
from inspector.pipeline import CheckSettings, RunOutput, replay
from inspector.problems import RunFindings, lifecycles
from inspector.report import ReportMeta, render_reports
from inspector.store.bundle import read_bundle
from inspector.store.history import History

lab = pytest.importorskip("inspector.lab.profiles")
LAB_BUNDLE: Path = lab.LAB_BUNDLE
ROOM = "Lab / Lab room 1"
runner = CliRunner()


def _sheet(tmp_path: Path, results: dict[str, str], name: str = "filled.xlsx") -> Path:
    """The lab's checklist with `results` (room item -> result) written in its first room,
    a photo beside the sheet for the water item."""
    path = tmp_path / name
    export_checklist([r.device for r in read_bundle(LAB_BUNDLE)], load_items(), path, "zh")
    photos = tmp_path / "photos"
    photos.mkdir(exist_ok=True)
    Image.new("RGB", (800, 600), (180, 40, 40)).save(photos / "leak.png")
    workbook = load_workbook(path)
    ws = workbook.worksheets[1]
    for row in ws.iter_rows(min_row=2):
        item, device = row[3].value, row[1].value
        if not device and item in results:
            row[8].value = results[item]
            if item == "room.water":
                row[9].value = "静电地板下有积水"
                row[10].value = "photos/leak.png"
    workbook.save(path)
    return path


def _manual(path: Path) -> ManualInput:
    return ManualInput(path, tuple(load_items()))


def test_a_replay_reads_the_sheet_into_its_findings_folder_and_history(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, {"room.water": "异常", "room.fire": "正常"})
    with History(tmp_path / "history.sqlite") as store:
        out = replay(LAB_BUNDLE, tmp_path / "reports", "r1",
                     CheckSettings(history=store, manual=_manual(sheet)))
        stored = store.findings("r1")
    manual = [f for f in out.run.findings if f.category == "manual"]
    water = next(f for f in manual if f.check_id == "manual.room.water")
    assert water.device == ROOM and water.is_problem and water.severity == "critical"
    assert any(f.device == "bj-acc-c2960x" for f in manual)
    # Kept with the run: results.json, the sheet, the photo, the record.
    saved = Run.model_validate_json((out.folder / "results.json").read_text("utf-8"))
    assert any(f.check_id == "manual.room.water" for f in saved.findings)
    assert (out.folder / "manual" / "filled.xlsx").is_file()
    assert (out.folder / "manual" / "photos" / "leak.png").is_file()
    record = json.loads((out.folder / "manual" / "manual.json").read_text("utf-8"))
    assert record["sheet_file"] == "filled.xlsx"
    # The history keeps the room's findings too: the room is no device of the run.
    assert any(f.device == ROOM and f.check_id == "manual.room.water" for f in stored)


def test_a_bad_sheet_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, {"room.water": "maybe"})
    with pytest.raises(ManualError, match=r"row \d+, column 结果: unknown result 'maybe'"):
        replay(LAB_BUNDLE, tmp_path / "reports", "bad", CheckSettings(manual=_manual(sheet)))
    folder = tmp_path / "reports" / "bad"  # claimed for the run id, perhaps; nothing in it
    assert not (folder / "results.json").exists() and not (folder / "bundle").exists()


def test_a_room_problem_is_resolved_when_the_next_sheet_says_normal(tmp_path: Path) -> None:
    runs = []
    for number, result in enumerate(("异常", "异常", "正常"), 1):
        sheet = _sheet(tmp_path, {"room.water": result}, f"s{number}.xlsx")
        run = replay(LAB_BUNDLE, tmp_path / "reports", f"r{number}",
                     CheckSettings(manual=_manual(sheet))).run
        reached = frozenset(d.device.name for d in run.devices)  # devices only, never a room
        runs.append(RunFindings(run.run_id, run.started, reached, run.findings))
    water = next(life for life in lifecycles(runs) if life.device == ROOM)
    assert water.status == "resolved" and len(water.runs) == 2


def test_a_room_problem_is_in_the_problem_tracker(tmp_path: Path) -> None:
    from inspector.tracker.source import open_problems, tracker_for_run  # noqa: PLC0415

    sheet = _sheet(tmp_path, {"room.water": "异常"})
    with History(tmp_path / "history.sqlite") as store:
        run = replay(LAB_BUNDLE, tmp_path / "reports", "r1",
                     CheckSettings(history=store, manual=_manual(sheet))).run
        assert any(row.device == ROOM for row in tracker_for_run(run, store).rows)
        assert any(row.device == ROOM for row in open_problems(store))


@pytest.fixture(scope="module")
def manual_run(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    """One replayed run with a filled sheet, shared by the report tests (read only)."""
    folder = tmp_path_factory.mktemp("manual")
    sheet = _sheet(folder, {"room.water": "异常", "room.fire": "√", "room.access": "N/A"})
    return replay(LAB_BUNDLE, folder / "reports", "r1", CheckSettings(manual=_manual(sheet)))


def test_the_reports_show_the_manual_checks(manual_run: RunOutput, tmp_path: Path) -> None:
    out = manual_run
    paths = render_reports(out.run, tmp_path, ["html", "xlsx", "md"], "zh", ReportMeta(),
                           bundle=out.folder / "bundle")
    html = paths["html"].read_text("utf-8")
    assert "<h1>五、人工检查</h1>" in html and "机房：Lab" in html
    assert "静电地板下有积水" in html and "data:image/jpeg;base64," in html
    assert "人工检查异常：漏水检查" in html  # listed with the findings, graded 一级
    workbook = load_workbook(paths["xlsx"])
    ws = workbook["人工检查"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("机房", "设备", "类别")
    assert any(r[3] == "漏水检查" and r[5] == "异常" and r[6] == "一级（紧急）"
               and r[8] == "photos/leak.png" for r in rows)
    assert "人工检查" in paths["md"].read_text("utf-8")
    english = render_reports(out.run, tmp_path / "en", ["html"], "en", ReportMeta(),
                             bundle=out.folder / "bundle")["html"].read_text("utf-8")
    assert "<h1>5. Manual checks</h1>" in english and "Room: Lab" in english


def test_a_photo_that_became_unreadable_is_named_by_its_row(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, {"room.water": "异常"})
    out = replay(LAB_BUNDLE, tmp_path / "reports", "r1", CheckSettings(manual=_manual(sheet)))
    (out.folder / "manual" / "photos" / "leak.png").write_bytes(b"not an image")
    with pytest.raises(Exception, match=r"filled.xlsx: sheet 'Lab - Lab room 1', row \d+: "
                                        r"photo 'photos/leak.png'"):
        render_reports(out.run, out.folder, ["html"], "zh", ReportMeta())


# --------------------------------------------------------------------------- the CLI


def test_checklist_export_from_an_inventory(tmp_path: Path) -> None:
    inventory = tmp_path / "site.yaml"
    inventory.write_text(
        "hosts:\n"
        "  core-sw1: {host: 10.0.0.1, platform: huawei_vrp, site: 上海, room: B1-201}\n"
        "  ups-1: {host: 10.0.0.2, platform: snmp, kind: ups, site: 上海, room: B1-201}\n"
        "checklist:\n  drop: [room.lighting]\n", "utf-8")
    out = tmp_path / "c.xlsx"
    result = runner.invoke(app, ["checklist", "export", "-i", str(inventory), "--out", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).worksheets[1]
    items = [row[3] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "room.water" in items and "room.lighting" not in items and "ups.battery" in items
    bad = runner.invoke(app, ["checklist", "export", "-i", str(inventory), "--out",
                              str(tmp_path / "c.csv")])
    assert bad.exit_code == EXIT_CONFIG


def test_run_replay_with_a_bad_sheet_exits_3_naming_row_and_column(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, {"room.fire": "???"})
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--manual", str(sheet),
                                 "--out", str(tmp_path / "reports"), "--format", "none",
                                 "--no-history"])
    assert result.exit_code == EXIT_CONFIG
    assert "sheet 'Lab - Lab room 1', row" in result.output
    assert "column 结果: unknown result '???'" in result.output


def test_report_reads_a_sheet_into_a_stored_run(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    done = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(reports),
                               "--run-id", "r1", "--format", "none"])
    assert done.exit_code in (0, 1), done.output
    folder = reports / "r1"
    assert not (folder / "manual").exists()
    sheet = _sheet(tmp_path, {"room.water": "异常"})
    result = runner.invoke(app, ["report", str(folder), "--manual", str(sheet),
                                 "--format", "md"])
    assert result.exit_code == 0, result.output
    run = Run.model_validate_json((folder / "results.json").read_text("utf-8"))
    assert any(f.check_id == "manual.room.water" and f.is_problem for f in run.findings)
    assert "人工检查" in (folder / "summary.md").read_text("utf-8")
    with History(reports / "history.sqlite") as store:
        assert any(f.device == ROOM for f in store.findings("r1"))
    # A second sheet replaces the first one's findings, never adds to them.
    again = _sheet(tmp_path, {"room.water": "正常"}, "second.xlsx")
    assert runner.invoke(app, ["report", str(folder), "--manual", str(again),
                               "--format", "md"]).exit_code == 0
    run = Run.model_validate_json((folder / "results.json").read_text("utf-8"))
    water = [f for f in run.findings if f.check_id == "manual.room.water" and f.device == ROOM]
    assert len(water) == 1 and water[0].passed
    assert sorted(p.name for p in (folder / "manual").iterdir()) == [
        "manual.json", "photos", "second.xlsx"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_and_its_sheet_are_in_the_report_language(
        manual_run: RunOutput, tmp_path: Path, lang: str) -> None:
    from tests.report_language import (  # noqa: PLC0415 - shared with the language tests
        chinese_words,
        english_words,
        values,
        visible_html,
    )

    out = manual_run
    paths = render_reports(out.run, tmp_path, ["html", "xlsx"], lang, ReportMeta(),
                           bundle=out.folder / "bundle")
    html = paths["html"].read_text("utf-8")
    start = html.index('<section class="section" id="manual">')
    section = tmp_path / "section.html"
    section.write_text(html[start:html.index("</section>", start)], "utf-8")
    texts = visible_html(section)
    texts += [str(v) for row in load_workbook(paths["xlsx"])[
        "人工检查" if lang == "zh" else "Manual checks"].iter_rows(values_only=True)
        for v in row if isinstance(v, str)]
    data = values(out.run, ["静电地板下有积水", "photos/leak.png", "filled.xlsx", ROOM,
                            "Lab", "Chengdu campus / Building 3 floor 3 IDF",
                            "Chengdu DC / Hall B row 4"])
    wrong = (english_words if lang == "zh" else chinese_words)(texts, data)
    assert not wrong, wrong[:10]
