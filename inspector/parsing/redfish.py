"""A server's snapshot from the Redfish resources its BMC answered (pure).

Each capture is one `GET <path>` and its JSON; parsing/redfish_records.py maps a resource
to records by its type, and each family is built from what every resource gave it
(parsing/families.build_family: ok, partial when a request failed, failed when all did).
A family no resource fed is `not_collected`, its reason naming what was missing (the BMC
published no Storage, say): a check of it is then 未检, never 正常.

    build_snapshot(Device(name="srv1", platform="redfish"), captures)

Platform `bmc` (Redfish where it answers, IPMI otherwise) is read by `build_auto_snapshot`:
ipmitool captures through the `ipmi` definition, Redfish captures here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from inspector.model import FAMILY_NAMES, Capture, Device, Family, FamilyStatus, Snapshot
from inspector.parsing.families import SourceOutcome, build_family
from inspector.parsing.redfish_records import MAPPERS, METRICS, Records, resource_type
from inspector.parsing.snapshot import build_cli_snapshot

# The families a BMC's Redfish service can give, each with what feeds it (for the reason
# when nothing did).
FAMILIES: dict[str, str] = {
    "facts": "ComputerSystem / Manager",
    "health": "ComputerSystem / Chassis status",
    "inventory": "Processors, FirmwareInventory",
    "sensors": "Chassis Power / Thermal (or PowerSubsystem, ThermalSubsystem, Sensors)",
    "logs": "LogServices entries",
    "interfaces": "EthernetInterfaces",
    "storage": "Storage (controllers, drives, volumes)",
    "memory_modules": "Memory",
}
# Which family a failed request would have fed, from its path (its type is unknown).
_PATH_FAMILIES: tuple[tuple[str, str], ...] = (
    (r"/LogServices", "logs"), (r"/(Storage|Storages|Drives|Volumes)\b", "storage"),
    (r"/Memory\b", "memory_modules"), (r"/(Power|Thermal|Sensors|Fans)", "sensors"),
    (r"/(Processors|FirmwareInventory)\b", "inventory"), (r"/EthernetInterfaces", "interfaces"),
    (r"/Chassis/[^/]+/?$", "health"), (r"/(Systems|Managers)/[^/]+/?$", "facts"),
)


def _family_of_path(path: str) -> str | None:
    return next((family for pattern, family in _PATH_FAMILIES if re.search(pattern, path)),
                None)


def map_capture(capture: Capture) -> tuple[Records, str | None]:
    """The records of one answered GET, or the reason it gives none (not JSON, a value
    the model refuses)."""
    path = capture.command.removeprefix("GET ").strip()
    try:
        resource = json.loads(capture.output)
    except ValueError:
        return [], f"{path}: the answer is not JSON"
    if not isinstance(resource, dict):
        return [], f"{path}: the answer is not a JSON object"
    mapper = MAPPERS.get(resource_type(resource))
    if mapper is None:
        return [], None  # navigation (a collection, the service root)
    try:
        return mapper(path, resource), None
    except (ValidationError, ValueError, TypeError, AttributeError) as exc:
        first = str(exc).splitlines()[0][:200]
        return [], f"{path} ({resource_type(resource)}): {first}"


def _outcomes(captures: Iterable[Capture]) -> tuple[dict[str, list[SourceOutcome]],
                                                    list[tuple[str, Any]]]:
    """Per family, what each request gave it; and the DIMM metrics to join."""
    by_family: dict[str, list[SourceOutcome]] = {name: [] for name in FAMILIES}
    metrics: list[tuple[str, Any]] = []
    for capture in captures:
        if not capture.command.startswith("GET "):
            continue  # the session's DELETE: it feeds no family
        path = capture.command[4:]
        if capture.error:
            family = _family_of_path(path)
            if family is not None:
                by_family[family].append(SourceOutcome(capture.command, ok=False,
                                                       reason=f"{path}: {capture.error}"))
            continue
        records, problem = map_capture(capture)
        if problem is not None:
            family = _family_of_path(path) or "facts"
            by_family[family].append(SourceOutcome(capture.command, ok=False, reason=problem))
            continue
        grouped: dict[str, list[Any]] = {}
        for family, record in records:
            grouped.setdefault(family, []).append(record)
        metrics += [(path, record) for record in grouped.pop(METRICS, [])]
        for family, data in grouped.items():
            is_object = family == "facts"
            by_family[family].append(SourceOutcome(
                capture.command, data=data[0] if is_object else data, records=len(data)))
    return by_family, metrics


def _join_metrics(outcomes: list[SourceOutcome], metrics: list[tuple[str, Any]]) -> None:
    """Each DIMM's error counts onto its module (the metrics resource sits below it)."""
    modules = {source.command[4:].rstrip("/"): source.data[0] for source in outcomes
               if source.ok and isinstance(source.data, list) and len(source.data) == 1}
    for _, counts in metrics:
        module = modules.get(counts.name)
        if module is not None:
            module.correctable_errors = counts.correctable_errors
            module.uncorrectable_errors = counts.uncorrectable_errors


def _join_drive_owners(outcomes: list[SourceOutcome], captures: list[Capture]) -> None:
    """A drive listed under its chassis belongs to the storage whose `Drives` link it."""
    owners: dict[str, str] = {}
    for capture in captures:
        if capture.error or "/Drives" in capture.command or "/Stor" not in capture.command:
            continue
        try:
            resource = json.loads(capture.output)
        except ValueError:
            continue
        if isinstance(resource, dict) and resource_type(resource) == "Storage":
            for linked in resource.get("Drives") or []:
                if isinstance(linked, dict) and isinstance(linked.get("@odata.id"), str):
                    owners[linked["@odata.id"].rstrip("/")] = str(resource.get("Id") or "")
    for source in outcomes:
        owner = owners.get(source.command[4:].rstrip("/"))
        if owner and source.ok and isinstance(source.data, list):
            for part in source.data:
                if getattr(part, "parent", "") is None:
                    part.parent = owner


def build_snapshot(device: Device, captures: Iterable[Capture],
                   taken_at: datetime | None = None) -> Snapshot:
    """The normalized state of a server from its BMC's Redfish answers."""
    captures = list(captures)
    by_family, metrics = _outcomes(captures)
    _join_metrics(by_family["memory_modules"], metrics)
    _join_drive_owners(by_family["storage"], captures)
    families: dict[str, Family[Any]] = {}
    for name in FAMILY_NAMES:
        if name not in FAMILIES:
            families[name] = Family[Any](status=FamilyStatus.UNSUPPORTED,
                                         reason="not reported by a BMC over Redfish")
            continue
        nothing = (FamilyStatus.NOT_COLLECTED,
                   f"the BMC answered no Redfish resource for it ({FAMILIES[name]})"
                   if captures else "no Redfish answer was captured")
        families[name] = build_family(name, by_family[name], nothing)
    return Snapshot.model_validate(
        {"device": device, "taken_at": taken_at,
         **{name: family.model_dump() for name, family in families.items()}})


def build_auto_snapshot(device: Device, captures: Iterable[Capture],
                        taken_at: datetime | None = None) -> Snapshot:
    """Platform `bmc`: the captures say which protocol answered."""
    captures = list(captures)
    if any(c.command.startswith("ipmitool") for c in captures):
        snapshot = build_cli_snapshot(device.model_copy(update={"platform": "ipmi"}),
                                      captures, taken_at)
        return snapshot.model_copy(update={"device": device})
    return build_snapshot(device, captures, taken_at)
