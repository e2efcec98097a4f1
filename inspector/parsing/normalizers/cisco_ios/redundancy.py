"""cisco_ios HSRP and VRRP groups, StackWise members, spanning-tree instances and
EtherChannels."""

from __future__ import annotations

from typing import Any

from inspector.model import Lag, LagMember, Stack, StackMember, StpInstance, VrrpGroup
from inspector.parsing.normalizers.cisco_ios.interfaces import ifname
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int
from inspector.parsing.normalizers.l2 import bridge_id, fhrp_state


def _groups(records: list[Record], protocol: str) -> list[VrrpGroup]:
    groups = []
    for row in records:
        state, master = fhrp_state(row["STATE"])
        groups.append(VrrpGroup(protocol=protocol, interface=ifname(row["INTERFACE"]),
                                group=str(row["GROUP"]), state=state, master=master,
                                virtual_ip=text(row.get("VIRTUAL_IP_ADDRESS")),
                                priority=to_int(row.get("PRIORITY"))))
    return groups


def standby_brief(records: list[Record], ctx: ParseContext) -> list[VrrpGroup]:
    return _groups(records, "hsrp")


def vrrp_brief(records: list[Record], ctx: ParseContext) -> list[VrrpGroup]:
    return _groups(records, "vrrp")


def stack_switches(records: list[Record], ctx: ParseContext) -> Stack:
    members = [StackMember(member=str(row["SWITCH"]), role=(text(row["ROLE"]) or "").lower(),
                           state=(text(row.get("STATE")) or "").lower() or None,
                           priority=to_int(row.get("PRIORITY")),
                           mac=(text(row.get("MAC_ADDRESS")) or "").lower() or None)
               for row in records]
    # StackWise joins members by its stack cables: there is no MAD to configure (mad None).
    return Stack(technology="stackwise", members=members)


def _instance(value: Any) -> str:
    name = str(value)
    return str(int(name[4:])) if name.upper().startswith("VLAN") else name.upper()


def _own_id(row: Record) -> str | None:
    # As BPDUs carry it (and "Current root has priority" prints it): priority + sysid.
    priority = (to_int(row.get("BRIDGE_PRIORITY")) or 0) + (to_int(row.get("SYSID")) or 0)
    return bridge_id(priority if row.get("BRIDGE_PRIORITY") else None, row.get("BRIDGE_MAC"))


def spanning_tree(records: list[Record], ctx: ParseContext) -> list[StpInstance]:
    result = []
    for row in records:
        own = _own_id(row)
        root = own if row.get("IS_ROOT") else bridge_id(row.get("ROOT_PRIORITY"),
                                                        row.get("ROOT_MAC"))
        result.append(StpInstance(
            instance=_instance(row["INSTANCE"]),
            mode=(text(row.get("MODE")) or "").lower() or None, bridge_id=own, root_id=root,
            is_root=bool(row.get("IS_ROOT")),
            root_port=ifname(row["ROOT_PORT"]) if row.get("ROOT_PORT") else None,
            topology_changes=to_int(row.get("TC_COUNT"))))
    return result


# Member flags: P bundled, H hot-standby; s suspended, D down, I stand-alone, w waiting.
_SELECTED = {"P"}
_STATES = {"P": "bundled", "H": "hot-standby", "s": "suspended", "D": "down",
           "I": "stand-alone", "w": "waiting", "u": "unsuitable", "m": "min-links not met"}


def etherchannels(records: list[Record], ctx: ParseContext) -> list[Lag]:
    lags = []
    for row in records:
        flags = str(row.get("BUNDLE_STATUS") or "")
        protocol = (text(row.get("BUNDLE_PROTOCOL")) or "").lower()
        members = [LagMember(name=ifname(port), selected=flag in _SELECTED,
                             state=_STATES.get(flag, flag))
                   for port, flag in zip(row.get("MEMBER_INTERFACE") or [],
                                         row.get("MEMBER_INTERFACE_STATUS") or [], strict=False)]
        lags.append(Lag(name=ifname(row["BUNDLE_NAME"]),
                        mode="static" if protocol in ("-", "") else protocol,
                        oper_up="U" in flags if flags else None, members=members))
    return lags
