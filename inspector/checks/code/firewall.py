"""Firewall checks: the HA pair (synchronised, standby present), the session table against
the model's capacity, licence and signature-database expiry, VPN tunnels."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from inspector.catalog import Phrase
from inspector.checks.base import Context, Hit, NotChecked, Outcome, fmt
from inspector.model import HaMember, License, SessionUsage, VpnTunnel
from inspector.safeyaml import load_file

CAPACITY_FILE = Path(__file__).resolve().parents[1] / "firewall_capacity.yaml"


def _key(model: str) -> str:
    return re.sub(r"[\s\-_]+", "", model).lower()


@cache
def _capacities() -> tuple[tuple[str, int], ...]:
    """(model key, sessions), longest first, from firewall_capacity.yaml."""
    models = (load_file(CAPACITY_FILE) or {}).get("models") or {}
    return tuple(sorted(((_key(str(m)), int(n)) for m, n in models.items()),
                        key=lambda item: -len(item[0])))


def model_capacity(model: str | None) -> int | None:
    """The datasheet capacity of `model` (FortiGate-600E, USG6555E-AC), or None."""
    if not model:
        return None
    key = _key(model)
    return next((n for prefix, n in _capacities() if key.startswith(prefix)), None)


def _pair(ctx: Context) -> list[HaMember]:
    members: list[HaMember] = ctx.data("ha")
    if not members or all(m.role == "standalone" for m in members):
        raise NotChecked(Phrase("check.fw_ha_standalone"), "not_applicable")
    return members


def ha_sync(ctx: Context) -> Outcome:
    """A member whose configuration is not in step with its peer's (FGCP out-of-sync)."""
    members = _pair(ctx)
    if all(m.synchronized is None for m in members):
        raise NotChecked(Phrase("check.fw_ha_sync_unknown"), "no_data")
    hits = [Hit(m.name, "out-of-sync", Phrase("check.fw_ha_unsynced", name=m.name),
                keywords=("out-of-sync", "mismatched"), severity=ctx.resolved.levels["unsynced"])
            for m in members if m.synchronized is False]
    return Outcome(hits, Phrase("check.fw_ha_members", n=len(members), bad=len(hits)))


def ha_standby(ctx: Context) -> Outcome:
    """An HA pair with a member missing or not seen: no standby to take over."""
    members = _pair(ctx)
    hits = [Hit(m.name, "missing", Phrase("check.fw_ha_peer_missing", name=m.name),
                keywords=("unknown", "peer"), severity=ctx.resolved.levels["missing"])
            for m in members if m.online is False]
    if len(members) < 2:
        hits.append(Hit("ha", "single", Phrase("check.fw_ha_single"),
                        keywords=("Primary", "Master"), severity=ctx.resolved.levels["missing"]))
    return Outcome(hits, Phrase("check.fw_ha_members", n=len(members), bad=len(hits)))


def session_usage(ctx: Context) -> Outcome:
    """Sessions in use against the capacity the device prints or its model's datasheet."""
    usage: SessionUsage = ctx.data("session_usage")
    if usage.in_use is None:
        raise NotChecked(Phrase("check.fw_no_sessions"), "no_data")
    facts = ctx.optional("facts")
    model = facts.model if facts is not None else None
    capacity = ctx.params.get("capacity") or usage.capacity or model_capacity(model)
    if not capacity:
        raise NotChecked(Phrase("check.fw_no_capacity", model=model or "?"), "not_configured")
    used = round(usage.in_use * 100 / capacity, 1)
    shown = Phrase("check.fw_sessions", in_use=usage.in_use, capacity=capacity, pct=fmt(used))
    level = next((lvl for lvl, limit in (("near_full", ctx.params["near_full_pct"]),
                                          ("high", ctx.params["high_pct"]))
                  if used >= limit), None)
    hits = [] if level is None else [Hit("sessions", used, shown, keywords=("session",),
                                         severity=ctx.resolved.levels[level], unit="%")]
    return Outcome(hits, shown)


def _run_day(ctx: Context) -> date:
    taken = ctx.snapshot.taken_at
    if taken is None:
        raise NotChecked(Phrase("check.fw_no_run_time"), "no_data")
    return taken.date()


def licences(ctx: Context) -> Outcome:
    """Licences and signature databases expired, or ending within `warn_days` of the
    inspection (not of today: a replayed run judges the day it was taken)."""
    items: list[License] = ctx.data("licenses")
    today = _run_day(ctx)
    hits = []
    for item in items:
        if item.expires is None:
            continue
        days = (item.expires - today).days
        if days < 0:
            shown = Phrase("check.fw_licence_expired", name=item.name, date=str(item.expires))
            hits.append(Hit(item.name, str(item.expires), shown, keywords=(item.name,),
                            severity=ctx.resolved.levels["expired"]))
        elif days <= ctx.params["warn_days"]:
            shown = Phrase("check.fw_licence_expiring", name=item.name,
                           date=str(item.expires), days=days)
            hits.append(Hit(item.name, str(item.expires), shown, keywords=(item.name,),
                            severity=ctx.resolved.levels["expiring"]))
    return Outcome(hits, Phrase("check.fw_licences", n=len(items), bad=len(hits)))


def vpn_tunnels(ctx: Context) -> Outcome:
    tunnels: list[VpnTunnel] = ctx.data("vpn_tunnels")
    hits = [Hit(t.name, t.state or "down",
                Phrase("check.fw_tunnel_down", name=t.name, peer=t.peer or "-"),
                keywords=(t.name,), severity=ctx.resolved.levels["down"])
            for t in tunnels if not t.up]
    return Outcome(hits, Phrase("check.fw_tunnels", n=len(tunnels), bad=len(hits)))
