"""Words shared by the vendors' redundancy and L2 normalizers (VRRP/HSRP, stacks, STP,
link aggregation): which state means "this device forwards", how a bridge id is written."""

from __future__ import annotations

from typing import Any

from inspector.parsing.normalizers.common import text

# VRRP Master, HSRP Active: the device that answers for the virtual address.
_FORWARDING = {"master", "active"}


def fhrp_state(value: Any) -> tuple[str, bool]:
    """The state lower-cased ("Master" -> "master") and whether it forwards."""
    state = (text(value) or "unknown").lower()
    return state, state in _FORWARDING


def bridge_id(priority: Any, mac: Any) -> str | None:
    """"32768.4c1f-cc11-2233" from its parts; None when the address is missing."""
    address = text(mac)
    if address is None:
        return None
    prio = text(priority)
    return f"{prio}.{address.lower()}" if prio else address.lower()


def same_bridge(first: str | None, second: str | None) -> bool | None:
    """Whether two bridge ids ("4096.4c1f-cc00-0001") are the same bridge."""
    if not first or not second:
        return None
    return first.lower() == second.lower()
