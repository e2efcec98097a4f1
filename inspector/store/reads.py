"""Reading the run history: the runs, a run's snapshots and findings, each device's
baseline and series (History's read side; store/history.py holds the writes).

Only complete runs are baselines, trends and period figures: a run killed halfway stays
in the store, marked incomplete, and is never compared with.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from inspector.changes import inventory_key
from inspector.errors import InspectorError
from inspector.model import Finding, Run, Snapshot
from inspector.store.schema import devices, findings, not_folded, runs

_UNREACHED = ("unreachable", "failed")
_REACHED = ("complete", "partial")


class HistoryError(InspectorError, RuntimeError):
    """The store cannot be opened or does not hold what was asked for."""


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started: datetime
    ended: datetime | None
    mode: str
    source: str
    folder: str
    complete: bool
    devices: int
    unreachable: int
    findings: dict[str, int]


def _counted(run_id: Any, statuses: Sequence[str] | None = None) -> Any:
    query = select(func.count()).select_from(devices).where(devices.c.run_id == run_id)
    if statuses is not None:
        query = query.where(devices.c.status.in_(statuses))
    return query.scalar_subquery()


class Reads(ABC):
    """The read side of History; `_rows` runs one query (none while offline)."""

    @abstractmethod
    def _rows(self, query: Select[Any]) -> Sequence[Any]: ...

    @property
    @abstractmethod
    def dialect(self) -> str: ...

    @property
    @abstractmethod
    def where(self) -> str: ...

    def runs(self, limit: int = 50) -> list[RunRow]:
        r = runs.c
        rows = self._rows(select(
            r.run_id, r.started, r.ended, r.mode, r.source, r.folder, r.complete,
            _counted(r.run_id), _counted(r.run_id, _UNREACHED),
        ).order_by(r.started.desc()).limit(limit))
        f = findings.c
        counts: dict[str, dict[str, int]] = {}
        for run_id, severity, count in self._rows(
                select(f.run_id, f.severity, func.count())
                .where(f.passed == 0, f.severity.is_not(None), not_folded(self.dialect))
                .group_by(f.run_id, f.severity)):
            counts.setdefault(run_id, {})[severity] = count
        return [
            RunRow(run_id=row[0], started=datetime.fromisoformat(row[1]),
                   ended=datetime.fromisoformat(row[2]) if row[2] else None, mode=row[3],
                   source=row[4], folder=row[5], complete=bool(row[6]), devices=row[7],
                   unreachable=row[8], findings=counts.get(row[0], {}))
            for row in rows
        ]

    def _require(self, run_id: str) -> None:
        if not self._rows(select(runs.c.complete).where(runs.c.run_id == run_id)):
            raise HistoryError(f"{self.where}: no run {run_id!r} (see `inspector history`)")

    def snapshots(self, run_id: str) -> dict[str, Snapshot]:
        self._require(run_id)
        return {name: Snapshot.model_validate_json(snapshot) for name, snapshot in self._rows(
            select(devices.c.name, devices.c.snapshot).where(devices.c.run_id == run_id))}

    def findings(self, run_id: str) -> list[Finding]:
        self._require(run_id)
        return [Finding.model_validate_json(text) for (text,) in self._rows(
            select(findings.c.finding).where(findings.c.run_id == run_id))]

    def baselines(self, names: list[str], run: Run) -> dict[str, tuple[str, datetime]]:
        """Each device's baseline for `run`: (run id, start) of the newest complete run
        before it, over the same inventory (any run when `run` has none: a replay), that
        reached the device. Devices with none are left out."""
        key = inventory_key(run)
        result: dict[str, tuple[str, datetime]] = {}
        for name in names:
            query = (select(runs.c.run_id, runs.c.started)
                     .join(devices, devices.c.run_id == runs.c.run_id)
                     .where(devices.c.name == name, runs.c.complete == 1,
                            runs.c.run_id != run.run_id,
                            runs.c.started < run.started.isoformat(),
                            devices.c.status.in_(_REACHED))
                     .order_by(runs.c.started.desc()).limit(1))
            if key:
                query = query.where(runs.c.inventory == key)
            found = self._rows(query)
            if found:
                result[name] = (found[0][0], datetime.fromisoformat(found[0][1]))
        return result

    def folder_of(self, run_id: str) -> Path | None:
        found = self._rows(select(runs.c.folder).where(runs.c.run_id == run_id))
        return Path(found[0][0]) if found else None

    def snapshot(self, run_id: str, name: str) -> Snapshot | None:
        found = self._rows(select(devices.c.snapshot).where(devices.c.run_id == run_id,
                                                            devices.c.name == name))
        return Snapshot.model_validate_json(found[0][0]) if found else None

    def latest_snapshots(self, names: list[str], before: str | None = None,
                         run: Run | None = None) -> dict[str, Snapshot]:
        """Each device's snapshot from its baseline (see `baselines`): what a new run
        compares with. Without `run`: the newest complete run reaching it, except `before`."""
        if run is None:
            run = Run(run_id=before or "", mode="replay", started=datetime.max.replace(
                tzinfo=UTC))
        result: dict[str, Snapshot] = {}
        for name, (run_id, _) in self.baselines(names, run).items():
            snapshot = self.snapshot(run_id, name)
            if snapshot is not None:
                result[name] = snapshot
        return result

    def series(self, device: str, last: int = 12) -> list[tuple[str, datetime, Snapshot]]:
        """(run id, start, snapshot) of `device` over its last complete runs, oldest first."""
        rows = self._rows(
            select(runs.c.run_id, runs.c.started, devices.c.snapshot).select_from(devices)
            .join(runs, runs.c.run_id == devices.c.run_id)
            .where(devices.c.name == device, runs.c.complete == 1)
            .order_by(runs.c.started.desc()).limit(last))
        return [(run_id, datetime.fromisoformat(started), Snapshot.model_validate_json(s))
                for run_id, started, s in reversed(rows)]

    def finding_counts(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Failed findings of complete runs started within [start, end]."""
        f = findings.c
        rows = self._rows(
            select(f.run_id, runs.c.started, f.device, f.check_id, f.category, f.severity)
            .select_from(findings).join(runs, runs.c.run_id == f.run_id)
            .where(runs.c.complete == 1, f.passed == 0, f.severity.is_not(None),
                   # a fact folded into another finding of the same fault is counted there
                   not_folded(self.dialect),
                   runs.c.started >= start.isoformat(), runs.c.started <= end.isoformat()))
        keys = ("run_id", "started", "device", "check_id", "category", "severity")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def device_statuses(self, run_id: str) -> dict[str, str]:
        """Each device's collection status in one run."""
        return dict(self._rows(
            select(devices.c.name, devices.c.status).where(devices.c.run_id == run_id)))

    def runs_between(self, start: datetime, end: datetime) -> list[RunRow]:
        return [r for r in self.runs(limit=100_000) if start <= r.started <= end]
