"""Many devices at once: a pool of threads, and for large runs a few processes of them.

A session spends most of its time waiting for the device, so threads overlap the waits.
What the sessions do between waits (SSH crypto and packets, reading, redacting) runs under
one interpreter lock, and from about a hundred sessions on that lock, not the devices, sets
the pace. A large run is therefore split across processes (one per core by default), each
with its share of the workers and of the devices; recordings come back to this process as
each device finishes. Credentials are resolved, and outputs redacted, inside the process
that collects them.
"""

from __future__ import annotations

import importlib.machinery
import math
import multiprocessing
import os
import queue
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector import signals
from inspector.inventory import Host
from inspector.store.bundle import DeviceRecording
from inspector.transports import hostkeys
from inspector.transports.registry import Collector
from inspector.transports.registry import collector_for as default_collector_for
from inspector.watchdog import GRACE_S, run_pool

Progress = Callable[[DeviceRecording], None]
CollectorFor = Callable[[str], Collector]

# Below this many workers one process keeps up (measured: docs/scaling.md).
WORKERS_PER_PROCESS = 64
# Fields of a host that may hold a secret reference.
_SECRET_FIELDS = frozenset({"password", "enable", "jump_password", "community", "auth_key",
                            "priv_key"})


@dataclass
class Collection:
    recordings: list[DeviceRecording]
    interrupted: bool = False  # Ctrl-C or the deadline: some devices were not inspected
    # Each collecting process's CPU seconds and peak RSS (MiB), when the run was split
    # (each process measures itself: RUSAGE_CHILDREN would only give the sum).
    processes: list[tuple[float, float]] = field(default_factory=list)


def default_deadline(devices: int, workers: int) -> float:
    """A run's time limit when none is given: generous for slow devices (three minutes per
    wave of `workers` devices, plus five), yet a hung run still ends."""
    return 300.0 + math.ceil(devices / max(1, workers)) * 180.0


def default_processes(devices: int, workers: int) -> int:
    """One process per WORKERS_PER_PROCESS workers, at most one per core, and never for a
    run small enough that starting processes costs more than it saves."""
    cores = os.cpu_count() or 1
    wanted = math.ceil(workers / WORKERS_PER_PROCESS)
    return max(1, min(cores, wanted, devices // WORKERS_PER_PROCESS))


def can_spawn() -> bool:
    """Whether a spawned process can start here: it imports the caller's main module again,
    which fails for a script read from standard input (its path is `<stdin>`)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or getattr(getattr(main, "__spec__", None), "name", None) is not None \
        or Path(path).is_file()


def spawn_without_script() -> None:
    """Spawned processes of this tool (collecting, parsing, rendering a PDF's parts) run
    functions of its modules, never of the script that started it. A console script's
    `__main__` has no module spec, so multiprocessing would run the `inspector` script again
    in every such process, importing the whole command line (2 s) before the process starts
    its work. Named `inspector.__main__`, as `python -m inspector` names it, the main module
    is skipped by the processes spawned from here on. Called by the command line only."""
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.machinery.ModuleSpec("inspector.__main__", None)


def _asks_for_secrets(host: Host) -> bool:
    """True when a secret of `host` is typed at a prompt: only this process has the
    terminal."""
    def walk(value: Any, key: str = "") -> bool:
        if isinstance(value, dict):
            return any(walk(v, k) for k, v in value.items())
        return key in _SECRET_FIELDS and value == "prompt"
    return walk(host.model_dump())


def collect_all(hosts: Iterable[Host], workers: int = 32,
                progress: Progress | None = None,
                collector_for: CollectorFor | None = None,
                deadline_s: float | None = None,
                processes: int | None = None) -> Collection:
    """Collect every host with `workers` sessions at a time, within `deadline_s` seconds
    (default: `default_deadline`), in `processes` processes (default: `default_processes`;
    one when a secret is asked at a prompt). The deadline, Ctrl-C, SIGTERM or SIGHUP
    stop cleanly: finished devices are kept, sessions in progress are cut and keep what
    they had answered, devices not started are recorded as not inspected, with the
    reason; the run ends a few seconds after its deadline whatever the devices do."""
    hosts = list(hosts)
    limit = deadline_s if deadline_s is not None else default_deadline(len(hosts), workers)
    ends_at = time.monotonic() + limit
    chosen = collector_for or default_collector_for
    count = processes if processes is not None else default_processes(len(hosts), workers)
    count = max(1, min(count, len(hosts)))
    with signals.stop_requests() as stop_requested:
        if count > 1 and can_spawn() and not any(_asks_for_secrets(h) for h in hosts):
            return _in_processes(hosts, workers, progress, chosen, limit, ends_at, count,
                                 stop_requested)
        return collect_threads(hosts, workers, chosen, limit, ends_at,
                               on_done=_by_index(progress), interrupted=stop_requested.is_set)


def _by_index(progress: Progress | None) -> Callable[[int, DeviceRecording], None] | None:
    return (lambda _index, rec: progress(rec)) if progress is not None else None


def collect_threads(hosts: list[Host], workers: int, collector_for: CollectorFor,
                    limit: float, ends_at: float,
                    on_done: Callable[[int, DeviceRecording], None] | None = None,
                    interrupted: Callable[[], bool] | None = None) -> Collection:
    """The thread pool of one process (watchdog.py). `ends_at` is on the monotonic clock,
    which every process of the machine shares; `interrupted` is asked twice a second."""
    results, why = run_pool(hosts, workers, collector_for, ends_at, limit,
                            on_done=on_done, interrupted=interrupted)
    _record_missing(enumerate(hosts), results, f"not inspected: {why}", on_done)
    return Collection([results[i] for i in range(len(hosts))], interrupted=bool(why))


def _record_missing(items: Iterable[tuple[int, Host]], results: dict[int, DeviceRecording],
                    error: str, on_done: Callable[[int, DeviceRecording], None] | None) -> None:
    """A recording with `error` for every (index, host) that has none."""
    for index, host in items:
        if index not in results:
            results[index] = DeviceRecording(device=host.device(), error=error)
            if on_done is not None:
                on_done(index, results[index])


# --------------------------------------------------------------------------- processes

# Messages from a collecting process: ("device", index, recording) for each device as it
# ends, then ("end", shard, (interrupted, cpu_s, peak_rss_mib)).
_Message = tuple[str, int, Any]


def _shard_main(shard: int, items: list[tuple[int, Host]], workers: int,
                collector_for: CollectorFor, limit: float, ends_at: float,
                out: multiprocessing.Queue[_Message], stop: Any, parent: int) -> None:
    """A collecting process: its share of the devices on its own thread pool. `parent`
    is the parent's pid as the parent knows it: a child started after its parent died
    would otherwise watch whichever process adopted it."""
    # Ctrl-C and SIGTERM reach every process of the group; the parent decides and says so.
    signals.ignore_stop_signals()
    signals.die_with_parent(parent)
    # Devices are split between processes, so no other process learns a key this one
    # needs: the known-hosts file is read once here, not again after each other's append.
    hostkeys.KnownHosts.reload_on_change = False
    hosts = [host for _, host in items]
    collection = collect_threads(
        hosts, workers, collector_for, limit, ends_at,
        on_done=lambda i, rec: out.put(("device", items[i][0], rec)),
        interrupted=stop.is_set)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out.put(("end", shard, (collection.interrupted, ru.ru_utime + ru.ru_stime,
                            ru.ru_maxrss / 1024)))


def _in_processes(hosts: list[Host], workers: int, progress: Progress | None,
                  collector_for: CollectorFor, limit: float, ends_at: float,
                  count: int, stop_requested: threading.Event) -> Collection:
    # Not a plain fork: this process runs threads (a progress bar, a lab in tests), and a
    # forked copy of a lock one of them holds would never be released. Not a fork server
    # either: it would outlive the run as a process of ours. Spawned children start clean,
    # with this process's environment as it is now (`env:` credentials), and are gone once
    # joined. Like every spawned process they import the caller's main module, so a script
    # calling this needs the usual `if __name__ == "__main__":` guard.
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[_Message] = context.Queue()
    stop = context.Event()
    # Round robin: each process gets every count-th device, so a slow group of devices
    # listed together does not load one process alone.
    shards = [[(i, h) for i, h in enumerate(hosts) if i % count == k] for k in range(count)]
    per_process = max(1, math.ceil(workers / count))
    children = [context.Process(
        target=_shard_main, name=f"inspector-collect-{k}", daemon=True,
        args=(k, shard, per_process, collector_for, limit, ends_at, out, stop, os.getpid()))
        for k, shard in enumerate(shards)]
    for child in children:
        child.start()
    results: dict[int, DeviceRecording] = {}
    ended: dict[int, tuple[bool, float, float]] = {}
    watch = _Watch(ends_at, stop_requested)
    try:
        interrupted = _receive(children, out, stop, results, progress, ended, watch)
    finally:
        for child in children:
            # A process past its own cut is not waited for long: the run has a bound.
            child.join(timeout=1 if watch.overdue() else 10)
            if child.is_alive():
                child.kill()
                child.join()
    _record_lost(children, ended, shards, results, progress)
    cut_short = any(cut for cut, _, _ in ended.values())
    return Collection([results[i] for i in range(len(hosts))],
                      interrupted=interrupted or cut_short or len(ended) < count,
                      processes=[(cpu, rss) for _, cpu, rss in ended.values()])


def _record_lost(children: list[Any], ended: dict[int, tuple[bool, float, float]],
                 shards: list[list[tuple[int, Host]]], results: dict[int, DeviceRecording],
                 progress: Progress | None) -> None:
    """The devices of a process that died (killed by the OS, say) without a result say so."""
    for k, child in enumerate(children):
        if k not in ended:
            _record_missing(shards[k], results,
                            f"not inspected: its collecting process ended unexpectedly "
                            f"(exit code {child.exitcode})",
                            _by_index(progress))


@dataclass
class _Watch:
    """What ends the wait for the collecting processes: a stop signal here, or the time
    by which they should all have reported (their deadline, their cut, a margin)."""

    ends_at: float
    stop_requested: threading.Event

    def overdue(self) -> bool:
        return time.monotonic() > self.ends_at + 2 * GRACE_S + 5


def _receive(children: list[Any], out: multiprocessing.Queue[_Message], stop: Any,
             results: dict[int, DeviceRecording], progress: Progress | None,
             ended: dict[int, tuple[bool, float, float]], watch: _Watch) -> bool:
    """Recordings as the processes send them, until every process has ended (or died,
    or is overdue). Fills `ended` (whether each was cut short, its CPU seconds and peak
    RSS); returns whether the run was stopped here (Ctrl-C, SIGTERM, SIGHUP)."""
    interrupted = False
    while len(ended) < len(children):
        try:
            if watch.stop_requested.is_set() and not interrupted:
                interrupted = True
                stop.set()  # the processes cut what is under way and report it
            try:
                kind, key, value = out.get(timeout=0.5)
            except queue.Empty:
                if _lost(children, ended, out) or watch.overdue():
                    break
                continue
            if kind == "device":
                results[key] = value
                if progress is not None:
                    progress(value)
            else:
                ended[key] = value
        except KeyboardInterrupt:
            watch.stop_requested.set()
    return interrupted


def _lost(children: list[Any], ended: dict[int, tuple[bool, float, float]],
          out: multiprocessing.Queue[_Message]) -> bool:
    """True when every process that has not said "end" is gone and nothing is left to read
    (a process killed by the OS, say): waiting longer would wait for ever."""
    running = [c for k, c in enumerate(children) if k not in ended and c.is_alive()]
    return not running and out.empty()
