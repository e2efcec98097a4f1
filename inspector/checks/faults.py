"""One physical fault, one problem: folding findings that state the same fault twice, and
the readings a finding keeps of the values it judged.

A failed power supply fails `power.psu_failed` and, on a two-supply device, also
`power.redundancy`; an outage puts a UPS on battery and drops its input voltage to 0 V.
Each check is right, but a customer reading two problems (and a score lowered twice) for
one failed part is misled. A rule names the checks that already state its fault
(`same_fault_as`); when one of those fails on the same device, this finding's facts are
added to it, the group is graded at its worst level, and this finding is marked `part_of`
it: listed in the checklist as failed, counted once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from inspector.catalog import render, separator
from inspector.checks.base import Hit, Text
from inspector.checks.rules import Resolved
from inspector.model import Evidence, Finding, Reading, Severity

# Every failing value is kept; passing ones while a check looked at this few (a room probe's
# sensors, a UPS), not the hundreds of interfaces of a core switch.
MAX_PASSING_READINGS = 16
_ORDER = list(Severity)


def _scalar(value: Any) -> float | int | str | bool | None:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _rule_bounds(resolved: Resolved) -> dict[Severity, list[float | None]]:
    """A range rule's levels as [low, high] (other comparisons have no range to print)."""
    if resolved.rule.compare != "outside":
        return {}
    return {s: list(v) for s, v in resolved.thresholds.items()
            if isinstance(v, (list, tuple)) and len(v) == 2}


def _said(text: Text | None, lang: str) -> str | None:
    return None if text is None else render(text, lang)


def readings(hits: Sequence[Hit], resolved: Resolved, limit: Text | None) -> list[Reading]:
    """What a finding records of its hits: every graded one, the others while few."""
    shown = [h for h in hits if h.severity is not None]
    if len(hits) <= MAX_PASSING_READINGS:
        shown = list(hits)
    bounds = _rule_bounds(resolved)
    return [Reading(subject=h.subject, value=_scalar(h.value), unit=h.unit or resolved.rule.unit,
                    severity=h.severity, limit=_said(h.limit or limit, "en"),
                    limit_zh=_said(h.limit or limit, "zh"),
                    bounds=h.own_bounds if h.own_bounds is not None else bounds,
                    own_limits=h.own_bounds is not None) for h in shown]


def _failing(finding: Finding) -> bool:
    return not finding.passed and finding.not_checked_reason is None


def _worse(a: Severity | None, b: Severity | None) -> Severity | None:
    if a is None or b is None:
        return a or b
    return a if _ORDER.index(a) <= _ORDER.index(b) else b


def _root(check_id: str, targets: dict[str, str]) -> str:
    """The finding `check_id` folds into, following chains; itself when a chain loops."""
    seen = [check_id]
    while seen[-1] in targets:
        following = targets[seen[-1]]
        if following in seen:
            return check_id
        seen.append(following)
    return seen[-1]


def _merged(parent: str | None, child: str | None, lang: str) -> str:
    """The parent's observation with the child's facts it does not already state."""
    sep = separator(lang)
    said = (parent or "").split(sep)
    new = [x for x in (child or "").split(sep) if x and x not in said]
    return sep.join(x for x in (parent, *new) if x)


def _joined(parent: list[Evidence], child: list[Evidence]) -> list[Evidence]:
    """Both findings' evidence, one block per command (an SNMP query holds many values)."""
    lines: dict[str, list[str]] = {}
    for evidence in (*parent, *child):
        bucket = lines.setdefault(evidence.command, [])
        bucket += [line for line in evidence.lines if line not in bucket]
    return [Evidence(command=command, lines=shown) for command, shown in lines.items()]


def _absorb(parent: Finding, child: Finding) -> Finding:
    evidence = _joined(parent.evidence, child.evidence)
    return parent.model_copy(update={
        "severity": _worse(parent.severity, child.severity),
        "observed": _merged(parent.observed, child.observed, "en"),
        "observed_zh": _merged(parent.observed_zh, child.observed_zh, "zh"),
        "evidence": evidence, "readings": parent.readings + child.readings})


def fold_same_faults(findings: Iterable[Finding],
                     same_fault_as: dict[str, list[str]]) -> list[Finding]:
    """`findings` (of one or many devices, in order) with each failing finding whose rule
    names a failing finding of the same device folded into that one (see the module)."""
    result = list(findings)
    by_device: dict[str, dict[str, int]] = {}
    for index, finding in enumerate(result):
        if _failing(finding):
            by_device.setdefault(finding.device, {})[finding.check_id] = index
    for failing in by_device.values():
        targets = {cid: next(t for t in same_fault_as[cid] if t in failing)
                   for cid in failing
                   if any(t in failing for t in same_fault_as.get(cid, ()))}
        for check_id in targets:
            root = _root(check_id, targets)
            if root == check_id:
                continue  # rules that name each other: leave both standing
            child = result[failing[check_id]]
            result[failing[root]] = _absorb(result[failing[root]], child)
            result[failing[check_id]] = child.model_copy(update={"part_of": root})
    return result
