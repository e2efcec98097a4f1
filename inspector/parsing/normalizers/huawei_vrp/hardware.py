"""huawei_vrp hardware: boards, electronic labels and manufacture information as the
inventory; fans, power supplies and temperatures as sensors."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import InventoryItem, Sensor
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    first,
    sensor_status,
    text,
    to_float,
)

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


def _board_state(row: Record) -> str:
    """The contract's state of a board, PSU or fan row: absent when not in its slot; a
    board in its slot that has not registered with the main control board does not work
    whatever its status column says (it shows "Normal" or "-" while it boots or fails)."""
    online = str(row.get("ONLINE") or "").lower()
    if online in {"absent", "notpresent", "offline"}:
        return "absent"
    state = sensor_status(row.get("STATUS"))
    register = str(row.get("REGISTER") or "").lower()
    if register in {"unregistered", "unregister"} and state != "critical":
        return "unregistered"
    return state


def _board_kind(label: str, model: str | None) -> str:
    """From the slot label (PWR1, FAN2, CMU1), else from the type column: NE chassis
    number every slot and say "PWR" / "FAN" in the type; PSU models start PAC/PDC."""
    kind = _kind(label)
    if kind == "module" and model:
        kind = "psu" if model.upper().startswith(("PAC", "PDC")) else _kind(model)
    return kind


def device_boards(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    result = []
    for row in records:
        slot, sub = str(row.get("SLOT") or ""), str(row.get("SUB") or "")
        name = _slot_name(slot, sub)
        if row.get("CHASSIS"):
            name = f"Chassis {row['CHASSIS']} {name}"
        model = text(row.get("TYPE"))
        model = None if model in (None, "-", "NA") else model
        result.append(InventoryItem(
            name=name,
            kind=_board_kind(sub if sub and sub != "-" else slot, model),
            model=model,
            status=_board_state(row),
        ))
    return result


def elabel_brief(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
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
        result.append(InventoryItem(
            name=name,
            kind=_kind(sub or board_kind),
            model=text(row.get("BOARD_TYPE")),
            serial=text(row.get("BARCODE")),
            description=text(row.get("DESCRIPTION")),
        ))
    return result


def manufacture_info(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    result = []
    for row in records:
        slot, sub = str(row.get("SLOT") or ""), str(row.get("SUB") or "")
        label = sub if sub and sub != "-" else "slot"
        result.append(InventoryItem(name=_slot_name(slot, sub), kind=_kind(label),
                                    serial=text(row.get("SERIAL"))))
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


def _fan_name(slot: str, fan_id: str) -> str:
    """"Slot 0 FAN 2" (a fan of a numbered slot), "FAN1 FAN 2" (a fan of the tray a chassis
    names FAN1), "FAN1" (a tray listed with "-" or its own label as its fan number),
    "Slot 14 FAN" (a block without speed lines)."""
    base = _slot_name(slot)
    if fan_id == "-" or fan_id.replace(" ", "") == base:
        return base
    fan_name = fan_id if fan_id.upper().startswith("FAN") else f"FAN {fan_id}"
    return f"{base} {fan_name}".strip()


def fans(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    result: list[Sensor] = []
    for row in records:
        slot = str(row.get("SLOT") or "")
        status = _fan_status(row.get("ONLINE"), row.get("STATUS"))
        lines = row.get("SPEED_LINES") or []
        speeds = re.findall(r"\[(\d+)\]\s*(\d+)%", " ".join(lines))
        if speeds:
            # A fan of a working tray that reports 0% has stopped: the tray's own
            # status ("AUTO") does not say so.
            result += [Sensor(name=_fan_name(slot, number), kind="fan",
                              value=float(speed), unit="%",
                              status="critical" if status == "ok" and speed == "0" else status)
                       for number, speed in speeds]
            continue
        speed = str(row.get("SPEED") or "")
        value = to_float(speed)
        result.append(Sensor(name=_fan_name(slot, str(row.get("FAN_ID") or "")), kind="fan",
                             value=value, unit=("%" if "%" in speed else "RPM")
                             if value is not None else None, status=status))
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


def powers(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    result = []
    for row in records:
        power_id = str(row.get("POWER_ID") or "").replace(" ", "")
        name = power_id if not power_id.isdigit() else f"PWR{power_id}"
        slot = text(row.get("SLOT"))
        numbers = [to_float(row.get(k)) for k in ("V1", "V2", "V3", "V4") if row.get(k)]
        # One number: Power(W); three or four: current, voltage, real power[, rated power].
        watts = numbers[0] if len(numbers) in (1, 2) else numbers[2] if numbers else None
        result.append(Sensor(
            name=f"Slot {slot} {name}" if slot else name,
            kind="psu",
            value=watts,
            unit="W" if watts is not None else None,
            status=_psu_status(row.get("ONLINE"), row.get("STATE")),
        ))
    return result


def _threshold(value: Any) -> float | None:
    return to_float(value) if value not in (None, "", "-", "--", "NA") else None


def temperatures(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    result = []
    for row in records:
        slot, card, sensor = (str(row.get(k) or "") for k in ("SLOT", "CARD", "SENSOR"))
        parts = [_slot_name(slot)] if slot else []
        if row.get("ADDR"):  # NE/AR layout: board, I2C bus, address, channel
            parts.append(f"{sensor} {card}/{row['ADDR']}/{row.get('CHL', '')}")
        else:
            parts += [p for p in (card, sensor) if p not in {"", "NA", "-", "--"}]
        high_warn = first(row, "UPPER", "MINOR") if row.get("ADDR") else first(
            row, "UPPER", "MAJOR")
        high_crit = _threshold(row.get("MAJOR")) if row.get("ADDR") else _threshold(
            row.get("FATAL"))
        result.append(Sensor(
            name=" ".join(parts),
            kind="temperature",
            value=to_float(row.get("CURRENT")),
            unit="C",
            status=sensor_status(row.get("STATUS")),
            low_warn=_threshold(row.get("LOWER")),
            high_warn=_threshold(high_warn),
            high_crit=high_crit,
        ))
    return result
