"""Normalizers for cisco_ios (IOS 12.x/15.x, IOS-XE): TextFSM records -> contract records.

Each function takes the rows of one template (see the definition file cisco_ios.yaml) and
returns dicts keyed by the field names of model.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from inspector.collectors.normalizers.common import (
    ParseContext,
    Record,
    alarm_severity,
    duplex,
    expand_ifname,
    first,
    is_up,
    pct,
    sensor_status,
    speed_mbps,
    text,
    to_bytes,
    to_float,
    to_int,
    uptime_seconds,
)

NORMALIZERS: dict[str, Callable[[list[Record], ParseContext], Any]] = {}


def _register(function: Callable[[list[Record], ParseContext], Any]) -> Callable[..., Any]:
    NORMALIZERS[function.__name__] = function
    return function


# Cisco's own abbreviations (`show interfaces status`, CDP "Gig 0/1", LLDP "Te1/1/1"); the
# long names of `show interfaces` are left as they are.
IFNAME_SHORT = {
    "gi": "GigabitEthernet", "gig": "GigabitEthernet", "fa": "FastEthernet",
    "fas": "FastEthernet", "te": "TenGigabitEthernet", "ten": "TenGigabitEthernet",
    "tw": "TwoGigabitEthernet", "two": "TwoGigabitEthernet", "fi": "FiveGigabitEthernet",
    "twe": "TwentyFiveGigE", "fo": "FortyGigabitEthernet", "for": "FortyGigabitEthernet",
    "hu": "HundredGigE", "hun": "HundredGigE", "et": "Ethernet", "eth": "Ethernet",
    "po": "Port-channel", "vl": "Vlan", "lo": "Loopback", "se": "Serial", "tu": "Tunnel",
    "mu": "Multilink", "di": "Dialer", "ap": "AppGigabitEthernet", "nu": "Null",
    "em": "Embedded-Service-Engine", "bv": "BVI",
}


def ifname(name: Any) -> str:
    """'Gi1/0/1' / 'Gig 0/1' -> 'GigabitEthernet1/0/1'; long names unchanged."""
    raw = str(name or "").strip()
    compact = re.sub(r"^([A-Za-z-]+)\s+(\d)", r"\1\2", raw)
    return expand_ifname(compact, IFNAME_SHORT)


# --------------------------------------------------------------------------- facts


@_register
def version_facts(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    hardware = row.get("HARDWARE") or []
    serial = row.get("SERIAL") or []
    return {
        "hostname": text(row.get("HOSTNAME")),
        "vendor": "Cisco",
        "model": text(hardware[0]) if hardware else None,
        "serial": text(serial[0]) if serial else None,
        "os_version": text(row.get("VERSION")),
        "uptime_seconds": uptime_seconds(row.get("UPTIME")),
        "image": text(first(row, "RUNNING_IMAGE", "SOFTWARE_IMAGE")),
    }


# --------------------------------------------------------------------------- cpu, memory


@_register
def cpu(records: list[Record], ctx: ParseContext) -> list[Record]:
    total = [r for r in records if not r.get("CORE")]
    rows = total[:1]
    if not rows and records:
        # IOS-XE `sorted` prints only per-core lines: their mean is the box's load, the
        # same figure the classic total line gives.
        def mean(key: str) -> float | None:
            values = [v for r in records if (v := to_float(r.get(key))) is not None]
            return round(sum(values) / len(values), 2) if values else None

        return [{"slot": "0", "utilization_pct": pct(mean("FIVE_SEC")),
                 "avg_1m_pct": pct(mean("ONE_MIN")), "avg_5m_pct": pct(mean("FIVE_MIN"))}]
    return [
        {"slot": "0", "utilization_pct": pct(r.get("FIVE_SEC")),
         "avg_1m_pct": pct(r.get("ONE_MIN")), "avg_5m_pct": pct(r.get("FIVE_MIN"))}
        for r in rows
    ]


@_register
def platform_resources_cpu(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"slot": r.get("SLOT") or "0", "utilization_pct": pct(r.get("USAGE"))}
        for r in records if r.get("RESOURCE") == "Control Processor"
    ]


def _memory_record(slot: str, total: int | None, used: int | None) -> Record:
    utilization = pct(used * 100 / total) if total and used is not None else None
    return {"slot": slot, "total_bytes": total, "used_bytes": used,
            "utilization_pct": round(utilization, 2) if utilization is not None else None}


@_register
def memory(records: list[Record], ctx: ParseContext) -> list[Record]:
    # The Processor pool is the IOS heap; I/O and lsmpi pools are packet buffers that are
    # full by design (lsmpi_io always shows ~100 % used).
    for row in records:
        if row.get("POOL") in ("Processor", "System"):
            unit = "KB" if row.get("UNIT") == "K" else ""
            total = to_bytes(row.get("TOTAL"), unit)
            used = to_bytes(row.get("USED"), unit)
            return [_memory_record("0", total, used)]
    return []


@_register
def platform_resources_memory(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        _memory_record(r.get("SLOT") or "0", to_bytes(r.get("MAX"), r.get("MAX_UNIT", "")),
                       to_bytes(r.get("USAGE"), r.get("UNIT", "")))
        for r in records if r.get("RESOURCE") == "DRAM"
    ]


# --------------------------------------------------------------------------- interfaces


def _util(rate_bps: Any, bandwidth: Any) -> float | None:
    """Load from the 5-minute bit rate and the interface bandwidth ("1000000 Kbit")."""
    rate = to_float(rate_bps)
    kbit = to_float(bandwidth)
    if rate is None or not kbit:
        return None
    return pct(round(rate * 100 / (kbit * 1000), 2))


@_register
def interfaces(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        link = str(row.get("LINK_STATUS") or "").lower()
        protocol = str(row.get("PROTOCOL_STATUS") or "").lower()
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": not link.startswith(("administratively", "deleted")) if link else None,
            "oper_up": is_up(protocol.split("(")[0].strip()),
            "err_disabled": "err-disabled" in protocol or "err-disabled" in link,
            "speed_mbps": speed_mbps(row.get("SPEED")),
            "duplex": duplex(row.get("DUPLEX")),
            "mtu": to_int(row.get("MTU")),
            "description": text(row.get("DESCRIPTION")),
            "in_errors": to_int(row.get("INPUT_ERRORS")),
            "out_errors": to_int(row.get("OUTPUT_ERRORS")),
            "crc_errors": to_int(row.get("CRC")),
            "in_discards": to_int(row.get("QUEUE_DROPS")),
            "out_discards": to_int(row.get("QUEUE_OUTPUT_DROPS")),
            "in_util_pct": _util(row.get("INPUT_RATE"), row.get("BANDWIDTH")),
            "out_util_pct": _util(row.get("OUTPUT_RATE"), row.get("BANDWIDTH")),
        })
    return result


@_register
def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"name": ifname(r["INTERFACE"]),
         "admin_up": not str(r.get("STATUS", "")).startswith(("administratively", "deleted")),
         "oper_up": is_up(r.get("PROTO"))}
        for r in records
    ]


# `show interfaces status` Status column (truncated to 12 characters by IOS).
_PORT_STATES: dict[str, tuple[bool | None, bool | None]] = {
    "connected": (True, True), "connect": (True, True), "up": (True, True),
    "notconnect": (True, False), "notconnec": (True, False), "down": (True, False),
    "inactive": (True, False), "sfpabsent": (True, False), "xcvrabsen": (True, False),
    "xcvrabsent": (True, False), "notpresent": (True, False), "faulty": (True, False),
    "suspended": (True, False), "suspnd": (True, False), "nooperm": (True, False),
    "noopermem": (True, False), "noopermembe": (True, False),
    "err-disabled": (True, False), "err-disabl": (True, False),
    "disabled": (False, False), "locally-disab": (False, False),
    "lcl-disabled": (False, False),
}


@_register
def interfaces_status(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        state = str(row.get("STATUS") or "").lower()
        admin, oper = _PORT_STATES.get(state, (None, None))
        result.append({
            "name": ifname(row["PORT"]),
            "admin_up": admin,
            "oper_up": oper,
            "err_disabled": state.startswith("err-disabl"),
            "speed_mbps": speed_mbps(row.get("SPEED")),
            "duplex": duplex(row.get("DUPLEX")),
            "description": text(row.get("NAME")),
        })
    return result


@_register
def interfaces_description(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"name": ifname(r["PORT"]),
         "admin_up": not str(r.get("STATUS", "")).startswith("admin"),
         "oper_up": is_up(r.get("PROTOCOL")),
         "description": text(r.get("DESCRIPTION"))}
        for r in records
    ]


# --------------------------------------------------------------------------- routes


@_register
def route_summary(records: list[Record], ctx: ParseContext) -> Record:
    # The "Total" row also counts the "internal" row (the router's own bookkeeping
    # entries, not routes), so the total is the sum of the route sources.
    by_protocol: dict[str, int] = {}
    for row in records:
        source = str(row.get("SOURCE") or "").split()
        name = source[0].lower() if source else "total"
        if name in ("total", "internal"):
            continue
        count = (to_int(row.get("NETWORKS")) or 0) + (to_int(row.get("SUBNETS")) or 0)
        by_protocol[name] = by_protocol.get(name, 0) + count
    return {"total": sum(by_protocol.values()), "by_protocol": by_protocol,
            "default_route": None}


@_register
def default_route(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    if row.get("ENTRY"):
        return {"default_route": True}
    # "% Network not in table" -> none; an L2 switch's "Default gateway is x" -> configured.
    return {"default_route": row.get("MISSING") == "Default gateway is"}


# --------------------------------------------------------------------------- logs


@_register
def logging(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"timestamp": text(r.get("TIMESTAMP")), "severity": to_int(r.get("SEVERITY")),
         "source": "log",
         "mnemonic": f"{r['FACILITY']}-{r['SEVERITY']}-{r['MNEMONIC']}",
         "message": text(r.get("MESSAGE")) or ""}
        for r in records
    ]


@_register
def facility_alarms(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"timestamp": text(r.get("TIME")), "severity": alarm_severity(r.get("SEVERITY")),
         "source": "alarm", "mnemonic": None,
         "message": f"{text(r.get('SOURCE'))}: {text(r.get('DESCRIPTION'))}"}
        for r in records
    ]


# --------------------------------------------------------------------------- inventory

_IFACE_LIKE = re.compile(r"^[A-Za-z][A-Za-z-]*\s?\d+(/\d+)+$")
_SWITCH_PID = re.compile(r"(WS-C|C\d{4}|IE-\d|ME-?\d|CBS|ISR|CISCO)", re.IGNORECASE)
_TRANSCEIVER = re.compile(r"SFP|GBIC|XFP|QSFP|CFP|X2|Base-?[A-Z]|transceiver", re.IGNORECASE)


def _inventory_kind(name: str, descr: str, pid: str, index: int) -> str:
    both = f"{name} {descr}".lower()
    # "Chassis", "c93xx Stack", stack members ("Switch 1", "Switch1 System", or "1" whose
    # PID is a switch: a Catalyst 6500 names its line cards "1", "2" too).
    member = re.fullmatch(r"(switch\s?)?\d+( system)?", name.lower())
    rules = (
        ("psu", "power supply" in both or pid.upper().startswith(("PWR", "C3KX-PWR"))
         or re.search(r"\bps\s?\d", name.lower()) is not None),
        ("fan", "fan" in both),
        ("stack-cable", name.lower().startswith("stackport")),
        ("transceiver", _IFACE_LIKE.match(name) is not None
         or (_TRANSCEIVER.search(both) is not None and "module" not in both)),
        ("disk", re.search(r"\b(disk\d*|harddisk|ssd)\b", name.lower()) is not None),
        ("chassis", index == 0 or "chassis" in both or (
            member is not None and (not name.isdigit() or _SWITCH_PID.match(pid) is not None))),
    )
    return next((kind for kind, matched in rules if matched), "module")


@_register
def inventory(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for index, row in enumerate(records):
        name = text(row.get("NAME")) or text(row.get("DESCR")) or f"item {index}"
        descr = text(row.get("DESCR")) or ""
        pid = text(row.get("PID")) or ""
        result.append({
            "name": name,
            "kind": _inventory_kind(name, descr, pid, index),
            "model": pid or None,
            "serial": text(row.get("SN")),
            "hw_version": text(row.get("VID")),
            "description": descr or None,
        })
    return result


# --------------------------------------------------------------------------- sensors

# Cisco's state words beyond common.sensor_status: temperature colours and alarm levels.
_CISCO_STATES = {
    "green": "ok", "yellow": "warning", "red": "critical", "minor": "warning",
    "major": "critical", "good": "ok", "n.a.": "unknown", "n/a": "unknown",
}
_UNITS: dict[str, tuple[str, str, float]] = {  # unit -> (kind, unit, factor)
    "celsius": ("temperature", "C", 1), "rpm": ("fan", "RPM", 1), "%": ("fan", "%", 1),
    "mv": ("voltage", "V", 0.001), "v": ("voltage", "V", 1),
    "ma": ("current", "A", 0.001), "a": ("current", "A", 1),
    "mw": ("power", "W", 0.001), "w": ("power", "W", 1), "watts": ("power", "W", 1),
}


def _state(value: Any) -> str:
    word = re.split(r"\s{2,}", str(value or "").strip())[0]
    mapped = _CISCO_STATES.get(word.lower())
    return mapped if mapped else sensor_status(word)


def _thresholds(raw: Any) -> Record:
    """'(55 ,60 ,65 ,75 )(Celsius)' = minor, major, critical, shutdown; '0 - 56' = range."""
    value = str(raw or "")
    span = re.fullmatch(r"\s*(-?\d+)\s*-\s*(-?\d+)\s*", value)
    if span:
        return {"low_crit": float(span.group(1)), "high_crit": float(span.group(2))}
    levels = re.match(r"\(([^)]*)\)", value)
    if not levels:
        return {}
    parts = [to_float(p) if p.strip() != "na" else None for p in levels.group(1).split(",")]
    parts += [None] * 4
    return {"high_warn": parts[0], "high_crit": parts[2]}


def _named(row: Record, name: str) -> str:
    switch = row.get("SWITCH")
    return f"Switch {switch} {name}" if switch and not name.startswith("Switch") else name


def _sensor(row: Record) -> Record | None:  # noqa: PLR0911 - one branch per layout
    state = _state(row.get("STATE"))
    if row.get("SW") and row.get("FAN"):  # fan-speed table
        return {"name": f"Switch {row['SW']} FAN {row['FAN']}", "kind": "fan",
                "value": to_float(row.get("VALUE")), "unit": "RPM", "status": state}
    if row.get("TRAY"):
        return {"name": _named(row, row["TRAY"]), "kind": "fan", "status": state}
    if row.get("PSU"):
        word = row.get("STATE") or row.get("SYS_PWR")
        return {"name": _named(row, f"PS {row['PSU']}" if row["PSU"][0].isdigit()
                               else row["PSU"]),
                "kind": "psu", "status": _state(word)}
    name = text(row.get("NAME")) or ""
    unit = str(row.get("UNIT") or "").lower()
    if unit in _UNITS:
        kind, label, factor = _UNITS[unit]
        value = to_float(row.get("VALUE"))
        full = " ".join(p for p in (row.get("SLOT"), name) if p) or "Temperature"
        record: Record = {"name": _named(row, full), "kind": kind, "unit": label,
                          "value": round(value * factor, 3) if value is not None else None,
                          "status": state}
        if row.get("YELLOW") or row.get("RED"):
            record.update(high_warn=to_float(row.get("YELLOW")), high_crit=to_float(row.get("RED")))
        record.update(_thresholds(row.get("THRESHOLDS")))
        return record
    upper = name.upper()
    if upper.startswith("RPS") and state == "absent":
        return None  # the Redundant Power System is an optional external box
    if "FAN" in upper:
        return {"name": name, "kind": "fan", "status": state}
    if "TEMPERATURE" in upper:
        return {"name": _named(row, name), "kind": "temperature", "status": state}
    if "POWER" in upper or upper.startswith("RPS"):
        return {"name": name, "kind": "psu", "status": state}
    return None


@_register
def environment(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [s for row in records if (s := _sensor(row)) is not None]


# --------------------------------------------------------------------------- neighbors


@_register
def cdp_neighbors(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"local_interface": ifname(r["LOCAL_INTERFACE"]), "remote_system": r["NEIGHBOR_NAME"],
         "remote_interface": ifname(r["NEIGHBOR_INTERFACE"]) if r.get("NEIGHBOR_INTERFACE")
         else None, "protocol": "cdp"}
        for r in records if r.get("NEIGHBOR_NAME") and r.get("LOCAL_INTERFACE")
    ]


@_register
def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {"local_interface": ifname(r["LOCAL_INTERFACE"]), "remote_system": r["NEIGHBOR_NAME"],
         "remote_interface": ifname(r["NEIGHBOR_INTERFACE"]), "protocol": "lldp"}
        for r in records if r.get("NEIGHBOR_NAME") and r.get("LOCAL_INTERFACE")
    ]


# --------------------------------------------------------------------------- sessions


@_register
def ospf_neighbors(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        state, _, role = str(row.get("STATE") or "").partition("/")
        state = state.strip().lower()
        # 2WAY/DROTHER is the steady state between two non-DR routers on a LAN: no full
        # adjacency is formed by design, so it is not a session problem.
        established = state == "full" or (state == "2way" and "drother" in role.lower())
        result.append({"protocol": "ospf", "peer": row["NEIGHBOR_ID"], "state": state,
                       "established": established,
                       "interface": ifname(row["INTERFACE"]) if row.get("INTERFACE") else None,
                       "uptime": None})
    return result


def _asn(value: Any) -> int | None:
    """'65001' -> 65001; asdot '1.10' -> 65546."""
    raw = str(value or "")
    if "." in raw:
        high, _, low = raw.partition(".")
        return int(high) * 65536 + int(low) if high.isdigit() and low.isdigit() else None
    return to_int(raw)


@_register
def bgp_summary(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        if not row.get("BGP_NEIGHBOR"):
            continue
        state = str(row.get("STATE_OR_PREFIXES_RECEIVED") or "").strip()
        established = state.isdigit()  # a prefix count is printed only when Established
        result.append({"protocol": "bgp", "peer": row["BGP_NEIGHBOR"],
                       "state": "established" if established else state.lower(),
                       "established": established, "remote_as": _asn(row.get("NEIGHBOR_AS")),
                       "uptime": text(row.get("UP_DOWN"))})
    return result


# --------------------------------------------------------------------------- ntp, config


@_register
def ntp_status(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    return {"synchronized": row.get("STATE") == "synchronized" if row.get("STATE") else None,
            "stratum": to_int(row.get("STRATUM")), "offset_ms": to_float(row.get("OFFSET")),
            "reference": text(row.get("REFERENCE"))}


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_STAMP = re.compile(
    r"\*?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s+\S+\s+\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{4})")


def _when(value: Any) -> tuple[int, ...] | None:
    """'14:24:31 CST Tue Dec 24 2019' -> (2019, 12, 24, 14, 24, 31); both stamps of the
    header are printed in the device's own time zone, so they compare as they are."""
    match = _STAMP.search(str(value or ""))
    if not match or match.group(4).lower() not in _MONTHS:
        return None
    hour, minute, second, month, day, year = match.groups()
    return (int(year), _MONTHS.index(month.lower()) + 1, int(day), int(hour), int(minute),
            int(second))


@_register
def config_saved(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    changed, written = row.get("LAST_CHANGE"), row.get("NVRAM_UPDATE")
    if row.get("NO_CHANGE") and not changed:
        return {"saved": True, "detail": "no configuration change since last restart"}
    if changed and not written:
        return {"saved": False,
                "detail": f"changed at {changed}; not written to NVRAM since"}
    if written and not changed:
        return {"saved": True, "detail": f"NVRAM config last updated at {written}"}
    change_time, write_time = _when(changed), _when(written)
    if change_time is None or write_time is None:
        return {"saved": None, "detail": f"changed at {changed}; saved at {written}"}
    saved = write_time >= change_time
    detail = (f"saved at {written}" if saved
              else f"changed at {changed}, after the last save at {written}")
    return {"saved": saved, "detail": detail}
