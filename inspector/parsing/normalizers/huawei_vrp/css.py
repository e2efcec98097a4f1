"""huawei_vrp clusters of modular switches (CSS: `display css status`, `display css
channel`) and the multi-active detection of stacks and clusters (`display mad`)."""

from __future__ import annotations

from inspector.model import Stack, StackLink, StackMember
from inspector.parsing.normalizers.common import ParseContext, Record, text, to_int
from inspector.parsing.normalizers.huawei_vrp.interfaces import ifname

# Roles of a chassis that is in the cluster; a chassis with CSS switched off prints
# another word (or none) and is a switch on its own.
_IN_CLUSTER = {"master", "standby", "slave"}


def css_status(records: list[Record], ctx: ParseContext) -> Stack:
    switched_on = all(text(row.get("SWITCH")) != "Off" for row in records)
    members = [StackMember(member=str(row["CHASSIS"]), role=str(row["ROLE"]).lower(),
                           state="ready", priority=to_int(row.get("PRIORITY")))
               for row in records if str(row.get("ROLE") or "").lower() in _IN_CLUSTER]
    # A chassis not clustered lists itself alone: that is no cluster, not one member.
    return Stack(technology="css", members=members if switched_on else [])


def _link(chassis: str, number: str, port: str, status: str) -> StackLink:
    named = None if port in ("--", "-") else ifname(port) if not port[0].isdigit() else port
    state = status.lower()
    return StackLink(member=chassis, port=number, interface=named, up=state == "up",
                     state=state)


def css_channels(records: list[Record], ctx: ParseContext) -> Stack:
    links = []
    # (A row without a number is only the headings TextFSM fills down at the end.)
    for row in (row for row in records if row.get("NUMBER")):
        number = str(row["NUMBER"])
        links.append(_link(str(row["LEFT"]), number, str(row["LEFT_PORT"]),
                           str(row["LEFT_STATUS"])))
        links.append(_link(str(row["RIGHT"]), number, str(row["RIGHT_PORT"]),
                           str(row["RIGHT_STATUS"])))
    return Stack(technology="css", links=links)


def mad(records: list[Record], ctx: ParseContext) -> Stack:
    by_mode: dict[str, list[str]] = {}
    for row in records:
        if row.get("SECTION") in ("direct", "relay") and row.get("INTERFACE"):
            by_mode.setdefault(str(row["SECTION"]), []).append(ifname(row["INTERFACE"]))
    status = next((str(row["STATUS"]) for row in records if row.get("STATUS")), "")
    parts = [f"MAD {mode}: {', '.join(names)}" for mode, names in by_mode.items()]
    parts += [f"MAD status {status}"] if status else []
    # Recovery: MAD found two masters and shut this half's ports (the cluster split).
    faults = [f"MAD status {status}"] if "recovery" in status.lower() else []
    return Stack(mad=bool(by_mode), mad_detail="; ".join(parts) or None, mad_faults=faults)
