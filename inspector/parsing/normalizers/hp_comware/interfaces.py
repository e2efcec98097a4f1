"""hp_comware interfaces: `display interface` and its brief tables."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Interface
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    is_up,
    pct,
    speed_mbps,
    text,
    to_int,
)
from inspector.parsing.normalizers.hp_comware.names import ifname, none_if_dash


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


def interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("LINK"))
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=admin,
            oper_up=oper,
            speed_mbps=speed_mbps(row.get("SPEED")) if row.get("SPEED") else None,
            duplex=_duplex(row.get("DUPLEX")),
            description=none_if_dash(row.get("DESCRIPTION")),
        ))
    return result


def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("PHYSICAL"))
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=admin,
            oper_up=oper,
            description=none_if_dash(row.get("DESCRIPTION")),
        ))
    return result


def _speed(row: Record) -> int | None:
    speed = str(row.get("SPEED") or "")
    if not speed or speed.lower().startswith("unknown"):
        return None
    return speed_mbps(speed)


def interface(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper = _link_state(row.get("LINK"))
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=admin,
            oper_up=oper,
            speed_mbps=_speed(row),
            duplex=None if str(row.get("DUPLEX", "")).lower().startswith("unknown")
            else _duplex(row.get("DUPLEX")),
            mtu=to_int(row.get("MTU")),
            description=text(row.get("DESCRIPTION")),
            in_errors=to_int(row.get("IN_ERRORS")),
            out_errors=to_int(row.get("OUT_ERRORS")),
            crc_errors=to_int(row.get("CRC")),
            in_discards=to_int(row.get("IN_DISCARDS")),
            out_discards=to_int(row.get("OUT_DISCARDS")),
            in_util_pct=pct(row.get("IN_PCT")),
            out_util_pct=pct(row.get("OUT_PCT")),
        ))
    return result
