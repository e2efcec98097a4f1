"""hp_comware VRRP groups, IRF members and MAD, the CIST and link aggregations."""

from __future__ import annotations

from inspector.model import Lag, LagMember, Stack, StackMember, StpInstance, VrrpGroup
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int
from inspector.parsing.normalizers.hp_comware.names import ifname
from inspector.parsing.normalizers.l2 import fhrp_state, same_bridge


def vrrp(records: list[Record], ctx: ParseContext) -> list[VrrpGroup]:
    groups = []
    for row in records:
        state, master = fhrp_state(row["STATE"])
        groups.append(VrrpGroup(protocol="vrrp", interface=ifname(row["INTERFACE"]),
                                group=str(row["VRID"]), state=state, master=master,
                                virtual_ip=text(row.get("VIRTUAL_IP")),
                                priority=to_int(row.get("PRIORITY"))))
    return groups


def irf_members(records: list[Record], ctx: ParseContext) -> Stack:
    # `display irf` lists the members in the fabric: those it shows are ready.
    members = [StackMember(member=str(row["MEMBER"]), role=(text(row["ROLE"]) or "").lower(),
                           state="ready", priority=to_int(row.get("PRIORITY")),
                           mac=(text(row.get("MAC")) or "").lower() or None)
               for row in records]
    return Stack(technology="irf", members=members)


def mad(records: list[Record], ctx: ParseContext) -> Stack:
    states = {str(row["METHOD"]).upper(): str(row["STATE"]).lower() for row in records}
    detail = "; ".join(f"MAD {method} {state}" for method, state in states.items())
    return Stack(technology="irf", mad="enabled" in states.values(), mad_detail=detail or None)


def stp_global(records: list[Record], ctx: ParseContext) -> list[StpInstance]:
    result = []
    for row in records:
        bridge, root = text(row.get("BRIDGE")), text(row.get("ROOT"))
        result.append(StpInstance(
            instance="0", mode=(text(row.get("MODE")) or "").lower() or None,
            bridge_id=bridge.lower() if bridge else None, root_id=root.lower() if root else None,
            is_root=same_bridge(bridge, root), topology_changes=to_int(row.get("TC_RECEIVED"))))
    return result


_STATES = {"S": "selected", "U": "unselected", "I": "individual"}


def link_aggregations(records: list[Record], ctx: ParseContext) -> list[Lag]:
    by_name: dict[str, Lag] = {}
    for row in records:
        name = ifname(row["AGGREGATE"])
        lag = by_name.get(name)
        if lag is None:
            mode = (text(row.get("MODE")) or "").lower() or None
            lag = by_name[name] = Lag(name=name, mode="lacp" if mode == "dynamic" else mode)
        letter = str(row["STATUS"]).upper()
        lag.members.append(LagMember(name=ifname(row["PORT"]), selected=letter == "S",
                                     state=_STATES.get(letter, letter.lower())))
    return list(by_name.values())
