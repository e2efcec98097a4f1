"""Real SSH to the lab's modular chassis (Huawei S12708): its per-slot boards, PSUs and fan
trays parse into the inventory and sensors with their slot names, and the planted faults
(a board abnormal, one not registering, a PSU not supplying, a stopped fan, their alarms)
are found at their levels."""

from __future__ import annotations

from pathlib import Path

from inspector.checks import load_rules, run_checks
from inspector.lab.profiles import lab_overrides
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus, FamilyStatus, Severity
from inspector.pipeline import collect
from inspector.store.bundle import read_bundle
from tests.integration.conftest import host_for

NAME = "xa-core-s12708"


def test_chassis_faults_are_found_over_ssh(
        tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    devices = lab_devices(password=lab_password, names=(NAME,))
    serve(devices).start()
    out = collect([host_for(d) for d in devices], tmp_path, workers=1, run_id="chassis")
    result, = out.run.devices
    assert result.status == DeviceStatus.COMPLETE, result.error
    inventory, sensors = result.snapshot.inventory, result.snapshot.sensors
    assert inventory.status == FamilyStatus.OK and sensors.status == FamilyStatus.OK
    boards = {i.name: (i.kind, i.status) for i in inventory.data or []}
    assert boards["Slot 2"] == ("module", "unregistered")
    assert boards["Slot 3"] == ("module", "critical")
    assert boards["Slot 4"] == ("module", "absent")
    assert boards["PWR2"] == ("psu", "critical")
    assert boards["CMU1"] == ("module", "ok")
    parts = {(s.kind, s.name): s.status for s in sensors.data or []}
    assert parts[("fan", "FAN2 FAN 1")] == "critical"
    assert parts[("psu", "PWR2")] == "critical"
    assert parts[("temperature", "PWR1")] == "ok"
    # Read-only commands only.
    assert all(line.split()[0] in ("display", "screen-length", "compare", "quit")
               for line in devices[0].received), devices[0].received

    outputs = {rec.device.name: {c.command: c.output for c in rec.captures}
               for rec in read_bundle(out.folder / "bundle")}
    findings = [f for f in run_checks(out.run.devices, outputs, load_rules(),
                                      overrides=lab_overrides()) if f.device == NAME]
    found = {f.check_id: f for f in findings if not f.passed and not f.not_checked_reason}
    for check_id in ("modules.status", "power.psu_failed", "hardware.fan", "alarms.active"):
        assert found[check_id].severity == Severity.MAJOR, found[check_id]
        assert found[check_id].evidence, check_id
    assert "Slot 2" in found["modules.status"].observed
    assert "Slot 3" in found["modules.status"].observed
    # Three of four supplies still supply: redundancy is kept, so no redundancy finding.
    assert "power.redundancy" not in found
