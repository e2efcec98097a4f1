"""huawei_vrp route statistics, LLDP neighbors (brief) and OSPF sessions (BGP: tables.py)."""

from __future__ import annotations

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    ospf_established,
    text,
    to_int,
)
from inspector.parsing.normalizers.huawei_vrp.interfaces import ifname

# --------------------------------------------------------------------------- routes


def routing_statistics(records: list[Record], ctx: ParseContext) -> Routes:
    by_protocol: dict[str, int] = {}
    total = None
    for row in records:
        name = str(row["PROTOCOL"]).lower()
        count = to_int(row.get("TOTAL"))
        if count is None:
            continue
        if name == "total":
            total = count
        elif name not in {"proto", "protocol"}:
            by_protocol[name] = by_protocol.get(name, 0) + count
    if total is None:
        total = sum(by_protocol.values())
    # The statistics cannot tell whether a default route exists: that comes from
    # `display ip routing-table 0.0.0.0`.
    return Routes(total=total, by_protocol=by_protocol, default_route=None)


def default_route(records: list[Record], ctx: ParseContext) -> Routes:
    # `display ip routing-table 0.0.0.0` is a longest-match lookup: only a 0.0.0.0/0 row is
    # the default route (an empty table means there is none).
    hops = [str(r.get("NEXTHOP")) for r in records
            if str(r.get("DESTINATION")) == "0.0.0.0/0" and r.get("NEXTHOP")]
    found = any(str(r.get("DESTINATION")) == "0.0.0.0/0" for r in records)
    return Routes(default_route=found, default_next_hops=list(dict.fromkeys(hops)))


# --------------------------------------------------------------------------- neighbors, sessions


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [Neighbor(
        local_interface=ifname(row["LOCAL_INTERFACE"]),
        remote_system=text(row.get("NEIGHBOR")) or "",
        remote_interface=text(row.get("NEIGHBOR_INTERFACE")),
        protocol="lldp",
    ) for row in records]


def ospf_peers(records: list[Record], ctx: ParseContext) -> list[Session]:
    return [Session(
        protocol="ospf",
        peer=row["NEIGHBOR"],
        state=str(row["STATE"]).lower(),
        established=ospf_established(row["STATE"]),
        interface=ifname(row.get("INTERFACE")),
    ) for row in records]

