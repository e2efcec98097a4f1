"""Normalizers for cisco_nxos: TextFSM records -> contract models (see model.py).

Inspur's INOS is derived from NX-OS and prints the same tables for system resources,
interfaces, module, environment, routes, OSPF, BGP, NTP and the configuration diff: the
definition reads those with the INOS templates, and the functions reading their records are
inspur_cnos's, listed here under this platform's names. What differs is NX-OS's own: the
vendor, the `show version` wording, the CPU summary of 9000s, CDP and the error-counter
table.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Cpu, Facts, Interface, InventoryItem, LogEntry, Neighbor, Routes
from inspector.parsing.normalizers import inspur_cnos as inos
from inspector.parsing.normalizers import routetable
from inspector.parsing.normalizers.common import (
    Normalizer,
    ParseContext,
    Record,
    pct,
    syslog_severity,
    text,
    to_int,
    uptime_seconds,
)
from inspector.parsing.normalizers.nxos_l2 import port_channels

VENDOR = "Cisco"


def _model(value: Any) -> str | None:
    """"Nexus7000 C7009 (9 Slot)" -> "Nexus7000 C7009": the slot count and the
    supervisor's description are not the model."""
    model = text(re.sub(r"\([^)]*\)", " ", str(value or "")))
    return model.strip('"') if model else None


def version_facts(records: list[Record], ctx: ParseContext) -> Facts:
    row = records[0]
    return Facts(
        hostname=text(row.get("HOSTNAME")), vendor=VENDOR, model=_model(row.get("MODEL")),
        serial=text(row.get("SERIAL")), os_version=text(row.get("OS_VERSION")),
        uptime_seconds=uptime_seconds(row.get("UPTIME")), image=text(row.get("IMAGE")),
    )


def inventory_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """The chassis line of `show inventory`: the chassis serial and product ID."""
    chassis = next((r for r in records if "chassis" in str(r.get("NAME", "")).lower()),
                   records[0])
    facts = inos.inventory_facts([chassis], ctx)
    return facts.model_copy(update={"vendor": VENDOR})


# First match wins: a PSU's description names its chassis ("Nexus7000 C7010 (10 Slot)
# Chassis Power Supply"), and a fixed switch's "Slot 1" is its SFP+ ports' module.
_KINDS = (("psu", re.compile(r"power supply|^PS\b", re.I)), ("fan", re.compile(r"\bfan", re.I)),
          ("chassis", re.compile(r"^chassis$", re.I)),
          ("module", re.compile(r"^slot\b|module|supervisor|fabric", re.I)),
          ("transceiver", re.compile(r"^eth|transceiver|sfp", re.I)))


def _inventory_kind(name: str, descr: str) -> str:
    return next((kind for kind, pattern in _KINDS
                 if pattern.search(name) or (kind != "chassis" and pattern.search(descr))),
                "other")


def inventory_items(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show inventory`: NAME/DESCR then PID/VID/SN per item."""
    items = inos.inventory_items(records, ctx)
    return [item.model_copy(update={"kind": _inventory_kind(item.name, item.description or "")})
            for item in items]


def processes_cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    """`show processes cpu`: the five-second / one-minute / five-minute line, or (9000s)
    the "CPU util" line, whose load is what is not idle."""
    row = records[0]
    if row.get("CPU_5S"):
        return [Cpu(slot="0", utilization_pct=pct(row["CPU_5S"]),
                    avg_1m_pct=pct(row.get("CPU_1M")), avg_5m_pct=pct(row.get("CPU_5M")))]
    idle = pct(row.get("CPU_IDLE"))
    return [Cpu(slot="0", utilization_pct=None if idle is None else round(100 - idle, 2))]


def counters_errors(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show interface counters errors`: a port's rows of the error and InDiscards tables
    joined by name ("--" where a counter does not apply)."""
    ports: dict[str, dict[str, int | None]] = {}
    for row in records:
        counters = ports.setdefault(inos.ifname(row["PORT"]), {})
        for field, key in (("crc_errors", "FCS"), ("out_errors", "XMIT"),
                           ("in_errors", "RCV"), ("out_discards", "OUT_DISCARDS"),
                           ("in_discards", "IN_DISCARDS")):
            if row.get(key):
                counters[field] = to_int(row[key])
    return [Interface(name=name, **counters) for name, counters in ports.items()]


def _route_rows(records: list[Record]) -> list[Record]:
    """ntc-templates' rows ("via" lines, the prefix filled down) in routetable's keys."""
    return [{"PREFIX": f"{r['NETWORK']}/{r['PREFIX_LENGTH']}" if r.get("NETWORK") else "",
             "NEXTHOP": r.get("NEXTHOP_IP"), "INTERFACE": r.get("NEXTHOP_IF"),
             "VRF": r.get("VRF"), "PROTOCOL": r.get("PROTOCOL")} for r in records]


def _protocol(row: Record) -> str:
    # "ospf-100", "bgp-65010": the instance after the dash is not the protocol.
    return re.sub(r"-[\w.]+$", "", str(row.get("PROTOCOL") or "").lower())


def route_table(records: list[Record], ctx: ParseContext) -> Routes:
    """`show ip route [vrf X]`: counted as `show ip route summary` counts, paths per
    protocol ("Best paths per protocol") and the routes' total (distinct prefixes). A VRF
    with no route prints "Route not found"."""
    rows = _route_rows(records)
    table = routetable.read(rows, _protocol, count_paths=True)
    if not table.routes:
        vrfs = [str(r["VRF"]) for r in rows if r.get("VRF")]
        return routetable.empty(vrfs[0] if vrfs and vrfs[0] != "default" else None)
    prefixes = len({(r["VRF"], r["PREFIX"]) for r in rows if r["PREFIX"]})
    routes = routetable.summarize(table, total=prefixes)
    return routes.model_copy(update={"vrf": None if routes.vrf == "default" else routes.vrf})


def log_entries(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    return [LogEntry(
        timestamp=text(row.get("TIMESTAMP")),
        severity=syslog_severity(row.get("SEVERITY")),
        source="log",
        mnemonic=f"{row['FACILITY']}-{row['SEVERITY']}-{row['MNEMONIC']}",
        message=text(row.get("MESSAGE")) or "",
    ) for row in records]


def cdp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`show cdp neighbors`. NX-OS appends the neighbor's serial to a Nexus's device ID
    ("N9K-B(FDO2134X0AB)"): the name is what comes before it, as LLDP shows it."""
    return [Neighbor(
        local_interface=inos.ifname(row.get("LOCAL_INTERFACE")),
        remote_system=re.sub(r"\(\w+\)$", "", str(row.get("NEIGHBOR_NAME") or "")),
        remote_interface=text(row.get("NEIGHBOR_INTERFACE")),
        protocol="cdp",
    ) for row in records]


# The platform's registry: the names its definition file may use (as `cisco_nxos.<name>`).
NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": version_facts,
    "inventory_facts": inventory_facts,
    "processes_cpu": processes_cpu,
    "counters_errors": counters_errors,
    "log_entries": log_entries,
    "cdp_neighbors": cdp_neighbors,
    # The same tables as INOS (see the module's docstring).
    "system_resources_cpu": inos.system_resources_cpu,
    "system_resources_memory": inos.system_resources_memory,
    "interface_brief": inos.interface_brief,
    "interface_status": inos.interface_status,
    "interface_detail": inos.interface_detail,
    "route_summary": inos.route_summary,
    "route_table": route_table,
    "default_route": inos.default_route,
    "inventory_items": inventory_items,
    "module_items": inos.module_items,
    "environment_sensors": inos.environment_sensors,
    "lldp_neighbors": inos.lldp_neighbors,
    "ospf_neighbors": inos.ospf_neighbors,
    "bgp_summary": inos.bgp_summary,
    "ntp_peer_status": inos.ntp_peer_status,
    "config_diff": inos.config_diff,
    "port_channels": port_channels,
}
