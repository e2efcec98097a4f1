"""hp_comware hardware: `display device manuinfo` (the inventory, and the chassis serial
for the facts), boards, fans, power supplies and temperatures."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Facts, InventoryItem, Sensor
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    sensor_status,
    text,
    to_float,
)
from inspector.parsing.normalizers.hp_comware.names import none_if_dash
from inspector.parsing.normalizers.hp_comware.system import comware_vendor

# --------------------------------------------------------------------------- inventory


def _units(records: list[Record]) -> list[Record]:
    return [r for r in records if r.get("NAME") or r.get("SERIAL") or r.get("NOTE")]


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


def manuinfo_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """The chassis serial when the device has one ("Chassis self"), else the first board's."""
    units = [r for r in _units(records) if r.get("SERIAL") or r.get("NAME")]
    chassis = [r for r in units if "chassis" in str(r.get("UNIT", "")).lower()]
    boards = [r for r in units if _inventory_kind(r.get("UNIT")) == "module"]
    main = (chassis or boards or units or [{}])[0]
    return Facts(
        vendor=text(main.get("VENDOR")) or comware_vendor(ctx),
        model=text(main.get("NAME")),
        serial=none_if_dash(main.get("SERIAL")),
    )


def manuinfo_inventory(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    result = []
    for row in _units(records):
        product = text(row.get("PRODUCT"))
        result.append(InventoryItem(
            name=_unit_name(row.get("UNIT"), row.get("CHASSIS"), row.get("MEMBER")),
            kind=_inventory_kind(row.get("UNIT")),
            model=text(row.get("NAME")),
            serial=none_if_dash(row.get("SERIAL")),
            status=_note_status(row.get("NOTE")),
            description=product or text(row.get("NOTE")),
        ))
    return result


def device_boards(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    result = []
    for row in records:
        model = none_if_dash(row.get("TYPE"))
        state = str(row.get("STATE") or "").lower()
        patch = none_if_dash(row.get("PATCH"))
        result.append(InventoryItem(
            name=_prefixed(row.get("SLOT"), "", row.get("CHASSIS")),
            kind="module",
            model=None if model == "NONE" else model,
            fw_version=None if none_if_dash(row.get("SOFTWARE")) in (None, "NONE")
            else none_if_dash(row.get("SOFTWARE")),
            status=state or None,
            description=f"patch {patch}" if patch and patch.lower() != "none" else None,
        ))
    return result


# --------------------------------------------------------------------------- sensors


def _prefixed(slot: Any, name: str, chassis: Any = None) -> str:
    """"Slot 1 Fan 2"; "Chassis 2 Slot 1 Fan 2" / "Chassis 2 Power 1" for a member chassis
    of an IRF, whose slots and units are numbered as the first chassis's are."""
    parts = [f"Chassis {chassis}" if chassis else "", f"Slot {slot}" if slot else "", name]
    return " ".join(p for p in parts if p)


def fans(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    return [
        Sensor(
            name=_prefixed(row.get("SLOT"), f"Fan {row.get('FAN') or index}",
                           row.get("CHASSIS")),
            kind="fan",
            value=to_float(row.get("SPEED")),
            unit="RPM" if row.get("SPEED") else None,
            status=sensor_status(row.get("STATE")),
        )
        for index, row in enumerate(records, start=1)
    ]


def powers(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    result = []
    for row in records:
        psu = str(row.get("PSU") or "")
        name = psu if re.match(r"(?i)pwr|psu|power", psu) else f"Power {psu}"
        watts = to_float(none_if_dash(row.get("WATTS")))
        result.append(Sensor(
            name=_prefixed(row.get("SLOT"), name, row.get("CHASSIS")),
            kind="psu",
            value=watts,
            unit="W" if watts is not None else None,
            status=sensor_status(row.get("STATE")),
        ))
    return result


def _limit(value: Any) -> float | None:
    return to_float(none_if_dash(value))


def temperatures(records: list[Record], ctx: ParseContext) -> list[Sensor]:
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
        # "1 0": chassis and slot of a chassis in IRF, named as its boards and PSUs are.
        numbers = str(row.get("SLOT") or "").split()
        chassis, slot = (numbers[0], numbers[1]) if len(numbers) == 2 else (None, "".join(numbers))
        name = _prefixed(slot, text(row.get("SENSOR")) or "", chassis)
        result.append(Sensor(
            name=name, kind="temperature", value=value, unit="C",
            status=status, low_crit=low, low_warn=None,
            high_warn=warn, high_crit=alarm if alarm is not None else shutdown,
        ))
    return result
