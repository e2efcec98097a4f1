"""One family of one device from what its sources gave: status, reasons, data merged by key.

Every way a snapshot is built (CLI outputs through definition files, SNMP walks through
profiles, NAPALM getters) says what each command gave a family, and this module decides
the rest, the same way for all:

- some data -> ``ok``; ``partial`` when a source failed, a value was rejected or an output
  was cut or filtered (the reason says which);
- no data and something failed -> ``failed``, the reasons joined;
- no data and nothing failed -> what the caller says that means (nothing captured:
  ``not_collected``; an SNMP device that published none of the OIDs: ``unsupported``).

A family the platform has no way to report (``unsupported``) is decided before any of this.

Example::

    build_family("cpu", [SourceOutcome("display cpu-usage", data=[Cpu(slot="0", ...)],
                                       records=1)],
                 nothing=(FamilyStatus.NOT_COLLECTED, "no capture of `display cpu-usage`"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from inspector.model import FAMILY_MODELS, Family, FamilyStatus, SourceResult, Strict

# How list records of the same thing from two sources are recognized, to merge them
# (status from `display interface brief`, counters from `display interface`).
MERGE_KEYS: dict[str, tuple[str, ...]] = {
    "interfaces": ("name",),
    "cpu": ("slot",),
    "memory": ("slot",),
    "inventory": ("kind", "name"),
    "sensors": ("kind", "name"),
    "filesystems": ("mount",),  # usage from `df -B1`, inodes from `df -i`
    "stp": ("instance",),
    "lag": ("name",),
    "storage": ("part", "name"),
    "ha": ("group", "name"),
    "memory_modules": ("name",),
    "health": ("subject",),
    "licenses": ("kind", "name"),
    "vpn_tunnels": ("name",),
}

# What a source gave a family: its model (facts, ntp...) or a list of them (cpu, interfaces...).
Part = Strict | Sequence[Strict]
Fields = dict[str, Any]

_EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class SourceOutcome:
    """What one command (walk, getter) gave one family."""

    command: str
    ok: bool = True
    reason: str = ""  # why it failed, as the family's reason says it
    # The reason its own row gives when shorter (SNMP: the row names the command already).
    row_reason: str | None = None
    data: Part | None = None  # what it parsed, when the records are its own
    records: int = 0
    # Why its data is not the whole output: cut to the size caps (`note`), or only the
    # lines an output filter let through (`filtered`).
    note: str = ""
    filtered: str = ""

    def result(self) -> SourceResult:
        reason = self.reason if self.row_reason is None else self.row_reason
        if not self.ok:
            return SourceResult(command=self.command, status="failed", reason=reason)
        return SourceResult(command=self.command, status="ok", reason=reason,
                            records=self.records, filtered=self.filtered)


def build_family(family: str, sources: Sequence[SourceOutcome],
                 nothing: tuple[FamilyStatus, str], *, joined: Part | None = None,
                 problems: Sequence[str] = ()) -> Family[Any]:
    """The family from its sources, in the order they are given (the first source's values
    win a merge). `nothing` is the status and reason when no source gave data and none
    failed; `problems` are values a model rejected. `joined` is data its maker already
    read from all the sources together (SNMP: the columns of several walks), taken as the
    family's data (the sources then carry none of their own)."""
    results = [source.result() for source in sources]
    good = [source for source in sources if source.ok]
    parts = [source.data for source in good if source.data is not None]
    reasons = [source.reason for source in sources if not source.ok] + list(problems)
    if not parts and joined is None:
        if reasons:
            return Family[Any](status=FamilyStatus.FAILED, reason="; ".join(reasons),
                               sources=results)
        status, why = nothing
        return Family[Any](status=status, reason=why, sources=results)
    notes = [s.note for s in good if s.note] + [s.filtered for s in good if s.filtered]
    reasons += notes
    data = merge(family, parts) if joined is None else _plain(joined)
    return Family[Any](status=FamilyStatus.PARTIAL if reasons else FamilyStatus.OK,
                       reason="; ".join(reasons), sources=results, data=data)


def merge(family: str, parts: Sequence[Part]) -> list[Fields] | Fields:
    """The parts as one family's data: list records merged by MERGE_KEYS, one object's
    fields filled from every part."""
    return merge_fields(family, [_plain(part) for part in parts])


def _plain(part: Part) -> Fields | list[Fields]:
    """A family's models as plain data: the one place they are dumped."""
    if isinstance(part, Strict):
        return part.model_dump()
    return [record.model_dump() for record in part]


def merge_fields(family: str, parts: Sequence[Fields | list[Fields]]
                 ) -> list[Fields] | Fields:
    """`merge` over plain fields (SNMP joins the columns of several profiles this way before
    its model sees a record)."""
    if not FAMILY_MODELS[family][1]:
        merged: Fields = {}
        for part in parts:
            if isinstance(part, dict):
                _fill(merged, part)
        return merged
    records = [record for part in parts if isinstance(part, list) for record in part]
    keys = MERGE_KEYS.get(family)
    if keys is None:
        return records
    by_key: dict[tuple[Any, ...], Fields] = {}
    for record in records:
        key = tuple(record.get(k) for k in keys)
        if key in by_key:
            _fill(by_key[key], record)
        else:
            by_key[key] = dict(record)
    return list(by_key.values())


def _fill(target: Fields, extra: Fields) -> None:
    """Fill empty fields of `target` from `extra`: the first source stays authoritative."""
    for key, value in extra.items():
        if target.get(key) in _EMPTY:
            target[key] = value
