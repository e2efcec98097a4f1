"""SNMP captures -> Snapshot: the *parse* stage for platform ``snmp`` (pure, no I/O).

Captures hold snmprec lines (``OID|TAG|VALUE``, snmpsim's format) under a command that says
what was asked: ``snmpget OID OID ...`` or ``snmpwalk ROOT``. The identity GET chooses the
device's profiles again (so a replay maps exactly like the live run), every profile's
families are evaluated against the merged values, and each family gets a status:

- no profile of this device knows the family -> ``unsupported``;
- no capture covers its OIDs -> ``not_collected``; every covering capture failed ->
  ``failed``;
- values found -> ``ok`` (``partial`` when a capture failed or a value was rejected);
- nothing published: ``unsupported`` for a standard MIB the device simply lacks, ``failed``
  when a vendor profile matched or the device's kind needs the family (a UPS without UPS
  data is a fault, not an unsupported feature).

A device whose inventory gives no kind gets the one its SNMP proves: the kind of the vendor
profile its sysObjectID matched, else UPS data -> ``ups``, humidity -> ``env-sensor``,
interfaces or an entity inventory -> ``network`` (recorded in the snapshot's device).

The snmprec values are snmprec.py's, the fields snmp_fields.py's; the status, reasons and
merge by key are families.py's, shared with the CLI and NAPALM paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from inspector.model import (
    FAMILY_MODELS,
    FAMILY_NAMES,
    Capture,
    Device,
    Family,
    FamilyStatus,
    Snapshot,
    SourceResult,
    Strict,
)
from inspector.parsing import families
from inspector.parsing.families import SourceOutcome
from inspector.parsing.snmp_fields import as_text, records
from inspector.parsing.snmp_shape import is_shape_walk, profile_columns, shape_readings
from inspector.parsing.snmpprofile import SYS_DESCR, SYS_OBJECT_ID, SnmpProfile, select_profiles
from inspector.parsing.snmprec import GET, WALK, Operation, Varbinds, operation

PLATFORM = "snmp"

# Two readings of one kind closer than this are the same sensor seen through two MIBs.
SAME_READING = 0.05
# A device of this kind needs these families: without them it was not inspected.
KIND_FAMILIES: dict[str, tuple[str, ...]] = {"ups": ("ups",), "env-sensor": ("sensors",)}


# --------------------------------------------------------------------------- families


def _post_sensor(record: dict[str, Any]) -> dict[str, Any]:
    if str(record.get("unit", "")).upper().lstrip("°") == "F":
        for key in ("value", "low_crit", "low_warn", "high_warn", "high_crit"):
            if isinstance(record.get(key), int | float):
                record[key] = round((record[key] - 32) / 1.8, 2)
        record["unit"] = "C"
    value = record.get("value")
    if record.get("status") in (None, "unknown") and isinstance(value, int | float):
        if (record.get("high_crit") is not None and value >= record["high_crit"]) or (
                record.get("low_crit") is not None and value <= record["low_crit"]):
            record["status"] = "critical"
        elif (record.get("high_warn") is not None and value >= record["high_warn"]) or (
                record.get("low_warn") is not None and value <= record["low_warn"]):
            record["status"] = "warning"
        elif any(record.get(k) is not None for k in ("high_crit", "high_warn", "low_crit",
                                                      "low_warn")):
            record["status"] = "ok"
    return record


def _post_memory(record: dict[str, Any]) -> dict[str, Any]:
    total, used = record.get("total_bytes"), record.get("used_bytes")
    if record.get("utilization_pct") is None and total and used is not None:
        record["utilization_pct"] = round(100.0 * used / total, 1)
    return record


def _post_ups(record: dict[str, Any]) -> dict[str, Any]:
    if record.get("on_battery") is None and record.get("status"):
        record["on_battery"] = record["status"] == "on_battery"
    return record


POST: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sensors": _post_sensor, "memory": _post_memory, "ups": _post_ups,
}


@dataclass
class _Evaluated:
    parts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    operations: dict[int, Operation] = field(default_factory=dict)
    vendor: bool = False


def _same_sensor(record: dict[str, Any], vendor: list[dict[str, Any]]) -> bool:
    """A standard-MIB reading (ENTITY-SENSOR-MIB) of a sensor a vendor profile already
    read: same kind, same value. Names differ between the two MIBs, values do not."""
    value = record.get("value")
    return isinstance(value, int | float) and any(
        v.get("kind") == record.get("kind") and isinstance(v.get("value"), int | float)
        and abs(v["value"] - value) < SAME_READING for v in vendor)


def _evaluate(family: str, profiles: list[SnmpProfile], data: Varbinds,
              ops: list[Operation]) -> _Evaluated:
    result = _Evaluated()
    vendor_parts: list[dict[str, Any]] = []
    for profile in profiles:
        for spec in profile.families.get(family, []):
            exact, cols = spec.oids()
            covering = [op for op in ops if any(op.covers(o) for o in exact | cols)]
            for op in covering:
                result.operations[id(op)] = op
            recs, problems = records(family, spec, data)
            if family == "sensors" and profile.match.generic:
                recs = [r for r in recs if not _same_sensor(r, vendor_parts)]
            elif not profile.match.generic:
                vendor_parts += recs
            result.parts += recs
            result.problems += problems
            result.vendor = result.vendor or not profile.match.generic
    return result


def _same(record: dict[str, Any]) -> dict[str, Any]:
    return record


def _validated(family: str, fields: list[dict[str, Any]] | dict[str, Any],
               problems: list[str]) -> list[Strict] | Strict | None:
    """The family's models from its merged fields; a record its model rejects is left out,
    and the reason added to `problems`."""
    model, is_list = FAMILY_MODELS[family]
    items = fields if isinstance(fields, list) else [fields]
    good = []
    post = POST.get(family, _same)
    for raw in items:
        item = post(raw)
        try:
            good.append(model.model_validate(item))
        except ValidationError as exc:
            problems.append(f"{family}: record {item.get('name', '')!r} rejected: "
                            f"{exc.errors()[0]['msg']}")
    if is_list:
        return good
    return good[0] if good else None


def _joined(family: str, parts: list[dict[str, Any]]) -> list[dict[str, Any]] | dict[str, Any]:
    """Records of several profiles (and columns) for the same thing as one record."""
    if FAMILY_MODELS[family][1]:
        return families.merge_fields(family, [parts])
    return families.merge_fields(family, parts)


def build_family(family: str, profiles: list[SnmpProfile], data: Varbinds,
                 ops: list[Operation], kind: str) -> Family[Any]:
    """One family of an SNMP device from its captures."""
    defining = [p.name for p in profiles if family in p.families]
    if not defining:
        return Family[Any](status=FamilyStatus.UNSUPPORTED,
                           reason=f"no SNMP profile of this device reports {family}")
    ev = _evaluate(family, profiles, data, ops)
    if not ev.operations:
        return Family[Any](status=FamilyStatus.NOT_COLLECTED,
                           reason=f"no capture of the OIDs of {', '.join(defining)}")
    sources = [SourceOutcome(command=op.capture.command, ok=not op.capture.error,
                             reason=f"`{op.capture.command}`: {op.capture.error}"
                             if op.capture.error else "", row_reason=op.capture.error or "")
               for op in ev.operations.values()]
    value = _validated(family, _joined(family, ev.parts), ev.problems) if ev.parts else None
    has_data = bool(value) if isinstance(value, list) else value is not None
    why = f"the device published none of the OIDs of {', '.join(defining)}"
    # A UPS without UPS data is a fault, not a feature the device lacks.
    required = ev.vendor or family in KIND_FAMILIES.get(kind, ())
    published_none = (FamilyStatus.FAILED if required else FamilyStatus.UNSUPPORTED, why)
    return families.build_family(family, sources, nothing=published_none,
                                 joined=value if has_data else None, problems=ev.problems)


def load_varbinds(captures: Iterable[Capture]) -> tuple[Varbinds, list[Operation]]:
    data = Varbinds()
    ops = []
    for capture in captures:
        op = operation(capture)
        if op is None:
            continue
        ops.append(op)
        data.add_lines(capture.output)
    return data, ops


def device_profiles(data: Varbinds) -> list[SnmpProfile]:
    object_id = data.get(SYS_OBJECT_ID)
    descr = data.get(SYS_DESCR)
    return select_profiles(as_text(object_id) if object_id is not None else "",
                           as_text(descr) if descr is not None else "",
                           answers=lambda column: bool(data.column(column)))


def with_shape_readings(sensors: Family[Any], profiles: list[SnmpProfile], data: Varbinds,
                        ops: list[Operation]) -> Family[Any]:
    """The sensors family with the readings found by shape in the enterprise walk, if the
    collector made one (snmp_shape.py): added to what the profiles read, never in place of
    it, and never a sensor twice."""
    walks = [op for op in ops if is_shape_walk(op)]
    known = [str(_field(s, "name")) for s in sensors.data or []]
    readings = [r for op in walks
                for r in shape_readings(data, op.oids[0], profile_columns(profiles), known)]
    if not readings:
        return sensors
    problems: list[str] = []
    found = _validated("sensors", readings, problems)
    extra = [model.model_dump() for model in found] if isinstance(found, list) else []
    sources = [*sensors.sources,
               *(SourceResult(command=op.capture.command, status="ok", records=len(extra))
                 for op in walks if not op.capture.error)]
    if sensors.status in (FamilyStatus.OK, FamilyStatus.PARTIAL) and sensors.data:
        return sensors.model_copy(update={"data": [*sensors.data, *extra], "sources": sources})
    return Family[Any](status=FamilyStatus.PARTIAL if problems else FamilyStatus.OK,
                       reason="; ".join(problems), sources=sources, data=extra)


def _field(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)


def build_snmp_snapshot(device: Device, captures: Iterable[Capture],
                        taken_at: datetime | None = None) -> Snapshot:
    """The normalized state of an SNMP device from its captures (pure)."""
    data, ops = load_varbinds(captures)
    profiles = device_profiles(data)
    kind = device.kind or next((p.kind for p in profiles if p.kind), "")
    by_name = {name: build_family(name, profiles, data, ops, kind) for name in FAMILY_NAMES}
    by_name["sensors"] = with_shape_readings(by_name["sensors"], profiles, data, ops)
    kind = kind or kind_from_data(by_name)
    return Snapshot.model_validate(
        {"device": device.model_copy(update={"kind": kind}), "taken_at": taken_at,
         **{name: fam.model_dump() for name, fam in by_name.items()}})


def kind_from_data(by_name: dict[str, Family[Any]]) -> str:
    """What the values prove a device is when no profile said (a UPS card answers IF-MIB
    too, so UPS data is looked at first, then humidity, which no switch reports)."""
    if by_name["ups"].data is not None:
        return "ups"
    # Humidity, or readings found by shape (walked only on devices that look like probes).
    if any(_field(s, "kind") == "humidity" or _field(s, "generic")
           for s in by_name["sensors"].data or []):
        return "env-sensor"
    if by_name["interfaces"].data or by_name["inventory"].data:
        return "network"
    return ""


__all__ = ["GET", "PLATFORM", "WALK", "Varbinds", "build_snmp_snapshot", "device_profiles",
           "kind_from_data", "load_varbinds", "operation", "records"]
