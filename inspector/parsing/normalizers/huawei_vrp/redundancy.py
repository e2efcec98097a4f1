"""huawei_vrp VRRP groups, iStack/CE stack members, the CIST and Eth-Trunks."""

from __future__ import annotations

from inspector.model import Lag, LagMember, Stack, StackMember, StpInstance, VrrpGroup
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int
from inspector.parsing.normalizers.huawei_vrp.interfaces import ifname
from inspector.parsing.normalizers.l2 import fhrp_state, same_bridge


def vrrp_brief(records: list[Record], ctx: ParseContext) -> list[VrrpGroup]:
    groups = []
    for row in records:
        state, master = fhrp_state(row["STATE"])
        groups.append(VrrpGroup(protocol="vrrp", interface=ifname(row["INTERFACE"]),
                                group=str(row["VRID"]), state=state, master=master,
                                virtual_ip=text(row.get("VIRTUAL_IP"))))
    return groups


def stack_members(records: list[Record], ctx: ParseContext) -> Stack:
    members = [StackMember(member=str(row["MEMBER"]), role=(text(row["ROLE"]) or "").lower(),
                           state="ready", priority=to_int(row.get("PRIORITY")),
                           mac=(text(row.get("MAC")) or "").lower() or None)
               for row in records]
    # Members listed by `display stack` are the ones in the stack: their state is ready.
    return Stack(technology="istack", members=members)


def stp_global(records: list[Record], ctx: ParseContext) -> list[StpInstance]:
    result = []
    for row in records:
        bridge, root = text(row.get("BRIDGE")), text(row.get("ROOT"))
        changes = to_int(row.get("TC_NUMBER"))
        result.append(StpInstance(
            instance="0", mode=(text(row.get("MODE")) or "").lower() or None,
            bridge_id=bridge.lower() if bridge else None, root_id=root.lower() if root else None,
            is_root=same_bridge(bridge, root),
            topology_changes=changes if changes is not None else to_int(row.get("TC_RECEIVED"))))
    return result


_SELECTED = {"selected", "up"}


def eth_trunks(records: list[Record], ctx: ParseContext) -> list[Lag]:
    by_name: dict[str, Lag] = {}
    for row in records:
        name = str(row["TRUNK"])
        lag = by_name.get(name)
        if lag is None:
            mode = (text(row.get("MODE")) or "").lower() or None
            status = (text(row.get("OPERATE_STATUS")) or "").lower()
            lag = by_name[name] = Lag(
                name=name, mode="static" if mode == "normal" else mode,
                oper_up=status == "up" if status else None,
                min_links=to_int(row.get("LEAST_ACTIVE")))
        state = (text(row.get("STATUS")) or "").lower()
        lag.members.append(LagMember(name=ifname(row["PORT"]), selected=state in _SELECTED,
                                     state=state or None))
    return list(by_name.values())
