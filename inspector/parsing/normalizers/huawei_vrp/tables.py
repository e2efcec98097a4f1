"""huawei_vrp full routing tables, the detailed LLDP form and BGP peers of every address
family: the forms an engineer types, read into the same routes, neighbors and sessions as
the statistics and brief commands."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers import routetable
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int
from inspector.parsing.normalizers.huawei_vrp.interfaces import ifname

# --------------------------------------------------------------------------- routes

GLOBAL_TABLES = ("public", "_public_")  # VRP 5 and VRP 8 names of the global table
_ROUTES_COUNT = re.compile(r"Routes\s*:\s*(\d+)")
_TITLE = re.compile(r"^\s*Routing Tables?\s*:\s*(\S+)", re.MULTILINE)


def _vrf(name: Any) -> str:
    """The VPN instance a table title names; "" for the global table."""
    return "" if str(name or "").lower() in GLOBAL_TABLES else str(name or "")


def route_protocol(row: Record) -> str:
    """The protocol as `display ip routing-table statistics` names it: 'O_ASE' -> 'ospf',
    'ISIS-L2' -> 'is-is', 'IBGP' -> 'bgp', 'Direct' -> 'direct'."""
    word = str(row.get("PROTO") or "").lower()
    if word.startswith("o_") or word.startswith("ospf"):
        return "ospf"
    if word.startswith(("isis", "is-is")):
        return "is-is"
    if word in ("ebgp", "ibgp"):
        return "bgp"
    return word


def route_table(records: list[Record], ctx: ParseContext) -> Routes:
    if not records:  # the title and "Destinations : 0  Routes : 0": a table with no route
        title = _TITLE.search(ctx.text)
        named = _vrf(title.group(1)) if title else ""
        return routetable.empty(named or ctx.placeholder("vrf"))
    table = routetable.read(records, route_protocol, count_paths=True)
    table.vrfs = {_vrf(name): None for name in table.vrfs}
    # "Destinations : 17  Routes : 18": routes count every next hop, as the statistics do.
    counts = [int(n) for n in _ROUTES_COUNT.findall(ctx.text)]
    return routetable.summarize(table, total=sum(counts) if counts else None,
                                typed_vrf=ctx.placeholder("vrf"))


# --------------------------------------------------------------------------- neighbors


def lldp_detail(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    """`display lldp neighbor`: one block per neighbour; one that sends no system name is
    named by its chassis id."""
    result = []
    for row in records:
        chassis = text(row.get("CHASSIS_ID"))
        name = text(row.get("NEIGHBOR_NAME")) or chassis
        if not name or not row.get("LOCAL_INTERFACE"):
            continue
        result.append(Neighbor(
            local_interface=ifname(row["LOCAL_INTERFACE"]), remote_system=name,
            remote_interface=text(row.get("NEIGHBOR_PORT_ID"))
            or text(row.get("NEIGHBOR_INTERFACE")),
            protocol="lldp", remote_chassis_id=chassis,
            remote_management_address=text(row.get("MGMT_ADDRESS"))))
    return result


# --------------------------------------------------------------------------- sessions


def _asn(value: Any) -> int | None:
    """4-byte AS numbers may be printed as "asdot" (635.88 = 635 * 65536 + 88)."""
    raw = str(value or "")
    high, dot, low = raw.partition(".")
    if dot:
        return int(high) * 65536 + int(low) if high.isdigit() and low.isdigit() else None
    return to_int(raw)


def _family(command: str, vrf: str | None) -> str:
    if vrf:
        return "ipv4 unicast"  # a VPN instance's own (IPv4) peers
    for family in ("vpnv4", "vpnv6", "ipv6"):
        if family in command.split():
            return f"{family} unicast"
    return "ipv4 unicast"


def bgp_peers(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state = str(row["STATE"]).lower()
        vrf = text(row.get("VRF"))
        result.append(Session(
            protocol="bgp", peer=row["PEER"], state=state,
            established=state == "established", remote_as=_asn(row.get("AS")),
            uptime=text(row.get("UP_DOWN")),
            prefixes_received=to_int(row.get("PREF_RCV")) if state == "established" else None,
            address_family=_family(ctx.command, vrf), vrf=vrf))
    return result
