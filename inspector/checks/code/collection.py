"""Collection checks: could the device be inspected at all, and completely?"""

from __future__ import annotations

from inspector.checks.base import Context, Hit, Outcome
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus


def unreachable(ctx: Context) -> Outcome:
    status = ctx.result.status
    levels = ctx.resolved.levels
    if status is DeviceStatus.UNREACHABLE:
        hit = Hit("device", status.value, f"unreachable: {ctx.result.reason}",
                  severity=levels["unreachable"])
        return Outcome([hit], "unreachable")
    if status is DeviceStatus.FAILED:
        hit = Hit("device", status.value, f"no usable data: {ctx.result.reason}"[:300],
                  severity=levels["failed"])
        return Outcome([hit], "no usable data")
    return Outcome([], f"reachable, collection {status.value}")


def partial(ctx: Context) -> Outcome:
    """Families that failed or parsed only in part (commands rejected, output unparsed)."""
    if ctx.result.status in (DeviceStatus.UNREACHABLE, DeviceStatus.FAILED):
        return Outcome([], f"collection {ctx.result.status.value} (see collection.unreachable)")
    hits = []
    for name in FAMILY_NAMES:
        fam = ctx.family(name)
        if fam.status in (FamilyStatus.FAILED, FamilyStatus.PARTIAL):
            failed = [s.command for s in fam.sources if s.status == "failed"]
            shown = f"{name} {fam.status.value}: {fam.reason}"[:200]
            hits.append(Hit(name, fam.status.value, shown, keywords=tuple(failed),
                            severity=ctx.resolved.levels["partial"]))
    total = len(FAMILY_NAMES)
    return Outcome(hits, f"{total - len(hits)} of {total} families without collection error")
