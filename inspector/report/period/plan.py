"""The inspection plan: the periods (weeks, months or quarters) the contract expects one
inspection in, and which of them had one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

PLANS = ("weekly", "monthly", "quarterly")
# The plan a report's inspection type implies (ReportMeta.inspection_type); others: monthly.
PLAN_OF_TYPE = {"monthly": "monthly", "quarterly": "quarterly"}


@dataclass
class Slot:
    """One planned period [start, end) and the start times of the inspections in it."""

    plan: str
    start: date
    end: date
    runs: list[datetime] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.runs)

    def label_values(self) -> dict[str, object]:
        """The values the catalog's `period.slot.<plan>` label takes."""
        iso = self.start.isocalendar()
        return {"year": iso.year if self.plan == "weekly" else self.start.year,
                "week": iso.week, "month": f"{self.start.month:02d}",
                "quarter": (self.start.month - 1) // 3 + 1}


def _next_start(day: date, plan: str) -> date:
    if plan == "weekly":
        return day - timedelta(days=day.weekday()) + timedelta(days=7)
    months = 1 if plan == "monthly" else 3
    first = (day.month - 1) // months * months  # 0-based first month of its slot
    year, month = divmod(first + months, 12)
    return date(day.year + year, month + 1, 1)


def slots(first: date, last: date, plan: str) -> list[Slot]:
    """The plan's periods overlapping the days `first`..`last` (inclusive), cut to them."""
    if plan not in PLANS:
        raise ValueError(f"unknown plan {plan!r}; known: {', '.join(PLANS)}")
    result = []
    day = first
    while day <= last:
        end = min(_next_start(day, plan), last + timedelta(days=1))
        result.append(Slot(plan, day, end))
        day = end
    return result


def place(runs: Sequence[datetime], periods: Sequence[Slot], zone: ZoneInfo) -> None:
    """Put each run start into the period holding its local date."""
    for started in sorted(runs):
        local = started.astimezone(zone).date()
        for slot in periods:
            if slot.start <= local < slot.end:
                slot.runs.append(started)
                break
