"""Normalizers for ruijie_os (锐捷 RGOS 10.x / 11.x): TextFSM records -> contract models.

RGOS looks like IOS at first sight (`show` commands, `%LINK-3-UPDOWN` messages) but its
tables are its own: "System <item> : <value>" in `show version`, CPU and memory per board
on a chassis, interface names with a space before the number ("GigabitEthernet 0/1"),
power and fan tables with their own state words.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.model import (
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
    ospf_established,
    pct,
    sensor_status,
    speed_mbps,
    syslog_severity,
    text,
    to_bytes,
    to_float,
    to_int,
)

VENDOR = "Ruijie"
_NONE = {"", "N/A", "NA", "-", "--"}


def _value(value: Any) -> str | None:
    found = text(value)
    return None if found is None or found.upper() in _NONE else found


def _uptime(value: Any) -> int | None:
    """'313:22:34:30' (days:hours:minutes:seconds) -> seconds."""
    parts = [int(p) for p in re.findall(r"\d+", str(value or ""))]
    if len(parts) != 4:
        return None
    days, hours, minutes, seconds = parts
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _slot(row: Record) -> str:
    return text(row.get("SLOT")) or "0"


# --------------------------------------------------------------------------- facts


def version_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """`show version`. RGOS prints no hostname here: the prompt gives it."""
    row = records[0]
    return Facts(vendor=VENDOR, model=_value(row.get("MODEL")),
                 serial=_value(row.get("SERIAL")), os_version=text(row.get("OS_VERSION")),
                 patch=_value(row.get("PATCH")), uptime_seconds=_uptime(row.get("UPTIME")))


def version_inventory(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show version`: the chassis from the "System" lines, then one item per board of a
    chassis's "Module information" block."""
    return [InventoryItem(
        name=f"Slot {row['SLOT']}" if row.get("SLOT") else "Chassis",
        kind="module" if row.get("SLOT") else "chassis",
        model=_value(row.get("MODEL")), serial=_value(row.get("SERIAL")),
        hw_version=_value(row.get("HW_VERSION")), fw_version=text(row.get("SW_VERSION")),
        description=text(row.get("DESCRIPTION")),
    ) for row in records]


# --------------------------------------------------------------------------- cpu, memory


def cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    return [Cpu(slot=_slot(row), utilization_pct=pct(row["CPU_5S"]),
                avg_1m_pct=pct(row.get("CPU_1M")), avg_5m_pct=pct(row.get("CPU_5M")))
            for row in records]


def _memory(row: Record) -> Memory:
    total = to_bytes(row.get("TOTAL"), row.get("TOTAL_UNIT") or "KB")
    used = to_bytes(row.get("USED"), row.get("USED_UNIT") or "KB")
    free = to_bytes(row.get("FREE"), row.get("FREE_UNIT") or "KB")
    if used is None and total is not None and free is not None:
        used = total - free
    share = pct(row.get("UTILIZATION"))
    if share is None and total and used is not None:
        share = pct(round(used * 100 / total, 2))
    return Memory(slot=_slot(row), total_bytes=total, used_bytes=used, utilization_pct=share)


def memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    return [_memory(row) for row in records]


# --------------------------------------------------------------------------- interfaces


def interface_status(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface status`: up / down / disabled (shut down)."""
    result = []
    for row in records:
        status = str(row.get("STATUS", "")).lower()
        result.append(Interface(
            name=" ".join(str(row["INTERFACE"]).split()),
            admin_up=status not in {"disabled", "admin-down", "shutdown"},
            oper_up=status == "up",
            speed_mbps=speed_mbps(row.get("SPEED")),
            duplex=duplex(row.get("DUPLEX")),
            description=text(row.get("DESCRIPTION")),
            err_disabled="err" in status,
        ))
    return result


def interface_counters(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface counters`: CRC (the larger of "CRC alignment errors" and
    "FCSErrors", which count the same frames on some releases) and drops."""
    result = []
    for row in records:
        crc_counts = [n for n in (to_int(row.get("CRC")), to_int(row.get("FCS"))) if n is not None]
        result.append(Interface(name=" ".join(str(row["INTERFACE"]).split()),
                                crc_errors=max(crc_counts) if crc_counts else None,
                                in_discards=to_int(row.get("DROPPED"))))
    return result


# --------------------------------------------------------------------------- sensors


def _power_status(row: Record) -> str:
    status = str(row.get("STATUS") or "").lower()
    if status.upper() in _NONE or "absent" in status:
        return "absent"
    if "nopower" in status or "nolink" in status:
        return "critical"
    if "powered" in status:
        return "ok"
    return sensor_status(status)


def power(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """`show power`: one PSU per bay; the watts it supplies when the chassis says."""
    result = []
    for row in records:
        status = _power_status(row)
        watts = to_float(row.get("OUTPUT_W")) if status != "absent" else None
        result.append(Sensor(name=f"Power {row['POWER_ID']}", kind="psu", value=watts,
                             unit="W" if watts is not None else None, status=status))
    return result


def fan(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """`show fan`: ok / normal, or fail / stop / absent."""
    result = []
    for row in records:
        status = str(row.get("STATUS") or "")
        word = "absent" if status.upper() in _NONE else status
        result.append(Sensor(name=f"Fan {row['FAN_ID']}", kind="fan",
                             status=sensor_status("stopped" if word.lower() == "stop" else word)))
    return result


def _threshold(value: float | None, warn: float | None, crit: float | None) -> str:
    if value is None:
        return "unknown"
    if crit is not None and value >= crit:
        return "critical"
    if warn is not None and value >= warn:
        return "warning"
    return "ok"


def temperature(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    result = []
    for row in records:
        value = to_float(row["CURRENT"])
        warn, crit = to_float(row.get("WARNING")), to_float(row.get("CRITICAL"))
        name = " ".join(w for w in (text(row.get("SLOT")), text(row.get("NAME"))) if w)
        result.append(Sensor(name=name or "System", kind="temperature", value=value, unit="C",
                             high_warn=warn, high_crit=crit,
                             status=_threshold(value, warn, crit)))
    return result


# --------------------------------------------------------------------------- routes


def route_summary(records: list[Record], ctx: ParseContext) -> Routes:
    """`show ip route summary` / `show ip route count`: the total and the count per source
    (lower-cased, zero counts left out). Neither says whether a default route exists."""
    total = next((to_int(r["TOTAL"]) for r in records if r.get("TOTAL")), None)
    by_protocol: dict[str, int] = {}
    for row in records:
        name, count = str(row.get("PROTOCOL") or "").lower(), to_int(row.get("COUNT"))
        if name and name not in {"total", "current"} and count:
            by_protocol[name] = by_protocol.get(name, 0) + count
    if total is None and by_protocol:
        total = sum(by_protocol.values())
    return Routes(total=total, by_protocol=by_protocol, default_route=None)


# --------------------------------------------------------------------------- logs


def log_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [LogEntry(timestamp=text(row.get("TIMESTAMP")),
                     severity=syslog_severity(row.get("SEVERITY")), source="log",
                     mnemonic=f"{row['FACILITY']}-{row['SEVERITY']}-{row['MNEMONIC']}",
                     message=text(row.get("MESSAGE")) or "")
            for row in records]


# --------------------------------------------------------------------------- neighbors, sessions


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [Neighbor(local_interface=str(row["LOCAL_INTERFACE"]),
                     remote_system=str(row["SYSTEM_NAME"]),
                     remote_interface=text(row.get("PORT_ID")), protocol="lldp")
            for row in records]


def ospf_neighbors(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = re.sub(r"\s+", "", str(row.get("STATE", ""))).lower().rstrip("/-")
        result.append(Session(protocol="ospf", peer=row["NEIGHBOR_ID"], state=state,
                              established=ospf_established(state),
                              interface=text(row.get("INTERFACE"))))
    return result


# --------------------------------------------------------------------------- ntp


def ntp_status(records: list[Record], ctx: ParseContext) -> Ntp:
    """`show ntp status`, worded as IOS's: "Clock is synchronized, stratum 3, reference is
    ..." and "clock offset is 0.1234 msec"."""
    row = records[0]
    synchronized = row.get("STATE") == "synchronized" if row.get("STATE") else None
    return Ntp(synchronized=synchronized, stratum=to_int(row.get("STRATUM")),
               offset_ms=to_float(row.get("OFFSET")),
               reference=text(row.get("REFERENCE")) if synchronized else None)


# The platform's registry: the names its definition file may use (as `ruijie_os.<name>`).
NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": version_facts,
    "version_inventory": version_inventory,
    "cpu": cpu,
    "memory": memory,
    "interface_status": interface_status,
    "interface_counters": interface_counters,
    "power": power,
    "fan": fan,
    "temperature": temperature,
    "route_summary": route_summary,
    "log_entries": log_entries,
    "lldp_neighbors": lldp_neighbors,
    "ospf_neighbors": ospf_neighbors,
    "ntp_status": ntp_status,
}
