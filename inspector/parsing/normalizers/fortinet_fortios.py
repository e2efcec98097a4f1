"""Normalizers for fortinet_fortios (FortiGate, FortiOS 6.2 to 7.4): TextFSM records ->
contract models. `NORMALIZERS` is the platform's registry (`fortinet_fortios.<name>`)."""

from __future__ import annotations

from inspector.model import (
    Cpu,
    Facts,
    HaMember,
    Interface,
    License,
    LogEntry,
    Memory,
    SessionUsage,
    VpnTunnel,
)
from inspector.parsing.normalizers.common import (
    Normalizer,
    ParseContext,
    Record,
    duplex,
    speed_mbps,
    text,
    to_int,
    uptime_seconds,
)
from inspector.parsing.normalizers.firewall import ha_role, licence

HA_GROUP = "ha"  # the FGCP cluster: one group per firewall


def system_status(records: list[Record], ctx: ParseContext) -> Facts:
    row = records[0]
    build = text(row.get("BUILD"))
    return Facts(hostname=text(row.get("HOSTNAME")), vendor="Fortinet",
                 model=text(row.get("MODEL")), serial=text(row.get("SERIAL")),
                 os_version=text(row.get("VERSION")), patch=f"build{build}" if build else None)


def performance_cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    idle = to_int(records[0].get("IDLE"))
    if idle is None:
        raise ValueError("no `CPU states` line")
    return [Cpu(slot="0", utilization_pct=float(100 - idle))]


def performance_memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    row = records[0]
    total, used = to_int(row.get("MEM_TOTAL")), to_int(row.get("MEM_USED"))
    if total is None or used is None:
        raise ValueError("no `Memory:` line")
    pct = text(row.get("MEM_PCT"))
    return [Memory(slot="0", total_bytes=total * 1024, used_bytes=used * 1024,
                   utilization_pct=float(pct) if pct else round(used * 100 / total, 1))]


def performance_facts(records: list[Record], ctx: ParseContext) -> Facts:
    return Facts(uptime_seconds=uptime_seconds(records[0].get("UPTIME")))


def interfaces_physical(records: list[Record], ctx: ParseContext) -> list[Interface]:
    # The physical view prints the link only: the administrative state is not shown.
    return [Interface(name=row["NAME"], oper_up=row.get("STATUS") == "up" if row.get("STATUS")
                      else None, speed_mbps=speed_mbps(row.get("SPEED")),
                      duplex=duplex(row.get("DUPLEX")))
            for row in records]


def ha_status(records: list[Record], ctx: ParseContext) -> list[HaMember]:
    """The cluster's members, each with its configuration's sync state; a standalone unit
    is one member with role "standalone"."""
    mode = str(next((r.get("MODE") for r in records if r.get("MODE")), "")).lower()
    changed = next((text(r.get("CHANGED")) for r in records if r.get("CHANGED")), None)
    sync = {r["SYNC_SERIAL"]: r["SYNC_STATE"] == "in-sync" for r in records
            if r.get("SYNC_SERIAL")}
    members = [r for r in records if r.get("ROLE")]
    if "standalone" in mode or (not members and not sync):
        return [HaMember(group=HA_GROUP, name="local", role="standalone", online=True)]
    return [HaMember(group=HA_GROUP, name=f"{r['NAME']} ({r['SERIAL']})", role=ha_role(r["ROLE"]),
                     online=True, synchronized=sync.get(r["SERIAL"]), last_switchover=changed)
            for r in members]


def session_stat(records: list[Record], ctx: ParseContext) -> SessionUsage:
    row = records[0]
    rate = to_int(row.get("SETUP_RATE"))
    return SessionUsage(in_use=to_int(row.get("SESSIONS")),
                        new_per_second=float(rate) if rate is not None else None)


def autoupdate_versions(records: list[Record], ctx: ParseContext) -> list[License]:
    # Every FortiGuard object carries its contract's end: engines and databases are the
    # signatures; "FortiCare" style rows are not printed here.
    # A title with neither (the "FDS Address" trailer) is no object.
    return [licence(row["NAME"], row.get("EXPIRES"), version=text(row.get("VERSION")),
                    signature=True) for row in records if row.get("VERSION") or row.get("EXPIRES")]


def ipsec_tunnels(records: list[Record], ctx: ParseContext) -> list[VpnTunnel]:
    return [VpnTunnel(name=row["NAME"], peer=text(row.get("PEER")), kind="ipsec",
                      up=(to_int(row.get("UP")) or 0) > 0,
                      state=f"selectors up {row.get('UP')}/{row.get('TOTAL')}")
            for row in records]


def alert_console(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    # The alert console gives no level: the messages are kept for the log patterns and the
    # report, not graded by a severity the device did not print.
    return [LogEntry(timestamp=row["TIMESTAMP"], source="log", message=row["MESSAGE"])
            for row in records]


NORMALIZERS: dict[str, Normalizer] = {
    "system_status": system_status,
    "performance_cpu": performance_cpu,
    "performance_memory": performance_memory,
    "performance_facts": performance_facts,
    "interfaces_physical": interfaces_physical,
    "ha_status": ha_status,
    "session_stat": session_stat,
    "autoupdate_versions": autoupdate_versions,
    "ipsec_tunnels": ipsec_tunnels,
    "alert_console": alert_console,
}
