"""Rule files, override precedence, the `rules` sub-commands, and robustness of every check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from inspector.checks import RuleError, load_rules, parse_overrides, run_checks
from inspector.cli.rules import rules_app
from inspector.model import (
    FAMILY_NAMES,
    Config,
    Cpu,
    Device,
    DeviceResult,
    DeviceStatus,
    Facts,
    Family,
    FamilyStatus,
    Filesystem,
    HaMember,
    HealthStatus,
    Interface,
    InventoryItem,
    Lag,
    LagMember,
    License,
    LogEntry,
    Memory,
    MemoryModule,
    Neighbor,
    Ntp,
    OsState,
    Routes,
    Sensor,
    Service,
    Session,
    SessionUsage,
    Severity,
    Snapshot,
    Stack,
    StackMember,
    StoragePart,
    StpInstance,
    Ups,
    VpnTunnel,
    VrrpGroup,
)

RULE_FILE = """\
version: 1
rules:
  cpu.utilization: {major: 60, minor: 50}
groups:
  core:
    cpu.utilization: {major: 40}
  dc:
    cpu.utilization: {minor: 30}
devices:
  sw1:
    cpu.utilization: {minor: 20}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def device(name: str = "sw1", groups: list[str] | None = None) -> Device:
    return Device(name=name, platform="huawei_vrp", role="core", groups=groups or [])


def test_builtin_pack_loads() -> None:
    rules = load_rules()
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids)) >= 35
    assert all(r.category in rules.categories for r in rules.rules)


def test_precedence_default_file_group_device(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, RULE_FILE))
    rule = rules.get("cpu.utilization")
    inventory = parse_overrides({"groups": {"core": {"cpu.utilization": {"critical": 70}}},
                                 "devices": {"sw1": {"cpu.utilization": {"minor": 10}}}}, rules)
    plain = rules.resolve(rule, device("other"), inventory)
    assert plain.thresholds[Severity.CRITICAL] == 95 and plain.origin("critical") == "default"
    assert plain.thresholds[Severity.MAJOR] == 60
    assert plain.origin("major").startswith("rule file ")
    grouped = rules.resolve(rule, device("other", ["core"]), inventory)
    assert grouped.thresholds[Severity.MAJOR] == 40
    assert grouped.origin("major").endswith("group core")
    assert grouped.thresholds[Severity.CRITICAL] == 70
    assert grouped.origin("critical") == "inventory group core"
    # Later groups win over earlier ones; the device wins over every group.
    both = rules.resolve(rule, device("other", ["core", "dc"]), inventory)
    assert both.thresholds[Severity.MINOR] == 30
    mine = rules.resolve(rule, device("sw1", ["core", "dc"]), inventory)
    assert mine.thresholds[Severity.MINOR] == 10
    assert mine.origin("minor") == "inventory device sw1"


def test_overrides_change_the_verdict() -> None:
    rules = load_rules()
    snap = Snapshot(device=device("sw1", ["core"]),
                    cpu=Family[Any](status=FamilyStatus.OK, data=[Cpu(avg_5m_pct=50)]))
    result = DeviceResult(device=snap.device, status=DeviceStatus.COMPLETE, snapshot=snap)

    def cpu(overrides: Any) -> Any:
        found = run_checks([result], {}, rules, overrides=overrides)
        return next(f for f in found if f.check_id == "cpu.utilization")

    assert cpu(None).passed
    assert cpu({"groups": {"core": {"cpu.utilization": {"major": 45}}}}).severity == "major"
    device_wins = {"groups": {"core": {"cpu.utilization": {"major": 45}}},
                   "devices": {"sw1": {"cpu.utilization": {"major": None, "minor": None}}}}
    assert cpu(device_wins).passed


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("rules:\n  cpu.utilization: {majr: 70}\n", 2, "rules.cpu.utilization.majr: unknown key"),
    ("rules:\n  cpu.utilization:\n    major: high\n", 3,
     "rules.cpu.utilization.major: 'high': must be a number"),
    ("rules:\n  hardware.fan:\n    failed: severe\n", 3,
     "rules.hardware.fan.failed: 'severe': must be one of critical, major, minor, info"),
    ("rules:\n  cpu.utilisation: {major: 70}\n", 2, "unknown check id 'cpu.utilisation'"),
    ("rules:\n  cpu.utilization: {major: 70\n", 3, "(YAML): not valid YAML"),
    ("colours: red\n", 1, "colours: unknown key 'colours'"),
    ("groups:\n  core:\n    env.room_temperature: {minor: [30, 20]}\n", 3,
     "must be a range [low, high]"),
    ("devices:\n  sw1:\n    ntp.synchronized: {enabled: perhaps}\n", 3,
     "must be true or false"),
    ("rules:\n  firmware.baseline: {baseline: V1}\n", 2, "must be a list"),
])
def test_malformed_rule_files(tmp_path: Path, text: str, line: int, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert expected in message


def test_malformed_overrides_name_the_field() -> None:
    rules = load_rules()
    with pytest.raises(RuleError, match=r"inventory:\?: groups\.core\.cpu\.utilization\.majr"):
        parse_overrides({"groups": {"core": {"cpu.utilization": {"majr": 1}}}}, rules)
    with pytest.raises(RuleError, match="unknown key; allowed: groups, devices"):
        parse_overrides({"hosts": {}}, rules)
    with pytest.raises(RuleError, match="unknown check id"):
        run_checks([], {}, rules, overrides={"devices": {"sw1": {"nope.nope": {}}}})


def test_rules_cli_list_and_show(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(rules_app, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "cpu.utilization" in listed.output and "ups.runtime" in listed.output
    path = write(tmp_path, RULE_FILE)
    shown = runner.invoke(rules_app, ["show", "cpu.utilization", "--rules", str(path),
                                      "--group", "core", "--device", "sw1"])
    assert shown.exit_code == 0, shown.output
    assert "threshold critical: 95 %  [default]" in shown.output
    assert f"threshold major: 40 %  [{path} group core]" in shown.output
    assert f"threshold minor: 20 %  [{path} device sw1]" in shown.output
    assert "建议" in shown.output
    unknown = runner.invoke(rules_app, ["show", "cpu.nope"])
    assert unknown.exit_code == 3
    bad = write(tmp_path, "rules: {cpu.utilization: {majr: 1}}\n")
    broken = runner.invoke(rules_app, ["list", "--rules", str(bad)])
    assert broken.exit_code == 3


# --------------------------------------------------------------------------- robustness

ODD_VALUES: dict[str, Any] = {
    "facts": Facts(),
    "cpu": [Cpu(), Cpu(slot="1", utilization_pct=0)],
    "memory": [Memory(), Memory(total_bytes=0, used_bytes=0)],
    "interfaces": [Interface(name="x"), Interface(name="Gi1/0/1", oper_up=True, duplex="",
                                                  description="", in_util_pct=0)],
    "routes": Routes(),
    "logs": [LogEntry(), LogEntry(severity=0, source="alarm"), LogEntry(source="sel",
                                                                       severity=1)],
    "inventory": [InventoryItem(name="", status=""), InventoryItem(name="PSU", kind="psu")],
    "sensors": [Sensor(name="t", kind="temperature"), Sensor(name="f", kind="fan"),
                Sensor(name="h", kind="humidity", value=-5)],
    "ups": Ups(),
    "neighbors": [Neighbor(local_interface="", remote_system="")],
    "sessions": [Session(protocol="", peer="", state="", established=False)],
    "ntp": Ntp(),
    "config": Config(),
    "storage": [StoragePart(part="disk", name=""), StoragePart(part="pool", name="p",
                                                               usage_pct=0)],
    "ha": [HaMember(group="", name=""), HaMember(group="g", name="a", online=False)],
    "vrrp": [VrrpGroup(interface="", group="", state="", master=False)],
    "stack": Stack(members=[StackMember(member=""), StackMember(member="2", state="")]),
    "stp": [StpInstance(instance=""), StpInstance(instance="1", topology_changes=0)],
    "lag": [Lag(name="", members=[LagMember(name="", selected=False)]), Lag(name="Po1")],
    "memory_modules": [MemoryModule(name=""), MemoryModule(name="d", health="",
                                                           correctable_errors=0)],
    "health": [HealthStatus(subject=""), HealthStatus(subject="s", rollup="weird")],
    "filesystems": [Filesystem(mount=""), Filesystem(mount="/", utilization_pct=0,
                                                     inodes_total=0)],
    "services": [Service(name="")],
    "os": OsState(cpu_count=1, load_5m=0, swap_total_bytes=0),
    "session_usage": SessionUsage(in_use=0, capacity_source=""),
    "licenses": [License(name=""), License(name="IPS", kind="signature", version="",
                                           permanent=True, status="")],
    "vpn_tunnels": [VpnTunnel(name="", peer="", kind="", up=False, state="")],
}
EMPTY_VALUES: dict[str, Any] = {
    name: (value if not isinstance(value, list) else []) for name, value in ODD_VALUES.items()
}


@pytest.mark.parametrize("values", [ODD_VALUES, EMPTY_VALUES], ids=["odd", "empty"])
@pytest.mark.parametrize("role", ["access", "server", "ups", "env-sensor", "storage", "linux"])
@pytest.mark.parametrize("status", list(DeviceStatus))
def test_no_check_crashes_on_odd_data(values: dict[str, Any], role: str,
                                      status: DeviceStatus) -> None:
    assert set(values) == set(FAMILY_NAMES)
    dev = Device(name="odd", platform="cisco_ios", role=role)
    snap = Snapshot(device=dev, **{k: Family[Any](status=FamilyStatus.OK, data=v)
                                   for k, v in values.items()})
    result = DeviceResult(device=dev, status=status, snapshot=snap)
    findings = run_checks([result], {"odd": {"show x": "garbage\n\x00\n"}}, load_rules(),
                          previous={"odd": snap})
    assert findings
    for finding in findings:
        assert "check error" not in (finding.not_checked_reason or ""), finding
        assert finding.passed or finding.severity or finding.not_checked_reason


def test_pre_holiday_profile_is_stricter_and_says_so(tmp_path: Path) -> None:
    from inspector.lab.profiles import LAB_BUNDLE  # noqa: PLC0415
    from inspector.pipeline import CheckSettings, replay  # noqa: PLC0415

    monthly = replay(LAB_BUNDLE, tmp_path, "m", CheckSettings(rules=load_rules()))
    holiday = replay(LAB_BUNDLE, tmp_path, "h",
                     CheckSettings(rules=load_rules(profile="pre-holiday")), "pre-holiday")

    def severe(run: Any) -> int:  # CPU/memory at 90 % become 一级 before a holiday
        return sum(f.severity == "critical" and not f.passed for f in run.findings)

    assert holiday.run.profile == "pre-holiday"
    assert severe(holiday.run) > severe(monthly.run)
    rules = load_rules(profile="pre-holiday")
    resolved = rules.resolve(rules.get("cpu.utilization"))
    assert resolved.origins["major"] == "profile pre-holiday"
    with pytest.raises(RuleError, match="profile 'yearly'"):
        load_rules(profile="yearly")
