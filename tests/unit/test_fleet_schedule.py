"""When a scheduled fleet run is due: pure date logic (inspector/fleet/schedule.py)."""

from __future__ import annotations

from datetime import date

from inspector.fleet.schedule import due, monthly_date, next_runs
from inspector.schedule import HolidayPeriod

NATIONAL_DAY = HolidayPeriod("国庆节", date(2026, 10, 1), date(2026, 10, 8), official=True)
NEW_YEAR = HolidayPeriod("元旦", date(2027, 1, 1), date(2027, 1, 3), official=True)


def test_a_monthly_day_past_the_end_of_a_short_month_is_its_last_day() -> None:
    assert monthly_date(2026, 2, 31) == date(2026, 2, 28)
    assert monthly_date(2028, 2, 30) == date(2028, 2, 29)
    assert monthly_date(2026, 3, 31) == date(2026, 3, 31)


def test_monthly_run_is_due_on_its_day_only() -> None:
    assert due(date(2026, 11, 5), monthly_day=5, pre_holiday_days=None) == "monthly"
    assert due(date(2026, 11, 6), monthly_day=5, pre_holiday_days=None) is None
    assert due(date(2026, 2, 28), monthly_day=31, pre_holiday_days=None) == "monthly"


def test_pre_holiday_run_is_due_exactly_the_window_before_a_holiday_starts() -> None:
    holidays = [NATIONAL_DAY]
    assert due(date(2026, 9, 28), monthly_day=None, pre_holiday_days=3,
               holidays=holidays) == "pre-holiday"
    # Not the day before nor the day after: a daily timer runs it once.
    assert due(date(2026, 9, 27), monthly_day=None, pre_holiday_days=3, holidays=holidays) \
        is None
    assert due(date(2026, 9, 29), monthly_day=None, pre_holiday_days=3, holidays=holidays) \
        is None
    # A day inside the holiday period is no holiday start.
    assert due(date(2026, 9, 30), monthly_day=None, pre_holiday_days=3, holidays=holidays) \
        is None


def test_pre_holiday_wins_over_monthly_on_the_same_day() -> None:
    assert due(date(2026, 9, 28), monthly_day=28, pre_holiday_days=3,
               holidays=[NATIONAL_DAY]) == "pre-holiday"


def test_nothing_scheduled_is_never_due() -> None:
    assert due(date(2026, 9, 28), monthly_day=None, pre_holiday_days=None,
               holidays=[NATIONAL_DAY]) is None


def test_next_runs_lists_both_kinds_in_date_order() -> None:
    runs = next_runs(date(2026, 9, 20), monthly_day=5, pre_holiday_days=3,
                     holidays=[NATIONAL_DAY, NEW_YEAR], count=6)
    assert runs == [
        (date(2026, 9, 28), "pre-holiday"),
        (date(2026, 10, 5), "monthly"),
        (date(2026, 11, 5), "monthly"),
        (date(2026, 12, 5), "monthly"),
        (date(2026, 12, 29), "pre-holiday"),
        (date(2027, 1, 5), "monthly"),
    ]
