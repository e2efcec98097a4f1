"""Collection checks: could the device be inspected at all, and completely?"""

from __future__ import annotations

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, Outcome
from inspector.cutshort import answered, cut_short
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus
from inspector.reasons import reason as said_reason


def unreachable(ctx: Context) -> Outcome:
    status = ctx.result.status
    levels = ctx.resolved.levels
    why = said_reason(ctx.result.reason[:300])
    if status is DeviceStatus.UNREACHABLE:
        hit = Hit("device", status.value, Phrase("check.unreachable", reason=why),
                  severity=levels["unreachable"])
        return Outcome([hit], Phrase("check.unreachable_short"))
    if status is DeviceStatus.FAILED:
        hit = Hit("device", status.value, Phrase("check.no_usable_data", reason=why),
                  severity=levels["failed"])
        return Outcome([hit], Phrase("check.no_usable_data_short"))
    return Outcome([], Phrase("check.reachable", status_id=status.value,
                              status=Term("device_status", status.value)))


def partial(ctx: Context) -> Outcome:
    """Families that failed or parsed only in part (commands rejected, output unparsed)."""
    status = ctx.result.status
    if status in (DeviceStatus.UNREACHABLE, DeviceStatus.FAILED):
        return Outcome([], Phrase("check.collection_see_unreachable", status_id=status.value,
                                  status=Term("device_status", status.value)))
    hits = _cut_short(ctx)
    for name in FAMILY_NAMES:
        fam = ctx.family(name)
        if fam.status in (FamilyStatus.FAILED, FamilyStatus.PARTIAL):
            failed = [s.command for s in fam.sources if s.status == "failed"]
            shown = Phrase("check.family_state", family_id=name, family=Term("family", name),
                           status_id=fam.status.value,
                           status=Term("family_status", fam.status.value),
                           reason=said_reason(fam.reason[:200]))
            hits.append(Hit(name, fam.status.value, shown, keywords=tuple(failed),
                            severity=ctx.resolved.levels["partial"]))
    total = len(FAMILY_NAMES)
    return Outcome(hits, Phrase("check.families_without_error", n=total - len(hits),
                                total=total))


def _cut_short(ctx: Context) -> list[Hit]:
    """The session ended before its last command: the device was not fully inspected,
    whatever its answers showed (a problem of its own level, `cut_short`)."""
    why = cut_short(ctx.result)
    if why is None:
        return []
    done, total = answered(ctx.result)
    shown = Phrase("check.cut_short", answered=done, total=total,
                   reason=said_reason(why[:300]))
    return [Hit("session", "cut_short", shown, severity=ctx.resolved.levels["cut_short"])]
