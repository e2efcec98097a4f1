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
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from inspector.collectors.snmpprofile import (
    SYS_DESCR,
    SYS_OBJECT_ID,
    FieldSpec,
    RecordsSpec,
    SnmpProfile,
    select_profiles,
)
from inspector.model import (
    FAMILY_MODELS,
    FAMILY_NAMES,
    Capture,
    Device,
    Family,
    FamilyStatus,
    Snapshot,
    SourceResult,
)

Value = int | str | bytes
GET = "snmpget"
WALK = "snmpwalk"
PLATFORM = "snmp"

# snmprec type tags (snmpsim's numbering, which is the ASN.1/SMI tag number).
INT_TAGS = frozenset({"2", "65", "66", "67", "70"})
ABSENT_TAGS = {"128": "noSuchObject", "129": "noSuchInstance", "130": "endOfMibView"}

# A device of this kind needs these families: without them it was not inspected.
KIND_FAMILIES: dict[str, tuple[str, ...]] = {"ups": ("ups",), "env-sensor": ("sensors",)}

MERGE_KEYS: dict[str, tuple[str, ...]] = {
    "interfaces": ("name",), "cpu": ("slot",), "memory": ("slot",),
    "inventory": ("kind", "name"), "sensors": ("kind", "name"),
}


# --------------------------------------------------------------------------- snmprec


def oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.split(".") if p.isdigit())


def decode(tag: str, raw: str) -> Value | None:
    """One snmprec value as Python: int, text, or bytes when not text. None for Null."""
    if tag in INT_TAGS:
        return int(raw)
    if tag == "5":
        return None
    if tag.endswith("x"):
        data = bytes.fromhex(raw)
        if tag == "64x" and len(data) == 4:
            return ".".join(str(b) for b in data)
        return _text(data)
    if tag == "6":
        return raw.lstrip(".")
    return raw


def _text(data: bytes) -> str | bytes:
    """Octet strings: UTF-8, else GB18030 (Chinese devices), else the bytes."""
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if all(c.isprintable() or c in "\r\n\t" for c in text.rstrip("\x00")):
            return text.rstrip("\x00")
    return data


@dataclass
class Varbinds:
    """Every value the captures hold, and what the device said was absent."""

    values: dict[str, Value | None] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)
    _columns: dict[str, list[tuple[str, Value | None]]] = field(default_factory=dict)

    def add_lines(self, text: str) -> None:
        for line in text.splitlines():
            parts = line.split("|", 2)
            if len(parts) != 3 or not parts[0].strip():
                continue
            oid, tag, raw = parts[0].strip().lstrip("."), parts[1].strip(), parts[2]
            if tag in ABSENT_TAGS:
                self.absent[oid] = ABSENT_TAGS[tag]
                continue
            try:
                self.values[oid] = decode(tag, raw)
            except ValueError:
                self.values[oid] = raw
        self._columns.clear()

    def get(self, oid: str) -> Value | None:
        return self.values.get(oid)

    def column(self, col: str) -> list[tuple[str, Value | None]]:
        """(index, value) of every instance of a column, in OID order."""
        if col not in self._columns:
            prefix = col + "."
            found = [(oid[len(prefix):], v) for oid, v in self.values.items()
                     if oid.startswith(prefix)]
            found.sort(key=lambda item: oid_key(item[0]))
            self._columns[col] = found
        return self._columns[col]


@dataclass
class Operation:
    """What one capture asked: exact OIDs (GET) or a subtree (walk)."""

    capture: Capture
    kind: str
    oids: tuple[str, ...]

    def covers(self, oid: str) -> bool:
        if self.kind == GET:
            return oid in self.oids
        return any(oid == root or oid.startswith(root + ".") or root.startswith(oid + ".")
                   for root in self.oids)


def operation(capture: Capture) -> Operation | None:
    words = capture.command.split()
    if len(words) < 2 or words[0] not in (GET, WALK):
        return None
    return Operation(capture, words[0], tuple(w.lstrip(".") for w in words[1:]))


# --------------------------------------------------------------------------- fields


def _entity_sensor(value: float, row: Callable[[str], Value | None]) -> float:
    """ENTITY-SENSOR-MIB: value x 10^(3 x (scale - 9)) / 10^precision (RFC 3433)."""
    scale = row("1.3.6.1.2.1.99.1.1.1.2")
    precision = row("1.3.6.1.2.1.99.1.1.1.3")
    exponent = 3 * ((scale if isinstance(scale, int) else 9) - 9)
    digits = precision if isinstance(precision, int) else 0
    return value * 10.0 ** exponent / 10.0 ** digits


Transform = Callable[[float, Callable[[str], Value | None]], float]
TRANSFORMS: dict[str, Transform] = {"entity_sensor": _entity_sensor}


def _kind(family: str, name: str) -> str:
    """number / int / bool / text / list: what a model field holds."""
    annotation = FAMILY_MODELS[family][0].model_fields[name].annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if typing.get_origin(annotation) is list or typing.get_origin(args[0]) is list:
        return "list"  # list[str], or list[str] | None (None: a profile that has no such list)
    kinds = {bool: "bool", int: "int", float: "number"}
    return kinds.get(args[0], "text")


class ValueProblemError(ValueError):
    """A value that was there but could not be used (wrong type, out of range)."""


@dataclass
class Row:
    data: Varbinds
    index: str

    def raw(self, spec: FieldSpec) -> tuple[Value | None, str | None]:
        """The first present value of the field's OIDs, and that OID."""
        for oid in spec.oid:
            if oid in self.data.values:
                return self.data.values[oid], oid
        for col in spec.col:
            oid = f"{col}.{self.index}"
            if oid in self.data.values:
                return self.data.values[oid], oid
        return None, None

    def column(self, col: str) -> Value | None:
        return self.data.get(f"{col}.{self.index}")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueProblemError(f"{where}: {value!r} is not a number") from None
        if math.isfinite(number):
            return number
    raise ValueProblemError(f"{where}: {value!r} is not a number")


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.hex(":")
    return str(value)


def evaluate(spec: FieldSpec, row: Row, kind: str) -> Any:
    """The field's value in the contract's type, None when absent; raises ValueProblemError."""
    if spec.value is not None:
        return spec.value.replace("{index}", row.index) if isinstance(spec.value, str) \
            else spec.value
    raw, oid = row.raw(spec)
    if oid is None or raw is None:
        return None
    where = f"{oid}"
    value: Any = raw
    if spec.null_values and _as_text(value).strip() in spec.null_values:
        return None  # the device's own way of saying "no such value"
    if spec.regex is not None:
        found = re.search(spec.regex, _as_text(value))
        if found is None:  # an extraction pattern: free text without it has no such value
            return None
        value = found.group(1) if found.groups() else found.group(0)
    if spec.map is not None:
        key = _as_text(value).strip()
        if key in spec.map:
            value = spec.map[key]
        elif spec.default is not None:
            value = spec.default
        else:
            raise ValueProblemError(f"{where}: unexpected value {key!r}")
        if value is None:
            return None
    return _convert(spec, row, kind, value, where)


def _convert(spec: FieldSpec, row: Row, kind: str, value: Any, where: str) -> Any:
    if kind == "text":
        return _as_text(value).strip() or None
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ValueProblemError(f"{where}: {value!r} is not a yes/no value (add a `map`)")
    number = _number(value, where)
    if spec.transform is not None:
        number = TRANSFORMS[spec.transform](number, row.column)
    number *= spec.scale
    for helper, combine in ((spec.multiply_by, float.__mul__), (spec.plus, float.__add__)):
        if helper is not None:
            other = evaluate(helper, row, "number")
            if other is None:
                return None
            number = combine(number, float(other))
    if (spec.min is not None and number < spec.min) or (
            spec.max is not None and number > spec.max):
        raise ValueProblemError(
            f"{where}: {fmt(number)} is outside [{fmt(spec.min)}, {fmt(spec.max)}]")
    return round(number) if kind == "int" else round(number, 3)


def fmt(number: float | None) -> str:
    return "-" if number is None else f"{number:g}"


def _keep(spec: RecordsSpec, row: Row) -> bool:  # noqa: PLR0911 - one return per condition
    for cond in spec.where:
        value = next((row.column(c) for c in cond.col if row.column(c) is not None), None)
        if value is None:
            return False
        text = _as_text(value).strip()
        if cond.in_ is not None and text not in cond.in_:
            return False
        if cond.not_in is not None and text in cond.not_in:
            return False
        if cond.regex is not None and not re.search(cond.regex, text, re.IGNORECASE):
            return False
        if cond.gt is not None:
            try:
                if _number(value, "") <= cond.gt:
                    return False
            except ValueProblemError:
                return False
    return True


def _indexes(spec: RecordsSpec, data: Varbinds) -> list[str]:
    if not spec.index:
        return ["0"]
    seen: dict[str, None] = {}
    for col in spec.index:
        for index, _ in data.column(col):
            seen.setdefault(index)
    return list(seen)


def _list_field(spec: FieldSpec, data: Varbinds) -> tuple[list[str], list[str]]:
    """A list field (UPS alarms): every instance of its columns, each mapped."""
    items, problems = [], []
    for col in spec.col:
        for index, _ in data.column(col):
            try:
                value = evaluate(spec, Row(data, index), "text")
            except ValueProblemError as exc:
                problems.append(str(exc))
                continue
            if value:
                items.append(str(value))
    return list(dict.fromkeys(items)), problems


def records(family: str, spec: RecordsSpec, data: Varbinds
            ) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of one spec, and the problems of values that could not be used."""
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    for index in _indexes(spec, data):
        row = Row(data, index)
        if not _keep(spec, row):
            continue
        record: dict[str, Any] = {}
        read = False
        for name, fspec in spec.fields.items():
            kind = _kind(family, name)
            if kind == "list":
                items, bad = _list_field(fspec, data)
                problems += [f"{family}.{name}: {p}" for p in bad]
                read = read or bool(items)
                record[name] = items
                continue
            try:
                value = evaluate(fspec, row, kind)
            except ValueProblemError as exc:
                problems.append(f"{family}.{name}: {exc}")
                continue
            if value is not None:
                record[name] = value
                read = read or fspec.value is None
        if read:
            out.append(record)
    return out, problems


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


def _fill(target: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if target.get(key) in (None, "", []):
            target[key] = value


def _merge(family: str, parts: list[dict[str, Any]]) -> Any:
    if not FAMILY_MODELS[family][1]:
        merged: dict[str, Any] = {}
        for part in parts:
            _fill(merged, part)
        return merged
    keys = MERGE_KEYS.get(family, ())
    by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in parts:
        key = tuple(record.get(k) for k in keys) if keys else (len(by_key),)
        if key in by_key:
            _fill(by_key[key], record)
        else:
            by_key[key] = dict(record)
    return list(by_key.values())


@dataclass
class _Evaluated:
    parts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    operations: dict[int, Operation] = field(default_factory=dict)
    vendor: bool = False


def _evaluate(family: str, profiles: list[SnmpProfile], data: Varbinds,
              ops: list[Operation]) -> _Evaluated:
    result = _Evaluated()
    for profile in profiles:
        for spec in profile.families.get(family, []):
            exact, cols = spec.oids()
            covering = [op for op in ops if any(op.covers(o) for o in exact | cols)]
            for op in covering:
                result.operations[id(op)] = op
            recs, problems = records(family, spec, data)
            result.parts += recs
            result.problems += problems
            result.vendor = result.vendor or not profile.match.generic
    return result


def _same(record: dict[str, Any]) -> dict[str, Any]:
    return record


def _validated(family: str, value: Any, problems: list[str]) -> Any:
    model, is_list = FAMILY_MODELS[family]
    items = value if is_list else [value]
    good = []
    post = POST.get(family, _same)
    for raw in items:
        item = post(raw)
        try:
            good.append(model.model_validate(item).model_dump())
        except ValidationError as exc:
            problems.append(f"{family}: record {item.get('name', '')!r} rejected: "
                            f"{exc.errors()[0]['msg']}")
    if is_list:
        return good
    return good[0] if good else None


def build_family(family: str, profiles: list[SnmpProfile], data: Varbinds,
                 ops: list[Operation], kind: str) -> Family[Any]:
    """One family of an SNMP device from its captures (one return per status rule)."""
    defining = [p.name for p in profiles if family in p.families]
    if not defining:
        return Family[Any](status=FamilyStatus.UNSUPPORTED,
                           reason=f"no SNMP profile of this device reports {family}")
    ev = _evaluate(family, profiles, data, ops)
    if not ev.operations:
        return Family[Any](status=FamilyStatus.NOT_COLLECTED,
                           reason=f"no capture of the OIDs of {', '.join(defining)}")
    used = list(ev.operations.values())
    errors = [f"`{op.capture.command}`: {op.capture.error}" for op in used if op.capture.error]
    sources = [SourceResult(command=op.capture.command,
                            status="failed" if op.capture.error else "ok",
                            reason=op.capture.error or "") for op in used]
    value = _validated(family, _merge(family, ev.parts), ev.problems) if ev.parts else None
    has_data = bool(value) if FAMILY_MODELS[family][1] else value is not None
    reasons = "; ".join(errors + ev.problems)
    if has_data:
        status = FamilyStatus.PARTIAL if reasons else FamilyStatus.OK
        return Family[Any](status=status, reason=reasons, sources=sources, data=value)
    if errors or ev.problems:
        return Family[Any](status=FamilyStatus.FAILED, reason=reasons, sources=sources)
    why = f"the device published none of the OIDs of {', '.join(defining)}"
    if ev.vendor or family in KIND_FAMILIES.get(kind, ()):
        return Family[Any](status=FamilyStatus.FAILED, reason=why, sources=sources)
    return Family[Any](status=FamilyStatus.UNSUPPORTED, reason=why, sources=sources)


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
    return select_profiles(_as_text(object_id) if object_id is not None else "",
                           _as_text(descr) if descr is not None else "")


def build_snmp_snapshot(device: Device, captures: Iterable[Capture],
                        taken_at: datetime | None = None) -> Snapshot:
    """The normalized state of an SNMP device from its captures (pure)."""
    data, ops = load_varbinds(captures)
    profiles = device_profiles(data)
    kind = device.kind or next((p.kind for p in profiles if p.kind), "")
    families = {name: build_family(name, profiles, data, ops, kind) for name in FAMILY_NAMES}
    kind = kind or kind_from_data(families)
    return Snapshot.model_validate(
        {"device": device.model_copy(update={"kind": kind}), "taken_at": taken_at,
         **{name: fam.model_dump() for name, fam in families.items()}})


def kind_from_data(families: dict[str, Family[Any]]) -> str:
    """What the values prove a device is when no profile said (a UPS card answers IF-MIB
    too, so UPS data is looked at first, then humidity, which no switch reports)."""
    if families["ups"].data is not None:
        return "ups"
    if any(s.get("kind") == "humidity" for s in families["sensors"].data or []):
        return "env-sensor"
    if families["interfaces"].data or families["inventory"].data:
        return "network"
    return ""
