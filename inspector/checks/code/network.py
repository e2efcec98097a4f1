"""Ports and routing: uplinks that are down, the default route, OSPF/BGP neighbours."""

from __future__ import annotations

from collections.abc import Iterable

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.checks.code.words import matches
from inspector.model import Interface, Routes, Session

# Lines that show a default route is missing: the route itself, IOS's "Gateway of last
# resort is not set", "% Network not in table", VRP's "Summary Count : 0".
DEFAULT_ROUTE_WORDS = ("0.0.0.0", "gateway of last resort", "not in table",  # noqa: S104
                       "summary count", "total")


def is_uplink(iface: Interface, words: Iterable[str]) -> bool:
    """An uplink by its description ("uplink", "to-core-01", "上联")."""
    return bool(iface.description) and matches(iface.description or "", words) is not None


def uplink_down(ctx: Context) -> Outcome:
    """Ports expected up — named in `expected_up`, or described as an uplink — that are
    enabled but down. Access ports to PCs go down every evening: they are not judged."""
    interfaces: list[Interface] = ctx.data("interfaces")
    expected = {name.lower() for name in ctx.params["expected_up"]}
    watched = [i for i in interfaces
               if i.name.lower() in expected or is_uplink(i, ctx.params["uplink_words"])]
    hits = [Hit(i.name, "down",
                Phrase("check.port_down", name=i.name,
                       description=i.description or Phrase("check.expected_up"),
                       state=Term("port_state", "err_disabled" if i.err_disabled else "down")),
                anchor=i.name, keywords=("down", "state"), severity=ctx.resolved.levels["down"])
            for i in watched if i.admin_up is not False and i.oper_up is False]
    if not watched:
        raise NotChecked(Phrase("check.no_uplink"), "not_configured")
    return Outcome(hits, Phrase("check.uplinks_up", up=len(watched) - len(hits),
                                total=len(watched)))


def default_route(ctx: Context) -> Outcome:
    routes: Routes = ctx.data("routes")
    if routes.default_route is None:
        raise NotChecked(Phrase("check.no_default_route_state"))
    if routes.default_route:
        return Outcome([], Phrase("check.default_route_present"))
    local = {p.lower() for p in ctx.params["local_protocols"]}
    learned = sum(n for p, n in routes.by_protocol.items() if p.lower() not in local)
    # No default route and nothing learned from a neighbour: the device reaches only its own
    # subnets (an isolated device), worse than a missing default in a full table.
    isolated = bool(routes.by_protocol) and learned == 0
    levels = ctx.resolved.levels
    shown = Phrase("check.no_default_route_isolated" if isolated else "check.no_default_route",
                   total=routes.total, learned=learned)
    hit = Hit("0.0.0.0/0", False, shown, keywords=DEFAULT_ROUTE_WORDS,
              severity=levels["isolated" if isolated else "missing"])
    return Outcome([hit], shown)


def sessions(ctx: Context) -> Outcome:
    protocol = str(ctx.params["protocol"])
    peers: list[Session] = [s for s in ctx.data("sessions") if s.protocol.lower() == protocol]
    label = protocol.upper()
    if not peers:
        # Empty proves "none configured" only when this protocol's own command was read.
        read = [s for s in ctx.family("sessions").sources if protocol in s.command.lower()]
        if not any(s.status == "ok" for s in read):
            raise NotChecked(Phrase("check.no_neighbour_list", protocol=label),
                             "failed" if read else "not_collected")
        return Outcome([], Phrase("check.no_neighbour", protocol=label))
    down = [p for p in peers if not p.established]
    levels = ctx.resolved.levels
    severity = levels["all_down"] if len(down) == len(peers) else levels["down"]
    hits = [Hit(p.peer, p.state,
                Phrase("check.peer_on" if p.interface else "check.peer", protocol=label,
                       peer=p.peer, interface=p.interface or "", state=p.state),
                anchor=p.peer, severity=severity, prefer=protocol) for p in down]
    return Outcome(hits, Phrase("check.neighbours_up", up=len(peers) - len(down),
                                total=len(peers), protocol=label))
