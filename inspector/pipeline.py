"""Orchestration: captures -> snapshots -> (findings) -> run folder.

Every mode ends the same way: a `Run` with one `DeviceResult` per device, written as
`<out>/<run-id>/results.json` next to the run's bundle. A device whose parsing blows up is a
recorded failure of that device, never the end of the run.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from inspector import __version__
from inspector.access import access
from inspector.changes import reached
from inspector.checks import RuleSet, load_rules, run_checks
from inspector.configs.archive import archive_run
from inspector.errors import ConfigurationError, InputError
from inspector.fileio import atomic_write, read_bytes
from inspector.inventory import Host
from inspector.manual import ManualInput
from inspector.model import (
    DeviceResult,
    InputProblem,
    Run,
    Snapshot,
)
from inspector.parsing.device import canonical_names, inspect_json, inspect_one
from inspector.parsing.platforms import DefinitionError, get_platform
from inspector.parsing.sessionlog import SessionLogError, read_session_log
from inspector.runner import Progress, can_spawn, collect_all
from inspector.store import runfolder
from inspector.store.bundle import (
    DeviceRecording,
    plan_bundle,
    read_bundle,
    safe_name,
    write_bundle,
    write_planned,
)
from inspector.store.commandlog import write_command_log
from inspector.store.history import History
from inspector.store.partial import removes_unwritten_run
from inspector.transports.registry import collector_for

RESULTS = "results.json"
KNOWN_HOSTS = "known_hosts"  # SSH host keys seen, beside the history database
BUNDLE_DIR = "bundle"


def new_run_id(now: datetime | None = None) -> str:
    """A fresh run id (store/runfolder.py: a run's folder is claimed with its id)."""
    return runfolder.new_run_id(now)


def _history(checks: CheckSettings | None) -> History | None:
    return checks.history if checks is not None else None


# From this many devices parsing is split across processes, one per core: TextFSM is pure
# Python under one interpreter lock, and a spawned process costs about a second to start
# (measured: docs/scaling.md).
PARALLEL_FROM = 150


def parse_processes(devices: int) -> int:
    return min(os.cpu_count() or 1, 8) if devices >= PARALLEL_FROM else 1


def inspect_all(recordings: Iterable[DeviceRecording], processes: int | None = None,
                meanwhile: Callable[[], object] | None = None) -> list[DeviceResult]:
    """Every device's result, in order; `processes` (default: `parse_processes`) share
    the work. Spawned, not forked: a forked copy of a lock held by another thread (a
    progress bar, the lab) would never be released.

    `meanwhile` runs once, in this process, while the others parse (before parsing when
    there are none): writing the run's bundle there costs no time. Not on a thread: a
    thread that waits on the disk thousands of times waits for the interpreter lock each
    time while this one parses (measured: 4,800 small files written in 0.4 s alone took
    90 s beside a thread that computes)."""
    recordings = list(recordings)
    count = processes if processes is not None else parse_processes(len(recordings))
    pending = meanwhile
    if count > 1 and len(recordings) > 1 and can_spawn():
        chunk = max(1, math.ceil(len(recordings) / (count * 4)))
        try:
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) \
                    as pool:
                texts = pool.map(inspect_json, recordings, chunksize=chunk)
                if pending is not None:
                    pending()
                    pending = None
                return [DeviceResult.model_validate_json(text) for text in texts]
        except BrokenProcessPool:
            pass  # a process died (out of memory, killed): this one parses them all
    if pending is not None:
        pending()
    return [inspect_one(rec) for rec in recordings]


@dataclass
class RunOutput:
    run: Run
    folder: Path


class NothingImportableError(InputError):
    """No input of an import could be used: there is no run to record or report."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__(f"none of the {len(problems)} files could be imported")
        self.problems = problems


@dataclass
class CheckSettings:
    """What the check stage needs besides the snapshots."""

    rules: RuleSet | None = None  # None: the built-in pack
    # Last snapshot per device name; None: each device's latest in the history store.
    previous: Mapping[str, Snapshot] | None = None
    overrides: Mapping[str, Any] | None = None  # {"groups": {...}, "devices": {...}}
    history: History | None = None  # where runs are recorded (and previous ones read)
    # `--previous RUN`: the run every device is compared with (`previous` holds its
    # snapshots); None: each device's own baseline from the history store.
    baseline: Run | None = None
    # `--manual FILE`: the engineer's filled checklist, read into the run's findings.
    manual: ManualInput | None = None


def load_previous(run_dir: Path) -> Run:
    """An earlier run, from its folder (or its results.json), to compare with; raises
    ConfigurationError (a ValueError) when it cannot be read."""
    path = run_dir / RESULTS if run_dir.is_dir() else run_dir
    try:
        return Run.model_validate_json(read_bytes(path))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"{path}: cannot read the previous run: {exc}") from exc


def previous_snapshots(run_dir: Path | Run) -> dict[str, Snapshot]:
    """The snapshots of an earlier run, by device name, for changes over time: only the
    devices it reached (an unreachable device's empty snapshot is no baseline)."""
    earlier = run_dir if isinstance(run_dir, Run) else load_previous(run_dir)
    return {d.device.name: d.snapshot for d in earlier.devices if reached(d)}


def _outputs(recordings: list[DeviceRecording]) -> dict[str, dict[str, str]]:
    """Device -> full command -> raw output: what checks quote as evidence."""
    result: dict[str, dict[str, str]] = {}
    for rec in recordings:
        try:
            canonical = canonical_names(rec.device.platform)
        except DefinitionError:
            continue
        outputs: dict[str, str] = {}
        for capture in rec.captures:
            key = canonical(capture.command) or capture.command
            # A whole output is what families were read from: a filtered one typed too
            # (`sh proc cpu | i CPU`) never takes its place as evidence.
            if key not in outputs or not _filtered(rec.device.platform, capture.command):
                outputs[key] = capture.output
        result[rec.device.name] = outputs
    return result


def _filtered(platform_name: str, command: str) -> bool:
    definition = access(platform_name).os
    if definition is None:
        return False
    found = get_platform(definition).match(command)
    return found is not None and found.filtered


def _write_results(folder: Path, run: Run) -> Path:
    """results.json, replaced atomically: a reader never sees half a file."""
    return atomic_write(folder / RESULTS, [run.model_dump_json(indent=1), "\n"])


@removes_unwritten_run  # a disk full here: one error, no half-written run folder
def finish_run(run: Run, recordings: list[DeviceRecording], out: Path,
               checks: CheckSettings | None = None) -> RunOutput:
    """Parse, check, and write the run folder: results.json, commands.log and the bundle."""
    settings = checks or CheckSettings()
    # Read before anything is written: a sheet naming no device of the run stops here.
    manual = settings.manual
    record = manual.read([rec.device for rec in recordings]) if manual else None
    folder = out / safe_name(run.run_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Also sets each recording's capture file names as they are in *this* run's bundle.
    bundle = plan_bundle(folder / BUNDLE_DIR, recordings, source=run.mode)
    write_command_log(folder, recordings)
    run.devices = inspect_all(recordings, meanwhile=lambda: write_planned(bundle))
    history = settings.history
    archive_run(run, recordings, folder, history,
                settings.baseline.run_id if settings.baseline is not None else None)
    previous = settings.previous
    if previous is None and history is not None:
        # Each device's own last successful inspection over the same inventory.
        previous = history.latest_snapshots([d.device.name for d in run.devices], run=run)
    run.findings = run_checks(run.devices, _outputs(recordings),
                              settings.rules or load_rules(), previous=previous,
                              overrides=settings.overrides)
    if manual is not None and record is not None:
        run.findings += manual.attach(record, folder)
    run.ended = run.ended or datetime.now(UTC)  # set already: an import's own time
    _write_results(folder, run)
    if history is not None:
        history.record(run, folder)
    return RunOutput(run=run, folder=folder)


def replay(bundle: Path, out: Path, run_id: str | None = None,
           checks: CheckSettings | None = None, profile: str = "monthly",
           replace: bool = False) -> RunOutput:
    """Inspect the devices recorded in `bundle` exactly as if they had been collected.
    `replace`: reuse the folder of `run_id` if it exists (else a taken id is refused)."""
    started = datetime.now(UTC)
    recordings = read_bundle(bundle)
    run_id, _ = runfolder.claim_run_folder(out, run_id, started, _history(checks), replace)
    run = Run(run_id=run_id, mode="replay", started=started,
              source=str(bundle), tool_version=__version__, profile=profile)
    return finish_run(run, recordings, out, checks)


def import_logs(paths: list[Path], out: Path, platform: str | None = None,
                run_id: str | None = None, checks: CheckSettings | None = None,
                assume: tzinfo = UTC) -> RunOutput:
    """Split each session log into one device's captures and inspect them all. A file that
    cannot be imported is recorded as a problem of the run; the other files still run.
    Raises NothingImportableError, writing nothing, when no file can be imported.

    The run carries the logs' own time when every log shows it (an inspection done last
    week is dated last week); a log time without a zone is taken in `assume`."""
    started = datetime.now(UTC)
    run = Run(run_id=run_id or new_run_id(started), mode="import-log", started=started,
              source=", ".join(str(p) for p in paths), tool_version=__version__)
    recordings = []
    names: set[str] = set()
    taken: list[datetime | None] = []
    for path in paths:
        try:
            log = read_session_log(path, platform, assume)
        except SessionLogError as exc:
            run.problems.append(InputProblem(source=str(path), message=str(exc)))
            continue
        taken.append(log.taken_at)
        if log.taken_at is not None:  # each device's snapshot dated by its own log
            log.captures = [c.model_copy(update={"started": log.taken_at,
                                                 "ended": log.taken_at})
                            for c in log.captures]
        device = log.device
        if device.name in names:  # two logs of one device (or of same-named devices)
            device = device.model_copy(update={"name": f"{device.name} ({path.stem})"})
        names.add(device.name)
        captures = [c.model_copy(update={"device": device.name}) for c in log.captures]
        recordings.append(DeviceRecording(device=device, captures=captures))
    if not recordings:
        raise NothingImportableError(run.problems)
    run.run_id, _ = runfolder.claim_run_folder(out, run_id, started, _history(checks))
    if taken and all(moment is not None for moment in taken):
        run.started = min(m.astimezone(UTC) for m in taken if m is not None)
        run.ended = max(m.astimezone(UTC) for m in taken if m is not None)
    return finish_run(run, recordings, out, checks)


def collect(hosts: list[Host], out: Path, *, workers: int = 32, run_id: str | None = None,
            record: Path | None = None, progress: Progress | None = None,
            mode: str = "live", source: str = "",
            checks: CheckSettings | None = None, profile: str = "monthly",
            deadline_s: float | None = None, processes: int | None = None) -> RunOutput:
    """Collect `hosts` over SSH, then inspect and write the run folder (and, with `record`,
    a copy of the bundle there too). `processes`: see runner.collect_all."""
    started = datetime.now(UTC)
    # The demo writes its fixed folder again; any other run gets a folder of its own.
    run_id, _ = runfolder.claim_run_folder(out, run_id, started, _history(checks),
                                           replace=mode == "demo")
    run = Run(run_id=run_id, mode="demo" if mode == "demo" else "live",
              started=started, source=source, tool_version=__version__,
              profile=profile)
    hosts = [h if h.transport.known_hosts else h.model_copy(update={
        "transport": h.transport.model_copy(update={"known_hosts": out / KNOWN_HOSTS})})
        for h in hosts]
    if checks is not None and checks.history is not None:
        # Registered before collecting: a run killed now stays in the store as incomplete.
        checks.history.begin_run(run, out / safe_name(run.run_id))
    collection = collect_all(hosts, workers=workers, progress=progress,
                             collector_for=collector_for, deadline_s=deadline_s,
                             processes=processes)
    run.complete = not collection.interrupted
    output = finish_run(run, collection.recordings, out, checks)
    if record is not None:
        write_bundle(record, collection.recordings, source=run.mode)
    return output
