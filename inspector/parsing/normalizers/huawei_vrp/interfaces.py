"""huawei_vrp interfaces: `display interface` and its brief tables."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Interface
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    duplex,
    expand_ifname,
    is_up,
    pct,
    speed_mbps,
    text,
    to_int,
)

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


def _phy(value: Any) -> tuple[bool | None, bool | None]:
    """(admin_up, oper_up) from a brief's PHY column: '*down' is shut down by the
    operator, '^down' standby, 'up(l)' looped back but up."""
    state = str(value or "").strip().lower()
    if not state:
        return None, None
    admin = not state.startswith("*")
    return admin, is_up(state.lstrip("*^#!"))


def interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper = _phy(row.get("PHY"))
        util_in, util_out = row.get("IN_UTIL"), row.get("OUT_UTIL")
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=admin,
            oper_up=oper,
            in_errors=to_int(row.get("IN_ERRORS")),
            out_errors=to_int(row.get("OUT_ERRORS")),
            in_util_pct=pct(util_in) if util_in not in (None, "", "--") else None,
            out_util_pct=pct(util_out) if util_out not in (None, "", "--") else None,
        ))
    return result


def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper = _phy(row.get("PHY"))
        result.append(Interface(name=ifname(row["INTERFACE"]), admin_up=admin, oper_up=oper))
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


def interface_detail(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        admin, oper, err_disabled = _state(row.get("STATE"))
        speed = row.get("SPEED")
        util_in, util_out = row.get("IN_UTIL"), row.get("OUT_UTIL")
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=admin,
            oper_up=oper,
            err_disabled=err_disabled,
            speed_mbps=speed_mbps(speed) if speed else speed_mbps(row.get("PORT_BW")),
            duplex=duplex(row.get("DUPLEX")),
            mtu=to_int(row.get("MTU")),
            description=text(row.get("DESCRIPTION")),
            in_errors=to_int(row.get("IN_ERRORS")),
            out_errors=to_int(row.get("OUT_ERRORS")),
            crc_errors=to_int(row.get("CRC")),
            in_discards=to_int(row.get("IN_DISCARDS")),
            out_discards=to_int(row.get("OUT_DISCARDS")),
            in_util_pct=pct(util_in) if util_in not in (None, "", "--") else None,
            out_util_pct=pct(util_out) if util_out not in (None, "", "--") else None,
        ))
    return result
