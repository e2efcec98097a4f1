"""A full routing table (`show ip route`, `display ip routing-table`) as the route metrics the
summary commands give: counts by protocol, the total, the default route and its next hops.

Every vendor's template yields one row per route line and one per extra next hop printed on
a line of its own (ECMP), with the destination filled down. What a row holds, by its keys:

- ``PREFIX`` (or ``DESTINATION``): the route's destination, filled down to the next-hop rows;
- ``NEXTHOP`` / ``INTERFACE``: where the row's path leads;
- ``VRF``: the table's VRF / VPN instance when the output names one;

and the caller says which protocol a row is of, as the summary command names it ('' on a
next-hop-only row that does not repeat it).

The counts follow the vendor's own summary, so that `routes.count_change` compares like with
like whichever of the two commands an inspection read: IOS `show ip route summary` counts
prefixes, VRP and Comware statistics count routes (one per next hop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from inspector.model import Routes
from inspector.parsing.normalizers.common import Record

DEFAULT_PREFIXES = frozenset({"0.0.0.0/0"})


Protocol = Callable[[Record], str]


@dataclass
class Table:
    """What one pass over a table's rows found (a 100,000-route table is one pass, no
    object per row)."""

    by_protocol: dict[str, int] = field(default_factory=dict)
    hops: list[str] = field(default_factory=list)  # the default route's next hops
    has_default: bool = False
    vrfs: dict[str, None] = field(default_factory=dict)  # in order of appearance
    routes: int = 0


def read(records: Iterable[Record], protocol_of: Protocol, *, count_paths: bool) -> Table:
    """Count the rows that belong to a route (gateway or title rows have no prefix). A
    next-hop-only row belongs to the protocol of the route above it; it counts as a route
    only with `count_paths` (one route per next hop: VRP, Comware)."""
    table = Table()
    counts = table.by_protocol
    current = ""
    for row in records:
        prefix = row.get("PREFIX") or row.get("DESTINATION")
        if not prefix:
            continue
        table.routes += 1
        table.vrfs[str(row.get("VRF") or "")] = None
        protocol = protocol_of(row)
        if protocol or count_paths:
            current = protocol or current
            counts[current] = counts.get(current, 0) + 1
        if prefix in DEFAULT_PREFIXES:
            table.has_default = True
            hop = row.get("NEXTHOP") or row.get("INTERFACE")
            if hop:
                table.hops.append(str(hop).strip())
    return table


def vrf_of(table: Table) -> str | None:
    """The table's VRF: None for the global table; several tables are named together."""
    names = list(table.vrfs)
    if names == [""] or not names:
        return None
    return ", ".join(name or "default" for name in names)


def empty(vrf: str | None = None) -> Routes:
    """A table with no route at all (its declared empty form: a VRF with no route yet)."""
    return Routes(total=0, by_protocol={}, default_route=False, vrf=vrf)


def summarize(table: Table, *, total: int | None = None, gateway: str | None = None,
              typed_vrf: str | None = None) -> Routes:
    """The route metrics of a table read by `read`. `total`: the table's own count when it
    prints one. `gateway`: IOS's "Gateway of last resort is X to network ..." (a candidate
    default). `typed_vrf`: the VRF named in the command typed, for a table whose output does
    not name it."""
    if not table.routes and not gateway:
        # Next-hop lines with no route line above them: another table's layout (IPv6).
        raise ValueError("no route line read, only lines that continue one")
    hops = table.hops or ([gateway] if gateway else [])
    return Routes(total=sum(table.by_protocol.values()) if total is None else total,
                  by_protocol=table.by_protocol,
                  default_route=table.has_default or bool(gateway),
                  default_next_hops=list(dict.fromkeys(hops)),
                  vrf=vrf_of(table) or typed_vrf)
