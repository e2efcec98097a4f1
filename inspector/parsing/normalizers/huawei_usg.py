"""Normalizers for huawei_usg (USG6000/USG6000E, HiSecEngine, VRP-based firewalls):
TextFSM records -> contract models. System, CPU, memory, interfaces and alarms print as on
VRP switches and reuse huawei_vrp's functions; HRP, sessions, licences and IKE are the
firewall's own. `NORMALIZERS` is the platform's registry (`huawei_usg.<name>`)."""

from __future__ import annotations

from inspector.model import HaMember, License, SessionUsage, VpnTunnel
from inspector.parsing.normalizers import huawei_vrp
from inspector.parsing.normalizers.common import Normalizer, ParseContext, Record, text, to_int
from inspector.parsing.normalizers.firewall import ha_role, licence

HA_GROUP = "hrp"  # the hot-standby pair


def hrp_state(records: list[Record], ctx: ParseContext) -> list[HaMember]:
    """This firewall and its peer; a peer whose role is "unknown" is not seen (its HRP,
    or the heartbeat link, is down). HRP prints no configuration-sync state here."""
    row = records[0]
    if not row.get("ROLE"):
        raise ValueError("no `Role: ..., peer: ...` line")
    changed = text(row.get("CHANGED"))
    peer = str(row.get("PEER_ROLE") or "").lower()
    return [
        HaMember(group=HA_GROUP, name="local", role=ha_role(row["ROLE"]), online=True,
                 last_switchover=changed),
        HaMember(group=HA_GROUP, name="peer", role=ha_role(peer) if peer != "unknown" else None,
                 online=peer not in ("unknown", ""), last_switchover=changed),
    ]


def firewall_statistics(records: list[Record], ctx: ParseContext) -> SessionUsage:
    row = records[0]
    if not row.get("SESSIONS"):
        raise ValueError("no current session count")
    capacity = to_int(row.get("CAPACITY"))
    rate = to_int(row.get("RATE"))
    return SessionUsage(in_use=to_int(row.get("SESSIONS")), capacity=capacity or None,
                        capacity_source="device" if capacity else None,
                        new_per_second=float(rate) if rate is not None else None)


def license_items(records: list[Record], ctx: ParseContext) -> list[License]:
    return [licence(row["NAME"], row.get("EXPIRES"), status=text(row.get("STATE")))
            for row in records]


def ike_sa(records: list[Record], ctx: ParseContext) -> list[VpnTunnel]:
    # One tunnel per peer: the best of its SAs (a re-keying peer has a ready one beside a
    # negotiating one).
    by_peer: dict[str, VpnTunnel] = {}
    for row in records:
        ready = "RD" in str(row.get("FLAGS") or "").split("|")
        tunnel = VpnTunnel(name=row["PEER"], peer=row["PEER"], kind="ipsec", up=ready,
                           state=text(row.get("FLAGS")))
        if row["PEER"] not in by_peer or ready:
            by_peer[row["PEER"]] = tunnel
    return list(by_peer.values())


_VRP = huawei_vrp.NORMALIZERS
NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": _VRP["version_facts"],
    "cpu_usage": _VRP["cpu_usage"],
    "memory_usage": _VRP["memory_usage"],
    "interface_brief": _VRP["interface_brief"],
    "alarm_entries": _VRP["alarm_entries"],
    "hrp_state": hrp_state,
    "firewall_statistics": firewall_statistics,
    "license_items": license_items,
    "ike_sa": ike_sa,
}
