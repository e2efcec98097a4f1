"""One row per component, and an item nobody configured said once.

A fan or power supply listed by two commands (its state among the sensors, its model and
serial in the inventory) is one row with one state; a check that needs a setting nobody
made (the firmware baseline) is one note under the matrix, not a column of "not checked",
and the coverage still counts it as it always has.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inspector.checks import load_rules, run_checks
from inspector.model import (
    Device,
    DeviceResult,
    DeviceStatus,
    Facts,
    Family,
    FamilyStatus,
    InventoryItem,
    Run,
    Sensor,
    Snapshot,
    SourceResult,
)
from inspector.report.devices import build_detail
from inspector.report.findings import build_matrix, coverage, findings_by_device
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.report.meta import ReportMeta
from inspector.report.parts import PartKey, merge_parts, part_key
from inspector.report.view import build_view


@pytest.mark.parametrize(("name", "key"), [
    ("Fan 2", PartKey(None, "fan2")),
    ("Slot 0 FAN 2", PartKey("0", "fan2")),
    ("Slot 0 FAN2", PartKey("0", "fan2")),
    ("FAN2", PartKey(None, "fan2")),
    ("Fan2(sys_fan2)", PartKey(None, "fan2")),
    ("Power Supply 2", PartKey(None, "psu2")),
    ("Slot 1 Power 2", PartKey("1", "psu2")),
    ("Slot 0 PWR2", PartKey("0", "psu2")),
    ("Switch 1 PS 1A", PartKey("1", "psua")),
    ("Switch 1 - Power Supply A", PartKey("1", "psua")),
    ("PSU0_Status", PartKey(None, "psu0")),
    ("PSU0_FRU", PartKey(None, "psu0")),
    ("FAN PS-1", PartKey(None, "fanpsu1")),  # the fan inside supply 1: not supply 1
])
def test_part_names_normalize(name: str, key: PartKey) -> None:
    assert part_key(name) == key


def test_a_part_seen_twice_is_one_row_with_the_sensor_state() -> None:
    sensors = [Sensor(name="Fan 2", kind="fan", status="critical"),
               Sensor(name="Power Supply 2", kind="psu", status="absent"),
               Sensor(name="Fan 1", kind="fan", status="ok"),
               Sensor(name="Slot 1 FAN1", kind="fan", status="ok")]
    items = [InventoryItem(name="Fan 2", kind="fan", status="critical", model="FAN-X",
                           serial="S2"),
             InventoryItem(name="Power Supply 2", kind="psu", status="absent"),
             InventoryItem(name="Fan 1", kind="fan", status="ok", model="FAN-X", serial="S1"),
             InventoryItem(name="FAN1", kind="fan", status="ok", serial="S9"),
             InventoryItem(name="PWR9", kind="psu", status="registered", model="PAC-9")]
    parts = merge_parts(sensors, items)
    assert [(p.name, p.state, p.serial) for p in parts] == [
        ("Fan 2", "critical", "S2"), ("Power Supply 2", "absent", None),
        ("Fan 1", "ok", "S1"), ("Slot 1 FAN1", "ok", "S9"), ("PWR9", "ok", None)]
    assert parts[-1].word == "registered"  # the inventory's own word, for the table


def _ok(data: object, command: str) -> Family:  # type: ignore[type-arg]
    return Family(status=FamilyStatus.OK, data=data,
                  sources=[SourceResult(command=command, status="ok", records=1)])


def _switch(name: str) -> DeviceResult:
    device = Device(name=name, host="10.0.0.1", platform="inspur_cnos", role="access")
    snapshot = Snapshot(
        device=device,
        facts=_ok(Facts(hostname=name, os_version="9.4.1"), "show version"),
        sensors=_ok([Sensor(name="Fan 2", kind="fan", status="critical"),
                     Sensor(name="Power Supply 2", kind="psu", status="absent"),
                     Sensor(name="Power Supply 1", kind="psu", status="ok")],
                    "show environment"),
        inventory=_ok([InventoryItem(name="Fan 2", kind="fan", status="critical"),
                       InventoryItem(name="Power Supply 2", kind="psu", status="absent"),
                       InventoryItem(name="Power Supply 1", kind="psu", status="ok",
                                     model="PSU650")], "show environment"))
    return DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snapshot)


def test_the_device_table_lists_each_part_once_in_the_report_language() -> None:
    result = _switch("sw-1")
    findings = run_checks([result], {}, load_rules())
    detail = build_detail(result, findings, Formatter(Translator("zh")))
    assert [row.cells[0] for row in detail.parts] == ["Fan 2", "Power Supply 2",
                                                      "Power Supply 1"]
    assert [row.cells[-1] for row in detail.parts] == ["严重", "不在位", "正常"]
    assert detail.parts[-1].cells[2] == "PSU650"


def test_an_unconfigured_baseline_is_one_note_not_a_column() -> None:
    results = [_switch("sw-1"), _switch("sw-2")]
    findings = run_checks(results, {}, load_rules())
    baseline = [f for f in findings if f.check_id == "firmware.baseline"]
    assert {f.not_checked_cause for f in baseline} == {"not_configured"}
    run = Run(run_id="r", mode="replay", started=datetime(2026, 11, 21, tzinfo=UTC),
              devices=results, findings=findings)
    matrix = build_matrix(results, findings_by_device(run))
    assert "firmware" not in matrix.categories  # baseline and changes: noted, not judged
    assert {(n.check_id, n.cause, n.devices) for n in matrix.notes} >= {
        ("firmware.baseline", "not_configured", 2), ("firmware.changed", "no_baseline", 2)}
    for lang, said in (("zh", "未配置版本基线"), ("en", "No firmware baseline configured")):
        view = build_view(run, ReportMeta(), Translator(lang))
        assert any(text.startswith(said) and "2" in text for text in view.matrix_notes)
        # Each device's own table leaves the setting to that note.
        assert all("firmware.baseline" not in row.cells for d in view.devices
                   for row in d.unchecked)
    # The coverage counts the unconfigured item as before: not checked.
    covered = coverage(f for f in findings if f.device == "sw-1")
    assert covered.causes["not_configured"] >= 1
    assert covered.not_checked >= covered.causes["not_configured"]


def _findings_html(run: Run, lang: str) -> str:
    from inspector.report.html import render_html  # noqa: PLC0415 - loads the renderer

    html = render_html(build_view(run, ReportMeta(), Translator(lang)), Translator(lang))
    return html[html.index('id="findings"'):html.index("</section>", html.index('id="findings"'))]


def _group(html: str, check_id: str) -> str:
    at = html.index(f'<span class="mono">{check_id}</span>')
    return html[html.rindex('<div class="finding', 0, at):html.index('<div class="advice"', at)]


def test_a_threshold_shared_by_a_group_is_said_once_above_its_table() -> None:
    results = [_switch("sw-1"), _switch("sw-2"), _switch("sw-3")]
    findings = run_checks(results, {}, load_rules())
    fan = [f for f in findings if f.check_id == "hardware.fan" and f.severity]
    assert len(fan) == 3 and len({f.threshold_zh or f.threshold for f in fan}) == 1
    run = Run(run_id="r", mode="replay", started=datetime(2026, 11, 21, tzinfo=UTC),
              devices=results, findings=findings)
    group = _group(_findings_html(run, "zh"), "hardware.fan")
    assert group.count("<th>判定标准</th>") == 1
    assert '<table class="kv">' in group
    assert "<th>编号</th><th>设备</th><th>实测值</th></tr>" in group
    assert group.count("<tr><td>F-") == 3

    # Thresholds that differ between devices stay on each row.
    changed = [f.model_copy(update={"threshold": "fans working < 2", "threshold_zh": "风扇 < 2"})
               if f.check_id == "hardware.fan" and f.device == "sw-2" else f for f in findings]
    group = _group(_findings_html(run.model_copy(update={"findings": changed}), "zh"),
                   "hardware.fan")
    assert '<table class="kv">' not in group
    assert "<th>实测值</th><th>判定标准</th></tr>" in group
    assert "风扇 &lt; 2" in group
