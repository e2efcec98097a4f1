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
