"""Assemble a device's Snapshot from its captures: the *parse* stage of the pipeline.

A family is fed by one or more sources (commands), each with alternatives. A source counts
as parsed when any of its commands parsed; a family's status follows from its sources:

- every captured source parsed -> ``ok``; some parsed and some failed -> ``partial``;
- a source read only from a filtered output (`sh proc cpu | i CPU`) -> ``partial``;
- none parsed but some were captured -> ``failed`` (reasons joined);
- nothing captured -> ``not_collected``; the definition says the platform cannot ->
  ``unsupported``.

The status, reasons and merge are families.py's, shared with the SNMP and NAPALM paths;
transports/registry.py picks this path for the transports whose captures are CLI text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from inspector.model import FAMILY_NAMES, Capture, Device, Family, FamilyStatus, Snapshot
from inspector.parsing import families
from inspector.parsing.commands import is_template
from inspector.parsing.families import SourceOutcome
from inspector.parsing.parse import Parsed, parse
from inspector.parsing.platforms import Platform, Source, Unsupported, get_platform


@dataclass
class _SourceParses:
    """What one source's commands (alternatives) gave: the parse it reads, else why not."""

    parsed: Parsed | None = None
    failures: list[Parsed] = field(default_factory=list)
    # Every command of the source names a thing (`smartctl -H -A {device}`): one disk that
    # failed is not made up for by another that parsed, so its failure is kept.
    per_name: bool = False


def canonical_command(platform: Platform, typed: str) -> str | None:
    """The full command the device ran for `typed` (`sh proc cpu | i CPU` ran `show
    processes cpu`; its results say the output was filtered)."""
    return platform.resolve(typed)


def parse_captures(platform: Platform, captures: Iterable[Capture]) -> dict[str, list[Parsed]]:
    """Parsed results by full command. A capture the transport failed on yields `failed`
    results carrying its error, so the family explains itself."""
    results: dict[str, list[Parsed]] = {}
    for capture in captures:
        full = canonical_command(platform, capture.command)
        if full is None:
            continue
        if capture.error:
            parsed = [
                Parsed(family=family, command=full, status="failed",
                       reason=f"`{capture.command}`: {capture.error}")
                for family, parser in platform.all_parsers() if parser.command == full
            ]
        else:
            parsed = parse(platform.name, capture.command, capture.output)
        results.setdefault(full, []).extend(parsed)
    return results


def _outcome(source: Source, family: str, results: dict[str, list[Parsed]]) -> _SourceParses:
    outcome = _SourceParses(per_name=all(is_template(p.command) for p in source.parsers()))
    for parser in source.parsers():
        for parsed in results.get(parser.command, []):
            if parsed.family != family:
                continue
            if parsed.status != "ok":
                outcome.failures.append(parsed)
            elif is_template(parser.command) and _more_records(outcome.parsed, parsed):
                # One command typed with several names (`smartctl -H -A /dev/sda`, then
                # `/dev/sdb`): records of different things, all kept.
                outcome.parsed = replace(parsed, normalized=[
                    *_records_of(outcome.parsed), *_records_of(parsed)])
            elif outcome.parsed is None or outcome.parsed.filtered or not parsed.filtered:
                # The last good capture of a repeated command wins, but a filtered output
                # never replaces a whole one.
                outcome.parsed = parsed
        if outcome.parsed is not None and not outcome.parsed.filtered:
            break
    return outcome


def _records_of(parsed: Parsed | None) -> list[Any]:
    return list(parsed.normalized) if parsed is not None and isinstance(
        parsed.normalized, list) else []


def _more_records(kept: Parsed | None, parsed: Parsed) -> bool:
    """Whether `parsed` adds list records to whole (unfiltered) ones already kept."""
    return (kept is not None and isinstance(kept.normalized, list) and not kept.filtered
            and isinstance(parsed.normalized, list) and not parsed.filtered)


def build_family(platform: Platform, family: str, results: dict[str, list[Parsed]]) -> Family[Any]:
    """One family of a device from the parsed results of its captures."""
    spec = platform.families[family]
    if isinstance(spec, Unsupported):
        return Family[Any](status=FamilyStatus.UNSUPPORTED, reason=spec.unsupported)
    outcomes = [_outcome(source, family, results) for source in spec]
    absent = [  # optional sources the device does not have: not applicable, not failed
        (source, o) for source, o in zip(spec, outcomes, strict=True)
        if source.optional and o.parsed is None and o.failures
        and all(f.rejected for f in o.failures)
    ]
    if absent and len(absent) == len(spec):
        # The same refusal for each command (a standalone chassis rejecting every stack
        # command) is said once, with the first command it was given for.
        said: dict[str, str] = {}
        for failure in (f for _, o in absent for f in o.failures):
            said.setdefault(failure.reason.split(": ", 1)[-1], failure.reason)
        reasons = "; ".join(said.values())
        return Family[Any](status=FamilyStatus.UNSUPPORTED,
                           reason=f"this model does not support it ({reasons})")
    outcomes = [o for o in outcomes if all(o is not a for _, a in absent)]
    sources = [_parsed_source(o.parsed) for o in outcomes if o.parsed] + [
        SourceOutcome(command=f.command, ok=False, reason=f.reason)
        for o in outcomes if o.parsed is None or o.per_name for f in o.failures
    ]
    wanted = ", ".join(f"`{s.command}`" for s in spec)
    return families.build_family(
        family, sources, nothing=(FamilyStatus.NOT_COLLECTED, f"no capture of {wanted}"))


def _parsed_source(parsed: Parsed) -> SourceOutcome:
    # An output cut to the size caps parsed only in part: say so, and do not call it whole.
    return SourceOutcome(command=parsed.command, data=parsed.normalized, records=parsed.records,
                         note=f"`{parsed.command}`: {parsed.note}" if parsed.truncated else "",
                         filtered=parsed.filtered)


def build_cli_snapshot(device: Device, captures: Iterable[Capture],
                       taken_at: datetime | None = None) -> Snapshot:
    """A CLI platform's snapshot: every family through its definition file."""
    platform = get_platform(device.platform)
    results = parse_captures(platform, captures)
    by_name = {name: build_family(platform, name, results) for name in FAMILY_NAMES}
    return Snapshot.model_validate(
        {"device": device, "taken_at": taken_at,
         **{name: fam.model_dump() for name, fam in by_name.items()}}
    )
