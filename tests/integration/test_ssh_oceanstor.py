"""Real SSH to the lab's OceanStor arrays (the `inspector:/>` prompt, OceanStor's own pager
turned off through the guard): every family comes back as recorded, the planted faults
are found at their levels, and the healthy array gives nothing above 四级."""

from __future__ import annotations

from pathlib import Path

from inspector.checks import load_rules, run_checks
from inspector.lab.profiles import recordings
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus, Severity
from inspector.parsing.builders import build_snapshot
from inspector.parsing.platforms import Unsupported, get_platform
from inspector.pipeline import collect
from tests.integration.conftest import host_for

NAMES = ("bj-san-5500v5", "sh-san-2600v3")
PAGER_OFF = "change cli more_enabled=no"


def test_oceanstor_arrays_are_collected_over_ssh_and_judged(
        tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    devices = lab_devices(password=lab_password, names=NAMES)
    serve(devices).start()
    live = collect([host_for(d) for d in devices], tmp_path, workers=2, run_id="live").run
    recorded = {r.device.name: build_snapshot(r.device, r.captures) for r in recordings()
                if r.device.name in NAMES}
    platform = get_platform("huawei_oceanstor")
    for result in live.devices:
        assert result.status == DeviceStatus.COMPLETE, result.reason
        assert result.device.kind == "storage"
        for family in FAMILY_NAMES:
            got = result.snapshot.family(family)
            expected = FamilyStatus.UNSUPPORTED if isinstance(
                platform.families[family], Unsupported) else FamilyStatus.OK
            assert got.status == expected, (result.device.name, family, got.reason)
            assert got.model_dump()["data"] == \
                recorded[result.device.name].family(family).model_dump()["data"]
    for device in devices:
        # The outputs are longer than the lab's page: the pager went off before the first
        # `show`, and nothing but `show`, the pager setting and netmiko's own paging try
        # (which OceanStor rejects) was typed.
        assert device.received.index(PAGER_OFF) < min(
            i for i, line in enumerate(device.received) if line.startswith("show "))
        assert set(device.received) - {PAGER_OFF, "screen-length 0 temporary", "quit"} == {
            line for line in device.received if line.startswith("show ")}

    findings = run_checks(live.devices, {}, load_rules())
    problems = {(f.device, f.check_id): f.severity for f in findings if f.is_problem}
    assert problems[("sh-san-2600v3", "storage.disk")] == Severity.MAJOR
    assert problems[("sh-san-2600v3", "storage.pool_usage")] == Severity.MAJOR
    assert problems[("sh-san-2600v3", "alarms.active")] == Severity.MAJOR
    healthy = {check: level for (device, check), level in problems.items()
               if device == "bj-san-5500v5"}
    assert all(level == Severity.INFO for level in healthy.values()), healthy
    passed = {f.check_id for f in findings if f.device == "bj-san-5500v5" and f.passed}
    assert {"storage.controller", "storage.disk", "storage.pool_usage", "storage.lun",
            "storage.bbu", "ha.redundancy", "power.psu_failed", "hardware.fan"} <= passed
