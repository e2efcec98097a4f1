"""Comparisons with the previous run of the same device, and the firmware baseline."""

from __future__ import annotations

from inspector.catalog import Phrase
from inspector.checks.base import USABLE, Context, Hit, NotChecked, Outcome, fmt
from inspector.model import Facts, Interface, InventoryItem, Routes


def _errors(iface: Interface) -> int | None:
    counters = (iface.in_errors, iface.crc_errors, iface.out_errors)
    if all(c is None for c in counters):
        return None
    return max(iface.in_errors or 0, iface.crc_errors or 0) + (iface.out_errors or 0)


def error_growth(ctx: Context) -> Outcome:
    """Error counter growth per interface; severity from the rule's thresholds on the
    increase. A counter lower than last time was cleared (or the device rebooted): the
    current value is then all growth."""
    before: list[Interface] = ctx.previous_data("interfaces")
    now: list[Interface] = ctx.data("interfaces")
    if all(_errors(i) is None for i in now):
        raise NotChecked(Phrase("check.no_error_counters"))
    old = {i.name: _errors(i) for i in before}
    hits = []
    for iface in now:
        current = _errors(iface) or 0
        previous = old.get(iface.name) or 0
        delta = current - previous if current >= previous else current
        if delta > 0:
            hits.append(Hit(iface.name, delta,
                            Phrase("check.error_growth", name=iface.name, delta=delta,
                                   before=previous, now=current),
                            anchor=iface.name, keywords=("crc", "error")))
    return Outcome(hits, Phrase("check.error_growth_summary", n=len(hits)))


def _table(routes: Routes) -> Phrase:
    return Phrase("check.vrf_table", vrf=routes.vrf) if routes.vrf else \
        Phrase("check.global_table")


def route_change(ctx: Context) -> Outcome:
    before: Routes = ctx.previous_data("routes")
    now: Routes = ctx.data("routes")
    if before.total is None or now.total is None:
        raise NotChecked(Phrase("check.no_route_total"))
    if before.vrf != now.vrf:  # a VRF's table read one time, the global one the other
        raise NotChecked(Phrase("check.route_tables_differ", before=_table(before),
                                now=_table(now)))
    change = now.total - before.total
    summary = Phrase("check.route_change", before=before.total, now=now.total)
    if abs(change) < int(ctx.params["min_routes"]):
        return Outcome([], summary)
    pct = 100.0 if before.total == 0 else round(100 * abs(change) / before.total, 1)
    return Outcome([Hit("routes", pct, Phrase("check.route_change_pct", summary=summary,
                                              change=f"{change:+d}", pct=fmt(pct)),
                        keywords=("total", "routes"))], summary)


def _version(facts: Facts) -> str:
    return " ".join(v for v in (facts.os_version, facts.patch) if v)


def firmware_changed(ctx: Context) -> Outcome:
    before: Facts = ctx.previous_data("facts")
    now: Facts = ctx.data("facts")
    if not _version(now) or not _version(before):
        raise NotChecked(Phrase("check.no_version"))
    hits = []
    severity = ctx.resolved.levels["changed"]
    if _version(now) != _version(before):
        hits.append(Hit("system", _version(now),
                        Phrase("check.software_changed", before=_version(before),
                               now=_version(now)),
                        keywords=(now.os_version or "",), severity=severity))
    old_items: list[InventoryItem] = []
    if ctx.previous is not None and ctx.previous.inventory.status in USABLE:
        old_items = ctx.previous.inventory.data or []
    items: list[InventoryItem] = ctx.optional("inventory") or []
    old_fw = {i.name: i.fw_version for i in old_items if i.fw_version}
    for item in items:
        was = old_fw.get(item.name)
        if item.fw_version and was and was != item.fw_version:
            hits.append(Hit(item.name, item.fw_version,
                            Phrase("check.firmware_changed", name=item.name, before=was,
                                   now=item.fw_version),
                            anchor=item.name, severity=severity))
    return Outcome(hits, Phrase("check.software", version=_version(now)))


def firmware_baseline(ctx: Context) -> Outcome:
    baseline = [str(v).strip().lower() for v in ctx.params["baseline"]]
    if not baseline:
        raise NotChecked(Phrase("check.no_firmware_baseline"), "not_configured")
    facts: Facts = ctx.data("facts")
    if not facts.os_version:
        raise NotChecked(Phrase("check.no_version"))
    candidates = {v.strip().lower() for v in (facts.os_version, facts.patch, _version(facts))
                  if v}
    if candidates & set(baseline):
        return Outcome([], Phrase("check.in_baseline", version=_version(facts)))
    off = Phrase("check.off_baseline", version=_version(facts))
    hit = Hit("system", _version(facts), off, keywords=(facts.os_version,),
              severity=ctx.resolved.levels["off_baseline"])
    return Outcome([hit], off, threshold=Phrase(
        "check.baseline", versions=", ".join(map(str, ctx.params["baseline"]))))
