"""Problems: one failing check on one subject of one device, followed from run to run.

A finding says "ports.down failed on core-sw1" with the ports it judged as readings; the
customer follows *problems*: "Gi0/3 on core-sw1 is down", open since 3 March, still open.
A problem's id is stable across runs because it is derived from what it is about (device +
check + subject), never from a run, so the tracker sheet, the report and the period summary
all name the same problem the same way, and a problem persisting over three runs is one
problem, not three.

A problem is resolved by a later run that reached the device and judged the check without
finding it; a run that did not reach the device, or could not judge the check (未检), says
nothing about it, so it stays open.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from inspector.manual.items import CATEGORY as MANUAL_CATEGORY
from inspector.model import Finding, Severity

# The status of a problem in the newest run of a sequence (问题跟踪表: 新增/持续/已解决).
STATUSES = ("new", "persisting", "resolved")
_ORDER = {"critical": 0, "major": 1, "minor": 2, "info": 3}


# A log check's subject is its pattern's label with how often it was seen ("fan failure
# ×3"): the count changes from run to run, the problem does not.
_LOG_COUNT = re.compile(r"\s*×\d+$")


def subject_key(check_id: str, subject: str) -> str:
    """What a problem is about, as its identity takes it (a log label without its count)."""
    return _LOG_COUNT.sub("", subject) if check_id.startswith("logs.") else subject


def problem_id(device: str, check_id: str, subject: str = "") -> str:
    """The id of the problem `check_id` found on `subject` of `device`: the same in every
    run and on every machine (a digest of the three, so no store is needed to agree)."""
    text = "\x1f".join((device, check_id, subject))
    return "P-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8].upper()


@dataclass(frozen=True)
class Occurrence:
    """A problem as one run saw it."""

    id: str
    device: str
    check_id: str
    category: str
    subject: str
    severity: Severity
    finding: Finding


def occurrences(findings: Iterable[Finding]) -> list[Occurrence]:
    """The problems of one run's findings: one per failing subject of each failing finding
    (a finding whose readings name no failing subject is one problem of its own)."""
    result: list[Occurrence] = []
    for finding in findings:
        if not finding.is_problem or finding.severity is None:
            continue
        subjects: dict[str, Severity] = {}
        for reading in finding.readings:
            key = subject_key(finding.check_id, reading.subject)
            if reading.severity is not None and key not in subjects:
                subjects[key] = reading.severity
        if not subjects:
            subjects[""] = finding.severity
        result.extend(
            Occurrence(problem_id(finding.device, finding.check_id, subject), finding.device,
                       finding.check_id, finding.category, subject, severity, finding)
            for subject, severity in subjects.items())
    return result


@dataclass(frozen=True)
class RunFindings:
    """What lifecycles need of one run: when it started, the devices it reached (inspected,
    not unreachable or failed) and all its findings, passed and not checked included."""

    run_id: str
    started: datetime
    reached: frozenset[str]
    findings: Sequence[Finding]


@dataclass
class Lifecycle:
    """One problem over a sequence of runs."""

    id: str
    device: str
    check_id: str
    category: str
    subject: str
    severity: Severity  # as last seen
    worst: Severity
    first_seen: datetime
    last_seen: datetime
    resolved: datetime | None = None  # the start of the run that found it gone
    runs: list[str] = field(default_factory=list)  # the runs that saw it
    finding: Finding | None = None  # the last finding that stated it
    status: str = "new"  # one of STATUSES, as of the newest run
    since: datetime | None = None  # the start of the current open spell (after a reopening)
    reopened: int = 0  # times it came back after being resolved

    @property
    def open(self) -> bool:
        return self.resolved is None

    def age_days(self, now: datetime) -> int:
        """Whole days from first seen to `now` (or to its resolution)."""
        return max(0, ((self.resolved or now) - self.first_seen).days)


def _judged(run: RunFindings) -> set[tuple[str, str]]:
    """(device, check) pairs the run judged: reached, and a verdict rather than 未检. A
    manual check is judged by the engineer on site, reached or not (a room is never)."""
    return {(f.device, f.check_id) for f in run.findings
            if (f.device in run.reached or f.category == MANUAL_CATEGORY)
            and f.not_checked_reason is None}


def lifecycles(runs: Sequence[RunFindings]) -> list[Lifecycle]:
    """Every problem seen in `runs` (any order: taken oldest first), with its status as of
    the newest run; most severe and oldest first."""
    ordered = sorted(runs, key=lambda r: r.started)
    known: dict[str, Lifecycle] = {}
    for run in ordered:
        seen = occurrences(run.findings)
        for occ in seen:
            life = known.get(occ.id)
            if life is None:
                life = known[occ.id] = Lifecycle(
                    occ.id, occ.device, occ.check_id, occ.category, occ.subject,
                    occ.severity, occ.severity, run.started, run.started, since=run.started)
            elif not life.open:  # back after being resolved: the same problem, reopened
                life.resolved, life.since, life.reopened = None, run.started, life.reopened + 1
            life.severity, life.last_seen, life.finding = occ.severity, run.started, occ.finding
            life.worst = min(life.worst, occ.severity, key=lambda s: _ORDER[s.value])
            life.runs.append(run.run_id)
        present = {occ.id for occ in seen}
        judged = _judged(run)
        for life in known.values():
            if life.open and life.id not in present and (life.device, life.check_id) in judged:
                life.resolved = run.started
    newest = ordered[-1].started if ordered else None
    for life in known.values():
        if not life.open:
            life.status = "resolved"
        elif life.since == newest:
            life.status = "new"
        else:
            life.status = "persisting"
    return sorted(known.values(),
                  key=lambda x: (x.resolved is not None, _ORDER[x.worst.value], x.first_seen,
                                 x.device, x.check_id, x.subject))
