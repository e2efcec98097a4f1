"""Chinese public holidays, for pre-holiday inspections (节前巡检).

A holiday *period* is the run of consecutive days off around a statutory holiday: the
holiday dates plus the weekend days next to them that are not make-up workdays (调休). The
`holidays` package knows the official schedule of past years; a year's official schedule is
published each autumn, so until the package has it, its dates for that year are estimates
(no make-up workdays) and we say so. An override file gives the official schedule by hand:

```yaml
2027:
  holidays:
    - {name: 元旦, start: 2027-01-01, end: 2027-01-03}
    - {name: 春节, start: 2027-02-05, end: 2027-02-13}
  workdays: [2027-02-14]          # make-up working days
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml

from inspector import safeyaml
from inspector.errors import ConfigurationError

NAMES_ZH = {
    "new year's day": "元旦", "chinese new year": "春节", "tomb-sweeping day": "清明节",
    "labor day": "劳动节", "dragon boat festival": "端午节", "mid-autumn festival": "中秋节",
    "national day": "国庆节",
}


class ScheduleError(ConfigurationError):
    """A bad window or override file; the message says where."""


@dataclass(frozen=True)
class HolidayPeriod:
    name: str
    start: date
    end: date
    official: bool  # False: the year's official schedule is not known yet

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse_window(text: str) -> timedelta:
    """'3d' / '72h' / '1w' -> a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([dhw])\s*", text.lower())
    if not match:
        raise ScheduleError(f"{text!r}: expected a window like 3d, 72h or 1w")
    number, unit = int(match.group(1)), match.group(2)
    return {"d": timedelta(days=number), "h": timedelta(hours=number),
            "w": timedelta(weeks=number)}[unit]


def _zh(name: str) -> str:
    lowered = name.lower()
    return next((zh for en, zh in NAMES_ZH.items() if lowered.startswith(en)), name)


def _from_package(year: int) -> list[HolidayPeriod]:
    calendar = holidays.country_holidays("CN", years=year)
    # Make-up workdays appear only once the official schedule is in the package: without
    # them the year's dates are the package's estimate.
    workdays = {d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year}
    official = bool(workdays)
    off = set(calendar)
    named = {d: _zh(n) for d, n in calendar.items() if not n.lower().startswith("day off")}
    periods = []
    seen: set[date] = set()
    for day in sorted(off):
        if day in seen:
            continue
        start = end = day
        while _is_off(start - timedelta(days=1), off, workdays):
            start -= timedelta(days=1)
        while _is_off(end + timedelta(days=1), off, workdays):
            end += timedelta(days=1)
        span = {start + timedelta(days=i) for i in range((end - start).days + 1)}
        seen |= span
        names = [named[d] for d in sorted(span) if d in named]
        periods.append(HolidayPeriod(names[0] if names else "假日", start, end, official))
    return periods


def _is_off(day: date, off: set[date], workdays: set[date]) -> bool:
    return day in off or (day.weekday() >= 5 and day not in workdays)


def _from_override(data: dict[str, Any], path: Path) -> list[HolidayPeriod]:
    periods = []
    for index, item in enumerate(data.get("holidays") or []):
        try:
            periods.append(HolidayPeriod(str(item["name"]), _day(item["start"]),
                                         _day(item["end"]), official=True))
        except (KeyError, TypeError, ValueError) as exc:
            raise ScheduleError(f"{path}: holidays[{index}]: needs name, start and end "
                                f"dates ({exc})") from exc
    return periods


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_overrides(path: Path | None) -> dict[int, list[HolidayPeriod]]:
    if path is None or not path.is_file():
        return {}
    try:
        data = safeyaml.load_file(path) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScheduleError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise ScheduleError(f"{path}: expected a mapping of years")
    return {int(year): _from_override(spec or {}, path) for year, spec in data.items()}


def periods(year: int, overrides: dict[int, list[HolidayPeriod]] | None = None
            ) -> list[HolidayPeriod]:
    """The holiday periods of `year`, from the override file when it has that year."""
    if overrides and year in overrides:
        return sorted(overrides[year], key=lambda p: p.start)
    return _from_package(year)


def upcoming(today: date, window: timedelta | None = None,
             overrides: dict[int, list[HolidayPeriod]] | None = None) -> list[HolidayPeriod]:
    """Holiday periods starting after `today` (within `window` when given), soonest first;
    a period already under way is not "upcoming"."""
    found = [p for year in (today.year, today.year + 1) for p in periods(year, overrides)
             if p.start > today]
    if window is not None:
        found = [p for p in found if p.start <= today + window]
    return sorted(found, key=lambda p: p.start)
