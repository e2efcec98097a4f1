"""hp_comware routes, LLDP neighbors and OSPF/BGP sessions."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers import routetable
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


def _row_protocol(row: Record) -> str:
    return _protocol(row.get("PROTO"))


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
    """The whole table (`display ip routing-table [vpn-instance NAME]`), counted as the
    statistics count: one route per next hop."""
    if not records:  # "Destinations : 0  Routes : 0" and the header: a table with no route
        return routetable.empty(ctx.placeholder("vrf"))
    table = routetable.read(records, _row_protocol, count_paths=True)
    table.vrfs = {"" if name.lower() == "public" else name: None for name in table.vrfs}
    # "Destinations : 17604     Routes : 28601": Routes counts every next hop.
    match = re.search(r"Routes\s*:\s*(\d+)", ctx.text)
    return routetable.summarize(table, total=int(match.group(1)) if match else None,
                                typed_vrf=ctx.placeholder("vrf"))


def default_route(records: list[Record], ctx: ParseContext) -> Routes:
    hops = [str(row.get("NEXTHOP")) for row in records
            if row.get("DESTINATION") == "0.0.0.0/0" and row.get("NEXTHOP")]
    return Routes(default_route=any(row.get("DESTINATION") == "0.0.0.0/0" for row in records),
                  default_next_hops=list(dict.fromkeys(hops)))


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


def _address_family(command: str) -> str:
    """`display bgp peer ipv6` -> 'ipv6 unicast'; Comware 5's `display bgp peer` is IPv4."""
    for family in ("vpnv4", "vpnv6", "ipv6"):
        if family in command.split():
            return f"{family} unicast"
    return "ipv4 unicast"


def bgp_peers(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = str(row.get("STATE") or "").lower()
        established = state == "established"
        result.append(Session(
            protocol="bgp",
            peer=row["PEER"],
            state=state,
            established=established,
            remote_as=to_int(row.get("REMOTE_AS")),
            uptime=text(row.get("UPTIME")),
            prefixes_received=to_int(row.get("PREF_RCV")) if established else None,
            address_family=_address_family(ctx.command),
            vrf=ctx.placeholder("vrf"),
        ))
    return result


def lldp_verbose(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`display lldp neighbor-information verbose`: chassis id and management address too;
    a neighbour that sends no system name is named by its chassis id."""
    return [
        Neighbor(
            local_interface=ifname(row["LOCAL_INTERFACE"]),
            remote_system=text(row.get("NEIGHBOR_NAME")) or text(row.get("CHASSIS_ID"))
            or "",
            remote_interface=text(row.get("NEIGHBOR_INTERFACE")),
            protocol="lldp",
            remote_chassis_id=text(row.get("CHASSIS_ID")),
            remote_management_address=text(row.get("MGMT_ADDRESS")),
        )
        for row in records
    ]
