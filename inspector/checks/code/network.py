"""Ports and routing: uplinks that are down, the default route, OSPF/BGP neighbours."""

from __future__ import annotations

from collections.abc import Iterable

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
    hits = [Hit(i.name, "down", f"{i.name} ({i.description or 'expected up'}): "
                + ("err-disabled" if i.err_disabled else "down"),
                anchor=i.name, keywords=("down", "state"), severity=ctx.resolved.levels["down"])
            for i in watched if i.admin_up is not False and i.oper_up is False]
    if not watched:
        raise NotChecked("no uplink identified: no port is described as one and the rule's "
                         "expected_up names none", "not_configured")
    return Outcome(hits, f"{len(watched) - len(hits)} of {len(watched)} uplinks / expected "
                   "ports up")


def default_route(ctx: Context) -> Outcome:
    routes: Routes = ctx.data("routes")
    if routes.default_route is None:
        raise NotChecked("routes: default route presence not parsed")
    if routes.default_route:
        return Outcome([], "default route present")
    local = {p.lower() for p in ctx.params["local_protocols"]}
    learned = sum(n for p, n in routes.by_protocol.items() if p.lower() not in local)
    # No default route and nothing learned from a neighbour: the device reaches only its own
    # subnets (an isolated device), worse than a missing default in a full table.
    isolated = bool(routes.by_protocol) and learned == 0
    levels = ctx.resolved.levels
    shown = f"no default route; {routes.total} routes" + (", none learned" if isolated else
                                                           f", {learned} learned")
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
            raise NotChecked(f"sessions: no {label} neighbour list was read",
                             "failed" if read else "not_collected")
        return Outcome([], f"no {label} neighbour configured or listed")
    down = [p for p in peers if not p.established]
    levels = ctx.resolved.levels
    severity = levels["all_down"] if len(down) == len(peers) else levels["down"]
    hits = [Hit(p.peer, p.state, f"{label} {p.peer}"
                + (f" on {p.interface}" if p.interface else "") + f": {p.state}",
                anchor=p.peer, severity=severity, prefer=protocol) for p in down]
    return Outcome(hits, f"{len(peers) - len(down)} of {len(peers)} {label} neighbours up")
