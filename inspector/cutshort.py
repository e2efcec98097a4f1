"""A collection cut short: the session ended before every command was answered.

The device closed it after 3 of 21 commands, the run's deadline cut it, or the run was
stopped. What came back is kept, so the device looks reachable and its status is
`partial`, like a device that merely rejects a command its model lacks. It is not the
same: the items it never answered were not inspected for want of time or of a session,
so the device was not fully inspected, cannot be graded good, and the run's exit code
says so. Told from the errors the transports record on the commands left unanswered (the
words of transports/ssh.py, snmp.py, ipmi.py, napalm.py and watchdog.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector.model import CaptureSummary, DeviceResult, DeviceStatus

# How the error of a command a cut session left unanswered begins.
CUT_MARKERS = ("session lost", "cut short: ", "run interrupted",
               "not run: the run was interrupted")


def is_cut(error: str | None) -> bool:
    return error is not None and error.startswith(CUT_MARKERS)


def mentions_cut(reason: str) -> bool:
    """Whether a family's reason names a command a cut session left unanswered."""
    return any(f": {marker}" in reason or reason.startswith(marker) for marker in CUT_MARKERS)


def cut_error(captures: Iterable[CaptureSummary]) -> str | None:
    """The error of the first command a cut session left unanswered (None: none was)."""
    return next((c.error for c in captures if is_cut(c.error)), None)


def cut_short(result: DeviceResult) -> str | None:
    """Why `result`'s session ended before its last command, or None when it did not (or
    when there was no session at all: that device is unreachable, not cut short)."""
    if result.status in (DeviceStatus.UNREACHABLE, DeviceStatus.COMPLETE):
        return None
    return cut_error(result.captures)


def answered(result: DeviceResult) -> tuple[int, int]:
    """(commands answered, commands sent or due)."""
    return sum(c.error is None for c in result.captures), len(result.captures)
