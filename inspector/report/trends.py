"""Comparison with earlier runs: changed findings since the previous run, and trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import mean

from inspector.model import Finding, Run
from inspector.report.findings import LEVEL_RANK, failing, level_counts, level_of
from inspector.report.metrics import cpu_pct, max_temperature

MAX_TREND_POINTS = 12


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.device, finding.check_id)


@dataclass
class Changes:
    previous: Run
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    persisting: list[Finding] = field(default_factory=list)
    devices_added: list[str] = field(default_factory=list)
    devices_removed: list[str] = field(default_factory=list)


def earlier_runs(run: Run, history: Sequence[Run]) -> list[Run]:
    """History runs older than `run`, oldest first (the current run itself is dropped)."""
    return sorted((h for h in history if h.run_id != run.run_id and h.started < run.started),
                  key=lambda h: h.started)


def changes(run: Run, history: Sequence[Run]) -> Changes | None:
    """Failing findings new / resolved / persisting against the latest earlier run.

    A finding is the same when device and check id match; a finding of a device the
    earlier run did not have is new.
    """
    earlier = earlier_runs(run, history)
    if not earlier:
        return None
    previous = earlier[-1]
    now = {_key(f): f for f in failing(run.findings)}
    before = {_key(f): f for f in failing(previous.findings)}

    def order(f: Finding) -> tuple[int, str, str]:
        return (LEVEL_RANK[level_of(f)], f.device, f.check_id)

    current_devices = {d.device.name for d in run.devices}
    previous_devices = {d.device.name for d in previous.devices}
    return Changes(
        previous=previous,
        new=sorted((f for k, f in now.items() if k not in before), key=order),
        # Resolved only when the device was inspected again: a device missing from this
        # run has not shown that its problem is gone.
        resolved=sorted((f for k, f in before.items()
                         if k not in now and f.device in current_devices), key=order),
        persisting=sorted((f for k, f in now.items() if k in before), key=order),
        devices_added=sorted(current_devices - previous_devices),
        devices_removed=sorted(previous_devices - current_devices),
    )


@dataclass
class TrendPoint:
    run_id: str
    label: str  # the run's date
    counts: dict[str, int]
    cpu_mean: float | None
    cpu_max: float | None
    temp_max: float | None
    devices: int


def _point(run: Run) -> TrendPoint:
    cpus = [v for v in (cpu_pct(d.snapshot) for d in run.devices) if v is not None]
    temps = [s.value for s in (max_temperature(d.snapshot) for d in run.devices)
             if s is not None and s.value is not None]
    return TrendPoint(
        run_id=run.run_id, label=run.started.strftime("%Y-%m-%d"),
        counts=level_counts(run.findings),
        cpu_mean=round(mean(cpus), 1) if cpus else None,
        cpu_max=max(cpus) if cpus else None,
        temp_max=max(temps) if temps else None,
        devices=len(run.devices))


def trend(run: Run, history: Sequence[Run]) -> list[TrendPoint]:
    """The last runs (at most MAX_TREND_POINTS, this one included), oldest first."""
    earlier = earlier_runs(run, history)
    if not earlier:
        return []
    return [_point(r) for r in [*earlier[-(MAX_TREND_POINTS - 1):], run]]
