"""Collection progress on the terminal: devices done of all, failures so far, time left.

On a terminal, a rich progress bar; elsewhere (cron, a pipe, CI) one line per device as it
finishes, so a log shows how far a long run got; nothing under --quiet. The words come from
the message catalogs in the run's language; device names and errors go through shown().

    [ 12/200] bj-ups-2000g: 17 captures; failed so far 1; about 0:42 left
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from inspector.report.i18n import Translator
from inspector.shown import shown
from inspector.store.bundle import DeviceRecording

Tick = Callable[[DeviceRecording], None]


def clock(seconds: float) -> str:
    """0:42, 12:05, 1:02:09: the same in every language."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Counts:
    """Devices done and failed, and the time left at the pace so far."""

    def __init__(self, total: int, now: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._now = now
        self._started = now()

    def add(self, rec: DeviceRecording) -> None:
        self.done += 1
        self.failed += rec.error is not None

    def left_s(self) -> float | None:
        """Seconds left if the devices to come take as long as those done (None before the
        first one)."""
        if not self.done:
            return None
        return (self._now() - self._started) / self.done * (self.total - self.done)


def device_line(t: Translator, counts: Counts, rec: DeviceRecording) -> str:
    """The plain line for one finished device."""
    width = len(str(counts.total))
    state = (t("collect_progress.unreachable", error=shown(rec.error)) if rec.error
             else t("collect_progress.captures", n=len(rec.captures)))
    left = counts.left_s()
    return t("collect_progress.line", done=f"{counts.done:>{width}}", total=counts.total,
             device=shown(rec.device.name), state=state, failed=counts.failed,
             left=clock(left) if left is not None else "-")


@contextmanager
def collection_progress(console: Console, total: int, lang: str) -> Iterator[Tick | None]:
    """What `collect` calls per finished device (None under --quiet: nothing at all)."""
    if console.quiet:
        yield None
        return
    t = Translator(lang)
    counts = Counts(total)
    if not console.is_terminal:
        def line(rec: DeviceRecording) -> None:
            counts.add(rec)
            console.print(device_line(t, counts, rec), highlight=False)

        yield line
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]}"), TimeElapsedColumn(),
                  TextColumn(t("collect_progress.left")), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(t("collect_progress.collecting"), total=total,
                            failed=t("collect_progress.failed", n=0))

        def tick(rec: DeviceRecording) -> None:
            counts.add(rec)
            bar.update(task, advance=1, failed=t("collect_progress.failed", n=counts.failed))

        yield tick
