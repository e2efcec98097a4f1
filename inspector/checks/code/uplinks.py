"""Dual uplinks: a device built with two (or more) uplinks must have every one of them up.

The design comes from the inventory (`expect: {uplinks: [GE1/0/47, GE1/0/48]}`), else
from LLDP: a neighbour that is a device of the same run with a higher role (an access
switch's aggregation or core switch) is an uplink, and one such neighbour seen at the
previous inspection and gone now is an uplink lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from inspector.catalog import Phrase, Term
from inspector.checks.base import USABLE, Context, Hit, NotChecked, Outcome
from inspector.model import DeviceResult, Interface, Neighbor
from inspector.vocabulary import role_of

_NAME = re.compile(r"([A-Za-z][A-Za-z-]*?)[ -]?(\d.*)")
# Short forms vendors print that are not the initials of the long name (H3C's XGE is
# Ten-GigabitEthernet, Huawei's is XGigabitEthernet).
_ALIASES = {"xge": ("ten-gigabitethernet", "xgigabitethernet"), "eth": ("ethernet", "eth")}


def _initials(prefix: str) -> str:
    """"XGigabitEthernet" -> "xge", "Ten-GigabitEthernet" -> "tge"."""
    return "".join(ch for ch in prefix if ch.isupper()).lower()


def same_port(given: str, name: str) -> bool:
    """Whether an interface name as a person writes it ("GE1/0/47", "Te1/1/1") names the
    interface a device reports ("GigabitEthernet1/0/47")."""
    a, b = "".join(given.split()).lower(), "".join(name.split()).lower()
    if a == b:
        return True
    short, full = _NAME.fullmatch("".join(given.split())), _NAME.fullmatch("".join(name.split()))
    if short is None or full is None or short.group(2) != full.group(2):
        return False
    word, long_word = short.group(1).lower(), full.group(1)
    return (long_word.lower().startswith(word) or word == _initials(long_word)
            or long_word.lower() in _ALIASES.get(word, ()))


def _role(word: str) -> str:
    """The canonical role of an inventory's role word (核心 -> core), as rule selection
    reads it (checks/rules.py)."""
    return (role_of(word) or word).lower()


def _tier(role: str, tiers: Mapping[str, Any]) -> int:
    return int(tiers.get(_role(role), 0)) if role else 0


def _peer_names(peer: DeviceResult) -> set[str]:
    """The names a neighbour may announce for a device: its inventory name and hostname."""
    names = {peer.device.name}
    facts = peer.snapshot.family("facts")
    hostname = getattr(facts.data, "hostname", None) if facts.status in USABLE else None
    names |= {hostname} if hostname else set()
    return {_host(n) for n in names}


def _host(name: str) -> str:
    return name.strip().lower().split(".", 1)[0]


def _upstream_names(ctx: Context) -> dict[str, str]:
    """Announced name -> device name, for the run's devices above this one."""
    tiers = ctx.params["role_tiers"]
    roles = {str(r).lower() for r in ctx.params["upstream_roles"]}
    mine = _tier(ctx.result.device.role, tiers)
    result: dict[str, str] = {}
    for name, peer in ctx.peers.items():
        role = _role(peer.device.role)
        if name != ctx.result.device.name and role in roles and _tier(role, tiers) > mine:
            result |= dict.fromkeys(_peer_names(peer), name)
    return result


def _uplinks(neighbors: Iterable[Neighbor], upstream: Mapping[str, str]) -> dict[str, str]:
    """Local interface -> the upstream device on its far side."""
    return {n.local_interface: upstream[_host(n.remote_system)] for n in neighbors
            if _host(n.remote_system) in upstream}


def _designed(ctx: Context, designed: list[str]) -> Outcome:
    interfaces: list[Interface] = ctx.data("interfaces")
    found = {name: next((i for i in interfaces if same_port(name, i.name)), None)
             for name in designed}
    down = {name: iface for name, iface in found.items()
            if iface is None or iface.oper_up is False}
    levels = ctx.resolved.levels
    severity = levels["all_down" if len(down) == len(designed) else "down"]
    hits = [Hit(iface.name if iface else name, "absent" if iface is None else "down",
                Phrase("check.uplink_absent", interface=name) if iface is None else
                Phrase("check.uplink_down", interface=iface.name,
                       description=iface.description or "-", state=Term("port_state", "down")),
                anchor=iface.name if iface else name, keywords=("down", "state"),
                severity=severity)
            for name, iface in down.items()]
    return Outcome(hits, Phrase("check.uplinks_designed_up", up=len(designed) - len(down),
                                total=len(designed)))


def _previous_uplinks(ctx: Context, upstream: Mapping[str, str]) -> dict[str, str] | None:
    if ctx.previous is None:
        return None
    family = ctx.previous.family("neighbors")
    if family.status not in USABLE or family.data is None:
        return None
    return _uplinks(family.data, upstream)


def dual_uplinks(ctx: Context) -> Outcome:
    """Designed uplinks (`expect: uplinks`) down or absent; else uplink neighbours (LLDP)
    of the previous inspection that are gone."""
    designed = [str(name) for name in ctx.params["expected_uplinks"]]
    if designed:
        return _designed(ctx, designed)
    upstream = _upstream_names(ctx)
    now = _uplinks(ctx.data("neighbors"), upstream)
    before = _previous_uplinks(ctx, upstream) or {}
    lost = {port: device for port, device in before.items()
            if not any(same_port(port, other) for other in now)}
    if not now and not lost:
        raise NotChecked(Phrase("check.no_uplink_design"), "not_configured")
    severity = ctx.resolved.levels["lost" if now else "all_down"]
    hits = [Hit(port, "absent", Phrase("check.uplink_lost", interface=port, neighbor=device),
                anchor=port, keywords=("down", device), severity=severity)
            for port, device in lost.items()]
    return Outcome(hits, Phrase("check.uplinks_seen", up=len(now), total=len(now) + len(lost),
                                neighbors=", ".join(sorted(set(now.values()))) or "-"))
