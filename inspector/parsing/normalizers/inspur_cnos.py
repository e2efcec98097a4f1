"""Normalizers for inspur_cnos: TextFSM records -> contract models (see model.py).

Inspur ships two CLIs under the CN name. The data-centre line (CN12900, CN8000/CN8600,
CN61108PC-V) runs INOS, derived from NX-OS: NX-OS layouts, `Eth1/1` short names in brief
tables. The campus line (CN3000/CN5000, S-series, CN61108PC-V-H) runs CNOS, IOS-like, with
its own tables and `eth-0-1` port names. Several templates read both layouts; the
normalizers below tell them apart by which fields a record carries.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.model import (
    Config,
    Cpu,
    Facts,
    Interface,
    InventoryItem,
    LogEntry,
    Memory,
    Neighbor,
    Ntp,
    Routes,
    Sensor,
    Session,
)
from inspector.parsing.normalizers.common import (
    Normalizer,
    ParseContext,
    Record,
    duplex,
    expand_ifname,
    is_up,
    ospf_established,
    pct,
    sensor_status,
    speed_mbps,
    syslog_severity,
    text,
    to_bytes,
    to_float,
    to_int,
    uptime_seconds,
    worst_status,
)

VENDOR = "Inspur"

# INOS brief tables and LLDP print NX-OS short names; detailed outputs print the long
# form. CNOS names (`eth-0-1`, `agg1`, `vlan10`) are the same everywhere and left alone.
IFNAME_SHORT = {"eth": "Ethernet", "po": "port-channel", "lo": "loopback"}


def ifname(name: Any) -> str:
    return expand_ifname(str(name or ""), IFNAME_SHORT)


# --------------------------------------------------------------------------- facts


def version_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """`show version`, either line. CNOS prints "<hostname> uptime is ..."."""
    row = records[0]
    return Facts(
        hostname=text(row.get("HOSTNAME")),
        vendor=VENDOR,
        model=text(row.get("HW_TYPE")) or text(row.get("MODEL")),
        serial=text(row.get("SERIAL")),
        os_version=text(row.get("OS_VERSION")),
        uptime_seconds=uptime_seconds(row.get("UPTIME")),
        image=text(row.get("IMAGE")),
    )


def inventory_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """`show inventory`: the chassis serial number (INOS prints the board ID in
    `show version`, which is not always the chassis serial on modular CN12900s)."""
    chassis = next((r for r in records if "chassis" in str(r.get("NAME", "")).lower()),
                   records[0])
    return Facts(vendor=VENDOR, serial=_serial(chassis.get("SN")),
                 model=text(chassis.get("PID")))


def license_facts(records: list[Record], ctx: ParseContext) -> Facts:
    return Facts(vendor=VENDOR, serial=text(records[0].get("HOST_ID")))


# --------------------------------------------------------------------------- inventory


def _serial(value: Any) -> str | None:
    serial = text(value)
    return None if serial is None or serial.upper() in {"N/A", "NA", "--"} else serial


def _inventory_kind(name: str, descr: str) -> str:
    label = f"{name} {descr}".lower()
    for kind, words in (
        ("chassis", ("chassis",)), ("psu", ("power supply", "psu")),
        ("fan", ("fan",)), ("transceiver", ("transceiver", "sfp", "qsfp")),
        ("module", ("slot", "module", "supervisor", "linecard", "fabric")),
    ):
        if any(word in label for word in words):
            return kind
    return "transceiver" if re.match(r"(?i)eth", name) else "other"


def inventory_items(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show inventory` (INOS, NX-OS layout): NAME/DESCR then PID/VID/SN."""
    items = []
    for row in records:
        name = text(row.get("NAME")) or ""
        descr = text(row.get("DESCR")) or ""
        items.append(InventoryItem(
            name=name, kind=_inventory_kind(name, descr), model=text(row.get("PID")),
            serial=_serial(row.get("SN")), hw_version=text(row.get("VID")),
            description=descr or None,
        ))
    return items


def module_items(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show module`: three tables joined by module number; named "Slot N" like
    `show inventory` so both merge into one item."""
    modules: dict[str, Record] = {}
    for row in records:
        item = modules.setdefault(row["MODULE"], {"name": f"Slot {row['MODULE']}",
                                                  "kind": "module"})
        if row.get("MODEL"):
            item["model"] = text(row["MODEL"])
            item["description"] = text(row.get("TYPE"))
            item["status"] = text(str(row.get("STATUS", "")).replace("*", ""))
        if row.get("SW"):
            item["fw_version"] = text(row["SW"])
            item["hw_version"] = text(row.get("HW"))
        if row.get("SERIAL"):
            item["serial"] = _serial(row["SERIAL"])
    return [InventoryItem(**item) for item in modules.values()]


def version_inventory(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show version` as the chassis item, for CNOS releases without `show inventory`."""
    row = records[0]
    return [InventoryItem(
        name="Chassis", kind="chassis",
        model=text(row.get("HW_TYPE")) or text(row.get("MODEL")),
        serial=text(row.get("SERIAL")), hw_version=text(row.get("HW_VERSION")),
        fw_version=text(row.get("BOOTROM")),
    )]


def environment_inventory(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show environment` fan and PSU rows as inventory items, for CNOS releases without
    `show module`."""
    return [
        InventoryItem(name=sensor.name, kind=sensor.kind, status=sensor.status)
        for sensor in environment_sensors(records, ctx) if sensor.kind in ("fan", "psu")
    ]


# --------------------------------------------------------------------------- sensors


def _threshold_status(value: float | None, warn: float | None, crit: float | None) -> str:
    if value is None:
        return "unknown"
    if crit is not None and value >= crit:
        return "critical"
    if warn is not None and value >= warn:
        return "warning"
    return "ok"


def _dc_sensor(row: Record) -> Sensor:
    section = row["SECTION"]
    status = sensor_status(row.get("STATUS"))
    if section == "Power Supply":
        watts = to_float(row.get("READING")) if status != "absent" else None
        return Sensor(name=f"Power Supply {row['NAME']}", kind="psu", value=watts,
                      unit="W" if watts is not None else None, status=status)
    if section == "Fan":
        return Sensor(name=row["NAME"], kind="fan", status=status)
    value = to_float(row.get("READING"))
    warn, crit = to_float(row.get("HIGH_WARN")), to_float(row.get("HIGH_CRIT"))
    return Sensor(name=f"Module {row['MODULE']} {row['NAME']}", kind="temperature",
                  value=value, unit="C", high_warn=warn, high_crit=crit,
                  status=worst_status(status, _threshold_status(value, warn, crit)))


def _cn_psu_status(row: Record) -> str:
    # CNOS: Status PRESENT/ABSENT, Power OK/FAIL ("-" when absent), Alert NO/YES.
    if sensor_status(row.get("STATUS")) == "absent":
        return "absent"
    if str(row.get("ALERT", "")).upper() == "YES":
        return "critical"
    return sensor_status(row.get("POWER"))


def _cn_sensor(row: Record) -> Sensor:
    section = row["SECTION"]
    if section == "Fan tray status":
        status = sensor_status(row.get("STATUS"))
        speed = to_float(row.get("READING")) if status != "absent" else None
        return Sensor(name=f"Fan {row['NAME']}", kind="fan", value=speed,
                      unit="%" if speed is not None else None, status=status)
    if section == "Power status":
        return Sensor(name=f"Power Supply {row['NAME']}", kind="psu",
                      status=_cn_psu_status(row))
    value = to_float(row.get("READING"))
    warn, crit = to_float(row.get("HIGH_WARN")), to_float(row.get("HIGH_CRIT"))
    low = to_float(row.get("LOW"))
    status = _threshold_status(value, warn, crit)
    if value is not None and low is not None and value <= low and status == "ok":
        status = "warning"
    return Sensor(name=f"{row.get('POSITION') or 'Sensor'} {row['NAME']}", kind="temperature",
                  value=value, unit="C", low_warn=low, high_warn=warn,
                  high_crit=crit, status=status)


def environment_sensors(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """`show environment`, INOS sections or CNOS tables (the section says which)."""
    dc_sections = {"Power Supply", "Fan", "Temperature"}
    return [_dc_sensor(r) if r["SECTION"] in dc_sections else _cn_sensor(r) for r in records]


# --------------------------------------------------------------------------- cpu, memory


def processes_cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    """`show processes cpu` / `show processes cpu history`: the five-second, one-minute and
    five-minute figures of the summary line."""
    row = records[0]
    return [Cpu(slot="0", utilization_pct=pct(row.get("CPU_5S")),
                avg_1m_pct=pct(row.get("CPU_1M")), avg_5m_pct=pct(row.get("CPU_5M")))]


def system_resources_cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    """`show system resources`: utilization is what is not idle."""
    idle = to_float(records[0].get("CPU_IDLE"))
    return [Cpu(slot="0", utilization_pct=None if idle is None else pct(round(100 - idle, 2)))]


def _mem(total: int | None, used: int | None, utilization: Any = None) -> list[Memory]:
    share = pct(utilization)
    if share is None and total and used is not None:
        share = pct(round(used * 100 / total, 2))
    return [Memory(slot="0", total_bytes=total, used_bytes=used, utilization_pct=share)]


def system_resources_memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    """`show system resources`: "Memory usage: 16399704K total, 5821340K used, ..."."""
    row = records[0]
    total = to_bytes(row.get("MEM_TOTAL"), row.get("MEM_TOTAL_UNIT") or "K")
    used = to_bytes(row.get("MEM_USED"), row.get("MEM_USED_UNIT") or "K")
    return _mem(total, used)


def memory_summary(records: list[Record], ctx: ParseContext) -> list[Memory]:
    """`show memory summary total` (CNOS): sizes in KB and the utilization percentage."""
    row = records[0]
    total = to_bytes(row.get("TOTAL"), row.get("TOTAL_UNIT") or "KB")
    used = to_bytes(row.get("USED"), row.get("USED_UNIT") or "KB")
    return _mem(total, used, row.get("UTILIZATION"))


# --------------------------------------------------------------------------- interfaces


def _err_disabled(*words: Any) -> bool:
    return any("errdisab" in str(w).lower().replace("-", "") for w in words if w)


def interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface brief` (INOS). Admin-down shows as status "down" with reason
    "Administratively down"; err-disabled ports as reason "errDisabled" (or a cause
    prefixed to it, e.g. "linkFlapErrDisabled")."""
    result = []
    for row in records:
        status, reason = str(row.get("STATUS", "")), str(row.get("REASON", ""))
        admin_down = "administratively" in reason.lower()
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=not admin_down,
            oper_up=is_up(status),
            speed_mbps=speed_mbps(row.get("SPEED")),
            mtu=to_int(row.get("MTU")),
            description=text(row.get("DESCRIPTION")),
            err_disabled=_err_disabled(status, reason),
        ))
    return result


def interface_status(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface status`. CNOS: Status up / down / admin down / errdisable, Duplex
    and Speed with an "a-" prefix when negotiated. INOS: NX-OS words cut to 9 characters
    (connected, notconnec, disabled, xcvrAbsen, err-disab..)."""
    result = []
    for row in records:
        status = str(row.get("STATUS", "")).lower()
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up="admin" not in status and status != "disabled",
            oper_up=status in {"up", "connected"},
            speed_mbps=speed_mbps(row.get("SPEED")),
            duplex=duplex(row.get("DUPLEX")),
            description=text(row.get("DESCRIPTION")),
            err_disabled=_err_disabled(status),
        ))
    return result


def _util(rate_bps: Any, bw_kbit: Any) -> float | None:
    rate, bandwidth = to_float(rate_bps), to_float(bw_kbit)
    if rate is None or not bandwidth:
        return None
    return pct(round(rate * 100 / (bandwidth * 1000), 2))


def _admin_up(row: Record) -> bool | None:
    if row.get("ADMIN"):
        return is_up(row["ADMIN"])
    state = f"{row.get('LINK', '')} {row.get('REASON', '')}".lower()
    return "administratively" not in state if row.get("LINK") else None


def interface_detail(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface`, either layout: state, speed/duplex, MTU and error counters. The
    utilization is the 5-minute rate over the bandwidth (BW / Bandwidth line)."""
    return [Interface(
        name=ifname(row["INTERFACE"]),
        admin_up=_admin_up(row),
        oper_up=is_up(row.get("LINK")),
        speed_mbps=speed_mbps(row.get("SPEED")),
        duplex=duplex(row.get("DUPLEX")),
        mtu=to_int(row.get("MTU")),
        description=text(row.get("DESCRIPTION")),
        in_errors=to_int(row.get("IN_ERRORS")),
        out_errors=to_int(row.get("OUT_ERRORS")),
        crc_errors=to_int(row.get("CRC")),
        in_discards=to_int(row.get("IN_DISCARDS")),
        out_discards=to_int(row.get("OUT_DISCARDS")),
        in_util_pct=_util(row.get("IN_RATE"), row.get("BW_KBIT")),
        out_util_pct=_util(row.get("OUT_RATE"), row.get("BW_KBIT")),
        err_disabled=_err_disabled(row.get("REASON"), row.get("LINK")),
    ) for row in records]


# --------------------------------------------------------------------------- routes


def route_summary(records: list[Record], ctx: ParseContext) -> Routes:
    """`show ip route summary`. INOS names protocols with their instance ("ospf-1",
    "bgp-65001"): counted under the protocol name. The summary cannot tell whether a
    default route exists (see `show ip route 0.0.0.0`)."""
    by_protocol: dict[str, int] = {}
    total = None
    for row in records:
        if row.get("TOTAL"):
            total = to_int(row["TOTAL"])
        if row.get("PROTOCOL") and row.get("COUNT"):
            name = re.sub(r"-[\w.]+$", "", str(row["PROTOCOL"]).lower())
            by_protocol[name] = by_protocol.get(name, 0) + (to_int(row["COUNT"]) or 0)
    if total is None and by_protocol:
        total = sum(by_protocol.values())
    return Routes(total=total, by_protocol=by_protocol, default_route=None)


def default_route(records: list[Record], ctx: ParseContext) -> Routes:
    """`show ip route 0.0.0.0`: an entry for 0.0.0.0/0, or none (header only on INOS,
    "% Network not in table" on CNOS)."""
    return Routes(default_route=bool(records))


# --------------------------------------------------------------------------- logs


def log_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [LogEntry(
        timestamp=text(row.get("TIMESTAMP")),
        severity=syslog_severity(row.get("SEVERITY")),
        source="log",
        mnemonic=f"{row['FACILITY']}-{row['SEVERITY']}-{row['MNEMONIC']}",
        message=text(row.get("MESSAGE")) or "",
    ) for row in records]


# --------------------------------------------------------------------------- neighbors


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`show lldp neighbors` (INOS, NX-OS layout; ntc-templates' cisco_nxos template)."""
    return [Neighbor(
        local_interface=ifname(row.get("LOCAL_INTERFACE")),
        remote_system=text(row.get("NEIGHBOR_NAME")) or "",
        remote_interface=text(row.get("NEIGHBOR_INTERFACE")),
        protocol="lldp",
    ) for row in records]


def lldp_neighbor_brief(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`show lldp neighbor brief` (CNOS key/value blocks)."""
    return [Neighbor(
        local_interface=ifname(row["LOCAL_PORT"]),
        remote_system=text(row.get("SYSTEM_NAME")) or "",
        remote_interface=text(row.get("REMOTE_PORT")),
        protocol="lldp",
    ) for row in records]


# --------------------------------------------------------------------------- sessions


def ospf_neighbors(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = re.sub(r"\s+", "", str(row.get("STATE", ""))).lower()
        result.append(Session(
            protocol="ospf", peer=row["NEIGHBOR_ID"], state=state,
            established=ospf_established(state),
            interface=ifname(row.get("INTERFACE")), uptime=text(row.get("TIME")),
        ))
    return result


def bgp_summary(records: list[Record], ctx: ParseContext) -> list[Session]:
    """State/PfxRcd holds a prefix count once the session is Established, else the FSM
    state (Idle, Active, Connect, "Idle (Admin)")."""
    result = []
    for row in records:
        state_pfx = str(row.get("STATE_PFX", ""))
        established = state_pfx.isdigit()
        result.append(Session(
            protocol="bgp", peer=row["NEIGHBOR"],
            state="established" if established else state_pfx.lower(),
            established=established, remote_as=to_int(row.get("REMOTE_AS")),
            uptime=text(row.get("UP_DOWN")),
        ))
    return result


# --------------------------------------------------------------------------- ntp, config


def ntp_peer_status(records: list[Record], ctx: ParseContext) -> Ntp:
    """`show ntp peer-status` (INOS): synchronized when a peer carries the "*" mark. INOS
    prints no offset here."""
    selected = next((r for r in records if r.get("MARK") == "*"), None)
    if selected is None:
        return Ntp(synchronized=False)
    return Ntp(synchronized=True, stratum=to_int(selected.get("STRATUM")),
               reference=text(selected.get("REMOTE")))


def ntp_status(records: list[Record], ctx: ParseContext) -> Ntp:
    row = records[0]
    synchronized = row.get("STATE") == "synchronized"
    return Ntp(synchronized=synchronized, stratum=to_int(row.get("STRATUM")),
               offset_ms=to_float(row.get("OFFSET")),
               reference=text(row.get("REFERENCE")) if synchronized else None)


def config_diff(records: list[Record], ctx: ParseContext) -> Config:
    changes = [line for row in records for line in row.get("CHANGES") or []]
    if not changes:
        return Config(saved=True, detail="running-config matches startup-config")
    return Config(saved=False,
                  detail=f"{len(changes)} lines of running-config differ from startup-config")


# The platform's registry: the names its definition file may use (as `inspur_cnos.<name>`).
NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": version_facts,
    "inventory_facts": inventory_facts,
    "license_facts": license_facts,
    "inventory_items": inventory_items,
    "module_items": module_items,
    "version_inventory": version_inventory,
    "environment_inventory": environment_inventory,
    "environment_sensors": environment_sensors,
    "processes_cpu": processes_cpu,
    "system_resources_cpu": system_resources_cpu,
    "system_resources_memory": system_resources_memory,
    "memory_summary": memory_summary,
    "interface_brief": interface_brief,
    "interface_status": interface_status,
    "interface_detail": interface_detail,
    "route_summary": route_summary,
    "default_route": default_route,
    "log_entries": log_entries,
    "lldp_neighbors": lldp_neighbors,
    "lldp_neighbor_brief": lldp_neighbor_brief,
    "ospf_neighbors": ospf_neighbors,
    "bgp_summary": bgp_summary,
    "ntp_peer_status": ntp_peer_status,
    "ntp_status": ntp_status,
    "config_diff": config_diff,
}
