"""The period summary's counting over a run store: a problem persisting over several runs is
one problem with its duration, resolution rate and mean time to resolve, a run that did not
reach a device resolves nothing, planned periods without an inspection are flagged, and the
tracker's assignments are shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.model import (
    Cpu,
    Device,
    DeviceResult,
    DeviceStatus,
    Facts,
    Family,
    FamilyStatus,
    Finding,
    Reading,
    Run,
    Severity,
    Snapshot,
)
from inspector.report.meta import ReportMeta
from inspector.report.period import build_summary
from inspector.report.period.plan import slots
from inspector.store.history import History
from inspector.tracker.assignments import Assignment, save_assignments

runner = CliRunner()
SEP, OCT, DEC = (datetime(2026, 9, 10, 2, tzinfo=UTC), datetime(2026, 10, 12, 2, tzinfo=UTC),
                 datetime(2026, 12, 8, 2, tzinfo=UTC))
META = ReportMeta(customer="示例银行", engineer="张三", date="2026-12-31")


def _result(name: str, cpu: float, version: str = "V1",
            status: DeviceStatus = DeviceStatus.COMPLETE) -> DeviceResult:
    device = Device(name=name, host="10.0.0.1", platform="huawei_vrp")
    reached = status in (DeviceStatus.COMPLETE, DeviceStatus.PARTIAL)
    snapshot = Snapshot(device=device) if not reached else Snapshot(
        device=device, cpu=Family(status=FamilyStatus.OK, data=[Cpu(slot="0", avg_5m_pct=cpu)]),
        facts=Family(status=FamilyStatus.OK, data=Facts(os_version=version)))
    return DeviceResult(device=device, status=status, snapshot=snapshot)


def _psu(device: str, failing: bool) -> Finding:
    """power.redundancy on PSU 2 of `device`: failing (major) or passed."""
    severity = Severity.MAJOR if failing else None
    return Finding(check_id="power.redundancy", category="power", device=device,
                   severity=severity, passed=not failing, message_zh="电源模块故障",
                   message_en="power supply failed",
                   readings=[Reading(subject="PSU 2", severity=severity)])


def _fan(device: str, failing: bool) -> Finding:
    severity = Severity.CRITICAL if failing else None
    return Finding(check_id="hardware.fan", category="physical", device=device,
                   severity=severity, passed=not failing, message_zh="风扇故障",
                   message_en="fan failed", readings=[Reading(subject="FAN 1", severity=severity)])


def _record(store: History, folder: Path, run_id: str, started: datetime,
            results: list[DeviceResult], findings: list[Finding]) -> None:
    run = Run(run_id=run_id, mode="replay", started=started,
              ended=started + timedelta(minutes=5), devices=results, findings=findings)
    store.record(run, folder / run_id)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[History]:
    """Three runs (September, October, December; none in November) of two switches:
    sw-a's PSU fails in all three (one persisting problem), sw-b's fan fails in September
    and is fixed by October; sw-b is unreachable in December; sw-a's firmware changes."""
    store = History(tmp_path / "history.sqlite")
    _record(store, tmp_path, "sep", SEP, [_result("sw-a", 40), _result("sw-b", 20)],
            [_psu("sw-a", True), _fan("sw-b", True), _psu("sw-b", False)])
    _record(store, tmp_path, "oct", OCT, [_result("sw-a", 55), _result("sw-b", 25)],
            [_psu("sw-a", True), _fan("sw-b", False), _psu("sw-b", False)])
    _record(store, tmp_path, "dec", DEC,
            [_result("sw-a", 70, version="V2"),
             _result("sw-b", 0, status=DeviceStatus.UNREACHABLE)],
            [_psu("sw-a", True)])
    yield store
    store.close()


def test_a_persisting_problem_is_counted_once_with_its_duration(store: History) -> None:
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    stats = view.stats
    assert len(stats.problems) == 2  # three runs saw sw-a's PSU: still one problem
    levels = {row.level: (row.total, row.open, row.resolved) for row in stats.levels}
    assert levels["major"] == (1, 1, 0) and levels["critical"] == (1, 0, 1)
    assert [(c, n) for c, n, _ in stats.categories] == [("physical", 1), ("power", 1)]
    (psu,) = view.open_rows
    assert (psu.device, psu.runs, psu.first) == ("sw-a", 3, "2026-09-10")
    assert psu.days == (DEC - SEP).days  # known from its first run to the last one
    months = {row.month.start.month: (row.new, row.resolved, row.open_end)
              for row in stats.months}
    assert months == {9: (2, 0, 2), 10: (0, 1, 1), 11: (0, 0, 1), 12: (0, 0, 1)}


def test_resolution_rate_and_mean_time_to_resolve(store: History) -> None:
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    assert view.stats.resolution_pct == 50
    assert view.stats.mttr_days == (OCT - SEP).days
    (fan,) = view.resolved_rows
    assert (fan.device, fan.resolved) == ("sw-b", "2026-10-12")


def test_an_unreachable_device_resolves_nothing_and_lowers_its_availability(
        tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as store:
        _record(store, tmp_path, "one", SEP, [_result("sw-b", 20)], [_fan("sw-b", True)])
        _record(store, tmp_path, "two", OCT,
                [_result("sw-b", 0, status=DeviceStatus.UNREACHABLE)], [])
        view = build_summary(store, date(2026, 9, 1), date(2026, 10, 31), META)
    assert [r.device for r in view.open_rows] == ["sw-b"]
    (row,) = view.availability
    assert (row.answered, row.included, row.last_failure) == (1, 2, OCT)


def test_a_planned_period_without_an_inspection_is_flagged(store: History) -> None:
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    assert [(s.start.month, s.done) for s in view.slots] == [
        (9, True), (10, True), (11, False), (12, True)]
    assert any("2026 年 11 月" in line for line in view.intro)
    quarterly = build_summary(store, date(2026, 7, 1), date(2026, 12, 31), META, "en",
                              plan="quarterly")
    assert [(s.start, s.done) for s in quarterly.slots] == [
        (date(2026, 7, 1), True), (date(2026, 10, 1), True)]
    weeks = slots(date(2026, 9, 1), date(2026, 9, 30), "weekly")  # a Tuesday to a Wednesday
    assert (weeks[0].start, weeks[0].end, len(weeks)) == (date(2026, 9, 1), date(2026, 9, 7), 5)


def test_a_problem_back_after_resolution_is_recurring(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as store:
        for run_id, started, failing in (("a", SEP, True), ("b", OCT, False), ("c", DEC, True)):
            _record(store, tmp_path, run_id, started, [_result("sw-b", 20)],
                    [_fan("sw-b", failing)])
        view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    assert len(view.stats.problems) == 1
    (row,) = view.recurring_rows
    assert (row.reopened, row.runs) == (1, 2)


def test_firmware_changes_and_trends(store: History) -> None:
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    (change,) = view.changes
    assert (change.device, change.item, change.before, change.after) == (
        "sw-a", "os_version", "V1", "V2")
    cpu = next(t for t in view.trends if t.metric == "cpu")
    assert [(s.device, [v for _, v in s.points]) for s in cpu.series] == [
        ("sw-a", [40, 55, 70]), ("sw-b", [20, 25])]


def test_the_trackers_assignment_is_shown_and_overdue_flagged(store: History) -> None:
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    pid = view.open_rows[0].id
    save_assignments(store, {pid: Assignment("李工", date(2026, 11, 30), "待备件")})
    view = build_summary(store, date(2026, 9, 1), date(2026, 12, 31), META)
    (row,) = view.open_rows
    assert (row.owner, row.due, row.note, row.overdue) == ("李工", "2026-11-30", "待备件", True)
    assert any("超过计划完成日期" in line for line in view.advice)


def test_summary_command_writes_the_workbook_and_markdown(store: History,
                                                          tmp_path: Path) -> None:
    db = str(store.path)
    store.close()
    result = runner.invoke(app, ["summary", "--from", "2026-09-01", "--to", "2026-12-31",
                                 "--history", db, "--out", str(tmp_path / "s"),
                                 "--format", "xlsx,md", "--customer", "示例银行",
                                 "--contract", "HT-2026-01"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s" / "service-summary.md").read_text("utf-8")
    assert "示例银行" in text and "HT-2026-01" in text
    assert "| 2026 年 11 月 |  | 未巡检 |" in text
    assert (tmp_path / "s" / "service-summary.xlsx").stat().st_size > 0
    for bad in (["--plan", "daily"], ["--from", "2026-13-01"], ["--to", "2026-08-01"]):
        args = ["summary", "--from", "2026-09-01", "--to", "2026-12-31", "--history", db, *bad]
        assert runner.invoke(app, args).exit_code == 3, bad
    result = runner.invoke(app, ["summary", "--from", "2020-01-01", "--to", "2020-03-31",
                                 "--history", db])
    assert result.exit_code == 3 and "no complete run" in result.output


def test_report_settings_come_from_the_inventory(store: History, tmp_path: Path) -> None:
    """The inventory's report section as the run report takes it; a quarterly type makes
    the plan quarterly; the command line overrides the inventory."""
    inventory = tmp_path / "site.yaml"
    inventory.write_text(
        "report:\n  customer: 某某银行\n  type: 季度巡检\n  contract: HT-9\n"
        "  engineer: [王五, 赵六]\n"
        "hosts:\n  sw-a: {host: 10.0.0.1, platform: huawei_vrp}\n", "utf-8")
    db = str(store.path)
    result = runner.invoke(app, ["summary", "--from", "2026-07-01", "--to", "2026-12-31",
                                 "--history", db, "--out", str(tmp_path / "q"), "-i",
                                 str(inventory), "--format", "md", "--contract", "HT-10",
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "q" / "service-summary.md").read_text("utf-8")
    assert "| Q3 2026 | 2026-09-10 | inspected |" in text
    assert "某某银行" in text and "王五, 赵六" in text and "HT-10" in text and "HT-9" not in text
