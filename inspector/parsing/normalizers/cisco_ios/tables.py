"""cisco_ios full routing tables, LLDP/CDP detail and BGP summaries of every address family:
the forms an engineer types in a session, read into the same routes, neighbors and sessions
the brief commands give."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers import routetable
from inspector.parsing.normalizers.cisco_ios.interfaces import ifname
from inspector.parsing.normalizers.cisco_ios.routing import _asn
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int

# --------------------------------------------------------------------------- routes

# Route codes as `show ip route summary` names their source: local (L) routes are counted
# among the connected ones there, external and inter-area types under their protocol.
ROUTE_CODES = {
    "C": "connected", "L": "connected", "S": "static", "U": "static", "R": "rip",
    "M": "mobile", "B": "bgp", "D": "eigrp", "O": "ospf", "i": "isis", "o": "odr",
    "P": "periodic", "H": "nhrp", "G": "nhrp", "g": "nhrp", "l": "lisp", "a": "application",
    "m": "omp", "n": "nat", "Ni": "nat", "No": "nat", "Nd": "nat",
}
_CODE = re.compile(r"[A-Za-z]+")


def route_protocol(row: Record) -> str:
    """'O E2' -> 'ospf', 'i*L1' -> 'isis', 'S*' -> 'static'; '' on a next-hop-only row."""
    match = _CODE.match(str(row.get("CODE") or ""))
    if match is None:
        return ""
    return ROUTE_CODES.get(match.group(), match.group().lower())


_VRF_TITLE = re.compile(r"^\s*Routing Table:\s*(\S+)", re.MULTILINE)


def route_table(records: list[Record], ctx: ParseContext) -> Routes:
    if not records:  # the legend alone: a table (a VRF's) with no route
        title = _VRF_TITLE.search(ctx.text)
        return routetable.empty(title.group(1) if title else ctx.placeholder("vrf"))
    gateway = next((text(r.get("GATEWAY")) for r in records if r.get("GATEWAY")), None)
    table = routetable.read(records, route_protocol, count_paths=False)
    return routetable.summarize(table, gateway=gateway, typed_vrf=ctx.placeholder("vrf"))


# --------------------------------------------------------------------------- neighbors


def _port(value: Any) -> str | None:
    raw = text(value)
    return ifname(raw) if raw else None


def lldp_detail(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`show lldp neighbors detail`: a neighbour that sends no system name is named by its
    chassis id (a MAC address), as its peers' tables show it. Some 12.2 releases print no
    "Local Intf:" line: the neighbour is kept, its local port left empty."""
    result = []
    for row in records:
        chassis = text(row.get("CHASSIS_ID"))
        name = text(row.get("NEIGHBOR_NAME")) or chassis
        if not name:
            continue
        result.append(Neighbor(
            local_interface=_port(row.get("LOCAL_INTERFACE")) or "", remote_system=name,
            remote_interface=_port(row.get("NEIGHBOR_PORT_ID")) or _port(
                row.get("NEIGHBOR_INTERFACE")),
            protocol="lldp", remote_chassis_id=chassis,
            remote_management_address=text(row.get("MGMT_ADDRESS"))))
    return result


def cdp_detail(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [
        Neighbor(local_interface=ifname(row["LOCAL_INTERFACE"]),
                 remote_system=row["NEIGHBOR_NAME"],
                 remote_interface=_port(row.get("NEIGHBOR_INTERFACE")), protocol="cdp",
                 remote_management_address=text(row.get("MGMT_ADDRESS")))
        for row in records if row.get("NEIGHBOR_NAME") and row.get("LOCAL_INTERFACE")
    ]


# --------------------------------------------------------------------------- sessions


def address_family(row: Record, command: str, vrf: str | None = None) -> str:
    """The row's "For address family:" block, else what the command asked for (a VRF's own
    peers are IPv4 peers of that VRF)."""
    named = text(row.get("ADDRESS_FAMILY"))
    if named:
        return " ".join(named.lower().split())
    if vrf:
        return "ipv4 unicast"
    for family in ("vpnv4", "vpnv6", "ipv6"):
        if family in command.split():
            return f"{family} unicast"
    return "ipv4 unicast"


def bgp_summary(records: list[Record], ctx: ParseContext) -> list[Session]:
    vrf = ctx.placeholder("vrf")
    result = []
    for row in records:
        state = " ".join(str(row.get("STATE") or "").split())
        established = state.isdigit()  # a prefix count is printed only when Established
        result.append(Session(
            protocol="bgp", peer=row["NEIGHBOR"],
            state="established" if established else state.lower(),
            established=established, remote_as=_asn(row.get("REMOTE_AS")),
            uptime=text(row.get("UP_DOWN")),
            prefixes_received=to_int(state) if established else None,
            address_family=address_family(row, ctx.command, vrf), vrf=vrf))
    return result
