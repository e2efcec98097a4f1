"""The period's inspections, read from the run store once: each complete run with its
devices' statuses, findings and snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.model import Finding, Snapshot
from inspector.problems import RunFindings
from inspector.store.history import History

UNREACHED = ("unreachable", "failed")


@dataclass(frozen=True)
class PeriodRun:
    """One complete inspection of the period."""

    run_id: str
    started: datetime
    mode: str
    statuses: dict[str, str]  # device name -> collection status
    findings: list[Finding]
    snapshots: dict[str, Snapshot]

    @property
    def reached(self) -> frozenset[str]:
        return frozenset(n for n, s in self.statuses.items() if s not in UNREACHED)

    def as_run_findings(self) -> RunFindings:
        """What problem lifecycles need of it."""
        return RunFindings(self.run_id, self.started, self.reached, self.findings)


@dataclass(frozen=True)
class PeriodRuns:
    runs: list[PeriodRun]  # complete, oldest first
    incomplete: int  # runs of the period cut short (not counted)


def load_runs(store: History, start: datetime, end: datetime) -> PeriodRuns:
    """The runs started within [start, end)."""
    rows = [r for r in store.runs_between(start, end) if r.started < end]
    runs = [PeriodRun(r.run_id, r.started, r.mode, store.device_statuses(r.run_id),
                      store.findings(r.run_id), store.snapshots(r.run_id))
            for r in sorted(rows, key=lambda r: r.started) if r.complete]
    return PeriodRuns(runs, sum(not r.complete for r in rows))
