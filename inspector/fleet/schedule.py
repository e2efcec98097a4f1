"""When a scheduled fleet run is due: the monthly inspection and the pre-holiday one.

The central side is started once a day (a systemd timer or a cron line) with
`inspector fleet run INVENTORY --monthly-day N --pre-holiday 3d`; this module decides, from
the date alone, whether today is a run day and which profile it takes. The holidays are
those of inspector/schedule.py (the `holidays` package, or the official schedule given in
$INSPECTOR_HOLIDAYS). A pure function of the date: the same day asked twice gives the same
answer, so a timer that fires twice runs once more at most (the run lock stops an overlap).

    >>> from datetime import date
    >>> due(date(2026, 9, 28), monthly_day=5, pre_holiday_days=3, holidays=[
    ...     HolidayPeriod("国庆节", date(2026, 10, 1), date(2026, 10, 7), True)])
    'pre-holiday'
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from inspector.schedule import HolidayPeriod


def monthly_date(year: int, month: int, day: int) -> date:
    """The monthly run's date: `day`, or the month's last day when it has fewer days."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due(today: date, *, monthly_day: int | None, pre_holiday_days: int | None,
        holidays: Iterable[HolidayPeriod] = ()) -> str | None:
    """The profile of today's run ("pre-holiday" or "monthly"), or None when none is due.
    A pre-holiday run is due `pre_holiday_days` days before a holiday period starts; on a
    day both fall, the pre-holiday run is the one made (it covers the monthly checks)."""
    if pre_holiday_days is not None:
        target = today + timedelta(days=pre_holiday_days)
        if any(period.start == target for period in holidays):
            return "pre-holiday"
    if monthly_day is not None and today == monthly_date(today.year, today.month, monthly_day):
        return "monthly"
    return None


def next_runs(today: date, *, monthly_day: int | None, pre_holiday_days: int | None,
              holidays: Iterable[HolidayPeriod] = (), days: int = 400,
              count: int = 5) -> list[tuple[date, str]]:
    """The next `count` run days from `today` on (within `days`), with their profiles."""
    periods = list(holidays)
    found = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        profile = due(day, monthly_day=monthly_day, pre_holiday_days=pre_holiday_days,
                      holidays=periods)
        if profile is not None:
            found.append((day, profile))
            if len(found) == count:
                break
    return found
