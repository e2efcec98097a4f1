"""UPS checks that a single threshold does not express."""

from __future__ import annotations

from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.model import Ups


def battery_status(ctx: Context) -> Outcome:
    ups: Ups = ctx.data("ups")
    if ups.battery_status is None:
        raise NotChecked("ups: battery status not reported")
    word = ups.battery_status.strip().lower()
    if word in ctx.params["normal_states"]:
        return Outcome([], f"battery {ups.battery_status}")
    level = "depleted" if word in ctx.params["critical_states"] else "abnormal"
    hit = Hit("battery", ups.battery_status, f"battery status: {ups.battery_status}",
              severity=ctx.resolved.levels[level], snmp_fields=("ups.battery_status",))
    return Outcome([hit], f"battery {ups.battery_status}")


def alarms(ctx: Context) -> Outcome:
    ups: Ups = ctx.data("ups")
    if ups.alarms is None:
        raise NotChecked("ups: the alarm table is not read for this model")
    hits = [Hit(a, a, a, keywords=(a,), severity=ctx.resolved.levels["alarm"],
                snmp_fields=("ups.alarms",)) for a in ups.alarms]
    return Outcome(hits, f"{len(ups.alarms)} UPS alarms present")
