"""Normalizers for huawei_vrp: TextFSM records -> contract records (see model.py).

VRP 5 (S-series campus switches, AR routers) and VRP 8 (CE data-centre switches, NE
routers) print the same facts in different layouts; the templates absorb the layouts and
these functions map their fields to the contract.
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

# Huawei's own abbreviations (OSPF, LLDP and some briefs print "GE0/0/1", "XGE0/0/1").
# "10GE1/0/1", "40GE1/0/1" and "100GE1/0/1" are the real names on CE switches.
IFNAME_SHORT = {
    "ge": "GigabitEthernet", "xge": "XGigabitEthernet", "eth": "Ethernet",
    "mge": "MultiGE", "10ge": "10GE", "25ge": "25GE", "40ge": "40GE", "100ge": "100GE",
    "400ge": "400GE", "meth": "MEth", "loop": "LoopBack",
}


def ifname(name: Any) -> str:
    """'GE0/0/1' -> 'GigabitEthernet0/0/1'; the "(10G)" / "(v)" suffixes some releases append
    to names in brief tables are dropped."""
    raw = re.sub(r"\([^)]*\)$", "", str(name or "").strip())
    return expand_ifname(raw, IFNAME_SHORT)


def _register(function: Callable[[list[Record], ParseContext], Any]) -> None:
    NORMALIZERS[function.__name__] = function


# --------------------------------------------------------------------------- facts


def version_facts(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    product = text(row.get("PRODUCT_VERSION")) or ""
    # "(S5735 V200R021C10SPC600)" / "(CE6800 V200R019C10SPC800)": the release is the
    # last word; the VRP number ("5.170", "8.180") is only the platform generation.
    release = product.split()[-1] if product else None
    model = text(row.get("MODEL"))
    return {
        "hostname": None,  # VRP prints no sysname in `display version`
        "vendor": "Huawei",
        "model": model,
        "os_version": release or text(row.get("VRP_VERSION")),
        "patch": text(row.get("PATCH")),
        "uptime_seconds": uptime_seconds(row.get("UPTIME")),
    }


def esn_facts(records: list[Record], ctx: ParseContext) -> Record:
    # The master's (or slot 0's / the first member's) ESN is the device serial.
    preferred = [r for r in records if str(r.get("SLOT", "")).lower() in {"master", "slot 0"}]
    row = (preferred or records)[0]
    return {"serial": text(row.get("ESN"))}


# --------------------------------------------------------------------------- cpu / memory


def cpu_usage(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        current = first(row, "CURRENT", "FIVE_SEC")
        result.append({
            "slot": text(row.get("SLOT")) or "0",
            "utilization_pct": pct(current),
            "avg_1m_pct": pct(row.get("ONE_MIN")),
            "avg_5m_pct": pct(row.get("FIVE_MIN")),
        })
    return result


def memory_usage(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        total = to_bytes(row.get("TOTAL"), row.get("TOTAL_UNIT") or "")
        used = to_bytes(row.get("USED"), row.get("USED_UNIT") or "")
        percent = pct(row.get("PERCENT"))
        if percent is None and total and used is not None:
            percent = round(used * 100 / total, 1)
        result.append({"slot": text(row.get("SLOT")) or "0", "total_bytes": total,
                       "used_bytes": used, "utilization_pct": percent})
    return result


# --------------------------------------------------------------------------- interfaces


def _phy(value: Any) -> tuple[bool | None, bool | None]:
    """(admin_up, oper_up) from a brief's PHY column: '*down' is shut down by the
    operator, '^down' standby, 'up(l)' looped back but up."""
    state = str(value or "").strip().lower()
    if not state:
        return None, None
    admin = not state.startswith("*")
    return admin, is_up(state.lstrip("*^#!"))


def interface_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper = _phy(row.get("PHY"))
        util_in, util_out = row.get("IN_UTIL"), row.get("OUT_UTIL")
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": admin,
            "oper_up": oper,
            "in_errors": to_int(row.get("IN_ERRORS")),
            "out_errors": to_int(row.get("OUT_ERRORS")),
            "in_util_pct": pct(util_in) if util_in not in (None, "", "--") else None,
            "out_util_pct": pct(util_out) if util_out not in (None, "", "--") else None,
        })
    return result


def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper = _phy(row.get("PHY"))
        result.append({"name": ifname(row["INTERFACE"]), "admin_up": admin, "oper_up": oper})
    return result


def _state(value: Any) -> tuple[bool | None, bool | None, bool]:
    """(admin_up, oper_up, err_disabled) from "current state : ..." of `display interface`:
    UP, DOWN, Administratively DOWN, ERROR DOWN(<cause>)."""
    state = str(value or "").strip().lower()
    if not state:
        return None, None, False
    if state.startswith("administratively"):
        return False, False, False
    if state.startswith("error"):
        return True, False, True
    return True, is_up(state.split()[0].split("(")[0]), False


def interface_detail(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        admin, oper, err_disabled = _state(row.get("STATE"))
        speed = row.get("SPEED")
        util_in, util_out = row.get("IN_UTIL"), row.get("OUT_UTIL")
        result.append({
            "name": ifname(row["INTERFACE"]),
            "admin_up": admin,
            "oper_up": oper,
            "err_disabled": err_disabled,
            "speed_mbps": speed_mbps(speed) if speed else speed_mbps(row.get("PORT_BW")),
            "duplex": duplex(row.get("DUPLEX")),
            "mtu": to_int(row.get("MTU")),
            "description": text(row.get("DESCRIPTION")),
            "in_errors": to_int(row.get("IN_ERRORS")),
            "out_errors": to_int(row.get("OUT_ERRORS")),
            "crc_errors": to_int(row.get("CRC")),
            "in_discards": to_int(row.get("IN_DISCARDS")),
            "out_discards": to_int(row.get("OUT_DISCARDS")),
            "in_util_pct": pct(util_in) if util_in not in (None, "", "--") else None,
            "out_util_pct": pct(util_out) if util_out not in (None, "", "--") else None,
        })
    return result


# --------------------------------------------------------------------------- routes


def routing_statistics(records: list[Record], ctx: ParseContext) -> Record:
    by_protocol: dict[str, int] = {}
    total = None
    for row in records:
        name = str(row["PROTOCOL"]).lower()
        count = to_int(row.get("TOTAL"))
        if count is None:
            continue
        if name == "total":
            total = count
        elif name not in {"proto", "protocol"}:
            by_protocol[name] = by_protocol.get(name, 0) + count
    if total is None:
        total = sum(by_protocol.values())
    # The statistics cannot tell whether a default route exists: that comes from
    # `display ip routing-table 0.0.0.0`.
    return {"total": total, "by_protocol": by_protocol, "default_route": None}


def default_route(records: list[Record], ctx: ParseContext) -> Record:
    # `display ip routing-table 0.0.0.0` is a longest-match lookup: only a 0.0.0.0/0 row is
    # the default route (an empty table means there is none).
    found = any(str(r.get("DESTINATION")) == "0.0.0.0/0" for r in records)
    return {"default_route": found}


# --------------------------------------------------------------------------- logs


def _log(row: Record, source: str) -> Record:
    module, brief = row.get("MODULE") or "", row.get("BRIEF") or ""
    severity = row.get("SEVERITY") or ""
    return {
        "timestamp": text(row.get("TIMESTAMP")),
        "severity": syslog_severity(severity),
        "source": source,
        "mnemonic": f"{module}/{severity}/{brief}" if module else None,
        "message": text(row.get("MESSAGE")) or "",
    }


def log_entries(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [_log(row, "log") for row in records]


def trap_entries(records: list[Record], ctx: ParseContext) -> list[Record]:
    # `display trapbuffer` holds the alarms (traps) the device raised: source "alarm".
    return [_log(row, "alarm") for row in records]


# The slash layout appends "/<sequence of the root-cause alarm>" to a nonRootCause alarm.
_ROOT_CAUSE_SEQUENCE = re.compile(r"/\d+$")


def _alarm_description(row: Record) -> str:
    description = text(row.get("DESCRIPTION")) or ""
    if str(row.get("ROOT_KIND") or "").lower() == "nonrootcause":
        description = _ROOT_CAUSE_SEQUENCE.sub("", description)
    return description


def alarm_entries(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        name, alarm_id = text(row.get("NAME")), text(row.get("ALARM_ID"))
        result.append({
            "timestamp": text(row.get("TIMESTAMP")),
            "severity": alarm_severity(row.get("LEVEL")),
            "source": "alarm",
            "mnemonic": name or alarm_id,
            # Some releases print no description: the alarm's name says what it is.
            "message": _alarm_description(row) or name or alarm_id or "",
        })
    return result


# --------------------------------------------------------------------------- inventory

_BOARD_KINDS = (("PWR", "psu"), ("POWER", "psu"), ("PSU", "psu"), ("FAN", "fan"),
                ("CMU", "module"), ("PIC", "module"))


def _kind(name: str) -> str:
    upper = name.upper()
    for prefix, kind in _BOARD_KINDS:
        if upper.startswith(prefix):
            return kind
    return "module"


def _slot_name(slot: str, sub: str = "") -> str:
    """One naming scheme for `display device`, `display elabel brief` and
    `display device manufacture-info`, so their rows merge: a numbered slot is
    "Slot N", a PSU/fan slot keeps its label ("PWR1", "FAN2"), a sub-unit of a numbered
    slot is "Slot N PWR1"."""
    slot, sub = slot.strip(), sub.strip()
    base = f"Slot {slot}" if re.match(r"^\d", slot) else slot.replace(" ", "")
    if sub and sub != "-":
        return f"{base} {sub}" if base else sub
    return base


def device_boards(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        slot, sub = str(row.get("SLOT") or ""), str(row.get("SUB") or "")
        name = _slot_name(slot, sub)
        online = str(row.get("ONLINE") or "").lower()
        state = "absent" if online in {"absent", "notpresent", "offline"} else sensor_status(
            row.get("STATUS"))
        model = text(row.get("TYPE"))
        label = sub if sub and sub != "-" else slot
        result.append({
            "name": name,
            "kind": _kind(label) if not (model or "").upper().startswith(("PAC", "PDC"))
            else "psu",
            "model": None if model in (None, "-", "NA") else model,
            "status": state,
        })
    return result


def elabel_brief(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        board = str(row.get("BOARD") or "")
        board_kind, _, number = board.partition(" ")
        sub = text(row.get("SUB"))
        if board_kind.upper() in {"PWR", "POWER", "FAN", "PSU"}:
            name = f"{board_kind.upper()}{number}"
        else:
            name = _slot_name(number)
        if sub:
            name = f"{name} {sub}"
        result.append({
            "name": name,
            "kind": _kind(sub or board_kind),
            "model": text(row.get("BOARD_TYPE")),
            "serial": text(row.get("BARCODE")),
            "description": text(row.get("DESCRIPTION")),
        })
    return result


def manufacture_info(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        slot, sub = str(row.get("SLOT") or ""), str(row.get("SUB") or "")
        label = sub if sub and sub != "-" else "slot"
        result.append({"name": _slot_name(slot, sub), "kind": _kind(label),
                       "serial": text(row.get("SERIAL"))})
    return result


# --------------------------------------------------------------------------- sensors


def _fan_status(online: Any, status: Any) -> str:
    present = str(online or "").strip().lower()
    if present in {"no", "absent", "notpresent"}:
        return "absent"
    word = str(status or "").strip().lower()
    # Block layout: "Status : AUTO" / "MANUAL" is the speed-control mode of a working fan.
    if word in {"auto", "manual", "normal"}:
        return "ok"
    return sensor_status(word) if word not in {"", "-"} else "unknown"


def fans(records: list[Record], ctx: ParseContext) -> list[Record]:
    result: list[Record] = []
    for row in records:
        slot = str(row.get("SLOT") or "")
        status = _fan_status(row.get("ONLINE"), row.get("STATUS"))
        lines = row.get("SPEED_LINES") or []
        speeds = re.findall(r"\[(\d+)\]\s*(\d+)%", " ".join(lines))
        if speeds:
            # A fan of a working tray that reports 0% has stopped: the tray's own
            # status ("AUTO") does not say so.
            result += [{"name": f"Slot {slot} FAN {number}", "kind": "fan",
                        "value": float(speed), "unit": "%",
                        "status": "critical" if status == "ok" and speed == "0" else status}
                       for number, speed in speeds]
            continue
        fan_id = str(row.get("FAN_ID") or "")
        fan_name = fan_id if fan_id.upper().startswith("FAN") else f"FAN {fan_id}".strip()
        speed = str(row.get("SPEED") or "")
        value = to_float(speed)
        result.append({"name": f"Slot {slot} {fan_name}".strip(), "kind": "fan",
                       "value": value, "unit": ("%" if "%" in speed else "RPM")
                       if value is not None else None, "status": status})
    return result


def _psu_status(online: Any, state: Any) -> str:
    present = str(online or "").strip().lower()
    if present in {"no", "absent", "notpresent"}:
        return "absent"
    word = str(state or "").strip().lower()
    # "NotSupply": installed but delivering nothing (no input power) - a failed feed.
    if word in {"notsupply", "no-supply", "nosupply"}:
        return "critical"
    return sensor_status(word) if word not in {"", "-"} else "unknown"


def powers(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        power_id = str(row.get("POWER_ID") or "").replace(" ", "")
        name = power_id if not power_id.isdigit() else f"PWR{power_id}"
        slot = text(row.get("SLOT"))
        numbers = [to_float(row.get(k)) for k in ("V1", "V2", "V3", "V4") if row.get(k)]
        # One number: Power(W); three or four: current, voltage, real power[, rated power].
        watts = numbers[0] if len(numbers) in (1, 2) else numbers[2] if numbers else None
        result.append({
            "name": f"Slot {slot} {name}" if slot else name,
            "kind": "psu",
            "value": watts,
            "unit": "W" if watts is not None else None,
            "status": _psu_status(row.get("ONLINE"), row.get("STATE")),
        })
    return result


def _threshold(value: Any) -> float | None:
    return to_float(value) if value not in (None, "", "-", "--", "NA") else None


def temperatures(records: list[Record], ctx: ParseContext) -> list[Record]:
    result = []
    for row in records:
        slot, card, sensor = (str(row.get(k) or "") for k in ("SLOT", "CARD", "SENSOR"))
        parts = [f"Slot {slot}"]
        if row.get("ADDR"):  # NE/AR layout: board, I2C bus, address, channel
            parts.append(f"{sensor} {card}/{row['ADDR']}/{row.get('CHL', '')}")
        else:
            parts += [p for p in (card, sensor) if p not in {"", "NA", "-", "--"}]
        high_warn = first(row, "UPPER", "MINOR") if row.get("ADDR") else first(
            row, "UPPER", "MAJOR")
        high_crit = _threshold(row.get("MAJOR")) if row.get("ADDR") else _threshold(
            row.get("FATAL"))
        result.append({
            "name": " ".join(parts),
            "kind": "temperature",
            "value": to_float(row.get("CURRENT")),
            "unit": "C",
            "status": sensor_status(row.get("STATUS")),
            "low_warn": _threshold(row.get("LOWER")),
            "high_warn": _threshold(high_warn),
            "high_crit": high_crit,
        })
    return result


# --------------------------------------------------------------------------- neighbors, sessions


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [{
        "local_interface": ifname(row["LOCAL_INTERFACE"]),
        "remote_system": text(row.get("NEIGHBOR")) or "",
        "remote_interface": text(row.get("NEIGHBOR_INTERFACE")),
        "protocol": "lldp",
    } for row in records]


def ospf_peers(records: list[Record], ctx: ParseContext) -> list[Record]:
    return [{
        "protocol": "ospf",
        "peer": row["NEIGHBOR"],
        "state": str(row["STATE"]).lower(),
        "established": ospf_established(row["STATE"]),
        "interface": ifname(row.get("INTERFACE")),
    } for row in records]


def bgp_peers(records: list[Record], ctx: ParseContext) -> list[Record]:
    # 4-byte AS numbers may be printed as "asdot" (635.88 = 635 * 65536 + 88).
    def asn(value: Any) -> int | None:
        raw = str(value or "")
        if "." in raw:
            high, low = raw.split(".", 1)
            return int(high) * 65536 + int(low)
        return to_int(raw)

    return [{
        "protocol": "bgp",
        "peer": row["PEER"],
        "state": str(row["STATE"]).lower(),
        "established": str(row["STATE"]).lower() == "established",
        "remote_as": asn(row.get("AS")),
        "uptime": text(row.get("UP_DOWN")),
    } for row in records]


# --------------------------------------------------------------------------- ntp, config


def ntp_status(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    status = str(row.get("STATUS") or "").lower()
    offset = to_float(row.get("OFFSET"))
    if offset is not None and str(row.get("OFFSET_UNIT", "")).lower() in {"s", "sec"}:
        offset *= 1000
    reference = text(row.get("REFERENCE"))
    return {
        "synchronized": status == "synchronized" if status else None,
        "stratum": to_int(row.get("STRATUM")),
        "offset_ms": offset,
        "reference": None if reference in (None, "none") else reference,
    }


def compare_configuration(records: list[Record], ctx: ParseContext) -> Record:
    saved = not records[0].get("NEGATION")
    detail = ("running configuration equals the next-startup configuration file" if saved
              else "running configuration differs from the next-startup configuration file")
    return {"saved": saved, "detail": detail}


for _function in (
    version_facts, esn_facts, cpu_usage, memory_usage, interface_brief, ip_interface_brief,
    interface_detail, routing_statistics, default_route, log_entries, trap_entries,
    alarm_entries, device_boards, elabel_brief, manufacture_info, fans, powers,
    temperatures, lldp_neighbors, ospf_peers, bgp_peers, ntp_status, compare_configuration,
):
    _register(_function)
