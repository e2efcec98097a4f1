"""cisco_nxos port-channels (`show port-channel summary`, ntc-templates' template)."""

from __future__ import annotations

from inspector.model import Lag, LagMember
from inspector.parsing.normalizers.common import ParseContext, Record, expand_ifname, text

# Member flags: P up in the port-channel; D down, I individual, H hot-standby, s suspended,
# r module removed, p up in delay-lacp mode (not forwarding yet).
_STATES = {"P": "up", "D": "down", "I": "individual", "H": "hot-standby", "s": "suspended",
           "r": "module-removed", "p": "delay-lacp"}
_SHORT = {"eth": "Ethernet", "et": "Ethernet", "po": "port-channel"}


def port_channels(records: list[Record], ctx: ParseContext) -> list[Lag]:
    lags = []
    for row in records:
        flags = str(row.get("BUNDLE_STATUS") or "")
        protocol = (text(row.get("BUNDLE_PROTOCOL")) or "").lower()
        members = [LagMember(name=expand_ifname(str(port), _SHORT), selected=flag == "P",
                             state=_STATES.get(flag, flag))
                   for port, flag in zip(row.get("MEMBER_INTERFACE") or [],
                                         row.get("MEMBER_INTERFACE_STATUS") or [], strict=False)
                   if port != "--"]
        lags.append(Lag(name=expand_ifname(str(row["BUNDLE_NAME"]), _SHORT),
                        mode="static" if protocol in ("none", "") else protocol,
                        oper_up="U" in flags if flags else None, members=members))
    return lags
