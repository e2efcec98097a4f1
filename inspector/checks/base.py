"""What a check sees (`Context`) and what it returns (`Outcome`), shared by metrics and code
checks so that neither depends on the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from inspector.catalog import Phrase, Term, render
from inspector.checks.rules import Resolved
from inspector.cutshort import mentions_cut
from inspector.model import DeviceResult, Evidence, Family, FamilyStatus, Severity, Snapshot
from inspector.reasons import reason as said_reason

USABLE = (FamilyStatus.OK, FamilyStatus.PARTIAL)
# What a check says: catalog text with its values (inspector/catalog.py), rendered in each
# language when the finding is made; a plain string is a value shown as it is.
Text = Any


class NotChecked(Exception):  # noqa: N818 - it is a verdict, not an error
    """Raised by a metric or code check that cannot decide; `reason` says why (catalog
    text) and `cause` is one of model.NOT_CHECKED_CAUSES (how reports group unchecked
    items). The exception's message is the reason in English."""

    def __init__(self, reason: Text, cause: str = "no_data") -> None:
        super().__init__(render(reason, "en"))
        self.reason = reason
        self.cause = cause


@dataclass
class Hit:
    """One thing a check looked at: an interface, a sensor, a log line, the device itself.

    `search` names what to look for in the raw output for evidence: an anchor (a line
    containing it, e.g. the interface name) and keywords (lines near the anchor containing
    one of them); with no anchor, lines containing a keyword anywhere.
    """

    subject: str
    value: Any
    display: Text
    anchor: str | None = None
    keywords: tuple[str, ...] = ()
    severity: Severity | None = None  # set by code checks; threshold checks compute it
    span: int = 60  # lines after the anchor searched for keywords (an interface's block)
    prefer: str = ""  # evidence: try commands containing this first (e.g. "bgp")
    unit: str = ""  # of `value`, when the rule's unit does not say it
    limit: Text | None = None  # the limit that graded this hit, when not the rule's
    # True when the check graded the hit itself: severity None then means "within limits"
    # and the rule's thresholds are not applied to it again.
    graded: bool = False
    # For evidence from SNMP: the fields of a family the value was read from, e.g.
    # ("ups", "charge_pct"); the varbinds of those fields' OIDs are shown.
    snmp_fields: tuple[str, ...] = ()
    # The ranges that graded it, when they are the device's own ({level: [low, high]}).
    own_bounds: dict[Severity, list[float | None]] | None = None


@dataclass
class Outcome:
    """A code check's verdict: the offending hits (empty: passed) and a summary."""

    hits: list[Hit]
    summary: Text
    threshold: Text | None = None
    extra_evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Context:
    result: DeviceResult
    outputs: Mapping[str, str]
    resolved: Resolved
    previous: Snapshot | None = None
    # The run's other devices by name (what an uplink check asks of its neighbours).
    peers: Mapping[str, DeviceResult] = field(default_factory=dict)

    @property
    def snapshot(self) -> Snapshot:
        return self.result.snapshot

    @property
    def params(self) -> dict[str, Any]:
        return self.resolved.params

    def family(self, name: str) -> Family[Any]:
        return self.snapshot.family(name)

    def data(self, name: str) -> Any:
        """The data of a usable family (NotChecked otherwise)."""
        fam = self.family(name)
        if fam.status not in USABLE or fam.data is None:
            raise NotChecked(family_says(name, fam), family_cause(fam))
        return fam.data

    def optional(self, name: str) -> Any:
        """The data of a usable family, or None."""
        fam = self.family(name)
        return fam.data if fam.status in USABLE else None

    def previous_data(self, name: str) -> Any:
        if self.previous is None:
            raise NotChecked(Phrase("check.no_previous_run"), "no_baseline")
        fam = self.previous.family(name)
        if fam.status not in USABLE or fam.data is None:
            raise NotChecked(Phrase("check.previous_run", said=family_says(name, fam)),
                             "no_baseline")
        return fam.data


def family_says(name: str, family: Family[Any], fallback: str = "") -> Phrase:
    """"interfaces: <why it gave nothing>" (its reason, else its status)."""
    why: Text = said_reason(family.reason) if family.reason else (
        fallback or Term("family_status", family.status.value))
    return Phrase("check.family_reason", family_id=name, family=Term("family", name),
                  reason=why)


def unit_text(unit: str) -> Text:
    """A rule's unit after a number: "%" and "°C" close up, a word ("s", "min") is spaced
    and said in the reader's language."""
    if not unit or unit.startswith(("%", "°")):
        return unit
    return Phrase("check.spaced_unit", unit=Term("unit_word", unit))


def yes_no(value: bool) -> Term:
    return Term("common", "yes" if value else "no")


def family_cause(family: Family[Any]) -> str:
    """Why a family gives a check nothing, as a NOT_CHECKED_CAUSES word."""
    if family.status is FamilyStatus.FAILED and mentions_cut(family.reason or ""):
        return "cut_short"
    return {FamilyStatus.UNSUPPORTED: "not_applicable",
            FamilyStatus.NOT_COLLECTED: "not_collected"}.get(family.status, "failed")


def fmt(value: Any) -> str:
    """A number as people write it: 89.0 -> 89, 92.59 -> 92.59."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
