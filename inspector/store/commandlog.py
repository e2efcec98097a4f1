"""`commands.log`: every command sent and its full output, as maintenance contracts require.

One block per capture, in collection order per device::

    ===== 2026-11-22T03:00:01.123+00:00  sh-core-ce6881 (10.10.0.1)  display version
    ----- ok, 0.21 s, 1843 bytes
    <the output, as recorded (secrets already masked)>

Written owner-only, atomically, from the run's recordings.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from inspector.fileio import atomic_write
from inspector.model import Capture
from inspector.store.bundle import DeviceRecording

NAME = "commands.log"


def _status(capture: Capture) -> str:
    seconds = ""
    if capture.started and capture.ended:
        seconds = f", {(capture.ended - capture.started).total_seconds():.2f} s"
    size = len(capture.output.encode("utf-8", "surrogateescape"))
    state = f"error: {capture.error}" if capture.error else "ok"
    return f"----- {state}{seconds}, {size} bytes"


def render(recordings: Iterable[DeviceRecording]) -> Iterable[str]:
    for rec in recordings:
        where = f"{rec.device.name} ({rec.device.host})" if rec.device.host else rec.device.name
        if rec.error:
            yield f"===== {where}  no session: {rec.error}\n"
        for capture in rec.captures:
            stamp = capture.started.isoformat(timespec="milliseconds") if capture.started \
                else "-"
            yield f"===== {stamp}  {where}  {capture.command}\n{_status(capture)}\n"
            if capture.output:
                yield capture.output if capture.output.endswith("\n") else capture.output + "\n"


def write_command_log(folder: Path, recordings: Iterable[DeviceRecording]) -> Path:
    return atomic_write(folder / NAME, render(recordings))
