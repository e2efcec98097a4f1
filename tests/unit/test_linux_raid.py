"""Hardware RAID controllers (storcli, perccli, ssacli) and multipath on a Linux host: from
the tools' outputs (the fixtures under tests/fixtures/linux/storage) to the checks' levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.checks import load_rules, run_checks
from inspector.model import Capture, Device, DeviceResult, DeviceStatus, Finding, Severity
from inspector.parsing.builders import build_snapshot
from tests.fixture_cases import Case

STORAGE = Path(__file__).resolve().parents[1] / "fixtures" / "linux" / "storage"
RAID_CHECKS = ("os.raid_controller", "os.raid_volume", "os.raid_disk", "os.multipath")


def _findings(*cases: str) -> dict[str, Finding]:
    captures: list[Capture] = []
    for name in cases:
        captures += Case("linux", "storage", name, STORAGE / name).captures()
    device = Device(name="host", platform="linux", role="datacenter")
    captures = [c.model_copy(update={"device": "host"}) for c in captures]
    snapshot = build_snapshot(device, captures)
    assert snapshot.device.kind == "server-os"
    result = DeviceResult(device=device, snapshot=snapshot, status=DeviceStatus.COMPLETE,
                          reason="")
    outputs = {"host": {c.command: c.output for c in captures}}
    return {f.check_id: f for f in run_checks([result], outputs, load_rules())
            if f.check_id in RAID_CHECKS}


def test_megaraid_faults_graded_by_their_levels() -> None:
    found = _findings("rhel8_megaraid_degraded", "multipath_failed_paths")
    # An offline virtual drive 一级 (a degraded one beside it is 二级), the CacheVault needing
    # attention 二级, a drive unconfigured bad 二级, failed paths 二级.
    assert found["os.raid_volume"].severity is Severity.CRITICAL
    assert found["os.raid_controller"].severity is Severity.MAJOR
    assert found["os.raid_disk"].severity is Severity.MAJOR
    assert found["os.multipath"].severity is Severity.MAJOR
    assert all(f.evidence for f in found.values())


def test_smart_array_degraded_volume_and_failed_drive() -> None:
    found = _findings("hpe_smart_array_faulty")
    assert found["os.raid_volume"].severity is Severity.MAJOR  # Interim Recovery Mode
    assert found["os.raid_controller"].severity is Severity.MAJOR  # battery failed
    # A failed drive beside one predicting its failure: the worse grades the check.
    assert found["os.raid_disk"].severity is Severity.MAJOR


def test_a_drive_predicting_failure_alone_is_minor() -> None:
    folder = STORAGE / "hpe_smart_array_faulty"
    config = (folder / "sudo_-n_ssacli_ctrl_all_show_config.txt").read_text(encoding="utf-8")
    found = _findings_from_text("sudo -n ssacli ctrl all show config",
                                config.replace("600 GB, Failed)", "600 GB, OK)")
                                .replace("RAID 5, Interim Recovery Mode", "RAID 5, OK"))
    assert found["os.raid_disk"].severity is Severity.MINOR
    assert found["os.raid_volume"].passed


def _findings_from_text(command: str, output: str) -> dict[str, Finding]:
    device = Device(name="host", platform="linux", role="datacenter")
    captures = [Capture(device="host", command=command, output=output)]
    result = DeviceResult(device=device, snapshot=build_snapshot(device, captures),
                          status=DeviceStatus.COMPLETE, reason="")
    return {f.check_id: f for f in run_checks([result], {"host": {command: output}},
                                              load_rules()) if f.check_id in RAID_CHECKS}


@pytest.mark.parametrize("cases", [("kylin_perc_optimal", "multipath_all_active"),
                                   ("hpe_smart_array_ok",)])
def test_healthy_controllers_and_paths_pass(cases: tuple[str, ...]) -> None:
    found = _findings(*cases)
    for check_id in ("os.raid_controller", "os.raid_volume", "os.raid_disk"):
        assert found[check_id].passed, found[check_id]


def test_a_host_without_the_tools_is_not_applicable_never_passed() -> None:
    # sudo permits storcli but it is not installed; multipath lists no map.
    found = _findings("storcli_not_installed", "multipath_no_maps")
    for check_id in RAID_CHECKS:
        assert not found[check_id].passed and found[check_id].severity is None
        assert "not applicable" in (found[check_id].not_checked_reason or "")
