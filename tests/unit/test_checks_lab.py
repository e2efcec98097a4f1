"""The lab's planted faults are all found, with their severity, and healthy devices raise no
finding above `info` (no false alarms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.checks import load_rules, run_checks
from inspector.lab.profiles import LAB_BUNDLE, lab_overrides, profiles
from inspector.model import Finding, Severity
from inspector.pipeline import RunOutput, replay
from inspector.store.bundle import read_bundle

# Planted fault (device, start of its description) -> the check that must report it.
EXPECTED: dict[tuple[str, str], str] = {
    ("bj-acc-c2960x", "rebooted 3 h"): "uptime.recent_reboot",
    ("bj-acc-c2960x", "CPU 94 %"): "cpu.utilization",
    ("bj-acc-c2960x", "processor pool"): "memory.utilization",
    ("bj-acc-c2960x", "18342 CRC"): "interfaces.errors",
    ("bj-acc-c2960x", "GigabitEthernet1/0/17"): "interfaces.err_disabled",
    ("bj-acc-c2960x", "fan 2 of switch 1"): "hardware.fan",
    ("bj-acc-c2960x", "power supply 1B"): "power.redundancy",
    ("bj-acc-c2960x", "system temperature"): "hardware.temperature",
    ("bj-acc-c2960x", "critical log lines"): "logs.severity",
    ("bj-acc-c2960x", "no default route"): "routes.default",
    ("bj-acc-c2960x", "OSPF neighbor"): "protocols.ospf",
    ("bj-acc-c2960x", "NTP unsynchronized"): "ntp.synchronized",
    ("bj-acc-c2960x", "running configuration"): "config.saved",
    ("cd-acc-s5350", "Fan 2 failed"): "hardware.fan",
    ("cd-acc-s5350", "Power supply 2 absent"): "power.redundancy",
    ("cd-acc-s5350", "AROUND_CHIP"): "hardware.temperature",
    ("cd-acc-s5350", "CPU 94%"): "cpu.utilization",
    ("cd-acc-s5350", "Memory utilization"): "memory.utilization",
    ("cd-acc-s5350", "Uplink eth-0-49"): "interfaces.errors",
    ("cd-acc-s5350", "Second uplink"): "interfaces.uplink_down",
    ("cd-acc-s5350", "eth-0-5 err-disabled"): "interfaces.err_disabled",
    ("cd-acc-s5350", "No default route"): "routes.default",
    ("cd-acc-s5350", "OSPF neighbor"): "protocols.ospf",
    ("cd-acc-s5350", "Critical log lines"): "logs.severity",
    ("cd-acc-s5350", "NTP unsynchronized"): "ntp.synchronized",
    ("gz-acc-s5130", "rebooted 2 h"): "uptime.recent_reboot",
    ("gz-acc-s5130", "fan 2 of slot 1"): "hardware.fan",
    ("gz-acc-s5130", "power supply 2 of slot 1"): "power.redundancy",
    ("gz-acc-s5130", "hotspot 1"): "hardware.temperature",
    ("gz-acc-s5130", "CPU 94 %"): "cpu.utilization",
    ("gz-acc-s5130", "memory 91.7 %"): "memory.utilization",
    ("gz-acc-s5130", "18342 CRC"): "interfaces.errors",
    ("gz-acc-s5130", "critical log lines"): "logs.severity",
    ("gz-acc-s5130", "active alarms"): "alarms.active",
    ("gz-acc-s5130", "no default route"): "routes.default",
    ("gz-acc-s5130", "OSPF neighbor"): "protocols.ospf",
    ("gz-acc-s5130", "BGP peer"): "protocols.bgp",
    ("gz-acc-s5130", "NTP unsynchronized"): "ntp.synchronized",
    ("gz-acc-s5130", "running configuration"): "config.saved",
    ("sh-acc-s5735", "fan 2 of slot 0"): "hardware.fan",
    ("sh-acc-s5735", "power supply PWR2"): "power.redundancy",
    ("sh-acc-s5735", "FAN2 board status"): "hardware.fan",
    ("sh-acc-s5735", "CPU utilization"): "cpu.utilization",
    ("sh-acc-s5735", "memory utilization"): "memory.utilization",
    ("sh-acc-s5735", "18342 CRC"): "interfaces.errors",
    ("sh-acc-s5735", "GigabitEthernet0/0/17"): "interfaces.err_disabled",
    ("sh-acc-s5735", "critical DEVM log lines"): "logs.severity",
    ("sh-acc-s5735", "active alarms"): "alarms.active",
    ("sh-acc-s5735", "OSPF neighbour"): "protocols.ospf",
    ("sh-acc-s5735", "no default route"): "routes.default",
    ("sh-acc-s5735", "NTP unsynchronized"): "ntp.synchronized",
    ("sh-acc-s5735", "running configuration"): "config.saved",
    ("sh-acc-s5735", "uptime 3 days"): "uptime.recent_reboot",
    ("wh-acc-s5750", "Power supply 2 cabled"): "power.psu_failed",
    ("wh-acc-s5750", "GigabitEthernet 0/1 has"): "interfaces.errors",
    ("wh-acc-s5750", "NTP unsynchronized"): "ntp.synchronized",
    ("wh-acc-s5750", "Log lines of level 3"): "logs.severity",
    ("bj-fw-fg600e", "secondary FG6H0ETB20905678"): "firewall.ha_sync",
    ("bj-fw-fg600e", "6712388 sessions"): "firewall.sessions",
    ("zj-fw-f1000", "3872114 sessions"): "firewall.sessions",
    ("sh-acc-s5735", "VRRP group 10 on Vlanif10"): "vrrp.master",
    ("gz-acc-s5130", "IRF member 2 down"): "stack.members",
    ("gz-acc-s5130", "IRF without MAD"): "stack.split_brain",
    ("cd-acc-s5350", "Dual uplinks"): "uplinks.dual",
    ("bj-acc-c2960x", "GigabitEthernet1/0/50 suspended"): "lag.members",
    # A Linux host (platform linux, over SSH exec channels).
    ("wh-web-rhel8", "/var 96% full"): "os.filesystem_usage",
    ("wh-web-rhel8", "kdump.service"): "os.failed_units",
    ("wh-web-rhel8", "kernel: I/O errors"): "os.kernel_errors",
    ("wh-web-rhel8", "md126 (RAID 1) degraded"): "os.md_raid",
    ("wh-web-rhel8", "sdb predicting failure"): "os.smart",
    ("wh-web-rhel8", "RAID 5 virtual drive /c0/v1 degraded"): "os.raid_volume",
    ("wh-web-rhel8", "bond0 slave ens1f1 down"): "os.bonds",
    ("wh-web-rhel8", "RAM 90% used"): "memory.utilization",
    # A storage array (Huawei OceanStor).
    ("sh-san-2600v3", "disk CTE0.5 failed"): "storage.disk",
    ("sh-san-2600v3", "StoragePool001 96% used"): "storage.pool_usage",
    ("sh-san-2600v3", "current alarms"): "alarms.active",
    # A modular chassis (Huawei S12708): boards, PSUs and fan trays in their own slots.
    ("xa-core-s12708", "board in slot 3"): "modules.status",
    ("xa-core-s12708", "PSU PWR2"): "power.psu_failed",
    ("xa-core-s12708", "fan 1 of fan tray FAN2"): "hardware.fan",
    ("xa-core-s12708", "chassis alarms"): "alarms.active",
}

# How the checklist grades what the lab plants: one failed fan of several is `major`
# (cooling degraded, not lost) on every platform, and syslog level-1/2 lines are `major`.
@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutput, list[Finding]]:
    out = replay(LAB_BUNDLE, tmp_path_factory.mktemp("lab"), run_id="lab")
    bundle = read_bundle(Path(out.folder) / "bundle")
    outputs = {rec.device.name: {c.command: c.output for c in rec.captures} for rec in bundle}
    # With the designed states of the lab's `expect:` sections, as `inspector demo` checks.
    return out, run_checks(out.run.devices, outputs, load_rules(), overrides=lab_overrides())


def _planted() -> list[tuple[str, str, Severity]]:
    return [(profile.name, fault.description, Severity(fault.severity))
            for profile, _ in profiles() for fault in profile.faults]


def _key(device: str, description: str) -> tuple[str, str] | None:
    return next((k for k in EXPECTED if k[0] == device and description.startswith(k[1])), None)


def test_every_planted_fault_has_an_expected_check() -> None:
    missing = [(d, desc) for d, desc, _ in _planted() if _key(d, desc) is None]
    assert not missing, "add these planted faults to EXPECTED: " + repr(missing)


@pytest.mark.parametrize(("device", "description", "severity"), _planted(),
                         ids=[f"{d}:{desc[:30]}" for d, desc, _ in _planted()])
def test_planted_fault_is_found(lab: tuple[RunOutput, list[Finding]], device: str,
                                description: str, severity: Severity) -> None:
    out, findings = lab
    if device not in {d.device.name for d in out.run.devices}:
        pytest.skip(f"{device} is not in the lab bundle's index.json yet")
    key = _key(device, description)
    assert key is not None
    check_id = EXPECTED[key]
    finding = next(f for f in findings if f.device == device and f.check_id == check_id)
    assert not finding.passed and finding.not_checked_reason is None, finding
    assert finding.severity == severity, finding.observed
    assert finding.recommendation_zh and finding.recommendation_en
    assert finding.evidence, f"{check_id} on {device} shows no evidence"


def test_healthy_devices_raise_no_alarm(lab: tuple[RunOutput, list[Finding]]) -> None:
    out, findings = lab
    healthy = {p.name for p, _ in profiles() if not p.faults}
    present = healthy & {d.device.name for d in out.run.devices}
    assert present
    alarms = [(f.device, f.check_id, f.severity, f.observed) for f in findings
              if f.device in present and f.severity not in (None, Severity.INFO)]
    assert not alarms


def test_every_device_gets_every_applicable_check(lab: tuple[RunOutput, list[Finding]]) -> None:
    out, findings = lab
    for result in out.run.devices:
        mine = [f for f in findings if f.device == result.device.name]
        assert {"cpu.utilization", "memory.utilization", "collection.unreachable"} <= {
            f.check_id for f in mine}
        assert all(f.passed or f.severity or f.not_checked_reason for f in mine)
