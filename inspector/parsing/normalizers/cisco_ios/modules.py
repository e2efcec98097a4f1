"""cisco_ios modular chassis: `show module`, the cards of a modular Catalyst (6500/6800,
4500, 9400/9600, each chassis of a VSS or StackWise Virtual pair) with their state, joined
from the tables of one output (cards, MAC/versions/status, sub-modules, online
diagnostics); `show power`, the supplies and fan trays of a Catalyst 6500/4500."""

from __future__ import annotations

import re

from inspector.model import InventoryItem, Sensor
from inspector.parsing.normalizers.common import ParseContext, Record, sensor_status, text

_SUPERVISOR = re.compile(r"supervisor|\bsup\b|\bsup\s?\d|-sup", re.IGNORECASE)
# Online diagnostics that say a card which reports "Ok" is not healthy after all.
_DIAG_BAD = re.compile(r"fail|error", re.IGNORECASE)


def _key(row: Record) -> tuple[str, str]:
    return (str(row.get("SWITCH") or ""), str(row.get("MODULE") or ""))


def _name(switch: str, module: str) -> str:
    """"Module 3"; "Switch 2 Module 3" on the second chassis of a virtual switch."""
    return f"Switch {switch} Module {module}" if switch else f"Module {module}"


def _status(card: Record) -> str | None:
    """The card's own word, lower-cased ("ok", "other", "faulty", "hw-faulty", "pwrdown",
    "err-disable"...); a failed online diagnostic of an "ok" card; "empty" for a blank."""
    if "blank" in str(card.get("CARD") or "").lower():
        return "empty"
    status = (text(card.get("STATUS")) or "").lower() or None
    diag = text(card.get("DIAG"))
    if diag and _DIAG_BAD.search(diag) and status in (None, "ok"):
        return diag.lower()
    return status


def _card(key: tuple[str, str], card: Record) -> InventoryItem:
    switch, module = key
    described = f"{card.get('CARD') or ''} {card.get('MODEL') or ''}"
    if card.get("CARD") is None and card.get("PORTS"):
        # A stack member of a fixed switch (the members table): the chassis itself.
        kind, name = "chassis", f"Switch {module}"
    else:
        kind = "supervisor" if _SUPERVISOR.search(described) else "linecard"
        name = _name(switch, module)
    serial = text(card.get("SERIAL"))
    return InventoryItem(
        name=name,
        kind=kind,
        model=text(card.get("MODEL")),
        serial=None if serial in (None, "N/A") else serial,
        hw_version=text(card.get("HW")),
        fw_version=text(card.get("SW")),
        status=_status(card),
        description=text(card.get("CARD")),
    )


def modules(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    cards: dict[tuple[str, str], Record] = {}
    subs: list[InventoryItem] = []
    for row in records:
        if not row.get("MODULE"):
            continue
        if row.get("SUB_MODULE"):
            subs.append(InventoryItem(
                name=f"{_name(*_key(row))} {text(row.get('SUB_MODULE'))}",
                kind="module",
                model=text(row.get("MODEL")),
                serial=text(row.get("SERIAL")),
                hw_version=text(row.get("HW")),
                status=(text(row.get("STATUS")) or "").lower() or None,
            ))
            continue
        card = cards.setdefault(_key(row), {})
        for field, value in row.items():
            if value and not card.get(field):
                card[field] = value
    return [_card(key, card) for key, card in cards.items()] + subs


def _supply_status(row: Record) -> str:
    """A 6500 supply whose output failed or that is off supplies nothing; a 4500 says
    good / bad / err-disable; "none" is an empty bay."""
    if str(row.get("MODEL") or "").lower() == "none":
        return "absent"
    words = [str(row.get(k) or "").lower() for k in ("OUTPUT", "STATE", "PS_FAN")]
    output, state, fan = words
    if output:
        return "critical" if output != "ok" or str(row.get("OPER")).lower() != "on" else (
            "warning" if fan != "ok" else "ok")
    return {"good": "ok", "bad": "critical"}.get(state) or sensor_status(state)


def power(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """Catalyst 6500/4500 `show power`: the supplies and (6500) the fan trays."""
    result = []
    for row in records:
        if row.get("TRAY"):
            result.append(Sensor(name=f"Fan {row['TRAY']}", kind="fan",
                                 status=sensor_status(row.get("STATE"))))
            continue
        psu = str(row.get("PSU") or "")
        result.append(Sensor(name=psu if psu.startswith("PS") else f"PS {psu}", kind="psu",
                             status=_supply_status(row)))
    return result
