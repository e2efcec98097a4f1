"""The command log appendix: every command sent, and the start of what came back.

Outputs are cut per command (the note says so); the full text is in the run folder's
``bundle/`` (one file per capture) and ``commands.log``. Large runs list the commands
without excerpts so the PDF stays a document rather than a dump.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspector.model import DeviceResult

EXCERPT_LINES = 12
EXCERPT_LINE_CHARS = 160
# Above this many captures in a run, the appendix lists commands without output excerpts.
MAX_CAPTURES_WITH_EXCERPTS = 300


@dataclass
class CommandEntry:
    command: str
    error: str | None
    size: int
    file: str | None
    excerpt: list[str] = field(default_factory=list)
    more_lines: int = 0


@dataclass
class DeviceCommands:
    device: str
    entries: list[CommandEntry]


@dataclass
class DeviceCommandSummary:
    """One device's line in the compact command log of a large run."""

    device: str
    sent: int
    failed: list[str]
    folder: str


@dataclass
class CommandLog:
    devices: list[DeviceCommands]
    excerpts: bool  # False when the run is too large for output excerpts
    total: int
    summary: list[DeviceCommandSummary] = field(default_factory=list)  # large runs only


def _excerpt(bundle: Path, file: str) -> tuple[list[str], int]:
    path = (bundle / file).resolve()
    # results.json may come from elsewhere: never read outside the run's bundle.
    if not path.is_relative_to(bundle.resolve()):
        return [], 0
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return [], 0
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    cut = [line if len(line) <= EXCERPT_LINE_CHARS else line[: EXCERPT_LINE_CHARS - 1] + "…"
           for line in lines[:EXCERPT_LINES]]
    return cut, max(0, len(lines) - EXCERPT_LINES)


def build_command_log(devices: Sequence[DeviceResult], bundle: Path | None) -> CommandLog:
    total = sum(len(d.captures) for d in devices)
    if total > MAX_CAPTURES_WITH_EXCERPTS:
        # A table row per device instead of a row per command: thousands of command rows
        # would be hundreds of pages nobody reads; bundle/ and commands.log have them all.
        return CommandLog([], False, total, [
            DeviceCommandSummary(d.device.name, len(d.captures),
                                 [c.command for c in d.captures if c.error],
                                 f"bundle/{d.device.name}/")
            for d in devices])
    excerpts = bundle is not None and bundle.is_dir()
    result = []
    for device in devices:
        entries = []
        for capture in device.captures:
            entry = CommandEntry(capture.command, capture.error, capture.bytes, capture.file)
            if excerpts and bundle is not None and capture.file:
                entry.excerpt, entry.more_lines = _excerpt(bundle, capture.file)
            entries.append(entry)
        result.append(DeviceCommands(device.device.name, entries))
    return CommandLog(result, excerpts, total)
