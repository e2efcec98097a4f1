"""The runs a tracker is computed from, read from the history store.

"The same inventory" is the baselines' notion (changes.inventory_key): a live run follows
the earlier complete runs of its inventory file; a replay, an imported log or the demo has
no inventory file and follows any earlier run. Either way only the devices of the run shown
get rows, so a device dropped from the inventory leaves the table with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inspector.changes import inventory_key, reached
from inspector.model import Run
from inspector.problems import Lifecycle, RunFindings, lifecycles
from inspector.store.history import History
from inspector.tracker.assignments import Assignment, load_assignments
from inspector.tracker.table import (
    Tracker,
    TrackerRow,
    build_tracker,
    row_of,
    write_tracker,
)

_UNREACHED = ("unreachable", "failed")


def run_findings(store: History, run_id: str, started: datetime) -> RunFindings:
    """One stored run as lifecycles need it."""
    statuses = store.device_statuses(run_id)
    return RunFindings(run_id, started,
                       frozenset(n for n, s in statuses.items() if s not in _UNREACHED),
                       store.findings(run_id))


def of_run(run: Run) -> RunFindings:
    return RunFindings(run.run_id, run.started,
                       frozenset(r.device.name for r in run.devices if reached(r)),
                       run.findings)


def earlier_runs(store: History, run: Run) -> list[RunFindings]:
    """The complete runs before `run` over its inventory (any, for a run without one)."""
    key = inventory_key(run)
    rows = store.connection.execute(
        "SELECT run_id, started FROM runs WHERE complete = 1 AND run_id != ? "
        "AND started < ? AND (? = '' OR inventory = ?) ORDER BY started",
        (run.run_id, run.started.isoformat(), key, key)).fetchall()
    return [run_findings(store, run_id, datetime.fromisoformat(started))
            for run_id, started in rows]


def tracker_for_run(run: Run, store: History | None) -> Tracker:
    """The run's tracker: its problems followed through the earlier runs of its inventory
    (from `store`; the run alone without one), with the engineer's assignments."""
    earlier = earlier_runs(store, run) if store is not None else []
    assignments = load_assignments(store) if store is not None else {}
    lives = lifecycles([*earlier, of_run(run)])
    # A room's manual checks are findings about the room, not a device of the run.
    subjects = {r.device.name for r in run.devices} | {f.device for f in run.findings}
    return build_tracker(lives, assignments, current=run.started, devices=sorted(subjects))


def save_run_tracker(run: Run, folder: Path, store: History | None) -> Tracker:
    """Compute the run's tracker and keep it in its folder (tracker.json), so re-rendering
    the run later shows the same table without the store."""
    tracker = tracker_for_run(run, store)
    write_tracker(folder, tracker)
    return tracker


@dataclass(frozen=True)
class _Group:
    key: str
    newest: datetime
    runs: Sequence[tuple[str, datetime]]


def _groups(store: History, inventory: str | None) -> list[_Group]:
    """Complete runs by inventory, each group's newest first among groups."""
    rows = store.connection.execute(
        "SELECT inventory, run_id, started FROM runs WHERE complete = 1 ORDER BY started"
    ).fetchall()
    grouped: dict[str, list[tuple[str, datetime]]] = {}
    for key, run_id, started in rows:
        if inventory is None or key == inventory:
            grouped.setdefault(key, []).append((run_id, datetime.fromisoformat(started)))
    groups = [_Group(k, v[-1][1], v) for k, v in grouped.items()]
    return sorted(groups, key=lambda g: g.newest, reverse=True)


def _open_in(store: History, group: _Group) -> list[Lifecycle]:
    newest_id = group.runs[-1][0]
    # the run's devices, and the rooms its manual checks are about
    devices = set(store.device_statuses(newest_id)) | {
        f.device for f in store.findings(newest_id)}
    lives = lifecycles([run_findings(store, run_id, started) for run_id, started in group.runs])
    return [life for life in lives if life.open and life.device in devices]


def open_problems(store: History, inventory: str | None = None) -> list[TrackerRow]:
    """Every problem open as of each inventory's newest complete run (only `inventory`'s,
    an inventory file's absolute path or "" for replays and the demo, when given), with its
    assignment. A problem open in several inventories' runs is listed once, as the newest
    run saw it."""
    assignments: dict[str, Assignment] = load_assignments(store)
    rows: dict[str, TrackerRow] = {}
    for group in _groups(store, inventory):
        for life in _open_in(store, group):
            rows.setdefault(life.id, row_of(life, assignments.get(life.id)))
    return list(rows.values())


def known_problems(store: History) -> dict[str, Lifecycle]:
    """Every problem any complete run saw, by id (what an imported sheet may name)."""
    known: dict[str, Lifecycle] = {}
    for group in _groups(store, None):
        lives = lifecycles([run_findings(store, run_id, started)
                            for run_id, started in group.runs])
        for life in lives:
            known.setdefault(life.id, life)
    return known
