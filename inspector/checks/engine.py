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

from inspector.catalog import Both, Joined, Phrase, Term, render
from inspector.checks.base import (
    USABLE,
    Context,
    Hit,
    NotChecked,
    Outcome,
    Text,
    family_cause,
    family_says,
    fmt,
    unit_text,
    yes_no,
)
from inspector.checks.code import CODE_CHECKS
from inspector.checks.evidence import collect
from inspector.checks.faults import fold_same_faults, readings
from inspector.checks.loader import parse_overrides
from inspector.checks.metrics import METRICS
from inspector.checks.rules import SEVERITIES, Overrides, Resolved, RuleSet
from inspector.model import DeviceResult, DeviceStatus, FamilyStatus, Finding, Severity, Snapshot
from inspector.reasons import reason as said_reason

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


def _limit_text(op: str, limit: Any, unit: Text) -> Text:
    if op == "outside":
        return Phrase("check.limit_outside", low=fmt(limit[0]), high=fmt(limit[1]), unit=unit)
    if isinstance(limit, bool):
        return Phrase("check.limit", op=_SYMBOL[op], limit=yes_no(limit), unit="")
    if isinstance(limit, str):  # a state word such as "half" (duplex)
        return Phrase("check.limit", op=_SYMBOL[op], limit=Term("limit_word", limit), unit="")
    return Phrase("check.limit", op=_SYMBOL[op], limit=fmt(limit), unit=unit)


def threshold_text(resolved: Resolved) -> str:
    """The rule's levels in English ("" when it has none), as `inspector rules` lists them."""
    said = threshold_phrase(resolved)
    return "" if said is None else render(said, "en")


def threshold_phrase(resolved: Resolved) -> Text | None:
    """The rule's levels as the finding states them: "critical ≥ 95%; major ≥ 80%", or the
    conditions of a code check: "down → major; all down → critical"."""
    rule = resolved.rule
    unit = unit_text(rule.unit)
    if rule.compare and resolved.thresholds:
        return Joined([Phrase("check.level_limit", level=Term("severity", s.value),
                              limit=_limit_text(rule.compare, resolved.thresholds[s], unit))
                       for s in SEVERITIES if s in resolved.thresholds])
    if not resolved.levels:
        return None
    return Joined([Phrase("check.level_condition", condition=Term("condition", name),
                          level=Term("severity", level.value))
                   for name, level in resolved.levels.items()])


# --------------------------------------------------------------------------- findings


def both(field: str, value: Text | None) -> dict[str, str | None]:
    """`field` in English and its `_zh` twin in Chinese (None stays None)."""
    if value is None:
        return {field: None, f"{field}_zh": None}
    return {field: render(value, "en"), f"{field}_zh": render(value, "zh")}


def _messages(phrase: Phrase) -> dict[str, str]:
    return {"message_zh": render(phrase, "zh"), "message_en": render(phrase, "en")}


def _base(ctx: Context, threshold: Text | None = None) -> dict[str, Any]:
    rule = ctx.resolved.rule
    return {"check_id": rule.id, "category": rule.category, "device": ctx.result.device.name,
            **both("threshold", threshold if threshold is not None else
                   threshold_phrase(ctx.resolved))}


def not_checked(ctx: Context, reason: Text, cause: str = "no_data") -> Finding:
    title = ctx.resolved.rule.title
    kind = "not_applicable" if cause == "not_applicable" else "not_checked"
    said = Phrase(f"check.{kind}", reason=reason)
    return Finding(**_base(ctx), **both("not_checked_reason", said), not_checked_cause=cause,
                   **_messages(Phrase(f"check.message_{kind}", title=Both(title.zh, title.en),
                                      reason=reason)))


def _observed(hits: list[Hit]) -> Text:
    shown = Joined([h.display for h in hits[:MAX_SHOWN]])
    more = len(hits) - MAX_SHOWN
    return Phrase("check.and_more", shown=shown, n=more) if more > 0 else shown


def _passed_summary(hits: list[Hit]) -> Text:
    if not hits:
        return Phrase("check.nothing_to_report")
    if len(hits) <= 3:
        return Joined([h.display for h in hits])
    return Phrase("check.all_within", n=len(hits))


def _partial_note(ctx: Context) -> Text:
    notes = [Phrase("check.family_partial", family_id=name, family=Term("family", name),
                    reason=said_reason(ctx.family(name).reason))
             for name in ctx.resolved.rule.families
             if ctx.family(name).status is FamilyStatus.PARTIAL]
    return Phrase("check.partial_note", notes=Joined(notes)) if notes else ""


def _filtered(ctx: Context) -> Text:
    """Why the rule's data are not whole: the filtered outputs it would pass on."""
    return Joined([said_reason(s.filtered) for name in ctx.resolved.rule.families
                   for s in ctx.family(name).sources if s.filtered])


def _verdict(ctx: Context, outcome: Outcome) -> Finding:
    rule = ctx.resolved.rule
    for hit in outcome.hits:
        if hit.severity is None and not hit.graded:
            hit.severity = grade(ctx.resolved, hit.value)
    order = list(Severity)
    bad = sorted((h for h in outcome.hits if h.severity is not None),
                 key=lambda h: order.index(h.severity or Severity.INFO))
    threshold = outcome.threshold if outcome.threshold else threshold_phrase(ctx.resolved)
    base = _base(ctx, threshold)
    base["readings"] = readings(outcome.hits, ctx.resolved, threshold)
    filtered = _filtered(ctx)
    if not bad and filtered.items:
        # A filter shows some lines and hides the rest: what it hides may be what fails.
        return not_checked(ctx, filtered, "failed")
    title = Both(rule.title.zh, rule.title.en)
    if not bad:
        summary = outcome.summary or _passed_summary(outcome.hits)
        return Finding(**base, passed=True,
                       **both("observed", Phrase("check.with_note", text=summary,
                                                 note=_partial_note(ctx))),
                       **_messages(Phrase("check.message_ok", title=title)))
    commands = [s.command for name in rule.families for s in ctx.family(name).sources]
    return Finding(**base, severity=bad[0].severity, **both("observed", _observed(bad)),
                   message_zh=rule.message.zh, message_en=rule.message.en,
                   recommendation_zh=rule.recommendation.zh,
                   recommendation_en=rule.recommendation.en,
                   evidence=outcome.extra_evidence + collect(bad, commands, ctx.outputs))


def _gate(ctx: Context) -> tuple[Text, str] | None:
    """Why the rule cannot run on this device, and the cause (None: it can run)."""
    rule = ctx.resolved.rule
    if rule.category != "collection" and ctx.result.status is DeviceStatus.UNREACHABLE:
        return (Phrase("check.device_unreachable_because",
                       reason=said_reason(ctx.result.reason)) if ctx.result.reason else
                Phrase("check.device_unreachable")), "unreachable"
    families = {name: ctx.family(name) for name in rule.families}
    usable = [n for n, f in families.items() if f.status in USABLE and f.data is not None]
    if not families or (rule.needs == "any" and usable) or len(usable) == len(families):
        return None
    unsupported = [n for n, f in families.items() if f.status is FamilyStatus.UNSUPPORTED]
    if unsupported and (rule.needs == "all" or len(unsupported) == len(families)):
        return Joined([family_says(n, families[n]) for n in unsupported]), "not_applicable"
    missing = [n for n in families if n not in usable and n not in unsupported]
    causes = {family_cause(families[n]) for n in missing}
    return (Joined([family_says(n, families[n]) for n in missing]),
            next((c for c in ("cut_short", "failed") if c in causes), "not_collected"))


def _outcome(ctx: Context) -> Outcome:
    rule = ctx.resolved.rule
    if rule.kind != "threshold":
        return CODE_CHECKS[rule.function or ""](ctx)
    measured = METRICS[rule.metric or ""](ctx)
    if isinstance(measured, Outcome):  # the metric's data proves there is nothing to judge
        return measured
    if not measured:
        raise NotChecked(Phrase("check.no_value", families_id=", ".join(rule.families),
                                families=Joined([Term("family", f) for f in rule.families],
                                                "list_sep")))
    return Outcome(measured, "")


def evaluate(ctx: Context) -> Finding:
    """One rule on one device: failed, passed or not checked (with its cause)."""
    gate = _gate(ctx)
    if gate is not None:
        return not_checked(ctx, *gate)
    rule = ctx.resolved.rule
    try:
        outcome = _outcome(ctx)
    except NotChecked as verdict:
        return not_checked(ctx, verdict.reason, verdict.cause)
    except Exception as exc:  # a check's bug must not end the run, only that check
        log.exception("check %s failed on %s", rule.id, ctx.result.device.name)
        return not_checked(ctx, Phrase("check.check_error", error=f"{type(exc).__name__}: {exc}"),
                           "check_error")
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
    peers = {result.device.name: result for result in results}
    for result in results:
        device = result.device
        for rule in rules.rules:
            if not rule.applies_to(device):
                continue
            resolved = rules.resolve(rule, device, scoped)
            if not resolved.enabled:
                continue
            ctx = Context(result=result, outputs=(outputs or {}).get(device.name, {}),
                          resolved=resolved, previous=(previous or {}).get(device.name),
                          peers=peers)
            findings.append(evaluate(ctx))
    return fold_same_faults(findings, {r.id: r.same_fault_as for r in rules.rules})
