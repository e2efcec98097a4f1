"""Comparison with earlier runs: changed findings since each device's baseline, and trends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from statistics import mean

from inspector.changes import inventory_key, reached
from inspector.model import Finding, Run
from inspector.report.findings import LEVEL_RANK, level_counts, level_of
from inspector.report.metrics import cpu_pct, max_temperature

MAX_TREND_POINTS = 12


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.device, finding.check_id)


@dataclass
class Baseline:
    """The earlier run one device was compared with."""

    device: str
    run_id: str
    date: str


@dataclass
class Changes:
    """Findings new / resolved / persisting, each device against its own baseline: its last
    successful inspection in a complete run over the same inventory (or the run given with
    `--previous`). `previous` is the run most devices were compared with; `others` the
    devices compared with another one; `not_compared` the devices without a baseline."""

    previous: Run
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    persisting: list[Finding] = field(default_factory=list)
    devices_added: list[str] = field(default_factory=list)
    devices_removed: list[str] = field(default_factory=list)
    others: list[Baseline] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)
    # Failing now where the baseline did not check that item: not known to be new.
    unknown_before: list[Finding] = field(default_factory=list)


def earlier_runs(run: Run, history: Sequence[Run]) -> list[Run]:
    """History runs older than `run`, oldest first (the current run itself is dropped)."""
    return sorted((h for h in history if h.run_id != run.run_id and h.started < run.started),
                  key=lambda h: h.started)


def baselines(run: Run, history: Sequence[Run], *, explicit: bool = False) -> dict[str, Run]:
    """Each device's baseline among `history`: the newest earlier complete run over the same
    inventory (any run when `explicit`: the user named them) that reached the device."""
    key = inventory_key(run)
    candidates = [h for h in reversed(earlier_runs(run, history))
                  if explicit or (h.complete and (not key or inventory_key(h) == key))]
    reached_in = [(h, {d.device.name for d in h.devices if reached(d)}) for h in candidates]
    chosen: dict[str, Run] = {}
    for result in run.devices:
        name = result.device.name
        found = next((h for h, names in reached_in if name in names), None)
        if found is not None:
            chosen[name] = found
    return chosen


def _order(f: Finding) -> tuple[int, str, str]:
    return (LEVEL_RANK[level_of(f)], f.device, f.check_id)


def _compare(run: Run, chosen: dict[str, Run], result: Changes) -> None:
    """Fill new / resolved / persisting / unknown_before for the devices with a baseline."""
    now = {_key(f): f for f in run.findings if f.device in chosen}
    for name, base in chosen.items():
        before = {_key(f): f for f in base.findings if f.device == name}
        for key, finding in now.items():
            if key[0] != name or not finding.is_problem:
                continue
            old = before.get(key)
            if old is not None and old.is_problem:
                result.persisting.append(finding)
            elif old is not None and old.passed:
                result.new.append(finding)
            else:
                result.unknown_before.append(finding)
        # Resolved only when checked again and passed: a device unreachable now, or an item
        # not checked this time, has not shown that its problem is gone.
        result.resolved += [f for key, f in before.items()
                            if f.is_problem and key in now and now[key].passed]
    for items in (result.new, result.resolved, result.persisting, result.unknown_before):
        items.sort(key=_order)


def changes(run: Run, history: Sequence[Run], *, explicit: bool = False,
            zone: tzinfo | None = None) -> Changes | None:
    """Failing findings new / resolved / persisting, device by device against its baseline
    (see `baselines`); None when no device has one. A finding is the same when device and
    check id match. `zone`: the report's time zone, for the baselines' dates."""
    chosen = baselines(run, history, explicit=explicit)
    if not chosen:
        return None
    counts = Counter(b.run_id for b in chosen.values())
    previous = max(chosen.values(), key=lambda b: (counts[b.run_id], b.started))
    result = Changes(previous=previous)
    _compare(run, chosen, result)
    current = {d.device.name for d in run.devices}
    result.others = [Baseline(name, b.run_id, b.started.astimezone(zone).strftime("%Y-%m-%d"))
                     for name, b in sorted(chosen.items()) if b.run_id != previous.run_id]
    seen = {d.device.name for h in earlier_runs(run, history) for d in h.devices}
    result.devices_added = sorted(current - seen)  # never inspected before
    result.not_compared = sorted(current - chosen.keys() - set(result.devices_added))
    result.devices_removed = sorted({d.device.name for d in previous.devices} - current)
    return result


@dataclass
class TrendPoint:
    run_id: str
    label: str  # the run's date
    counts: dict[str, int]
    cpu_mean: float | None
    cpu_max: float | None
    temp_max: float | None
    devices: int


def _point(run: Run, zone: tzinfo | None) -> TrendPoint:
    cpus = [v for v in (cpu_pct(d.snapshot) for d in run.devices) if v is not None]
    temps = [s.value for s in (max_temperature(d.snapshot) for d in run.devices)
             if s is not None and s.value is not None]
    started = run.started.astimezone(zone) if zone else run.started
    return TrendPoint(
        run_id=run.run_id, label=started.strftime("%Y-%m-%d"),
        counts=level_counts(run.findings),
        cpu_mean=round(mean(cpus), 1) if cpus else None,
        cpu_max=max(cpus) if cpus else None,
        temp_max=max(temps) if temps else None,
        devices=len(run.devices))


def trend(run: Run, history: Sequence[Run], zone: tzinfo | None = None) -> list[TrendPoint]:
    """The last runs (at most MAX_TREND_POINTS, this one included), oldest first, labelled
    with their dates in `zone` (the report's time zone)."""
    earlier = earlier_runs(run, history)
    if not earlier:
        return []
    return [_point(r, zone) for r in [*earlier[-(MAX_TREND_POINTS - 1):], run]]
