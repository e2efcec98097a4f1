"""One device's recording -> its result: snapshot, status and what was captured.

Kept apart from the pipeline: the processes that parse a large run in parallel import this
module and what parsing needs, no transport, report or history code (the pipeline's imports
cost a spawned process more than a second: docs/scaling.md;
tests/unit/test_registry.py holds it so).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from inspector.access import access
from inspector.model import (
    FAMILY_NAMES,
    CaptureSummary,
    DeviceResult,
    DeviceStatus,
    FamilyStatus,
    Snapshot,
)
from inspector.parsing.builders import build_snapshot
from inspector.parsing.platforms import DefinitionError, get_platform
from inspector.parsing.snapshot import canonical_command
from inspector.store.bundle import DeviceRecording

_QUOTED = re.compile(r"`([^`]+)`")  # the commands a family's reason names


def _only_about(reason: str, commands: set[str]) -> bool:
    """True when `reason` names commands, and all of them are among `commands`."""
    named = set(_QUOTED.findall(reason))
    return bool(named) and named <= commands


def _capture_errors(rec: DeviceRecording) -> list[str]:
    """The failed commands, those with the same error together: a session lost (or a
    run interrupted) midway is one line, not one per remaining command."""
    by_error: dict[str, list[str]] = {}
    for capture in rec.captures:
        if capture.error:
            by_error.setdefault(capture.error, []).append(f"`{capture.command}`")
    return [
        f"{commands[0]}: {error}" if len(commands) == 1 else
        f"{commands[0]} and {len(commands) - 1} more commands: {error}"
        for error, commands in by_error.items()
    ]


def _device_status(rec: DeviceRecording, snapshot: Snapshot) -> tuple[DeviceStatus, str]:
    if rec.error and not rec.captures:
        return DeviceStatus.UNREACHABLE, rec.error
    families = [snapshot.family(name) for name in FAMILY_NAMES]
    usable = [f for f in families if f.status in (FamilyStatus.OK, FamilyStatus.PARTIAL)]
    failed_commands = {c.command for c in rec.captures if c.error}
    # A family that failed only because its commands did is told by those commands' errors.
    broken = [
        f"{name}: {f.reason}" for name, f in zip(FAMILY_NAMES, families, strict=True)
        if f.status in (FamilyStatus.FAILED, FamilyStatus.PARTIAL)
        and not _only_about(f.reason or "", failed_commands)
    ]
    errors = _capture_errors(rec)
    if not usable:
        reason = "; ".join(errors + broken) or rec.error or "no family could be parsed"
        return DeviceStatus.FAILED, reason
    if broken or errors or rec.error:
        return DeviceStatus.PARTIAL, "; ".join(([rec.error] if rec.error else []) + errors
                                               + broken)
    return DeviceStatus.COMPLETE, ""


def canonical_names(platform_name: str) -> Callable[[str], str | None]:
    """Full command names of a CLI platform; other platforms (SNMP) keep theirs."""
    definition = access(platform_name).os
    if definition is None:
        return lambda command: None
    platform = get_platform(definition)
    return lambda command: canonical_command(platform, command)


def inspect_device(rec: DeviceRecording) -> DeviceResult:
    """Parse one device's captures into its result (never raises for bad device data)."""
    if rec.error and not rec.captures:
        # No session: nothing to parse, and the platform may not even be known (autodetect).
        return DeviceResult(device=rec.device, status=DeviceStatus.UNREACHABLE,
                            reason=rec.error, snapshot=Snapshot(device=rec.device))
    canonical = canonical_names(rec.device.platform)
    stamps = [stamp for c in rec.captures if (stamp := c.ended or c.started) is not None]
    taken = max(stamps, default=None)
    snapshot = build_snapshot(rec.device, rec.captures, taken_at=taken)
    status, reason = _device_status(rec, snapshot)
    captures = [
        CaptureSummary(command=c.command, canonical=canonical(c.command),
                       error=c.error, bytes=len(c.output.encode("utf-8", "surrogateescape")),
                       file=rec.files.get(number))
        for number, c in enumerate(rec.captures)
    ]
    # The snapshot's device: an SNMP device's kind is known once its data are (snmp_parse).
    return DeviceResult(device=snapshot.device, status=status, reason=reason, captures=captures,
                        snapshot=snapshot)


def _unknown_platform_result(rec: DeviceRecording, error: DefinitionError) -> DeviceResult:
    return DeviceResult(device=rec.device, status=DeviceStatus.FAILED, reason=str(error),
                        snapshot=Snapshot(device=rec.device))


def inspect_one(rec: DeviceRecording) -> DeviceResult:
    """`inspect_device`, a device of an unknown platform a failed result."""
    try:
        return inspect_device(rec)
    except DefinitionError as exc:
        return _unknown_platform_result(rec, exc)


def inspect_json(rec: DeviceRecording) -> str:
    """`inspect_one` for another process."""
    # As JSON, the form results.json keeps: pydantic's generic models do not pickle.
    return inspect_one(rec).model_dump_json()
