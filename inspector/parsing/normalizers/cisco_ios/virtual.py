"""cisco_ios Virtual Switching System (VSS: Catalyst 6500/4500-X, `show switch virtual`):
two chassis run as one, like a stack of two."""

from __future__ import annotations

from inspector.model import Stack, StackMember
from inspector.parsing.normalizers.common import ParseContext, Record, text


def switch_virtual(records: list[Record], ctx: ParseContext) -> Stack:
    # IOS-XE prints the view of each member ("Executing the command on VSS member switch
    # ..."): the local switch of each view, and its peer, name the same two chassis.
    roles: dict[str, str] = {}
    for row in records:
        for number, role in ((row.get("SWITCH"), row.get("ROLE")),
                             (row.get("PEER_SWITCH"), row.get("PEER_ROLE"))):
            if text(number) and text(role) and str(number) != "0":
                roles.setdefault(str(number), str(role).lower())
    virtual = any("virtual" in str(row.get("MODE") or "").lower() for row in records)
    members = [StackMember(member=number, role=role, state="ready")
               for number, role in sorted(roles.items())] if virtual else []
    return Stack(technology="vss", members=members)
