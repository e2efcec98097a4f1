"""cisco_ios routes, CDP/LLDP neighbors and OSPF/BGP sessions."""

from __future__ import annotations

from typing import Any

from inspector.model import Neighbor, Routes, Session
from inspector.parsing.normalizers.cisco_ios.interfaces import ifname
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int

# --------------------------------------------------------------------------- routes


def route_summary(records: list[Record], ctx: ParseContext) -> Routes:
    # The "Total" row also counts the "internal" row (the router's own bookkeeping
    # entries, not routes), so the total is the sum of the route sources.
    by_protocol: dict[str, int] = {}
    for row in records:
        source = str(row.get("SOURCE") or "").split()
        name = source[0].lower() if source else "total"
        if name in ("total", "internal"):
            continue
        count = (to_int(row.get("NETWORKS")) or 0) + (to_int(row.get("SUBNETS")) or 0)
        by_protocol[name] = by_protocol.get(name, 0) + count
    return Routes(total=sum(by_protocol.values()), by_protocol=by_protocol,
                  default_route=None)


def default_route(records: list[Record], ctx: ParseContext) -> Routes:
    row = records[0]
    hops = [str(hop).removeprefix("directly connected, via ") for hop in row.get("HOPS") or []]
    if row.get("ENTRY"):
        return Routes(default_route=True, default_next_hops=hops)
    # "% Network not in table" -> none; an L2 switch's "Default gateway is x" -> configured.
    gateway = row.get("MISSING") == "Default gateway is"
    return Routes(default_route=gateway, default_next_hops=hops if gateway else [])


# --------------------------------------------------------------------------- neighbors


def cdp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [
        Neighbor(local_interface=ifname(r["LOCAL_INTERFACE"]), remote_system=r["NEIGHBOR_NAME"],
                 remote_interface=ifname(r["NEIGHBOR_INTERFACE"]) if r.get("NEIGHBOR_INTERFACE")
                 else None, protocol="cdp")
        for r in records if r.get("NEIGHBOR_NAME") and r.get("LOCAL_INTERFACE")
    ]


def lldp_neighbors(records: list[Record], ctx: ParseContext) -> list[Neighbor]:
    return [
        Neighbor(local_interface=ifname(r["LOCAL_INTERFACE"]), remote_system=r["NEIGHBOR_NAME"],
                 remote_interface=ifname(r["NEIGHBOR_INTERFACE"]), protocol="lldp")
        for r in records if r.get("NEIGHBOR_NAME") and r.get("LOCAL_INTERFACE")
    ]


# --------------------------------------------------------------------------- sessions


def ospf_neighbors(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        state, _, role = str(row.get("STATE") or "").partition("/")
        state = state.strip().lower()
        # 2WAY/DROTHER is the steady state between two non-DR routers on a LAN: no full
        # adjacency is formed by design, so it is not a session problem.
        established = state == "full" or (state == "2way" and "drother" in role.lower())
        result.append(Session(protocol="ospf", peer=row["NEIGHBOR_ID"], state=state,
                              established=established,
                              interface=ifname(row["INTERFACE"]) if row.get("INTERFACE") else None,
                              uptime=None))
    return result


def _asn(value: Any) -> int | None:
    """'65001' -> 65001; asdot '1.10' -> 65546."""
    raw = str(value or "")
    if "." in raw:
        high, _, low = raw.partition(".")
        return int(high) * 65536 + int(low) if high.isdigit() and low.isdigit() else None
    return to_int(raw)


def bgp_summary(records: list[Record], ctx: ParseContext) -> list[Session]:
    result = []
    for row in records:
        if not row.get("BGP_NEIGHBOR"):
            continue
        state = str(row.get("STATE_OR_PREFIXES_RECEIVED") or "").strip()
        established = state.isdigit()  # a prefix count is printed only when Established
        result.append(Session(protocol="bgp", peer=row["BGP_NEIGHBOR"],
                              state="established" if established else state.lower(),
                              established=established, remote_as=_asn(row.get("NEIGHBOR_AS")),
                              uptime=text(row.get("UP_DOWN"))))
    return result
