"""Normalizers for hp_comware (H3C / HPE Comware 5 and 7): TextFSM records -> contract
records (see model.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from inspector.collectors.normalizers.common import (
    ParseContext,
    Record,
    alarm_severity,
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
)

NORMALIZERS: dict[str, Callable[[list[Record], ParseContext], Any]] = {}

# Comware's own short interface names (`display interface brief`, `display ip interface
# brief`, LLDP). XGE is Ten-GigabitEthernet here (Huawei's XGE is XGigabitEthernet).
IFNAME_SHORT = {
    "ge": "GigabitEthernet", "xge": "Ten-GigabitEthernet", "fge": "FortyGigE",
    "hge": "HundredGigE", "wge": "TwentyFiveGigE", "mge": "M-GigabitEthernet",
    "m-ge": "M-GigabitEthernet", "meth": "M-Ethernet", "bagg": "Bridge-Aggregation",
    "ragg": "Route-Aggregation", "vlan": "Vlan-interface", "loop": "LoopBack",
    "inloop": "InLoopBack", "eth": "Ethernet", "tun": "Tunnel", "reg": "Register-Tunnel",
    "ser": "Serial", "dia": "Dialer", "e-ch": "Eth-channel", "vt": "Virtual-Template",
    "s": "Serial",
}


def ifname(name: Any) -> str:
    return expand_ifname(str(name), IFNAME_SHORT)


def _none_if_dash(value: Any) -> str | None:
    value = text(value)
    return None if value in (None, "--", "-", "NA", "N/A", "NONE", "None") else value


def _slot_name(header: Any) -> str:
    """'Slot 1 CPU 0' -> '1'; 'Slot 1 CPU 1' -> '1 cpu 1'; 'Chassis 1 Slot 0' -> '1/0';
    'Unit' or nothing -> '0' (single-CPU boxes)."""
    value = str(header or "").lower()
    chassis = re.search(r"chassis\s+(\d+)", value)
    slot = re.search(r"slot\s+(\d+)", value)
    cpu = re.search(r"cpu\s+(\d+)", value)
    name = slot.group(1) if slot else "0"
    if chassis:
        name = f"{chassis.group(1)}/{name}"
    if cpu and cpu.group(1) != "0":
        name = f"{name} cpu {cpu.group(1)}"
    return name


# --------------------------------------------------------------------------- facts


def _vendor(ctx: ParseContext) -> str:
    if re.search(r"Hewlett|^\s*HPE?\s", ctx.text, re.MULTILINE):
        return "HPE"
    return "H3C"


def version_facts(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    model = text(row.get("MODEL"))
    if model:
        # "H3C S5500-28C-EI", "HPE 5130 24G 4SFP+ EI Switch JG932A",
        # "HP A5500-24G-4SFP HI Switch with 2 Interface Slots"
        model = re.sub(r"^(?:New\s+H3C|H3C|HPE|HP)\s+", "", model)
        model = re.sub(r"\s+with\s+\d+\s+\S+(?:\s+Slots?)?$", "", model)
    patch = _none_if_dash(row.get("PATCH"))
    if patch and patch.lower() == "none":
        patch = None
    return {
        "hostname": None,  # display version does not print the sysname
        "vendor": _vendor(ctx),
        "model": model or text(row.get("BOARD")),
        "os_version": text(row.get("OS_VERSION")),
        "patch": patch,
        "uptime_seconds": uptime_seconds(row.get("UPTIME")),
        "image": text(row.get("IMAGE")),
    }


def _units(records: list[Record]) -> list[Record]:
    return [r for r in records if r.get("NAME") or r.get("SERIAL") or r.get("NOTE")]


def manuinfo_facts(records: list[Record], ctx: ParseContext) -> Record:
    """The chassis serial when the device has one ("Chassis self"), else the first board's."""
    units = [r for r in _units(records) if r.get("SERIAL") or r.get("NAME")]
    chassis = [r for r in units if "chassis" in str(r.get("UNIT", "")).lower()]
    boards = [r for r in units if _inventory_kind(r.get("UNIT")) == "module"]
    main = (chassis or boards or units or [{}])[0]
    return {
        "vendor": text(main.get("VENDOR")) or _vendor(ctx),
        "model": text(main.get("NAME")),
        "serial": _none_if_dash(main.get("SERIAL")),
    }


NORMALIZERS["version_facts"] = version_facts
NORMALIZERS["manuinfo_facts"] = manuinfo_facts

# --------------------------------------------------------------------------- cpu, memory


def cpu_usage(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {
            "slot": _slot_name(row.get("SLOT")),
            "utilization_pct": pct(row.get("NOW_PCT")),
            "avg_1m_pct": pct(row.get("M1_PCT")),
            "avg_5m_pct": pct(row.get("M5_PCT")),
        }
        for row in records
    ]


def memory(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        unit = row.get("UNIT") or "bytes"
        total = to_bytes(row.get("TOTAL"), unit)
        used = to_bytes(row.get("USED"), unit)
        if row.get("USED_RATE"):
            utilization = pct(row.get("USED_RATE"))
        elif row.get("FREE_RATIO"):
            # Comware 7 prints FreeRatio (free + reclaimable); its complement is what the
            # device itself calls used. The "Used" column counts buffers/cache too.
            utilization = pct(round(100 - (to_float(row.get("FREE_RATIO")) or 0.0), 2))
        elif total:
            utilization = pct(100.0 * (used or 0) / total)
        else:
            utilization = None
        result.append({"slot": _slot_name(row.get("SLOT")), "total_bytes": total,
                       "used_bytes": used, "utilization_pct": utilization})
    return result


NORMALIZERS["cpu_usage"] = cpu_usage
NORMALIZERS["memory"] = memory

# --------------------------------------------------------------------------- interfaces


def _link_state(value: Any) -> tuple[bool | None, bool | None]:
    """(admin_up, oper_up) from Comware's link words: UP, DOWN, ADM, *down, Stby,
    'Administratively DOWN', 'DOWN ( Administratively )'."""
    word = str(value or "").strip().lower()
    if not word:
        return None, None
    if word.startswith(("adm", "*down")) or "administratively" in word:
        return False, False
    if word.startswith("up"):
        return True, True
    if word.startswith(("down", "stby", "stp down")):
        return True, False
    return None, is_up(word)


def _duplex(value: Any) -> str | None:
    word = re.sub(r"\(a\)", "", str(value or ""), flags=re.IGNORECASE).strip().lower()
    return {"f": "full", "full": "full", "h": "half", "half": "half", "a": "auto",
            "auto": "auto"}.get(word)


def interface_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("LINK"))
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": admin,
            "oper_up": oper,
            "speed_mbps": speed_mbps(row.get("SPEED")) if row.get("SPEED") else None,
            "duplex": _duplex(row.get("DUPLEX")),
            "description": _none_if_dash(row.get("DESCRIPTION")),
        })
    return result


def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("PHYSICAL"))
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": admin,
            "oper_up": oper,
            "description": _none_if_dash(row.get("DESCRIPTION")),
        })
    return result


def _speed(row: Record) -> int | None:
    speed = str(row.get("SPEED") or "")
    if not speed or speed.lower().startswith("unknown"):
        return None
    return speed_mbps(speed)


def interface(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("LINK"))
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": admin,
            "oper_up": oper,
            "speed_mbps": _speed(row),
            "duplex": None if str(row.get("DUPLEX", "")).lower().startswith("unknown")
            else _duplex(row.get("DUPLEX")),
            "mtu": to_int(row.get("MTU")),
            "description": text(row.get("DESCRIPTION")),
            "in_errors": to_int(row.get("IN_ERRORS")),
            "out_errors": to_int(row.get("OUT_ERRORS")),
            "crc_errors": to_int(row.get("CRC")),
            "in_discards": to_int(row.get("IN_DISCARDS")),
            "out_discards": to_int(row.get("OUT_DISCARDS")),
            "in_util_pct": pct(row.get("IN_PCT")),
            "out_util_pct": pct(row.get("OUT_PCT")),
        })
    return result


NORMALIZERS["interface_brief"] = interface_brief
NORMALIZERS["ip_interface_brief"] = ip_interface_brief
NORMALIZERS["interface"] = interface

# --------------------------------------------------------------------------- routes


def _protocol(value: Any) -> str:
    """'O_INTRA' / 'O_ASE2' -> 'ospf', 'IS_L1' -> 'is-is', 'DIRECT' -> 'direct'."""
    word = str(value).strip().lower()
    if word.startswith("o_"):
        return "ospf"
    if word.startswith(("is_", "isis")):
        return "is-is"
    return word


def routing_statistics(records: list[Record], ctx: ParseContext) -> Record:
    total = None
    by_protocol: dict[str, int] = {}
    for row in records:
        count = to_int(row.get("ROUTES")) or 0
        if str(row.get("PROTO")).lower() == "total":
            total = count
        elif count:
            name = _protocol(row.get("PROTO"))
            by_protocol[name] = by_protocol.get(name, 0) + count
    if total is None:
        total = sum(by_protocol.values())
    return {"total": total, "by_protocol": by_protocol, "default_route": None}


def routing_table(records: list[Record], ctx: ParseContext) -> Record:
    by_protocol: dict[str, int] = {}
    for row in records:
        name = _protocol(row.get("PROTO"))
        by_protocol[name] = by_protocol.get(name, 0) + 1
    # "Destinations : 17604     Routes : 28601": Routes counts every next hop.
    match = re.search(r"Routes\s*:\s*(\d+)", ctx.text)
    total = int(match.group(1)) if match else len(records)
    default = any(row.get("DESTINATION") == "0.0.0.0/0" for row in records)
    return {"total": total, "by_protocol": by_protocol, "default_route": default}


def default_route(records: list[Record], ctx: ParseContext) -> Record:
    return {"default_route": any(row.get("DESTINATION") == "0.0.0.0/0" for row in records)}


NORMALIZERS["routing_statistics"] = routing_statistics
NORMALIZERS["routing_table"] = routing_table
NORMALIZERS["default_route"] = default_route

# --------------------------------------------------------------------------- logs


def logbuffer(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        mnemonic = str(row["MNEMONIC"])
        level = mnemonic.split("/")[1] if mnemonic.count("/") >= 2 else None
        result.append({
            "timestamp": text(row.get("TIMESTAMP")),
            "severity": syslog_severity(level),
            "source": "log",
            "mnemonic": mnemonic,
            "message": text(row.get("MESSAGE")) or "",
        })
    return result


_SUMMARY_LEVELS = ("EMERG", "ALERT", "CRIT", "ERROR", "WARN", "NOTIF", "INFO", "DEBUG")


def logbuffer_summary(records: list[Record], ctx: ParseContext) -> list[Record]:
    """Only counts are printed: one entry per slot and severity that has messages."""
    result = []
    for row in records:
        for severity, level in enumerate(_SUMMARY_LEVELS):
            count = to_int(row.get(level)) or 0
            if count:
                result.append({
                    "timestamp": None, "severity": severity, "source": "log",
                    "mnemonic": None,
                    "message": f"slot {row.get('SLOT')}: {count} {level.lower()} "
                               "messages in the log buffer",
                })
    return result


def alarms(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        where = f"slot {row.get('SLOT')}"
        if row.get("CHASSIS"):
            where = f"chassis {row.get('CHASSIS')} {where}"
        result.append({
            "timestamp": None,
            "severity": alarm_severity(row.get("LEVEL")),
            "source": "alarm",
            "mnemonic": text(row.get("LEVEL")),
            "message": f"{where}: {text(row.get('INFO')) or ''}",
        })
    return result


NORMALIZERS["logbuffer"] = logbuffer
NORMALIZERS["logbuffer_summary"] = logbuffer_summary
NORMALIZERS["alarms"] = alarms

# --------------------------------------------------------------------------- inventory


def _inventory_kind(unit: Any) -> str:
    value = str(unit or "").lower()
    if "fan" in value:
        return "fan"
    if "power" in value:
        return "psu"
    if "chassis" in value and "slot" not in value:
        return "chassis"
    return "module"


def _unit_name(unit: Any, chassis: Any, member: Any = None) -> str:
    """'Slot 1 CPU 0' -> 'Slot 1', 'slot 1' -> 'Slot 1', 'Chassis self' under chassis 2
    -> 'Chassis 2', 'Fan 1' after 'Slot 2 CPU 0' (Comware 7 IRF member) -> 'Slot 2 Fan 1'."""
    value = " ".join(str(unit or "").split())
    value = re.sub(r"\s+CPU\s+\d+$", "", value)
    if value.lower() == "chassis self":
        return f"Chassis {chassis}" if chassis else "Chassis"
    value = value[:1].upper() + value[1:]
    if member and value.lower().startswith(("fan", "power")):
        value = f"Slot {member} {value}"
    if chassis and not value.lower().startswith("chassis"):
        value = f"Chassis {chassis} {value}"
    return value or "Unit"


def _note_status(note: Any) -> str | None:
    value = str(note or "").lower()
    if not value:
        return None
    if "absent" in value or "not present" in value or "not exist" in value:
        return "absent"
    return None


def manuinfo_inventory(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in _units(records):
        product = text(row.get("PRODUCT"))
        result.append({
            "name": _unit_name(row.get("UNIT"), row.get("CHASSIS"), row.get("MEMBER")),
            "kind": _inventory_kind(row.get("UNIT")),
            "model": text(row.get("NAME")),
            "serial": _none_if_dash(row.get("SERIAL")),
            "status": _note_status(row.get("NOTE")),
            "description": product or text(row.get("NOTE")),
        })
    return result


def device_boards(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        model = _none_if_dash(row.get("TYPE"))
        state = str(row.get("STATE") or "").lower()
        patch = _none_if_dash(row.get("PATCH"))
        result.append({
            "name": f"Slot {row['SLOT']}",
            "kind": "module",
            "model": None if model == "NONE" else model,
            "fw_version": None if _none_if_dash(row.get("SOFTWARE")) in (None, "NONE")
            else _none_if_dash(row.get("SOFTWARE")),
            "status": state or None,
            "description": f"patch {patch}" if patch and patch.lower() != "none" else None,
        })
    return result


NORMALIZERS["manuinfo_inventory"] = manuinfo_inventory
NORMALIZERS["device_boards"] = device_boards

# --------------------------------------------------------------------------- sensors


def _prefixed(slot: Any, name: str) -> str:
    return f"Slot {slot} {name}" if slot else name


def fans(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {
            "name": _prefixed(row.get("SLOT"), f"Fan {row.get('FAN') or index}"),
            "kind": "fan",
            "value": to_float(row.get("SPEED")),
            "unit": "RPM" if row.get("SPEED") else None,
            "status": sensor_status(row.get("STATE")),
        }
        for index, row in enumerate(records, start=1)
    ]


def powers(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        psu = str(row.get("PSU") or "")
        name = psu if re.match(r"(?i)pwr|psu|power", psu) else f"Power {psu}"
        watts = to_float(_none_if_dash(row.get("WATTS")))
        result.append({
            "name": _prefixed(row.get("SLOT"), name),
            "kind": "psu",
            "value": watts,
            "unit": "W" if watts is not None else None,
            "status": sensor_status(row.get("STATE")),
        })
    return result


def _limit(value: Any) -> float | None:
    return to_float(_none_if_dash(value))


def temperatures(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        value = to_float(row.get("TEMPERATURE"))
        warn, alarm = _limit(row.get("WARNING")), _limit(row.get("ALARM"))
        low = _limit(row.get("LOWER"))
        shutdown = _limit(row.get("SHUTDOWN"))
        status = "unknown" if value is None else "ok"
        if value is not None:
            if (alarm is not None and value >= alarm) or (low is not None and value < low):
                status = "critical"
            elif warn is not None and value >= warn:
                status = "warning"
        slot = " ".join(str(row.get("SLOT") or "").split()).replace(" ", "/")
        sensor = text(row.get("SENSOR"))
        name = f"Slot {slot} {sensor}" if sensor else f"Slot {slot}"
        result.append({
            "name": name, "kind": "temperature", "value": value, "unit": "C",
            "status": status, "low_crit": low, "low_warn": None,
            "high_warn": warn, "high_crit": alarm if alarm is not None else shutdown,
        })
    return result


NORMALIZERS["fans"] = fans
NORMALIZERS["powers"] = powers
NORMALIZERS["temperatures"] = temperatures

# --------------------------------------------------------------------------- neighbors, sessions


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [
        {
            "local_interface": ifname(row["LOCAL_INTERFACE"]),
            "remote_system": text(row.get("NEIGHBOR_NAME")) or text(row.get("CHASSIS_ID"))
            or "",
            "remote_interface": text(row.get("NEIGHBOR_INTERFACE")),
            "protocol": "lldp",
        }
        for row in records
    ]


def ospf_peers(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        state = str(row.get("STATE") or "").split("/")[0].lower()
        result.append({
            "protocol": "ospf",
            "peer": row["ROUTER_ID"],
            "state": state,
            "established": ospf_established(state),
            "interface": ifname(row["INTERFACE"]) if row.get("INTERFACE") else None,
        })
    return result


def bgp_peers(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        state = str(row.get("STATE") or "").lower()
        result.append({
            "protocol": "bgp",
            "peer": row["PEER"],
            "state": state,
            "established": state == "established",
            "remote_as": to_int(row.get("REMOTE_AS")),
            "uptime": text(row.get("UPTIME")),
        })
    return result


NORMALIZERS["lldp_neighbors"] = lldp_neighbors
NORMALIZERS["ospf_peers"] = ospf_peers
NORMALIZERS["bgp_peers"] = bgp_peers

# --------------------------------------------------------------------------- ntp, config


def ntp_status(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    status = str(row.get("STATUS") or "").lower()
    offset = to_float(row.get("OFFSET"))
    if offset is not None:
        offset *= {"s": 1000.0, "us": 0.001}.get(str(row.get("OFFSET_UNIT")), 1.0)
    reference = _none_if_dash(row.get("REFERENCE")) or _none_if_dash(row.get("PEER"))
    return {
        "synchronized": status == "synchronized" if status else None,
        "stratum": to_int(row.get("STRATUM")),
        "offset_ms": offset,
        "reference": None if reference and reference.lower() == "none" else reference,
    }


def config_diff(records: list[Record], ctx: ParseContext) -> Record:
    added = sum(1 for row in records if row.get("SIGN") == "+")
    removed = sum(1 for row in records if row.get("SIGN") == "-")
    if not records:
        return {"saved": True, "detail": "running configuration equals the startup one"}
    # Which side "+" stands for depends on the command's argument order: count both.
    return {"saved": False,
            "detail": f"running and startup configurations differ: {added} '+' lines, "
                      f"{removed} '-' lines"}


NORMALIZERS["ntp_status"] = ntp_status
NORMALIZERS["config_diff"] = config_diff

__all__ = ["IFNAME_SHORT", "NORMALIZERS", "ifname"]
