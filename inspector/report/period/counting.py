"""Problems over a period, each counted once however many runs saw it: by level (its worst),
by category and by month, resolution rate and mean time to resolve, recurring ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import mean
from zoneinfo import ZoneInfo

from inspector.problems import Lifecycle, RunFindings, lifecycles
from inspector.report.period.plan import Slot, slots

LEVELS = ("critical", "major", "minor", "info")


@dataclass(frozen=True)
class LevelRow:
    level: str
    total: int
    open: int
    resolved: int


@dataclass(frozen=True)
class MonthRow:
    month: Slot  # the calendar month (cut to the period)
    new: int  # first seen in it
    resolved: int  # found gone in it
    open_end: int  # open at its end


@dataclass(frozen=True)
class ProblemStats:
    problems: list[Lifecycle]  # most severe and oldest first
    levels: list[LevelRow]
    categories: list[tuple[str, int, int]]  # category key, problems, open; most first
    months: list[MonthRow]
    resolution_pct: float | None  # None: no problem at all
    mttr_days: float | None  # None: none resolved

    @property
    def open(self) -> list[Lifecycle]:
        return [p for p in self.problems if p.open]

    @property
    def resolved(self) -> list[Lifecycle]:
        return [p for p in self.problems if not p.open]

    @property
    def recurring(self) -> list[Lifecycle]:
        """Resolved once and back later."""
        return [p for p in self.problems if p.reopened]


def days_to_resolve(problem: Lifecycle) -> int | None:
    """Whole days from first seen to the run that found it gone; None while open."""
    if problem.resolved is None:
        return None
    return max(0, (problem.resolved - problem.first_seen).days)


def duration_days(problem: Lifecycle, end: datetime) -> int:
    """Whole days it has been known: to its resolution, else to `end` (the period's end or
    its last inspection)."""
    return max(0, ((problem.resolved or end) - problem.first_seen).days)


def _months(problems: Sequence[Lifecycle], first: date, last: date,
            zone: ZoneInfo) -> list[MonthRow]:
    def day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    rows = []
    for month in slots(first, last, "monthly"):
        def within(moment: datetime | None, month: Slot = month) -> bool:
            return moment is not None and month.start <= day(moment) < month.end
        rows.append(MonthRow(
            month,
            new=sum(within(p.first_seen) for p in problems),
            resolved=sum(within(p.resolved) for p in problems),
            open_end=sum(day(p.first_seen) < month.end
                         and (p.resolved is None or day(p.resolved) >= month.end)
                         for p in problems)))
    return rows


def problem_stats(runs: Sequence[RunFindings], first: date, last: date,
                  zone: ZoneInfo) -> ProblemStats:
    """The problems of `runs` (the period's complete runs), counted over the days
    `first`..`last`."""
    problems = lifecycles(runs)
    levels = [LevelRow(level, sum(p.worst.value == level for p in problems),
                       sum(p.worst.value == level and p.open for p in problems),
                       sum(p.worst.value == level and not p.open for p in problems))
              for level in LEVELS]
    totals = Counter(p.category for p in problems)
    still = Counter(p.category for p in problems if p.open)
    categories = sorted(((c, n, still[c]) for c, n in totals.items()),
                        key=lambda row: (-row[1], row[0]))
    times = [d for d in map(days_to_resolve, problems) if d is not None]
    return ProblemStats(
        problems=problems, levels=levels, categories=categories,
        months=_months(problems, first, last, zone),
        resolution_pct=100 * len(times) / len(problems) if problems else None,
        mttr_days=mean(times) if times else None)
