"""Per device over the period: availability, the readings trends are drawn from, and the
firmware and module changes between consecutive inspections that reached it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from inspector.model import FamilyStatus, InventoryItem, Snapshot
from inspector.report.metrics import cpu_pct, max_temperature, memory_pct
from inspector.report.period.runs import UNREACHED, PeriodRun

_USABLE = (FamilyStatus.OK, FamilyStatus.PARTIAL)


@dataclass(frozen=True)
class Availability:
    device: str
    answered: int
    included: int
    last_failure: datetime | None  # the start of the last run that could not read it

    @property
    def pct(self) -> float:
        return 100 * self.answered / self.included if self.included else 0.0


def availability(runs: Sequence[PeriodRun]) -> list[Availability]:
    """Each device of the period's runs, least available first."""
    answered: dict[str, int] = {}
    included: dict[str, int] = {}
    failed: dict[str, datetime] = {}
    for run in runs:
        for name, status in run.statuses.items():
            included[name] = included.get(name, 0) + 1
            answered[name] = answered.get(name, 0) + (status not in UNREACHED)
            if status in UNREACHED:
                failed[name] = run.started
    rows = [Availability(n, answered[n], included[n], failed.get(n)) for n in included]
    return sorted(rows, key=lambda a: (a.pct, a.device))


def ups_charge(snapshot: Snapshot) -> float | None:
    ups = snapshot.ups.data if snapshot.ups.status in _USABLE else None
    return None if ups is None or ups.charge_pct is None else float(ups.charge_pct)


def temperature(snapshot: Snapshot) -> float | None:
    sensor = max_temperature(snapshot)
    return None if sensor is None or sensor.value is None else float(sensor.value)


# The metrics drawn, in order: catalog key `period.trends.<name>` and how to read one.
METRICS: dict[str, Callable[[Snapshot], float | None]] = {
    "cpu": cpu_pct, "memory": memory_pct, "temperature": temperature,
    "ups_charge": ups_charge,
}


@dataclass
class Series:
    """One device's readings of one metric, oldest first."""

    device: str
    points: list[tuple[datetime, float]] = field(default_factory=list)

    @property
    def peak(self) -> float:
        return max(v for _, v in self.points)


def series(runs: Sequence[PeriodRun], metric: str) -> list[Series]:
    """Each device's readings of `metric` over the runs that read it (devices without any
    reading are left out), by device name."""
    read = METRICS[metric]
    found: dict[str, Series] = {}
    for run in runs:
        for name, snapshot in run.snapshots.items():
            if run.statuses.get(name) in UNREACHED:
                continue
            value = read(snapshot)
            if value is not None:
                found.setdefault(name, Series(name)).points.append((run.started, value))
    return [found[name] for name in sorted(found)]


@dataclass(frozen=True)
class Change:
    """A firmware or module change seen by the run started at `when`. `kind`: firmware,
    added, removed, serial, model, fw_version (catalog `period.changes.kind.*`); `item`:
    a facts field (`period.changes.field.*`) for firmware, else the module's name."""

    when: datetime
    device: str
    kind: str
    item: str
    before: str
    after: str


def _firmware(when: datetime, name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    old = a.facts.data if a.facts.status in _USABLE else None
    new = b.facts.data if b.facts.status in _USABLE else None
    if old is None or new is None:
        return []
    return [Change(when, name, "firmware", attr, getattr(old, attr) or "",
                   getattr(new, attr) or "")
            for attr in ("os_version", "patch", "image")
            if getattr(old, attr) != getattr(new, attr) and (getattr(old, attr)
                                                             or getattr(new, attr))]


def _modules(when: datetime, name: str, a: Snapshot, b: Snapshot) -> list[Change]:
    if a.inventory.status not in _USABLE or b.inventory.status not in _USABLE:
        return []
    old: dict[tuple[str, str], InventoryItem] = {(i.kind, i.name): i
                                                  for i in a.inventory.data or []}
    new = {(i.kind, i.name): i for i in b.inventory.data or []}
    changes = [Change(when, name, "removed", key[1], old[key].serial or "", "")
               for key in sorted(old.keys() - new.keys())]
    changes += [Change(when, name, "added", key[1], "", new[key].serial or "")
                for key in sorted(new.keys() - old.keys())]
    for key in sorted(old.keys() & new.keys()):
        for attr in ("serial", "model", "fw_version"):
            before, after = getattr(old[key], attr) or "", getattr(new[key], attr) or ""
            if before != after:
                changes.append(Change(when, name, attr, key[1], before, after))
    return changes


def changes(runs: Sequence[PeriodRun]) -> list[Change]:
    """Changes of each device between consecutive runs that reached it, oldest first."""
    last: dict[str, Snapshot] = {}
    found: list[Change] = []
    for run in runs:
        for name, snapshot in sorted(run.snapshots.items()):
            if run.statuses.get(name) in UNREACHED:
                continue
            if name in last:
                found += _firmware(run.started, name, last[name], snapshot)
                found += _modules(run.started, name, last[name], snapshot)
            last[name] = snapshot
    return found
