"""Every built-in check: a passing, a failing and a not-checked case, on snapshots built here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from inspector.checks import load_rules, run_checks
from inspector.expect import Expect
from inspector.model import (
    Config,
    Cpu,
    Device,
    DeviceResult,
    DeviceStatus,
    Facts,
    Family,
    FamilyStatus,
    Filesystem,
    Finding,
    HaMember,
    HealthStatus,
    Interface,
    InventoryItem,
    Lag,
    LagMember,
    LogEntry,
    Memory,
    MemoryModule,
    Ntp,
    OsState,
    Routes,
    Sensor,
    Service,
    Session,
    SessionUsage,
    Severity,
    Snapshot,
    SourceResult,
    Stack,
    StackMember,
    StoragePart,
    StpInstance,
    Ups,
    VpnTunnel,
    VrrpGroup,
)

RULES = load_rules()


def fam(data: Any, command: str = "show something") -> Family[Any]:
    return Family[Any](status=FamilyStatus.OK, data=data,
                       sources=[SourceResult(command=command, status="ok", records=1)])


def snapshot(role: str = "access", **families: Any) -> Snapshot:
    device = Device(name="sw1", platform="cisco_ios", role=role)
    return Snapshot(device=device, **{k: v if isinstance(v, Family) else fam(v)
                                      for k, v in families.items()})


def check(check_id: str, snap: Snapshot, *, previous: Snapshot | None = None,
          status: DeviceStatus = DeviceStatus.COMPLETE, reason: str = "",
          outputs: dict[str, str] | None = None, rules: Any = RULES,
          overrides: Any = None) -> Finding | None:
    result = DeviceResult(device=snap.device, status=status, reason=reason, snapshot=snap)
    findings = run_checks([result], {"sw1": outputs or {}}, rules,
                          previous={"sw1": previous} if previous else None, overrides=overrides)
    found = [f for f in findings if f.check_id == check_id]
    assert len(found) <= 1
    return found[0] if found else None


def iface(name: str = "Gi1/0/1", **kw: Any) -> Interface:
    return Interface(name=name, **{"admin_up": True, "oper_up": True, **kw})


def temp(name: str, value: float, **kw: Any) -> Sensor:
    return Sensor(name=name, kind="temperature", value=value, **kw)


def log(severity: int, message: str, source: str = "log", mnemonic: str | None = None
        ) -> LogEntry:
    return LogEntry(timestamp="Nov 21 10:00:00", severity=severity, source=source,
                    message=message, mnemonic=mnemonic)


def ups(**kw: Any) -> Ups:
    base: dict[str, Any] = {"status": "online", "battery_status": "normal", "charge_pct": 100,
                            "runtime_min": 40, "input_voltage_v": 221, "output_load_pct": 35,
                            "on_battery": False, "alarms": []}
    return Ups(**{**base, **kw})


def part(kind: str, name: str, **kw: Any) -> StoragePart:
    return StoragePart(part=kind, name=name, **{"health": "normal", "running": "online", **kw})


def vrrp_group(state: str) -> VrrpGroup:
    return VrrpGroup(interface="Vlanif10", group="10", state=state, master=state == "master")


def stack_member(member: str, state: str = "ready") -> StackMember:
    return StackMember(member=member, role="member", state=state)


def lag(name: str, *selected: bool, min_links: int | None = None) -> Lag:
    return Lag(name=name, min_links=min_links,
               members=[LagMember(name=f"Gi1/0/{i}", selected=s) for i, s in enumerate(selected)])


def member(name: str, role: str, online: bool = True) -> HaMember:
    return HaMember(group="controllers", name=name, role=role, online=online, health="normal")


@dataclass
class Case:
    good: dict[str, Any]
    bad: dict[str, Any]
    severity: Severity
    role: str = "access"
    previous: dict[str, Any] = field(default_factory=dict)  # previous run's families
    # The family whose absence makes the check "not checked" (first of `bad` by default).
    needs: str | None = None
    # The designed state an inventory's `expect:` gives the device (uplinks, ...).
    expect: dict[str, Any] = field(default_factory=dict)


def _designed(case: Case) -> dict[str, Any] | None:
    return {"devices": {"sw1": Expect(**case.expect).settings()}} if case.expect else None


FANS_OK = [Sensor(name="FAN 1", kind="fan", status="ok"), Sensor(name="FAN 2", kind="fan",
                                                                   status="ok")]
PSU_OK = [Sensor(name="PS 1", kind="psu", status="ok"), Sensor(name="PS 2", kind="psu",
                                                                 status="ok")]
ROUTES = Routes(total=100, by_protocol={"connected": 10, "ospf": 90}, default_route=True)
FACTS = Facts(os_version="15.2(7)E4", uptime_seconds=40 * 86400)
LOG_OK = [log(5, "Configured from console"), log(6, "Login Success")]

FW_PAIR = [HaMember(group="ha", name="fw-a", role="active", online=True, synchronized=True),
           HaMember(group="ha", name="fw-b", role="standby", online=True, synchronized=True)]

CASES: dict[str, Case] = {
    "hardware.fan": Case(
        {"sensors": FANS_OK},
        {"sensors": [FANS_OK[0], Sensor(name="FAN 2", kind="fan", status="critical")]},
        Severity.MAJOR),
    "hardware.temperature": Case(
        {"sensors": [temp("Inlet", 30, high_warn=46, high_crit=56)]},
        {"sensors": [temp("Inlet", 58, high_warn=46, high_crit=56)]}, Severity.CRITICAL),
    "alarms.active": Case(
        {"logs": fam(LOG_OK, "display alarm active")},
        {"logs": [log(3, "Fan 2 failed.", source="alarm")]}, Severity.MAJOR),
    "uptime.recent_reboot": Case({"facts": FACTS},
                                 {"facts": Facts(uptime_seconds=3600)}, Severity.MAJOR),
    "power.psu_failed": Case(
        {"sensors": PSU_OK},
        {"sensors": [PSU_OK[0], Sensor(name="PS 2", kind="psu", status="critical")]},
        Severity.MAJOR),
    "power.redundancy": Case(
        {"sensors": PSU_OK},
        {"sensors": [PSU_OK[0], Sensor(name="PS 2", kind="psu", status="absent")]},
        Severity.MAJOR),
    "modules.status": Case(
        {"inventory": [InventoryItem(name="Slot 1", kind="module", status="Normal")]},
        {"inventory": [InventoryItem(name="Slot 1", kind="module", status="Fault")]},
        Severity.MAJOR),
    "cpu.utilization": Case({"cpu": [Cpu(avg_5m_pct=10, utilization_pct=99)]},
                            {"cpu": [Cpu(avg_5m_pct=85)]}, Severity.MAJOR),
    "memory.utilization": Case({"memory": [Memory(utilization_pct=40)]},
                               {"memory": [Memory(total_bytes=100, used_bytes=96)]},
                               Severity.CRITICAL),
    "hardware.sensor_status": Case(
        {"sensors": [Sensor(name="12V", kind="voltage", value=12.1, status="ok")]},
        {"sensors": [Sensor(name="12V", kind="voltage", value=10.1, status="critical")]},
        Severity.MAJOR, role="server"),
    # Servers over Redfish (checks/code/server.py).
    "server.health_rollup": Case(
        {"health": [HealthStatus(subject="system", health="ok", rollup="ok")]},
        {"health": [HealthStatus(subject="system", health="ok", rollup="critical")]},
        Severity.MAJOR, role="server"),
    "server.raid_controller": Case(
        {"storage": [StoragePart(part="controller", name="RAID card", health="ok")]},
        {"storage": [StoragePart(part="controller", name="RAID card", health="critical")]},
        Severity.CRITICAL, role="server"),
    "server.drives": Case(
        {"storage": [StoragePart(part="disk", name="Disk0", health="ok",
                                 media_life_left_pct=40)]},
        {"storage": [StoragePart(part="disk", name="Disk0", health="ok",
                                 media_life_left_pct=8)]}, Severity.MINOR, role="server"),
    "server.raid_volume": Case(
        {"storage": [StoragePart(part="volume", name="LD0", health="ok", running="enabled")]},
        {"storage": [StoragePart(part="volume", name="LD0", health="warning",
                                 running="degraded")]}, Severity.MAJOR, role="server"),
    "server.memory": Case(
        {"memory_modules": [MemoryModule(name="DIMM A1", health="ok", correctable_errors=3)]},
        {"memory_modules": [MemoryModule(name="DIMM A1", health="ok",
                                         correctable_errors=250)]}, Severity.MINOR,
        role="server"),
    "server.sel_events": Case(
        {"logs": [log(6, "System Boot Initiated", source="sel")]},
        {"logs": [log(2, "Correctable ECC memory error", source="sel")]},
        Severity.MAJOR, role="server"),
    "logs.severity": Case({"logs": LOG_OK}, {"logs": [*LOG_OK, log(2, "MALLOCFAIL")]},
                          Severity.MAJOR),
    "logs.patterns": Case(
        {"logs": LOG_OK},
        {"logs": [*LOG_OK, log(1, "Faulty fan 2 detected", mnemonic="PLATFORM_ENV-1-FAN")]},
        Severity.MAJOR),
    "interfaces.uplink_down": Case(
        {"interfaces": [iface(description="uplink to core")]},
        {"interfaces": [iface(description="uplink to core", oper_up=False)]}, Severity.MAJOR),
    "interfaces.errors": Case({"interfaces": [iface(crc_errors=0, in_errors=0)]},
                              {"interfaces": [iface(crc_errors=18342, in_errors=18397)]},
                              Severity.MAJOR),
    "interfaces.error_growth": Case(
        {"interfaces": [iface(crc_errors=5, in_errors=5)]},
        {"interfaces": [iface(crc_errors=200, in_errors=200)]}, Severity.MINOR,
        previous={"interfaces": [iface(crc_errors=5, in_errors=5)]}),
    "interfaces.half_duplex": Case({"interfaces": [iface(duplex="full")]},
                                   {"interfaces": [iface(duplex="half")]}, Severity.MINOR),
    "interfaces.err_disabled": Case({"interfaces": [iface(err_disabled=False)]},
                                    {"interfaces": [iface(oper_up=False, err_disabled=True)]},
                                    Severity.MINOR),
    "interfaces.utilization": Case({"interfaces": [iface(in_util_pct=20, out_util_pct=5)]},
                                   {"interfaces": [iface(in_util_pct=20, out_util_pct=93)]},
                                   Severity.MAJOR),
    "routes.default": Case(
        {"routes": ROUTES},
        {"routes": Routes(total=4, by_protocol={"connected": 4}, default_route=False)},
        Severity.CRITICAL),
    "routes.count_change": Case({"routes": ROUTES}, {"routes": Routes(total=40)},
                                Severity.MAJOR, previous={"routes": ROUTES}),
    "protocols.ospf": Case(
        {"sessions": [Session(protocol="ospf", peer="10.0.0.2", state="full",
                              established=True)]},
        {"sessions": [Session(protocol="ospf", peer="10.0.0.2", state="full", established=True),
                      Session(protocol="ospf", peer="10.0.0.3", state="exstart",
                              established=False)]},
        Severity.MAJOR),
    "protocols.bgp": Case(
        {"sessions": [Session(protocol="bgp", peer="10.0.0.2", state="established",
                              established=True)]},
        {"sessions": [Session(protocol="bgp", peer="10.0.0.2", state="active",
                              established=False)]},
        Severity.MAJOR),
    "firmware.changed": Case({"facts": FACTS}, {"facts": Facts(os_version="15.2(7)E9")},
                             Severity.INFO, previous={"facts": FACTS}),
    "ntp.synchronized": Case({"ntp": Ntp(synchronized=True)}, {"ntp": Ntp(synchronized=False)},
                             Severity.MINOR),
    "config.saved": Case({"config": Config(saved=True)}, {"config": Config(saved=False)},
                         Severity.MINOR),
    "env.room_temperature": Case(
        {"sensors": [temp("Room 1", 23)]}, {"sensors": [temp("Room 1", 29)]}, Severity.MINOR,
        role="env-sensor"),
    "env.room_humidity": Case(
        {"sensors": [Sensor(name="Room 1 RH", kind="humidity", value=50)]},
        {"sensors": [Sensor(name="Room 1 RH", kind="humidity", value=25)]}, Severity.MAJOR,
        role="env-sensor"),
    "ups.on_battery": Case({"ups": ups()}, {"ups": ups(on_battery=True)}, Severity.CRITICAL,
                           role="ups"),
    "ups.battery_status": Case({"ups": ups()}, {"ups": ups(battery_status="low")},
                               Severity.MAJOR, role="ups"),
    "ups.charge": Case({"ups": ups()}, {"ups": ups(charge_pct=45)}, Severity.MAJOR, role="ups"),
    "ups.runtime": Case({"ups": ups()}, {"ups": ups(runtime_min=4)}, Severity.CRITICAL,
                        role="ups"),
    "ups.load": Case({"ups": ups()}, {"ups": ups(output_load_pct=82)}, Severity.MAJOR,
                     role="ups"),
    "ups.input_voltage": Case({"ups": ups()}, {"ups": ups(input_voltage_v=190)}, Severity.MINOR,
                              role="ups"),
    "ups.alarms": Case({"ups": ups()}, {"ups": ups(alarms=["On bypass"])}, Severity.MAJOR,
                       role="ups"),
    # Storage arrays: a part in the array's own words, its controllers as the HA set.
    "storage.controller": Case(
        {"storage": [part("controller", "CTE0.A"), part("controller", "CTE0.B")]},
        {"storage": [part("controller", "CTE0.A"),
                     part("controller", "CTE0.B", health="fault", running="offline")]},
        Severity.CRITICAL, role="storage"),
    "storage.disk": Case(
        {"storage": [part("disk", "CTE0.0"), part("disk", "CTE0.1")]},
        {"storage": [part("disk", "CTE0.0"), part("disk", "CTE0.1", health="fault")]},
        Severity.MAJOR, role="storage"),
    "storage.pool_usage": Case(
        {"storage": [part("pool", "Pool_DB", usage_pct=60)]},
        {"storage": [part("pool", "Pool_DB", usage_pct=96)]}, Severity.MAJOR, role="storage"),
    "storage.pool_health": Case(
        {"storage": [part("pool", "Pool_DB")]},
        {"storage": [part("pool", "Pool_DB", health="degraded")]}, Severity.MAJOR,
        role="storage"),
    "storage.lun": Case(
        {"storage": [part("lun", "LUN_DB")]},
        {"storage": [part("lun", "LUN_DB", health="faulty", running="offline")]},
        Severity.MAJOR, role="storage"),
    "storage.bbu": Case(
        {"storage": [part("bbu", "CTE0.A.BBU0")]},
        {"storage": [part("bbu", "CTE0.A.BBU0", health="fault")]}, Severity.MAJOR,
        role="storage"),
    "ha.redundancy": Case(
        {"ha": [member("0A", "master"), member("0B", "slave")]},
        {"ha": [member("0A", "master")]}, Severity.MAJOR, role="storage"),
    # Redundancy and L2 (vrrp.master needs a designed state: tests/unit/test_redundancy.py).
    "vrrp.state": Case(
        {"vrrp": [vrrp_group("master")]}, {"vrrp": [vrrp_group("backup")]}, Severity.MINOR,
        previous={"vrrp": [vrrp_group("master")]}),
    "stack.members": Case(
        {"stack": Stack(members=[stack_member("1"), stack_member("2")])},
        {"stack": Stack(members=[stack_member("1"), stack_member("2", "removed")])},
        Severity.MAJOR),
    "stack.split_brain": Case(
        {"stack": Stack(members=[stack_member("1"), stack_member("2")], mad=True)},
        {"stack": Stack(members=[stack_member("1"), stack_member("2")], mad=False)},
        Severity.MINOR),
    # Dual uplinks as the inventory designs them (tests/unit/test_uplinks.py: over LLDP).
    "uplinks.dual": Case(
        {"interfaces": [iface("GigabitEthernet1/0/47"), iface("GigabitEthernet1/0/48")]},
        {"interfaces": [iface("GigabitEthernet1/0/47"),
                        iface("GigabitEthernet1/0/48", oper_up=False)]}, Severity.MAJOR,
        expect={"uplinks": ["GE1/0/47", "GE1/0/48"]}),
    "stp.root": Case(
        {"stp": [StpInstance(instance="0", root_id="4096.0004-9f31-d540")]},
        {"stp": [StpInstance(instance="0", root_id="32768.7057-bf20-3a00")]}, Severity.MAJOR,
        previous={"stp": [StpInstance(instance="0", root_id="4096.0004-9f31-d540")]}),
    "stp.topology_changes": Case(
        {"stp": [StpInstance(instance="0", topology_changes=12)]},
        {"stp": [StpInstance(instance="0", topology_changes=40)]}, Severity.MINOR,
        previous={"stp": [StpInstance(instance="0", topology_changes=10)]}),
    "lag.members": Case({"lag": [lag("Po1", True, True)]}, {"lag": [lag("Po1", True, False)]},
                        Severity.MINOR),
    "lag.minimum": Case({"lag": [lag("Po1", True, True, min_links=2)]},
                        {"lag": [lag("Po1", True, False, min_links=2)]}, Severity.MAJOR),
    # Firewalls (tests/unit/test_firewall_checks.py has the licences, judged on a date).
    "firewall.ha_sync": Case({"ha": FW_PAIR}, {"ha": [FW_PAIR[0], FW_PAIR[1].model_copy(
        update={"synchronized": False})]}, Severity.MAJOR, role="firewall"),
    "firewall.ha_standby": Case({"ha": FW_PAIR}, {"ha": FW_PAIR[:1]}, Severity.MAJOR,
                                role="firewall"),
    "firewall.sessions": Case({"session_usage": SessionUsage(in_use=100, capacity=1000)},
                              {"session_usage": SessionUsage(in_use=960, capacity=1000)},
                              Severity.MAJOR, role="firewall"),
    "firewall.vpn_tunnels": Case({"vpn_tunnels": [VpnTunnel(name="t1", up=True)]},
                                 {"vpn_tunnels": [VpnTunnel(name="t1", up=False)]},
                                 Severity.MINOR, role="firewall"),
    # A server's own operating system (checks/code/hostos.py).
    "os.filesystem_usage": Case(
        {"filesystems": [Filesystem(mount="/var", device="/dev/sda3", utilization_pct=40)]},
        {"filesystems": [Filesystem(mount="/var", device="/dev/sda3", utilization_pct=96)]},
        Severity.MAJOR, role="linux"),
    "os.filesystem_inodes": Case(
        {"filesystems": [Filesystem(mount="/var", device="/dev/sda3", inodes_pct=3)]},
        {"filesystems": [Filesystem(mount="/var", device="/dev/sda3", inodes_pct=92)]},
        Severity.MINOR, role="linux"),
    "os.swap": Case({"os": OsState(swap_total_bytes=8 << 30, swap_pct=10)},
                    {"os": OsState(swap_total_bytes=8 << 30, swap_pct=85)}, Severity.MINOR,
                    role="linux"),
    "os.load": Case({"os": OsState(cpu_count=16, load_5m=4)},
                    {"os": OsState(cpu_count=16, load_5m=40)}, Severity.MINOR, role="linux"),
    "os.failed_units": Case(
        {"services": []},
        {"services": [Service(name="kdump.service", load="loaded", active="failed",
                              sub="failed", description="Crash recovery kernel arming")]},
        Severity.MINOR, role="linux"),
    "os.kernel_errors": Case(
        {"logs": [log(6, "e1000e: ens1f0 NIC Link is Up 1000 Mbps Full Duplex")]},
        {"logs": [log(3, "EXT4-fs error (device sda3): ext4_find_entry: reading directory")]},
        Severity.MAJOR, role="linux"),
    "os.bonds": Case({"lag": [lag("bond0", True, True)]}, {"lag": [lag("bond0", True, False)]},
                     Severity.MAJOR, role="linux"),
    "os.md_raid": Case(
        {"storage": [StoragePart(part="raid", name="md126", type="raid1", health="active")]},
        {"storage": [StoragePart(part="raid", name="md126", type="raid1", health="degraded")]},
        Severity.MAJOR, role="linux"),
    "os.smart": Case(
        {"storage": [StoragePart(part="disk", name="/dev/sda", health="ok")]},
        {"storage": [StoragePart(part="disk", name="/dev/sda", health="ok",
                                 failure_predicted=True)]}, Severity.MAJOR, role="linux"),
    # Hardware RAID and multipath, as normalizers/linux/raid.py reports them.
    "os.raid_controller": Case(
        {"storage": [StoragePart(part="raid_controller", name="/c0", health="ok")]},
        {"storage": [StoragePart(part="raid_controller", name="/c0", health="not_optimal",
                                 running="Needs Attention")]}, Severity.MAJOR, role="linux"),
    "os.raid_volume": Case(
        {"storage": [StoragePart(part="raid_volume", name="/c0/v0", health="optimal",
                                 running="Optl")]},
        {"storage": [StoragePart(part="raid_volume", name="/c0/v0", health="offline",
                                 running="OfLn")]}, Severity.CRITICAL, role="linux"),
    "os.raid_disk": Case(
        {"storage": [StoragePart(part="raid_disk", name="/c0/e252/s1", health="ok",
                                 running="Onln")]},
        {"storage": [StoragePart(part="raid_disk", name="/c0/e252/s1", health="failed",
                                 running="Failed")]}, Severity.MAJOR, role="linux"),
    "os.multipath": Case(
        {"storage": [StoragePart(part="path", name="mpatha:sdb", health="ok",
                                 running="active ready running")]},
        {"storage": [StoragePart(part="path", name="mpatha:sdb", health="failed",
                                 running="failed faulty running")]}, Severity.MAJOR,
        role="linux"),
    # Up 10 days, or up 400 days and last patched in 2020: stale whatever today is.
    "os.patch_age": Case(
        {"os": OsState(last_patch=datetime(2020, 1, 1)),
         "facts": Facts(uptime_seconds=10 * 86400)},
        {"os": OsState(last_patch=datetime(2020, 1, 1)),
         "facts": Facts(uptime_seconds=400 * 86400)}, Severity.INFO, role="linux"),
}


def _previous(case: Case) -> Snapshot | None:
    return snapshot(case.role, **case.previous) if case.previous else None


def test_every_builtin_check_has_a_case() -> None:
    special = {"collection.unreachable", "collection.partial", "firmware.baseline",
               "vrrp.master",  # judged against `expect:`: tests/unit/test_redundancy.py
               "config.ssh_algorithms",  # on the session, not a family: test_ssh_algorithms.py
               "firewall.licences",  # against the run's date: test_firewall_checks.py
               "config.changed"}  # on the run's config archive: test_config_archive.py
    assert {r.id for r in RULES.rules} - special == set(CASES)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_passing(check_id: str) -> None:
    case = CASES[check_id]
    finding = check(check_id, snapshot(case.role, **case.good), previous=_previous(case),
                    overrides=_designed(case))
    assert finding is not None
    assert finding.passed, finding
    assert finding.severity is None and finding.not_checked_reason is None
    assert finding.message_zh.endswith("正常")


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_failing(check_id: str) -> None:
    case = CASES[check_id]
    finding = check(check_id, snapshot(case.role, **case.bad), previous=_previous(case),
                    overrides=_designed(case))
    assert finding is not None
    assert not finding.passed and finding.not_checked_reason is None, finding
    assert finding.severity == case.severity, finding.observed
    assert finding.observed and finding.threshold
    assert finding.message_zh and finding.message_en
    assert finding.recommendation_zh and finding.recommendation_en


@pytest.mark.parametrize("status", [FamilyStatus.FAILED, FamilyStatus.NOT_COLLECTED])
@pytest.mark.parametrize("check_id", sorted(CASES))
def test_not_checked_when_family_missing(check_id: str, status: FamilyStatus) -> None:
    case = CASES[check_id]
    snap = snapshot(case.role, **case.bad)
    for name in RULES.get(check_id).families:
        setattr(snap, name, Family[Any](status=status, reason="device rejected the command"))
    finding = check(check_id, snap, previous=_previous(case), overrides=_designed(case))
    assert finding is not None
    assert not finding.passed and finding.severity is None
    assert finding.not_checked_reason is not None
    assert finding.not_checked_reason.startswith("not checked: ")


@pytest.mark.parametrize("check_id", sorted(c for c, case in CASES.items() if case.previous))
def test_changes_need_a_previous_run(check_id: str) -> None:
    case = CASES[check_id]
    finding = check(check_id, snapshot(case.role, **case.bad))
    assert finding is not None
    assert finding.not_checked_reason == ("not checked: no previous run of this device to "
                                          "compare with")


def test_unsupported_family_means_not_applicable() -> None:
    snap = snapshot("access")
    snap.config = Family[Any](status=FamilyStatus.UNSUPPORTED,
                              reason="this release has no command comparing the configurations")
    finding = check("config.saved", snap)
    # On a switch's checklist, so listed with its reason (the device's coverage is complete);
    # never passed.
    assert finding is not None and not finding.passed
    assert finding.not_checked_cause == "not_applicable"
    assert "no command comparing" in (finding.not_checked_reason or "")


def test_checks_of_other_kinds_are_not_on_a_switchs_checklist() -> None:
    snap = snapshot("access")
    snap.ups = Family[Any](status=FamilyStatus.UNSUPPORTED, reason="a switch has no UPS")
    assert snap.device.kind == "network"
    assert check("ups.charge", snap) is None
    assert check("server.sel_events", snap) is None


def test_roles_limit_where_a_check_applies() -> None:
    snap = snapshot("access", sensors=[temp("Inlet", 29)])
    assert check("env.room_temperature", snap) is None
    assert check("hardware.temperature", snap) is not None


# --------------------------------------------------------------------------- special cases


def test_unreachable_device() -> None:
    snap = snapshot("access")
    finding = check("collection.unreachable", snap, status=DeviceStatus.UNREACHABLE,
                    reason="timed out")
    assert finding is not None and finding.severity is Severity.MAJOR
    other = check("cpu.utilization", snap, status=DeviceStatus.UNREACHABLE, reason="timed out")
    assert other is not None
    assert other.not_checked_reason == "not checked: device unreachable (timed out)"
    passed = check("collection.unreachable", snapshot("access", cpu=[Cpu(avg_5m_pct=5)]))
    assert passed is not None and passed.passed


def test_partial_collection() -> None:
    snap = snapshot("access", cpu=[Cpu(avg_5m_pct=5)])
    snap.config = Family[Any](status=FamilyStatus.FAILED, reason="device rejected it")
    finding = check("collection.partial", snap, status=DeviceStatus.PARTIAL)
    assert finding is not None and finding.severity is Severity.INFO
    assert "config failed" in (finding.observed or "")
    ok = check("collection.partial", snapshot("access", cpu=[Cpu(avg_5m_pct=5)]))
    assert ok is not None and ok.passed


def test_firmware_baseline() -> None:
    snap = snapshot("access", facts=FACTS)
    unset = check("firmware.baseline", snap)
    assert unset is not None and "no firmware baseline" in (unset.not_checked_reason or "")
    inside = {"devices": {"sw1": {"firmware.baseline": {"baseline": ["15.2(7)E4"]}}}}
    found = check("firmware.baseline", snap, overrides=inside)
    assert found is not None and found.passed
    outside = {"devices": {"sw1": {"firmware.baseline": {"baseline": ["15.2(7)E9"]}}}}
    found = check("firmware.baseline", snap, overrides=outside)
    assert found is not None and found.severity is Severity.MINOR
    missing = snapshot("access")
    found = check("firmware.baseline", missing, overrides=outside)
    assert found is not None and found.not_checked_reason


def test_device_temperature_defaults_without_own_limits() -> None:
    finding = check("hardware.temperature", snapshot(sensors=[temp("CPU", 72)]))
    assert finding is not None and finding.severity is Severity.MINOR
    assert "default limits" in (finding.observed or "")


def test_all_fans_failed_is_critical() -> None:
    dead = [Sensor(name="FAN 1", kind="fan", status="critical")]
    finding = check("hardware.fan", snapshot(sensors=dead))
    assert finding is not None and finding.severity is Severity.CRITICAL


def test_fans_from_inventory_when_no_sensor_family() -> None:
    items = [InventoryItem(name="FAN1", kind="fan", status="Normal"),
             InventoryItem(name="FAN2", kind="fan", status="Abnormal")]
    finding = check("hardware.fan", snapshot(inventory=items))
    assert finding is not None and finding.severity is Severity.MAJOR


def test_missing_default_route_with_learned_routes_is_major() -> None:
    routes = Routes(total=40, by_protocol={"direct": 6, "ospf": 34}, default_route=False)
    finding = check("routes.default", snapshot(routes=routes))
    assert finding is not None and finding.severity is Severity.MAJOR


def test_all_ospf_neighbours_down_is_critical() -> None:
    down = [Session(protocol="ospf", peer="10.0.0.2", state="exstart", established=False)]
    finding = check("protocols.ospf", snapshot(sessions=down))
    assert finding is not None and finding.severity is Severity.CRITICAL


def test_log_flapping_and_uplink_down() -> None:
    flaps = [log(3, "Interface TenGigabitEthernet1/0/2, changed state to down")
             for _ in range(3)]
    uplink = [log(3, "Interface GigabitEthernet1/0/1, changed state to down")]
    interfaces = [iface("GigabitEthernet1/0/1", description="uplink-core")]
    finding = check("logs.patterns", snapshot(logs=flaps + uplink, interfaces=interfaces))
    assert finding is not None and finding.severity is Severity.MAJOR
    assert "uplink down:" in (finding.observed or "")
    assert "flapping ×3:" in (finding.observed or "")
    only_flaps = check("logs.patterns", snapshot(logs=flaps))
    assert only_flaps is not None and only_flaps.severity is Severity.MINOR


def test_ecc_pattern_is_a_whole_word() -> None:
    lines = [log(5, "SSH session succeeded"), log(5, "Process accessed successfully")]
    finding = check("logs.patterns", snapshot(logs=lines))
    assert finding is not None and finding.passed


def test_error_growth_after_a_counter_reset() -> None:
    previous = snapshot(interfaces=[iface(crc_errors=5000, in_errors=5000)])
    finding = check("interfaces.error_growth", snapshot(interfaces=[iface(crc_errors=20,
                                                                          in_errors=20)]),
                    previous=previous)
    assert finding is not None and finding.severity is Severity.MINOR


def test_evidence_lines_come_from_the_raw_output() -> None:
    source = "show interfaces"
    snap = snapshot(interfaces=[iface("TenGigabitEthernet1/0/1", crc_errors=18342,
                                      in_errors=18397)])
    snap.interfaces.sources = [SourceResult(command=source, status="ok")]
    output = ("TenGigabitEthernet1/0/1 is up, line protocol is up (connected)\n"
              "  Hardware is Ten Gigabit Ethernet\n"
              "     18397 input errors, 18342 CRC, 55 frame, 0 overrun, 0 ignored\n"
              "TenGigabitEthernet1/0/2 is down, line protocol is down\n")
    finding = check("interfaces.errors", snap, outputs={source: output})
    assert finding is not None and finding.evidence
    assert finding.evidence[0].command == source
    assert finding.evidence[0].lines == [
        "TenGigabitEthernet1/0/1 is up, line protocol is up (connected)",
        "     18397 input errors, 18342 CRC, 55 frame, 0 overrun, 0 ignored"]


def test_partial_family_is_used_and_said() -> None:
    snap = snapshot(cpu=[Cpu(avg_5m_pct=5)])
    snap.cpu.status = FamilyStatus.PARTIAL
    snap.cpu.reason = "history did not parse"
    finding = check("cpu.utilization", snap)
    assert finding is not None and finding.passed
    assert "partial" in (finding.observed or "")


def test_disabled_check_yields_nothing() -> None:
    overrides = {"devices": {"sw1": {"ntp.synchronized": {"enabled": False}}}}
    snap = snapshot(ntp=Ntp(synchronized=False))
    assert check("ntp.synchronized", snap, overrides=overrides) is None


def test_single_psu_model_is_only_info() -> None:
    finding = check("power.redundancy", snapshot(sensors=[PSU_OK[0]]))
    assert finding is not None and finding.severity is Severity.INFO
    quiet = {"devices": {"sw1": {"power.redundancy": {"min_working": 1}}}}
    finding = check("power.redundancy", snapshot(sensors=[PSU_OK[0]]), overrides=quiet)
    assert finding is not None and finding.passed
