"""hp_comware routes, LLDP neighbors and OSPF/BGP sessions."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    ospf_established,
    text,
    to_int,
)
from inspector.parsing.normalizers.hp_comware.names import ifname

# --------------------------------------------------------------------------- routes


def _protocol(value: Any) -> str:
    """'O_INTRA' / 'O_ASE2' -> 'ospf', 'IS_L1' -> 'is-is', 'DIRECT' -> 'direct'."""
    word = str(value).strip().lower()
    if word.startswith("o_"):
        return "ospf"
    if word.startswith(("is_", "isis")):
        return "is-is"
    return word


def routing_statistics(records: list[Record], ctx: ParseContext) -> Routes:
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
    return Routes(total=total, by_protocol=by_protocol, default_route=None)


def routing_table(records: list[Record], ctx: ParseContext) -> Routes:
    by_protocol: dict[str, int] = {}
    for row in records:
        name = _protocol(row.get("PROTO"))
        by_protocol[name] = by_protocol.get(name, 0) + 1
    # "Destinations : 17604     Routes : 28601": Routes counts every next hop.
    match = re.search(r"Routes\s*:\s*(\d+)", ctx.text)
    total = int(match.group(1)) if match else len(records)
    default = any(row.get("DESTINATION") == "0.0.0.0/0" for row in records)
    return Routes(total=total, by_protocol=by_protocol, default_route=default)


def default_route(records: list[Record], ctx: ParseContext) -> Routes:
    return Routes(default_route=any(row.get("DESTINATION") == "0.0.0.0/0" for row in records))


# --------------------------------------------------------------------------- neighbors, sessions


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [
        Neighbor(
            local_interface=ifname(row["LOCAL_INTERFACE"]),
            remote_system=text(row.get("NEIGHBOR_NAME")) or text(row.get("CHASSIS_ID"))
            or "",
            remote_interface=text(row.get("NEIGHBOR_INTERFACE")),
            protocol="lldp",
        )
        for row in records
    ]


def ospf_peers(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = str(row.get("STATE") or "").split("/")[0].lower()
        result.append(Session(
            protocol="ospf",
            peer=row["ROUTER_ID"],
            state=state,
            established=ospf_established(state),
            interface=ifname(row["INTERFACE"]) if row.get("INTERFACE") else None,
        ))
    return result


def bgp_peers(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = str(row.get("STATE") or "").lower()
        result.append(Session(
            protocol="bgp",
            peer=row["PEER"],
            state=state,
            established=state == "established",
            remote_as=to_int(row.get("REMOTE_AS")),
            uptime=text(row.get("UPTIME")),
        ))
    return result
