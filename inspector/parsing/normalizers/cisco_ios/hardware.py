"""cisco_ios hardware: `show inventory` items and `show environment` sensors."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import InventoryItem, Sensor
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    sensor_status,
    text,
    to_float,
)

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
         or (_TRANSCEIVER.search(both) is not None and "module" not in both
             and "linecard" not in both)),
        ("disk", re.search(r"\b(disk\d*|harddisk|ssd)\b", name.lower()) is not None),
        ("chassis", index == 0 or "chassis" in both or (
            member is not None and (not name.isdigit() or _SWITCH_PID.match(pid) is not None))),
    )
    return next((kind for kind, matched in rules if matched), "module")


def inventory(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    result = []
    for index, row in enumerate(records):
        name = text(row.get("NAME")) or text(row.get("DESCR")) or f"item {index}"
        descr = text(row.get("DESCR")) or ""
        pid = text(row.get("PID")) or ""
        result.append(InventoryItem(
            name=name,
            kind=_inventory_kind(name, descr, pid, index),
            model=pid or None,
            serial=text(row.get("SN")),
            hw_version=text(row.get("VID")),
            description=descr or None,
        ))
    return result


# --------------------------------------------------------------------------- sensors


# Cisco's state words beyond common.sensor_status: temperature colours and alarm levels.
_CISCO_STATES = {
    "green": "ok", "yellow": "warning", "red": "critical", "minor": "warning",
    "major": "critical", "good": "ok", "n.a.": "unknown", "n/a": "unknown",
}


_UNITS: dict[str, tuple[str, str, float]] = {  # unit -> (kind, unit, factor)
    "celsius": ("temperature", "C", 1), "c": ("temperature", "C", 1),  # 6500: "31C"
    "rpm": ("fan", "RPM", 1), "%": ("fan", "%", 1),
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


def _sensor(row: Record) -> Sensor | None:  # noqa: PLR0911 - one branch per layout
    state = _state(row.get("STATE"))
    if row.get("SW") and row.get("FAN"):  # fan-speed table
        return Sensor(name=f"Switch {row['SW']} FAN {row['FAN']}", kind="fan",
                      value=to_float(row.get("VALUE")), unit="RPM", status=state)
    if row.get("TRAY"):
        return Sensor(name=_named(row, row["TRAY"]), kind="fan", status=state)
    if row.get("PSU"):
        word = row.get("STATE") or row.get("SYS_PWR")
        return Sensor(name=_named(row, f"PS {row['PSU']}" if row["PSU"][0].isdigit()
                                       else row["PSU"]),
                      kind="psu", status=_state(word))
    name = text(row.get("NAME")) or ""
    unit = str(row.get("UNIT") or "").lower()
    if unit in _UNITS:
        kind, label, factor = _UNITS[unit]
        value = to_float(row.get("VALUE"))
        full = " ".join(p for p in (row.get("SLOT"), name) if p) or "Temperature"
        fields: Record = {"name": _named(row, full), "kind": kind, "unit": label,
                          "value": round(value * factor, 3) if value is not None else None,
                          "status": state}
        if row.get("YELLOW") or row.get("RED"):
            fields.update(high_warn=to_float(row.get("YELLOW")), high_crit=to_float(row.get("RED")))
        fields.update(_thresholds(row.get("THRESHOLDS")))
        return Sensor(**fields)
    upper = name.upper()
    if upper.startswith("RPS") and state == "absent":
        return None  # the Redundant Power System is an optional external box
    if "FAN" in upper:
        return Sensor(name=name, kind="fan", status=state)
    if "TEMPERATURE" in upper:
        return Sensor(name=_named(row, name), kind="temperature", status=state)
    if "POWER" in upper or upper.startswith("RPS"):
        return Sensor(name=name, kind="psu", status=state)
    return None


def environment(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    return [s for row in records if (s := _sensor(row)) is not None]
