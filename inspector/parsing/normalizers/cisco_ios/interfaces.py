"""cisco_ios interfaces: `show interfaces` and its brief, status and description tables."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Interface
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    duplex,
    expand_ifname,
    is_up,
    pct,
    speed_mbps,
    text,
    to_float,
    to_int,
)

# Cisco's own abbreviations (`show interfaces status`, CDP "Gig 0/1", LLDP "Te1/1/1"); the
# long names of `show interfaces` are left as they are.
IFNAME_SHORT = {
    "gi": "GigabitEthernet", "gig": "GigabitEthernet", "fa": "FastEthernet",
    "fas": "FastEthernet", "te": "TenGigabitEthernet", "ten": "TenGigabitEthernet",
    "tw": "TwoGigabitEthernet", "two": "TwoGigabitEthernet", "fi": "FiveGigabitEthernet",
    "twe": "TwentyFiveGigE", "fo": "FortyGigabitEthernet", "for": "FortyGigabitEthernet",
    "hu": "HundredGigE", "hun": "HundredGigE", "et": "Ethernet", "eth": "Ethernet",
    "po": "Port-channel", "vl": "Vlan", "lo": "Loopback", "se": "Serial", "tu": "Tunnel",
    "mu": "Multilink", "di": "Dialer", "ap": "AppGigabitEthernet", "nu": "Null",
    "em": "Embedded-Service-Engine", "bv": "BVI",
}


def ifname(name: Any) -> str:
    """'Gi1/0/1' / 'Gig 0/1' -> 'GigabitEthernet1/0/1'; long names unchanged."""
    raw = str(name or "").strip()
    compact = re.sub(r"^([A-Za-z-]+)\s+(\d)", r"\1\2", raw)
    return expand_ifname(compact, IFNAME_SHORT)


def _util(rate_bps: Any, bandwidth: Any) -> float | None:
    """Load from the 5-minute bit rate and the interface bandwidth ("1000000 Kbit")."""
    rate = to_float(rate_bps)
    kbit = to_float(bandwidth)
    if rate is None or not kbit:
        return None
    return pct(round(rate * 100 / (kbit * 1000), 2))


def interfaces(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        link = str(row.get("LINK_STATUS") or "").lower()
        protocol = str(row.get("PROTOCOL_STATUS") or "").lower()
        result.append(Interface(
            name=ifname(row["INTERFACE"]),
            admin_up=not link.startswith(("administratively", "deleted")) if link else None,
            # A pseudowire has no line protocol: its one state is its operational one.
            oper_up=is_up((protocol or link).split("(")[0].strip()),
            err_disabled="err-disabled" in protocol or "err-disabled" in link,
            speed_mbps=speed_mbps(row.get("SPEED")),
            duplex=duplex(row.get("DUPLEX")),
            mtu=to_int(row.get("MTU")),
            description=text(row.get("DESCRIPTION")),
            in_errors=to_int(row.get("INPUT_ERRORS")),
            out_errors=to_int(row.get("OUTPUT_ERRORS")),
            crc_errors=to_int(row.get("CRC")),
            in_discards=to_int(row.get("QUEUE_DROPS")),
            out_discards=to_int(row.get("QUEUE_OUTPUT_DROPS")),
            in_util_pct=_util(row.get("INPUT_RATE"), row.get("BANDWIDTH")),
            out_util_pct=_util(row.get("OUTPUT_RATE"), row.get("BANDWIDTH")),
        ))
    return result


def ip_interface_brief(records: list[Record], ctx: ParseContext) -> list[Interface]:
    return [
        Interface(name=ifname(r["INTERFACE"]),
                  admin_up=not str(r.get("STATUS", "")).startswith(("administratively", "deleted")),
                  oper_up=is_up(r.get("PROTO")))
        for r in records
    ]


# `show interfaces status` Status column (truncated to 12 characters by IOS).
_PORT_STATES: dict[str, tuple[bool | None, bool | None]] = {
    "connected": (True, True), "connect": (True, True), "up": (True, True),
    "notconnect": (True, False), "notconnec": (True, False), "down": (True, False),
    "inactive": (True, False), "sfpabsent": (True, False), "xcvrabsen": (True, False),
    "xcvrabsent": (True, False), "notpresent": (True, False), "faulty": (True, False),
    "suspended": (True, False), "suspnd": (True, False), "nooperm": (True, False),
    "noopermem": (True, False), "noopermembe": (True, False),
    "err-disabled": (True, False), "err-disabl": (True, False),
    "disabled": (False, False), "locally-disab": (False, False),
    "lcl-disabled": (False, False),
}


def interfaces_status(records: list[Record], ctx: ParseContext) -> list[Interface]:
    result = []
    for row in records:
        state = str(row.get("STATUS") or "").lower()
        admin, oper = _PORT_STATES.get(state, (None, None))
        result.append(Interface(
            name=ifname(row["PORT"]),
            admin_up=admin,
            oper_up=oper,
            err_disabled=state.startswith("err-disabl"),
            speed_mbps=speed_mbps(row.get("SPEED")),
            duplex=duplex(row.get("DUPLEX")),
            description=text(row.get("NAME")),
        ))
    return result


def interfaces_description(records: list[Record], ctx: ParseContext) -> list[Interface]:
    return [
        Interface(name=ifname(r["PORT"]),
                  admin_up=not str(r.get("STATUS", "")).startswith("admin"),
                  oper_up=is_up(r.get("PROTOCOL")),
                  description=text(r.get("DESCRIPTION")))
        for r in records
    ]
