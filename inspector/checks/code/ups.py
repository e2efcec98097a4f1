"""UPS checks that a single threshold does not express."""

from __future__ import annotations

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.model import Ups


def battery_status(ctx: Context) -> Outcome:
    ups: Ups = ctx.data("ups")
    if ups.battery_status is None:
        raise NotChecked(Phrase("check.ups_not_reported", field_id="battery status",
                                field=Term("field", "battery_status")))
    word = ups.battery_status.strip().lower()
    state = Term("battery_state", ups.battery_status)
    if word in ctx.params["normal_states"]:
        return Outcome([], Phrase("check.battery", state=state))
    level = "depleted" if word in ctx.params["critical_states"] else "abnormal"
    hit = Hit("battery", ups.battery_status,
              Phrase("check.field_value", field=Term("field", "battery_status"), value=state),
              severity=ctx.resolved.levels[level], snmp_fields=("ups.battery_status",))
    return Outcome([hit], Phrase("check.battery", state=state))


def alarms(ctx: Context) -> Outcome:
    ups: Ups = ctx.data("ups")
    if ups.alarms is None:
        raise NotChecked(Phrase("check.no_ups_alarm_table"))
    hits = [Hit(a, a, Term("ups_alarm", a), keywords=(a,), severity=ctx.resolved.levels["alarm"],
                snmp_fields=("ups.alarms",)) for a in ups.alarms]
    return Outcome(hits, Phrase("check.ups_alarms", n=len(ups.alarms)))
