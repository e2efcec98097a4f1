"""The check engine: every rule over every device, one `Finding` per (check, device).

A finding is one of: failed (severity set, offending subjects, evidence), passed
(``passed=True``, what was looked at), or not checked (``not_checked_reason`` and its
``not_checked_cause``). A check whose families failed or were not collected is *not
checked*, never passed; one whose families the platform cannot report (``unsupported``)
is not checked with the cause ``not_applicable``, so that a device's coverage lists every
item of its checklist. A threshold metric that finds no value to compare is not checked
either: passing needs data.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from inspector.checks.base import (
    USABLE,
    Context,
    Hit,
    NotChecked,
    Outcome,
    family_cause,
    fmt,
)
from inspector.checks.code import CODE_CHECKS
from inspector.checks.evidence import collect
from inspector.checks.faults import fold_same_faults, readings
from inspector.checks.metrics import METRICS
from inspector.checks.rules import SEVERITIES, Overrides, Resolved, RuleSet, parse_overrides
from inspector.model import DeviceResult, DeviceStatus, FamilyStatus, Finding, Severity, Snapshot

log = logging.getLogger(__name__)

MAX_SHOWN = 8
_SYMBOL = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "=", "!=": "≠"}


def compare(op: str, value: Any, limit: Any) -> bool:
    """The declarative comparisons a rule may name (no user expression is evaluated)."""
    if value is None:
        return False
    if op == "outside":
        low, high = limit
        return bool(value < low or value > high)
    if op in ("==", "!="):
        return (value == limit) is (op == "==")
    ops = {">": value > limit, ">=": value >= limit, "<": value < limit, "<=": value <= limit}
    return bool(ops[op])


def grade(resolved: Resolved, value: Any) -> Severity | None:
    """The most severe level whose threshold `value` crosses."""
    op = resolved.rule.compare
    for severity in SEVERITIES:
        limit = resolved.thresholds.get(severity)
        if op is not None and limit is not None and compare(op, value, limit):
            return severity
    return None


def _limit_text(op: str, limit: Any, unit: str) -> str:
    if op == "outside":
        return f"outside {fmt(limit[0])}–{fmt(limit[1])}{unit}"
    if isinstance(limit, bool):
        return f"{_SYMBOL[op]} {'yes' if limit else 'no'}"
    return f"{_SYMBOL[op]} {fmt(limit)}{unit}"


def threshold_text(resolved: Resolved) -> str:
    rule = resolved.rule
    unit = f" {rule.unit}" if rule.unit and not rule.unit.startswith("%") else rule.unit
    if rule.compare and resolved.thresholds:
        return "; ".join(f"{s.value} {_limit_text(rule.compare, resolved.thresholds[s], unit)}"
                         for s in SEVERITIES if s in resolved.thresholds)
    return "; ".join(f"{name} → {level.value}" for name, level in resolved.levels.items())


# --------------------------------------------------------------------------- findings


def _base(ctx: Context) -> dict[str, Any]:
    rule = ctx.resolved.rule
    return {"check_id": rule.id, "category": rule.category, "device": ctx.result.device.name,
            "threshold": threshold_text(ctx.resolved) or None}


def not_checked(ctx: Context, reason: str, cause: str = "no_data") -> Finding:
    title = ctx.resolved.rule.title
    if cause == "not_applicable":
        return Finding(**_base(ctx), not_checked_reason=f"not applicable: {reason}",
                       not_checked_cause=cause, message_zh=f"{title.zh}：不适用（{reason}）",
                       message_en=f"{title.en}: not applicable ({reason})")
    return Finding(**_base(ctx), not_checked_reason=f"not checked: {reason}",
                   not_checked_cause=cause, message_zh=f"{title.zh}：未检查（{reason}）",
                   message_en=f"{title.en}: not checked ({reason})")


def _observed(hits: list[Hit]) -> str:
    shown = "; ".join(h.display for h in hits[:MAX_SHOWN])
    more = len(hits) - MAX_SHOWN
    return shown + (f"; … and {more} more" if more > 0 else "")


def _passed_summary(hits: list[Hit]) -> str:
    if len(hits) <= 3:
        return "; ".join(h.display for h in hits) or "nothing to report"
    return f"{len(hits)} checked, all within thresholds"


def _partial_note(ctx: Context) -> str:
    notes = [f"{name} partial: {ctx.family(name).reason}" for name in ctx.resolved.rule.families
             if ctx.family(name).status is FamilyStatus.PARTIAL]
    return f" ({'; '.join(notes)})" if notes else ""


def _filtered(ctx: Context) -> str:
    """Why the rule's data are not whole: the filtered outputs it would pass on."""
    return "; ".join(s.filtered for name in ctx.resolved.rule.families
                     for s in ctx.family(name).sources if s.filtered)


def _verdict(ctx: Context, outcome: Outcome) -> Finding:
    rule = ctx.resolved.rule
    for hit in outcome.hits:
        if hit.severity is None and not hit.graded:
            hit.severity = grade(ctx.resolved, hit.value)
    order = list(Severity)
    bad = sorted((h for h in outcome.hits if h.severity is not None),
                 key=lambda h: order.index(h.severity or Severity.INFO))
    base = _base(ctx)
    if outcome.threshold:
        base["threshold"] = outcome.threshold
    base["readings"] = readings(outcome.hits, ctx.resolved, base["threshold"])
    filtered = _filtered(ctx)
    if not bad and filtered:
        # A filter shows some lines and hides the rest: what it hides may be what fails.
        return not_checked(ctx, filtered, "failed")
    if not bad:
        return Finding(**base, passed=True,
                       observed=(outcome.summary or _passed_summary(outcome.hits))
                       + _partial_note(ctx),
                       message_zh=f"{rule.title.zh}：正常", message_en=f"{rule.title.en}: OK")
    commands = [s.command for name in rule.families for s in ctx.family(name).sources]
    return Finding(**base, severity=bad[0].severity, observed=_observed(bad),
                   message_zh=rule.message.zh, message_en=rule.message.en,
                   recommendation_zh=rule.recommendation.zh,
                   recommendation_en=rule.recommendation.en,
                   evidence=outcome.extra_evidence + collect(bad, commands, ctx.outputs))


def _gate(ctx: Context) -> tuple[str, str] | None:
    """Why the rule cannot run on this device, and the cause (None: it can run)."""
    rule = ctx.resolved.rule
    if rule.category != "collection" and ctx.result.status is DeviceStatus.UNREACHABLE:
        return (f"device unreachable ({ctx.result.reason})" if ctx.result.reason else
                "device unreachable"), "unreachable"
    families = {name: ctx.family(name) for name in rule.families}
    usable = [n for n, f in families.items() if f.status in USABLE and f.data is not None]
    if not families or (rule.needs == "any" and usable) or len(usable) == len(families):
        return None
    unsupported = [n for n, f in families.items() if f.status is FamilyStatus.UNSUPPORTED]
    if unsupported and (rule.needs == "all" or len(unsupported) == len(families)):
        return "; ".join(f"{n}: {families[n].reason or 'unsupported'}"
                         for n in unsupported), "not_applicable"
    missing = [n for n in families if n not in usable and n not in unsupported]
    causes = {family_cause(families[n]) for n in missing}
    return ("; ".join(f"{n}: {families[n].reason or families[n].status.value}"
                      for n in missing),
            "failed" if "failed" in causes else "not_collected")


def _outcome(ctx: Context) -> Outcome:
    rule = ctx.resolved.rule
    if rule.kind != "threshold":
        return CODE_CHECKS[rule.function or ""](ctx)
    measured = METRICS[rule.metric or ""](ctx)
    if isinstance(measured, Outcome):  # the metric's data proves there is nothing to judge
        return measured
    if not measured:
        raise NotChecked(f"{', '.join(rule.families)}: no value to compare")
    return Outcome(measured, "")


def evaluate(ctx: Context) -> Finding:
    """One rule on one device: failed, passed or not checked (with its cause)."""
    gate = _gate(ctx)
    if gate is not None:
        return not_checked(ctx, *gate)
    rule = ctx.resolved.rule
    try:
        outcome = _outcome(ctx)
    except NotChecked as reason:
        return not_checked(ctx, str(reason), reason.cause)
    except Exception as exc:  # a check's bug must not end the run, only that check
        log.exception("check %s failed on %s", rule.id, ctx.result.device.name)
        return not_checked(ctx, f"check error: {type(exc).__name__}: {exc}", "check_error")
    return _verdict(ctx, outcome)


def run_checks(results: list[DeviceResult], outputs: Mapping[str, Mapping[str, str]],
               rules: RuleSet, previous: Mapping[str, Snapshot] | None = None,
               overrides: Mapping[str, Mapping[str, Any]] | Overrides | None = None,
               ) -> list[Finding]:
    """Every enabled rule that applies, over every device, one finding each (see the
    module docstring).

    `overrides` is ``{"groups": {group: {check_id: {key: value}}}, "devices": {name: ...}}``
    (keys as in a rule file's ``rules:`` section); it raises RuleError when malformed.
    """
    scoped = overrides if isinstance(overrides, Overrides) else parse_overrides(overrides, rules)
    findings: list[Finding] = []
    for result in results:
        device = result.device
        for rule in rules.rules:
            if not rule.applies_to(device):
                continue
            resolved = rules.resolve(rule, device, scoped)
            if not resolved.enabled:
                continue
            ctx = Context(result=result, outputs=(outputs or {}).get(device.name, {}),
                          resolved=resolved, previous=(previous or {}).get(device.name))
            findings.append(evaluate(ctx))
    return fold_same_faults(findings, {r.id: r.same_fault_as for r in rules.rules})
