"""The typed contract between the pipeline stages.

Every stage reads and writes these models only: collectors produce `Capture`s, parsers turn
them into a `Snapshot` (one `Family` per metric family, each with a status), checks produce
`Finding`s, and a `Run` holds it all and is what `results.json` serializes.

Units are in the field names (`uptime_seconds`, `utilization_pct`, `input_voltage_v`) and
names follow NAPALM / SuzieQ / LibreNMS where those exist.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from inspector.vocabulary import device_kind, kind_of, kinds


class Strict(BaseModel):
    """Base for every contract model: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- devices


class Device(Strict):
    """A device as the pipeline sees it (inventory details beyond these live in inventory.py).

    Example: ``Device(name="core-sw1", host="10.0.0.1", platform="huawei_vrp", role="core")``
    (its kind then is ``network``: a CLI platform proves a switch or router).

    `kind` (vocabularies/kinds.yaml) decides which checks apply; `role` is only a label.
    Without a kind, a role word naming one (`ups` in older inventories) or the platform gives
    it; an SNMP device's kind may stay "" until its data tell (parsing/snmp_parse.py).
    """

    name: str
    host: str = ""
    platform: str
    kind: str = ""
    role: str = ""
    site: str = ""
    room: str = ""
    vendor: str = ""
    model: str = ""
    groups: list[str] = Field(default_factory=list)
    # How it was reached when that is worth a note: "telnet" when SSH failed and the
    # inventory allowed the fallback (the password then crossed the network in clear).
    protocol: str = ""
    # The SSH algorithms its session used, by kind (kex, host_key, cipher, mac): the weak
    # ones (ssh_algorithms.py) become a finding. Empty when not reached over SSH.
    ssh_algorithms: dict[str, str] = Field(default_factory=dict)
    # Where the data came from when not from a connection: the session-log file it was
    # imported from (the device itself is named by its hostname).
    source: str = ""

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if not value:
            return value
        kind = kind_of(value)
        if kind is None:
            raise ValueError(f"unknown device kind {value!r}; known: {', '.join(kinds())}")
        return kind

    @model_validator(mode="after")
    def _derived_kind(self) -> Device:
        # results.json and bundles of earlier versions have no kind: derive it the same way.
        if not self.kind:
            self.kind = device_kind(self.platform, self.role)
        return self


class Capture(Strict):
    """One command (or query) sent to one device, and exactly what came back.

    Example::

        Capture(device="core-sw1", command="display cpu-usage",
                output="CPU Usage Stat. Cycle: 60 (Second)\\n...",
                started=datetime(...), ended=datetime(...))

    `error` is set when the transport failed or the device rejected the command; `output`
    then holds whatever text was received (possibly the device's error message).
    """

    device: str
    command: str
    output: str = ""
    started: datetime | None = None
    ended: datetime | None = None
    error: str | None = None


# --------------------------------------------------------------------------- families


class FamilyStatus(StrEnum):
    """How much we know about one metric family of one device.

    - ``ok``: every command feeding the family was collected and parsed;
    - ``partial``: some commands parsed, others failed (the reason says which);
    - ``failed``: nothing usable: the device rejected the command, the transport failed, or
      the output matched no template (the reason says which);
    - ``unsupported``: the platform has no way to report this family;
    - ``not_collected``: the platform could, but no capture of it exists (e.g. a session log
      in which the engineer did not type that command).
    """

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"
    NOT_COLLECTED = "not_collected"


class SourceResult(Strict):
    """What one command contributed to a family (kept so a report can explain a status)."""

    command: str
    status: Literal["ok", "failed"]
    reason: str = ""
    records: int = 0
    # Why the output is not whole when a filter cut it (`| include`): a check may report
    # what such an output shows, never pass on it.
    filtered: str = ""


T = TypeVar("T")


class Family(Strict, Generic[T]):
    """One metric family of one device: its status, why, and the normalized data.

    Example: ``Family[list[Cpu]](status="ok", data=[Cpu(slot="0", utilization_pct=12)])``.
    `data` is None unless at least one command parsed: an empty list is never a stand-in
    for "could not tell".
    """

    status: FamilyStatus
    reason: str = ""
    sources: list[SourceResult] = Field(default_factory=list)
    data: T | None = None


class Facts(Strict):
    """Example: hostname="core-sw1", vendor="Huawei", model="S5735-L48T4X-A1",
    serial="2102353...", os_version="V200R021C10SPC600", uptime_seconds=1234567."""

    hostname: str | None = None
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    os_version: str | None = None
    patch: str | None = None
    uptime_seconds: int | None = None
    image: str | None = None


class Cpu(Strict):
    """Example: slot="0", utilization_pct=12, avg_1m_pct=10, avg_5m_pct=9."""

    slot: str = "0"
    utilization_pct: float | None = None
    avg_1m_pct: float | None = None
    avg_5m_pct: float | None = None


class Memory(Strict):
    """Example: slot="0", total_bytes=2147483648, used_bytes=858993459, utilization_pct=40."""

    slot: str = "0"
    total_bytes: int | None = None
    used_bytes: int | None = None
    utilization_pct: float | None = None


class Interface(Strict):
    """Example: name="GigabitEthernet0/0/1", admin_up=True, oper_up=False, crc_errors=12."""

    name: str
    admin_up: bool | None = None
    oper_up: bool | None = None
    speed_mbps: int | None = None
    duplex: str | None = None
    mtu: int | None = None
    description: str | None = None
    in_errors: int | None = None
    out_errors: int | None = None
    crc_errors: int | None = None
    in_discards: int | None = None
    out_discards: int | None = None
    in_util_pct: float | None = None
    out_util_pct: float | None = None
    err_disabled: bool | None = None


class Routes(Strict):
    """Example: total=120, by_protocol={"direct": 10, "ospf": 100, "static": 10},
    default_route=True, default_next_hops=["10.0.0.1", "10.0.0.5"].

    `default_next_hops`: where the default route leads (addresses, or an interface when
    it has none), as a full routing table prints them; empty when the source cannot say.
    `vrf`: the VRF / VPN instance the table is of; None for the global table.
    """

    total: int | None = None
    by_protocol: dict[str, int] = Field(default_factory=dict)
    default_route: bool | None = None
    default_next_hops: list[str] = Field(default_factory=list)
    vrf: str | None = None


class LogEntry(Strict):
    """Example: timestamp="Nov 21 2026 10:00:01", severity=2, source="log",
    mnemonic="DEVM/2/POWER_FAIL", message="Power supply 2 failed".

    `source` is ``log`` for the log buffer and ``alarm`` for an active alarm. `timestamp`
    is kept as the device printed it: devices rarely say their time zone or year.
    """

    timestamp: str | None = None
    severity: int | None = Field(default=None, ge=0, le=7)
    source: str = "log"
    mnemonic: str | None = None
    message: str = ""


class InventoryItem(Strict):
    """Example: name="PWR2", kind="psu", model="PAC600S12-T", serial="21021...",
    status="absent"."""

    name: str
    kind: str = "other"
    model: str | None = None
    serial: str | None = None
    hw_version: str | None = None
    fw_version: str | None = None
    status: str | None = None
    description: str | None = None


SensorKind = Literal["temperature", "humidity", "fan", "psu", "voltage", "current", "power"]
SensorStatus = Literal["ok", "warning", "critical", "absent", "unknown"]


class Sensor(Strict):
    """Example: name="Slot 0 CPU", kind="temperature", value=48, unit="C", status="ok",
    high_warn=75, high_crit=85. Fans and PSUs without a reading have value None and a
    status."""

    name: str
    kind: SensorKind
    value: float | None = None
    unit: str | None = None
    status: SensorStatus = "unknown"
    low_crit: float | None = None
    low_warn: float | None = None
    high_warn: float | None = None
    high_crit: float | None = None
    # Read by the shape of an unknown table (SNMP), not from a MIB we know; written out
    # only when true, so every other reading's record stays as it was.
    generic: bool = Field(default=False, exclude_if=lambda value: not value)


class Ups(Strict):
    """Example: status="online", battery_status="normal", charge_pct=100, runtime_min=35."""

    status: str | None = None
    battery_status: str | None = None
    charge_pct: float | None = None
    runtime_min: float | None = None
    input_voltage_v: float | None = None
    output_voltage_v: float | None = None
    output_load_pct: float | None = None
    battery_temperature_c: float | None = None
    on_battery: bool | None = None
    # None when nothing read the alarm table (its profile has none): not "no alarm".
    alarms: list[str] | None = None


class Neighbor(Strict):
    """Example: local_interface="Gi0/1", remote_system="agg-sw1", remote_interface="Gi1/0/48",
    protocol="lldp"."""

    local_interface: str
    remote_system: str
    remote_interface: str | None = None
    protocol: str = "lldp"
    # From the detailed forms (`show lldp neighbors detail`, `display lldp neighbor`).
    remote_chassis_id: str | None = None
    remote_management_address: str | None = None


class Session(Strict):
    """Example: protocol="ospf", peer="10.0.0.2", state="full", interface="Vlanif10",
    established=True."""

    protocol: str
    peer: str
    state: str
    established: bool
    interface: str | None = None
    remote_as: int | None = None
    uptime: str | None = None
    # BGP: prefixes received from an Established peer, the address family ("ipv4 unicast",
    # "vpnv4 unicast", "ipv6 unicast") and the VRF / VPN instance (None: the global one).
    prefixes_received: int | None = None
    address_family: str | None = None
    vrf: str | None = None


class Ntp(Strict):
    """Example: synchronized=True, stratum=3, offset_ms=0.12, reference="10.0.0.10"."""

    synchronized: bool | None = None
    stratum: int | None = None
    offset_ms: float | None = None
    reference: str | None = None


class Config(Strict):
    """Example: saved=False, detail="running configuration changed since last save"."""

    saved: bool | None = None
    detail: str | None = None


class StoragePart(Strict):
    """One part of a storage array as its management CLI or MIB reports it.

    Example: part="disk", name="CTE0.5", health="fault", running="offline", type="SAS",
    location="CTE0.5", capacity_bytes=599550590976.

    `part`: controller, disk, pool, lun, bbu, enclosure. `health` and `running` are the
    array's own words, lower-cased ("normal", "fault", "degraded"; "online", "offline").
    `parent`: the pool a LUN is carved from, the disk domain a pool or disk belongs to.
    """

    part: str
    name: str
    health: str | None = None
    running: str | None = None
    role: str | None = None
    type: str | None = None
    location: str | None = None
    capacity_bytes: int | None = None
    used_bytes: int | None = None
    usage_pct: float | None = Field(default=None, ge=0, le=100)
    parent: str | None = None
    # A server's drives (Redfish): the drive's own failure prediction and, for flash, the
    # wear left (PredictedMediaLifeLeftPercent).
    failure_predicted: bool | None = None
    media_life_left_pct: float | None = Field(default=None, ge=0, le=100)


class HaMember(Strict):
    """One member of a redundant set (双机热备): an array's controllers, a cluster's nodes.

    Example: group="controllers", name="0A", role="master", online=True, health="normal".
    Members of one `group` back each other up: the HA check wants two or more of them, all
    online, and one master. `online` None: the device did not say.
    """

    group: str
    name: str
    role: str | None = None
    online: bool | None = None
    health: str | None = None
    # A firewall pair (HRP, RBM, FGCP, NSRP): whether this member's configuration and
    # sessions are in step with its peer, and when the roles last changed, as printed.
    synchronized: bool | None = None
    last_switchover: str | None = None


# ----- firewalls: session table, licences and signature databases, VPN tunnels


class SessionUsage(Strict):
    """A firewall's session table. Example: in_use=812345, capacity=2000000,
    capacity_source="device", new_per_second=5321.

    `capacity_source`: "device" when the firewall prints its maximum, else None (the check
    then looks the model up in checks/firewall_capacity.yaml).
    """

    in_use: int | None = Field(default=None, ge=0)
    capacity: int | None = Field(default=None, gt=0)
    capacity_source: str | None = None
    new_per_second: float | None = Field(default=None, ge=0)


class License(Strict):
    """A licence or a signature database and when it ends. Example: name="IPS",
    kind="signature", version="2026112101", expires=date(2026, 10, 31).

    `expires` None with `permanent` True: never ends; both None: the device did not say.
    `status` is the device's own word ("valid", "expired", "Licensed").
    """

    name: str
    kind: Literal["license", "signature"] = "license"
    version: str | None = None
    expires: date | None = None
    permanent: bool | None = None
    status: str | None = None


class VpnTunnel(Strict):
    """Example: name="to-branch-sz", peer="203.0.113.7", kind="ipsec", up=False,
    state="down"."""

    name: str
    peer: str | None = None
    kind: str = "ipsec"
    up: bool
    state: str | None = None



# ----- servers through their BMC (Redfish): memory modules, health rollups


class MemoryModule(Strict):
    """One memory DIMM of a server, as its BMC reports it (Redfish Memory).

    Example: name="DIMM A2", capacity_mib=32768, health="critical", state="enabled",
    correctable_errors=0, uncorrectable_errors=2, model="DDR4 RDIMM".

    `health` is the BMC's word lower-cased (ok, warning, critical); error counts are None
    when the BMC does not publish them (not zero).
    """

    name: str
    capacity_mib: int | None = None
    model: str | None = None
    serial: str | None = None
    health: str | None = None
    state: str | None = None
    correctable_errors: int | None = None
    uncorrectable_errors: int | None = None


class HealthStatus(Strict):
    """A health rollup a server's BMC computes: the system, its processors, memory,
    storage, chassis.

    Example: subject="system:1", health="ok", rollup="critical", state="enabled".
    `subject` is what it is of (system, processors, memory, storage, chassis, bmc, power,
    thermal), a colon, and the resource's id; `health` is the resource's own, `rollup`
    includes everything below it (Redfish Status.Health / Status.HealthRollup, lower-cased).
    """

    subject: str
    health: str | None = None
    rollup: str | None = None
    state: str | None = None


# ----- redundancy and L2 health: first-hop redundancy, stacks, spanning tree, aggregation


class VrrpGroup(Strict):
    """A first-hop redundancy group as this device sees it (VRRP, or Cisco HSRP).

    Example: protocol="vrrp", interface="Vlanif10", group="10", state="backup",
    master=False, virtual_ip="10.1.10.254", priority=100.

    `state` is the device's word lower-cased ("master", "backup", "initialize"; HSRP
    "active", "standby", "listen", "init"); `master` is True when this device forwards for
    the group (VRRP Master, HSRP Active).
    """

    protocol: str = "vrrp"
    interface: str
    group: str
    state: str
    master: bool
    virtual_ip: str | None = None
    priority: int | None = None


class StackMember(Strict):
    """Example: member="2", role="standby", state="ready", priority=30,
    mac="00e0-fc0f-8c03"."""

    member: str
    role: str | None = None
    state: str | None = None
    priority: int | None = None
    mac: str | None = None


class StackLink(Strict):
    """One physical link of a stack port (an IRF port's member, a CSS channel, a stack
    cable). Example: member="1", port="2", interface="Ten-GigabitEthernet1/0/50", up=False,
    state="down"."""

    member: str
    port: str | None = None
    interface: str | None = None
    up: bool | None = None
    state: str | None = None


class Stack(Strict):
    """Several chassis run as one (Huawei iStack/CSS, H3C IRF, Cisco StackWise).

    Example: technology="irf", members=[StackMember(member="1", role="master", ...)],
    mad=False, mad_detail="MAD ARP disabled; MAD LACP disabled".

    `members` lists the members the device reports (a member that left is absent, or
    listed with its state, by vendor); empty when the device is not stacked. `mad`: whether
    a multi-active (split-brain) detection is configured; None when the device does not say.
    """

    technology: str | None = None
    members: list[StackMember] = Field(default_factory=list)
    mad: bool | None = None
    mad_detail: str | None = None
    # The links between members (IRF links, CSS channels), when the device lists them.
    links: list[StackLink] = Field(default_factory=list)
    # MAD set up but not working ("LACP Bridge-Aggregation1: faulty", "recovery state").
    mad_faults: list[str] = Field(default_factory=list)


class StpInstance(Strict):
    """One spanning-tree instance (an MSTP instance, a PVST VLAN, the CIST).

    Example: instance="0", mode="mstp", bridge_id="32768.4c1f-cc11-2233",
    root_id="4096.4c1f-cc00-0001", is_root=False, root_port="GigabitEthernet0/0/1",
    topology_changes=25.
    """

    instance: str
    mode: str | None = None
    bridge_id: str | None = None
    root_id: str | None = None
    is_root: bool | None = None
    root_port: str | None = None
    topology_changes: int | None = Field(default=None, ge=0)


class LagMember(Strict):
    """Example: name="GigabitEthernet0/0/2", selected=False, state="unselect"."""

    name: str
    selected: bool
    state: str | None = None


class Lag(Strict):
    """A link aggregation (Eth-Trunk, Bridge-Aggregation, Port-channel).

    Example: name="Eth-Trunk1", mode="lacp", oper_up=True, min_links=2,
    members=[LagMember(name="XGigabitEthernet0/0/1", selected=True, state="selected")].

    `min_links` is the device's own minimum of active members, when it prints one.
    """

    name: str
    mode: str | None = None
    oper_up: bool | None = None
    min_links: int | None = Field(default=None, ge=0)
    members: list[LagMember] = Field(default_factory=list)


# ----- a server's own operating system (Linux over SSH): filesystems, failed services, load


class Filesystem(Strict):
    """One mounted filesystem. Example: mount="/var", device="/dev/mapper/rhel-var",
    fstype="xfs", size_bytes=21464350720, used_bytes=20433010688, utilization_pct=96,
    inodes_total=10484736, inodes_used=214432, inodes_pct=3.

    `utilization_pct` is as `df` prints it (used / (used + available), rounded up), which
    counts the blocks reserved for root as unavailable.
    """

    mount: str
    device: str | None = None
    fstype: str | None = None
    size_bytes: int | None = Field(default=None, ge=0)
    used_bytes: int | None = Field(default=None, ge=0)
    utilization_pct: float | None = Field(default=None, ge=0, le=100)
    inodes_total: int | None = Field(default=None, ge=0)
    inodes_used: int | None = Field(default=None, ge=0)
    inodes_pct: float | None = Field(default=None, ge=0, le=100)


class Service(Strict):
    """A service unit the init system reports failed. Example: name="kdump.service",
    load="loaded", active="failed", sub="failed", description="Crash recovery kernel arming"."""

    name: str
    load: str | None = None
    active: str | None = None
    sub: str | None = None
    description: str | None = None


class OsState(Strict):
    """The operating system as a whole. Example: kernel="4.18.0-513.5.1.el8_9.x86_64",
    cpu_count=16, load_1m=2.1, load_5m=1.8, load_15m=1.5,
    last_patch="2026-09-14 10:22:31" (the latest package install or upgrade, the host's
    local time), swap_total_bytes=8589930496, swap_used_bytes=6442450944, swap_pct=75.
    Swap is here, not in `memory`: RAM utilization checks must not grade it."""

    kernel: str | None = None
    cpu_count: int | None = Field(default=None, ge=1)
    load_1m: float | None = Field(default=None, ge=0)
    load_5m: float | None = Field(default=None, ge=0)
    load_15m: float | None = Field(default=None, ge=0)
    last_patch: datetime | None = None
    swap_total_bytes: int | None = Field(default=None, ge=0)
    swap_used_bytes: int | None = Field(default=None, ge=0)
    swap_pct: float | None = Field(default=None, ge=0, le=100)


FAMILY_NAMES: tuple[str, ...] = (
    "facts", "cpu", "memory", "interfaces", "routes", "logs", "inventory", "sensors",
    "ups", "neighbors", "sessions", "ntp", "config",
    "vrrp", "stack", "stp", "lag",
    "storage", "ha",
    "session_usage", "licenses", "vpn_tunnels",
    "memory_modules", "health",
    "filesystems", "services", "os",
)

# Each family's record model, and whether the family is one object or a list of records.
FAMILY_MODELS: dict[str, tuple[type[Strict], bool]] = {
    "facts": (Facts, False),
    "cpu": (Cpu, True),
    "memory": (Memory, True),
    "interfaces": (Interface, True),
    "routes": (Routes, False),
    "logs": (LogEntry, True),
    "inventory": (InventoryItem, True),
    "sensors": (Sensor, True),
    "ups": (Ups, False),
    "neighbors": (Neighbor, True),
    "sessions": (Session, True),
    "ntp": (Ntp, False),
    "config": (Config, False),
    "vrrp": (VrrpGroup, True),
    "stack": (Stack, False),
    "stp": (StpInstance, True),
    "lag": (Lag, True),
    "storage": (StoragePart, True),
    "ha": (HaMember, True),
    "session_usage": (SessionUsage, False),
    "licenses": (License, True),
    "vpn_tunnels": (VpnTunnel, True),
    "memory_modules": (MemoryModule, True),
    "health": (HealthStatus, True),
    "filesystems": (Filesystem, True),
    "services": (Service, True),
    "os": (OsState, False),
}


def _absent() -> Family[Any]:
    return Family[Any](status=FamilyStatus.NOT_COLLECTED, reason="not collected")


class Snapshot(Strict):
    """The normalized state of one device at one time: every family, each with a status."""

    device: Device
    taken_at: datetime | None = None
    facts: Family[Facts] = Field(default_factory=_absent)
    cpu: Family[list[Cpu]] = Field(default_factory=_absent)
    memory: Family[list[Memory]] = Field(default_factory=_absent)
    interfaces: Family[list[Interface]] = Field(default_factory=_absent)
    routes: Family[Routes] = Field(default_factory=_absent)
    logs: Family[list[LogEntry]] = Field(default_factory=_absent)
    inventory: Family[list[InventoryItem]] = Field(default_factory=_absent)
    sensors: Family[list[Sensor]] = Field(default_factory=_absent)
    ups: Family[Ups] = Field(default_factory=_absent)
    neighbors: Family[list[Neighbor]] = Field(default_factory=_absent)
    sessions: Family[list[Session]] = Field(default_factory=_absent)
    ntp: Family[Ntp] = Field(default_factory=_absent)
    config: Family[Config] = Field(default_factory=_absent)
    vrrp: Family[list[VrrpGroup]] = Field(default_factory=_absent)
    stack: Family[Stack] = Field(default_factory=_absent)
    stp: Family[list[StpInstance]] = Field(default_factory=_absent)
    lag: Family[list[Lag]] = Field(default_factory=_absent)
    storage: Family[list[StoragePart]] = Field(default_factory=_absent)
    ha: Family[list[HaMember]] = Field(default_factory=_absent)
    session_usage: Family[SessionUsage] = Field(default_factory=_absent)
    licenses: Family[list[License]] = Field(default_factory=_absent)
    vpn_tunnels: Family[list[VpnTunnel]] = Field(default_factory=_absent)
    memory_modules: Family[list[MemoryModule]] = Field(default_factory=_absent)
    health: Family[list[HealthStatus]] = Field(default_factory=_absent)
    filesystems: Family[list[Filesystem]] = Field(default_factory=_absent)
    services: Family[list[Service]] = Field(default_factory=_absent)
    os: Family[OsState] = Field(default_factory=_absent)

    def family(self, name: str) -> Family[Any]:
        """The family called `name` (one of FAMILY_NAMES)."""
        if name not in FAMILY_MODELS:
            raise KeyError(f"unknown family {name!r}")
        result: Family[Any] = getattr(self, name)
        return result


# --------------------------------------------------------------------------- findings


class Severity(StrEnum):
    """Fault levels of maintenance contracts: 一级 critical .. 四级 info."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    INFO = "info"


class Evidence(Strict):
    command: str
    lines: list[str] = Field(default_factory=list)


NOT_CHECKED_CAUSES: tuple[str, ...] = (
    "unreachable",  # no session to the device
    "not_collected",  # the platform could report it; no capture of it exists
    "failed",  # the command failed or its output did not parse
    "cut_short",  # the session ended (device, deadline, stop) before the command was answered
    "no_data",  # the data came back without the value this check needs
    "no_baseline",  # a comparison with no earlier inspection of the device to compare with
    "not_configured",  # the check needs a setting (a baseline, the uplinks) nobody gave
    "check_error",  # the check itself failed (a bug): the item stays unchecked
    "not_applicable",  # the platform has no way to report it (this model or kind)
    "not_filled",  # a manual checklist item the engineer left blank (inspector/manual)
)


class Reading(Strict):
    """One value a check judged, the grade it got and the limit that gave it: the one place
    the report's tables read a grade from, so a value never shows two verdicts.

    Example: ``Reading(subject="Row 3 hot aisle", value=41, unit="°C", severity="critical",
    limit="outside 18–32 °C (the sensor's own limits)")``; severity None means within limits.
    """

    subject: str
    value: float | int | str | bool | None = None
    unit: str = ""
    severity: Severity | None = None
    limit: str | None = None
    limit_zh: str | None = None  # `limit` in Chinese (runs of earlier versions: none)
    # For a range check: each level's [low, high] (null: no bound on that side), so a table
    # can print the ranges in the reader's language; `own_limits` when they are the
    # device's own (a probe's configured limits), not the rule's.
    bounds: dict[Severity, list[float | None]] = Field(default_factory=dict)
    own_limits: bool = False


class Finding(Strict):
    """A check's verdict on one device.

    Example: check_id="cpu.utilization", category="cpu", severity="major", device="core-sw1",
    observed="slot 0: 92% (5-min average)", observed_zh="槽位 0：92%（5 分钟平均）",
    threshold="critical ≥ 95%; major ≥ 80%", message_zh="CPU 利用率过高", ...

    `observed`, `threshold` and `not_checked_reason` are the English text (as results.json
    has always held them); their `_zh` twins the Chinese, both from the message catalogs.
    A run of an earlier version has no `_zh` text: a report then shows the English.
    """

    check_id: str
    category: str
    device: str
    severity: Severity | None = None
    passed: bool = False
    not_checked_reason: str | None = None
    # Why, as one of NOT_CHECKED_CAUSES (reports group unchecked items by it);
    # "not_applicable" items are listed but not counted in a device's coverage.
    not_checked_cause: str | None = None
    not_checked_reason_zh: str | None = None
    observed: str | None = None
    observed_zh: str | None = None
    threshold: str | None = None
    threshold_zh: str | None = None
    message_zh: str = ""
    message_en: str = ""
    recommendation_zh: str = ""
    recommendation_en: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    # The values judged (bounded: every failing one, the others while few).
    readings: list[Reading] = Field(default_factory=list)
    # Set when this failing finding states another fact of the same physical fault as the
    # failing finding of check `part_of` on the same device (a failed PSU and the lost
    # redundancy it causes): shown and counted once, with that finding.
    part_of: str | None = None

    @property
    def is_problem(self) -> bool:
        """A problem of its own: failed (neither passed nor not checked) and not a second
        fact of another finding's fault. What every count, score and list of problems
        counts."""
        return not self.passed and self.not_checked_reason is None and self.part_of is None


# --------------------------------------------------------------------------- runs


class DeviceStatus(StrEnum):
    """How collection went for one device as a whole."""

    COMPLETE = "complete"  # every command answered
    PARTIAL = "partial"  # some commands failed or families did not parse
    UNREACHABLE = "unreachable"  # no session could be opened
    FAILED = "failed"  # nothing usable came back


class CaptureSummary(Strict):
    """A capture as results.json lists it (the full output lives in the bundle)."""

    command: str
    canonical: str | None = None
    error: str | None = None
    bytes: int = 0
    file: str | None = None


class ConfigArchive(Strict):
    """The device's running configuration as this run archived it (inspector/configs).

    Example: status="changed", file="configs/sw1.cfg", diff_file="configs/sw1.diff",
    previous_run="2026-11-01-0200", added=2, removed=1, diff=["@@ -4,3 +4,4 @@", ...].
    `status`: archived (no earlier archive to compare with), unchanged, changed, failed or
    not_collected (no capture of the command: an old bundle, a session log without it;
    `reason` says why nothing was archived). `diff` is the start of the unified diff, the
    config lines verbatim; `more` counts the diff lines left out of it.
    """

    status: Literal["archived", "unchanged", "changed", "failed", "not_collected"]
    file: str | None = None
    diff_file: str | None = None
    previous_run: str | None = None
    previous_started: datetime | None = None
    added: int = 0
    removed: int = 0
    diff: list[str] = Field(default_factory=list)
    more: int = 0
    reason: str = ""


class DeviceResult(Strict):
    device: Device
    status: DeviceStatus
    reason: str = ""
    captures: list[CaptureSummary] = Field(default_factory=list)
    snapshot: Snapshot
    # None: the platform has no configuration to archive (or the run predates the archive).
    config_archive: ConfigArchive | None = None


class InputProblem(Strict):
    """An input (session log, bundle, inventory row) that could not be used, and why."""

    source: str
    message: str


class Run(Strict):
    """One inspection run: what `results.json` holds."""

    schema_version: int = 1
    run_id: str
    mode: Literal["live", "replay", "import-log", "demo"]
    started: datetime
    ended: datetime | None = None
    source: str = ""
    tool_version: str = ""
    profile: Literal["monthly", "pre-holiday", "quarterly", "ad-hoc"] = "monthly"
    # False when the run was interrupted (Ctrl-C, deadline): some devices were not inspected.
    complete: bool = True
    devices: list[DeviceResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    problems: list[InputProblem] = Field(default_factory=list)
