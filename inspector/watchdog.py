"""The thread pool of one collecting process, and the watch that keeps its time limit.

Workers are daemon threads: a thread stuck where nothing can reach it (a name lookup, a
login that never ends) must not keep the process alive past its run. The calling thread
watches: when the run's deadline passes or the run is interrupted, it cuts every session
still open (transports/cutoff.py), waits a few seconds for their collections to return
what the devices had already answered, and then stops waiting. A device cut short keeps
its answers; the commands it did not answer say why, in the words below (reasons.py).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from inspector.inventory import Host
from inspector.model import Capture
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff
from inspector.transports.registry import Collector
from inspector.transports.workload import longest_first

# How long cut sessions get to return what they hold: a closed socket fails the read at
# once; this covers a process being reaped and a busy machine.
GRACE_S = 3.0
POLL_S = 0.5  # how often the watch looks at the clock and at the interruption flag

OnDone = Callable[[int, DeviceRecording], None]


def deadline_reason(limit: float) -> str:
    return f"the run's deadline of {limit:g} s was reached"


INTERRUPTED = "the run was interrupted"


@dataclass
class _Pool:
    hosts: list[Host]
    collector_for: Callable[[str], Collector]
    stop: threading.Event = field(default_factory=threading.Event)
    todo: queue.SimpleQueue[int] = field(default_factory=queue.SimpleQueue)
    done: queue.SimpleQueue[tuple[int, DeviceRecording]] = field(
        default_factory=queue.SimpleQueue)
    scopes: dict[int, cutoff.Scope] = field(default_factory=dict)  # started, by index
    lock: threading.Lock = field(default_factory=threading.Lock)

    def work(self) -> None:
        while not self.stop.is_set():
            try:
                index = self.todo.get_nowait()
            except queue.Empty:
                return
            host = self.hosts[index]
            scope = cutoff.Scope()
            with self.lock:
                if self.stop.is_set():
                    return  # taken after the end: left for "not inspected"
                self.scopes[index] = scope
            with cutoff.entered(scope):
                try:
                    recording = self.collector_for(host.platform)(host, self.stop)
                except Exception as exc:  # noqa: BLE001 - a collector's bug is this device's
                    recording = DeviceRecording(
                        device=host.device(),
                        error=f"collection failed: {type(exc).__name__}: {exc}")
            self.done.put((index, recording))


def run_pool(hosts: list[Host], workers: int, collector_for: Callable[[str], Collector],
             ends_at: float, limit: float, on_done: OnDone | None = None,
             interrupted: Callable[[], bool] | None = None,
             ) -> tuple[dict[int, DeviceRecording], str]:
    """Collect `hosts` on `workers` threads until done, `ends_at` (monotonic clock) or
    `interrupted()`. Returns the recordings by index (devices never started are missing)
    and why the run was stopped ("" when it was not)."""
    pool = _Pool(hosts, collector_for)
    for index in longest_first(hosts):
        pool.todo.put(index)
    for number in range(max(1, min(workers, len(hosts)))):
        threading.Thread(target=pool.work, name=f"collect-{number}", daemon=True).start()
    results: dict[int, DeviceRecording] = {}

    def receive(timeout: float) -> None:
        index, recording = pool.done.get(timeout=timeout)
        results[index] = recording
        if on_done is not None:
            on_done(index, recording)

    why = ""
    try:
        while len(results) < len(hosts) and not why:
            with contextlib.suppress(queue.Empty):
                receive(POLL_S)
            if interrupted is not None and interrupted():
                why = INTERRUPTED
            elif time.monotonic() > ends_at and len(results) < len(hosts):
                why = deadline_reason(limit)
    except KeyboardInterrupt:
        why = INTERRUPTED
    if why:
        _cut(pool, results, why, receive, on_done)
    return results, why


def _cut(pool: _Pool, results: dict[int, DeviceRecording], why: str,
         receive: Callable[[float], None], on_done: OnDone | None) -> None:
    with pool.lock:
        pool.stop.set()
        open_scopes = {i: s for i, s in pool.scopes.items() if i not in results}
    for scope in open_scopes.values():
        scope.cut(why)
    waited_until = time.monotonic() + GRACE_S
    while any(i not in results for i in open_scopes) and time.monotonic() < waited_until:
        with contextlib.suppress(queue.Empty):
            receive(min(0.1, max(0.0, waited_until - time.monotonic())))
    for index, scope in open_scopes.items():
        if index in results:
            cut_short(results[index], scope, why)
        else:  # still stuck: what it holds cannot be had without its thread
            results[index] = DeviceRecording(device=pool.hosts[index].device(),
                                             error=f"not inspected: {why}")
            if on_done is not None:
                on_done(index, results[index])


def cut_short(recording: DeviceRecording, scope: cutoff.Scope, why: str) -> None:
    """Say on each command a cut made fail (and on each it left unsent) that the run cut
    it, instead of the socket error the cut caused. Answers already in are kept."""
    if scope.cut_at is None:
        return
    reason = f"cut short: {why}"
    recording.captures = [
        _relabelled(c, reason) if c.error and (c.ended is None or c.ended >= scope.cut_at)
        else c for c in recording.captures]
    if recording.error and not recording.captures:
        recording.error = f"not inspected: {why}"


def _relabelled(capture: Capture, reason: str) -> Capture:
    return capture.model_copy(update={"error": reason})
