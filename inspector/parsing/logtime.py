"""When a session log was taken, from what the log itself shows.

An imported log is an inspection done earlier (an engineer's SecureCRT log from last
Tuesday): its report must carry that time, not the time of the import. Two witnesses, the
better first:

- the device's own clock, when the engineer typed `show clock` / `display clock` (IOS,
  IOS-XE, NX-OS, Ruijie: ``*10:23:45.123 UTC Mon Mar 1 2026``; VRP: ``2026-03-01
  10:23:45+08:00`` or a ``Time Zone(...) : UTC+08:00`` line; Comware: ``10:23:45 UTC Mon
  03/01/2026`` with ``Time Zone : BJ add 08:00:00``);
- the terminal emulator's stamp: PuTTY's log header (``PuTTY log 2026.03.01 10:23:45``) or
  the first timestamped line (SecureCRT, Xshell and MobaXterm prefix lines with
  ``[2026-03-01 10:23:45]`` when asked to).

A time without a zone (an emulator's stamp, a zone name the device made up such as ``BJ``)
is taken in `assume`, the report's time zone: the engineer's laptop and the device's clock
are normally set to the site's local time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from inspector.model import Capture

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_UTC_NAMES = {"utc", "gmt", "z", "zulu"}
# Zone abbreviations with one meaning (CST is China's and America's Central: taken as
# `assume`, like the names engineers invent, such as BJ or beijing).
_ZONE_HOURS = {"est": -5, "edt": -4, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "jst": 9,
               "kst": 9, "hkt": 8, "sgt": 8, "cet": 1, "cest": 2, "eet": 2, "eest": 3}

# `show clock`: optional authority mark (* not synchronised, . unsure), time, zone word,
# weekday (Ruijie adds a comma), month, day, year.
_CISCO = re.compile(
    r"^[*.]?(?P<time>\d{1,2}:\d{2}:\d{2})(?:\.\d+)?\s+(?P<zone>[A-Za-z][\w+-]*)\s+"
    r"[A-Za-z]{3},?\s+(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*$",
    re.MULTILINE)
# VRP `display clock`: ISO date and time, the offset on the same line (V200R010 onwards).
_VRP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<time>\d{2}:\d{2}:\d{2})"
    r"(?P<offset>[+-]\d{2}:\d{2})?\s*$", re.MULTILINE)
_VRP_ZONE = re.compile(r"^Time Zone\s*\([^)]*\)\s*:\s*UTC(?P<offset>[+-]\d{1,2}:\d{2})",
                       re.MULTILINE | re.IGNORECASE)
# Comware `display clock`: time, zone word, weekday, MM/DD/YYYY.
_COMWARE = re.compile(
    r"^(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?\s+(?P<zone>\S+)\s+[A-Za-z]{3}\s+"
    r"(?P<month>\d{2})/(?P<day>\d{2})/(?P<year>\d{4})\s*$", re.MULTILINE)
_COMWARE_ZONE = re.compile(
    r"^Time Zone\s*:\s*\S+\s+(?P<sign>add|minus)\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?",
    re.MULTILINE | re.IGNORECASE)
_PUTTY = re.compile(r"PuTTY log (\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})")
_STAMPED = re.compile(
    r"^\[(\d{4})[-/.](\d{2})[-/.](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\]", re.MULTILINE)
# Only the start of a log holds its header; stamped lines are looked for in a bounded head.
_HEAD = 64 * 1024
_CLOCK_COMMAND = re.compile(r"^\s*(sh(ow?)?|dis(p(l(ay?)?)?)?)\s+cl(o(ck?)?)?\s*$", re.I)


def _offset(text: str) -> timezone:
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text.lstrip("+-").split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _zone(word: str, assume: tzinfo) -> tzinfo:
    name = word.lower()
    if name in _UTC_NAMES:
        return UTC
    hours = _ZONE_HOURS.get(name)
    return assume if hours is None else timezone(timedelta(hours=hours))


def _cisco(output: str, assume: tzinfo) -> datetime | None:
    match = _CISCO.search(output)
    month = _MONTHS.get(match.group("month").lower()) if match else None
    if match is None or month is None:
        return None
    hour, minute, second = (int(x) for x in match.group("time").split(":"))
    return datetime(int(match.group("year")), month, int(match.group("day")), hour, minute,
                    second, tzinfo=_zone(match.group("zone"), assume))


def _vrp(output: str, assume: tzinfo) -> datetime | None:
    match = _VRP.search(output)
    if match is None:
        return None
    zone_line = _VRP_ZONE.search(output)
    offset = match.group("offset") or (zone_line.group("offset") if zone_line else None)
    moment = datetime.fromisoformat(f"{match.group('date')}T{match.group('time')}")
    return moment.replace(tzinfo=_offset(offset) if offset else assume)


def _comware(output: str, assume: tzinfo) -> datetime | None:
    match = _COMWARE.search(output)
    if match is None:
        return None
    zone: tzinfo = _zone(match.group("zone"), assume)
    zone_line = _COMWARE_ZONE.search(output)
    if zone_line is not None:
        sign = -1 if zone_line.group("sign").lower() == "minus" else 1
        zone = timezone(sign * timedelta(hours=int(zone_line.group("h")),
                                         minutes=int(zone_line.group("m"))))
    hour, minute, second = (int(x) for x in match.group("time").split(":"))
    return datetime(int(match.group("year")), int(match.group("month")),
                    int(match.group("day")), hour, minute, second, tzinfo=zone)


def clock_time(output: str, assume: tzinfo) -> datetime | None:
    """The time a `show clock` / `display clock` output states, or None."""
    for reader in (_cisco, _vrp, _comware):
        try:
            moment = reader(output, assume)
        except ValueError:  # a date that does not exist (month 13): not a clock output
            moment = None
        if moment is not None:
            return moment
    return None


def _emulator_time(text: str, assume: tzinfo) -> datetime | None:
    head = text[:_HEAD]
    match = _PUTTY.search(head) or _STAMPED.search(head)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(x) for x in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=assume)
    except ValueError:
        return None


def log_time(text: str, captures: Iterable[Capture], assume: tzinfo) -> datetime | None:
    """When the log was taken: the device's clock if it was shown, else the emulator's
    stamp; None when the log shows neither."""
    for capture in captures:
        if _CLOCK_COMMAND.match(capture.command):
            moment = clock_time(capture.output, assume)
            if moment is not None:
                return moment
    return _emulator_time(text, assume)
