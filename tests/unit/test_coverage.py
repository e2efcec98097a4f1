"""Coverage stated: no item passes without data, every item of a device's checklist is
passed, a finding or not checked with its cause, and the score says what it rests on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.checks import load_rules, run_checks
from inspector.model import (
    Device,
    DeviceResult,
    DeviceStatus,
    Family,
    FamilyStatus,
    InventoryItem,
    Run,
    Session,
    SourceResult,
    Ups,
)
from inspector.report import render_reports
from inspector.report.findings import coverage, overall_score
from tests.unit.test_checks import check, iface, snapshot


def test_no_err_disabled_state_is_not_a_pass() -> None:
    finding = check("interfaces.err_disabled", snapshot(interfaces=[iface(), iface("Gi1/0/2")]))
    assert finding is not None and not finding.passed
    assert finding.not_checked_cause == "no_data"


def test_parts_without_a_state_are_not_working_parts() -> None:
    fans = [InventoryItem(name="FAN1", kind="fan"), InventoryItem(name="FAN2", kind="fan")]
    psus = [InventoryItem(name="PWR1", kind="psu")]
    for check_id in ("hardware.fan", "power.psu_failed"):
        finding = check(check_id, snapshot(inventory=fans + psus))
        assert finding is not None and not finding.passed, finding
        assert finding.not_checked_reason is not None


def test_an_empty_neighbour_list_proves_nothing_when_its_command_failed() -> None:
    sessions = Family[Any](
        status=FamilyStatus.PARTIAL, reason="`show ip ospf neighbor`: timed out",
        data=[Session(protocol="bgp", peer="10.0.0.9", state="established", established=True)],
        sources=[SourceResult(command="show ip ospf neighbor", status="failed",
                              reason="timed out"),
                 SourceResult(command="show ip bgp summary", status="ok", records=1)])
    finding = check("protocols.ospf", snapshot(sessions=sessions))
    assert finding is not None and not finding.passed
    assert finding.not_checked_cause == "failed"
    assert check("protocols.bgp", snapshot(sessions=sessions)).passed  # type: ignore[union-attr]


def test_ups_alarms_unread_are_not_no_alarm() -> None:
    unread = Ups(status="online", battery_status="normal")
    finding = check("ups.alarms", snapshot("ups", ups=unread))
    assert finding is not None and not finding.passed and finding.not_checked_reason
    read = check("ups.alarms", snapshot("ups", ups=unread.model_copy(update={"alarms": []})))
    assert read is not None and read.passed


def test_no_uplink_named_is_not_configured() -> None:
    finding = check("interfaces.uplink_down", snapshot(interfaces=[iface(description="pc")]))
    assert finding is not None and finding.not_checked_cause == "not_configured"


def _unreachable_run() -> Run:
    device = Device(name="core-sw1", host="10.0.0.1", platform="huawei_vrp", role="core")
    result = DeviceResult(device=device, status=DeviceStatus.UNREACHABLE,
                          reason="connection timed out", snapshot=snapshot().model_copy(
                              update={"device": device}))
    result.snapshot = result.snapshot.model_copy(update={
        name: Family[Any](status=FamilyStatus.NOT_COLLECTED)
        for name in ("interfaces", "sessions", "inventory", "ups")})
    run = Run(run_id="r1", mode="live", started=datetime(2026, 11, 21, tzinfo=UTC),
              devices=[result])
    run.findings = run_checks([result], {}, load_rules())
    return run


def test_a_run_where_nothing_could_be_checked_has_no_score(tmp_path: Path) -> None:
    run = _unreachable_run()
    covered = coverage(run.findings)
    assert covered.checked == 0 and covered.not_checked > 0
    assert covered.causes["unreachable"] == covered.not_checked
    score = overall_score([None], covered)
    assert score.value is None and score.grade == "unchecked"
    paths = render_reports(run, tmp_path, formats=["md", "html"])
    text = paths["md"].read_text("utf-8")
    assert "85" not in text  # an unreachable device used to score 100 - 15
    assert "无法评分" in text and "设备无法连接" in text
    html = paths["html"].read_text("utf-8")
    assert "没有任何检查项完成检查" in html


def test_a_partly_checked_score_says_its_coverage(tmp_path: Path) -> None:
    snap = snapshot(interfaces=[iface(err_disabled=False)])
    result = DeviceResult(device=snap.device, status=DeviceStatus.PARTIAL, snapshot=snap)
    run = Run(run_id="r2", mode="live", started=datetime(2026, 11, 21, tzinfo=UTC),
              devices=[result])
    run.findings = run_checks([result], {}, load_rules())
    covered = coverage(run.findings)
    assert 0 < covered.checked < covered.applicable
    assert covered.causes["not_collected"] > 0
    text = render_reports(run, tmp_path, formats=["md"], lang="en")["md"].read_text("utf-8")
    assert f"({covered.pct}% checked)" in text
    assert "not collected" in text
