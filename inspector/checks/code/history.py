"""Comparisons with the previous run of the same device, and the firmware baseline."""

from __future__ import annotations

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
        raise NotChecked("interfaces: no error counters parsed")
    old = {i.name: _errors(i) for i in before}
    hits = []
    for iface in now:
        current = _errors(iface) or 0
        previous = old.get(iface.name) or 0
        delta = current - previous if current >= previous else current
        if delta > 0:
            hits.append(Hit(iface.name, delta, f"{iface.name}: +{delta} errors "
                            f"({previous} → {current})", anchor=iface.name,
                            keywords=("crc", "error")))
    return Outcome(hits, f"{len(hits)} interfaces with new errors since the previous run")


def route_change(ctx: Context) -> Outcome:
    before: Routes = ctx.previous_data("routes")
    now: Routes = ctx.data("routes")
    if before.total is None or now.total is None:
        raise NotChecked("routes: total route count not parsed")
    change = now.total - before.total
    summary = f"{before.total} → {now.total} routes"
    if abs(change) < int(ctx.params["min_routes"]):
        return Outcome([], summary)
    pct = 100.0 if before.total == 0 else round(100 * abs(change) / before.total, 1)
    return Outcome([Hit("routes", pct, f"{summary} ({change:+d}, {fmt(pct)}%)",
                        keywords=("total", "routes"))], summary)


def _version(facts: Facts) -> str:
    return " ".join(v for v in (facts.os_version, facts.patch) if v)


def firmware_changed(ctx: Context) -> Outcome:
    before: Facts = ctx.previous_data("facts")
    now: Facts = ctx.data("facts")
    if not _version(now) or not _version(before):
        raise NotChecked("facts: software version not parsed")
    hits = []
    severity = ctx.resolved.levels["changed"]
    if _version(now) != _version(before):
        hits.append(Hit("system", _version(now), f"system software {_version(before)} → "
                        f"{_version(now)}", keywords=(now.os_version or "",), severity=severity))
    old_items: list[InventoryItem] = []
    if ctx.previous is not None and ctx.previous.inventory.status in USABLE:
        old_items = ctx.previous.inventory.data or []
    items: list[InventoryItem] = ctx.optional("inventory") or []
    old_fw = {i.name: i.fw_version for i in old_items if i.fw_version}
    for item in items:
        was = old_fw.get(item.name)
        if item.fw_version and was and was != item.fw_version:
            hits.append(Hit(item.name, item.fw_version, f"{item.name} firmware {was} → "
                            f"{item.fw_version}", anchor=item.name, severity=severity))
    return Outcome(hits, f"software {_version(now)}")


def firmware_baseline(ctx: Context) -> Outcome:
    baseline = [str(v).strip().lower() for v in ctx.params["baseline"]]
    if not baseline:
        raise NotChecked("no firmware baseline configured (rule file: firmware.baseline: "
                         "{baseline: [...]})", "not_configured")
    facts: Facts = ctx.data("facts")
    if not facts.os_version:
        raise NotChecked("facts: software version not parsed")
    candidates = {v.strip().lower() for v in (facts.os_version, facts.patch, _version(facts))
                  if v}
    if candidates & set(baseline):
        return Outcome([], f"{_version(facts)} is in the baseline")
    hit = Hit("system", _version(facts), f"{_version(facts)} not in the baseline",
              keywords=(facts.os_version,), severity=ctx.resolved.levels["off_baseline"])
    return Outcome([hit], f"{_version(facts)} not in the baseline",
                   threshold=f"baseline: {', '.join(map(str, ctx.params['baseline']))}")
