"""An SNMP profile's record specs evaluated against the captured values: each field in the
contract's type, and the problems of values that were there but could not be used."""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inspector.model import FAMILY_MODELS
from inspector.parsing.snmpprofile import FieldSpec, RecordsSpec
from inspector.parsing.snmprec import Value, Varbinds


def _entity_sensor(value: float, row: Callable[[str], Value | None]) -> float:
    """ENTITY-SENSOR-MIB: value x 10^(3 x (scale - 9)) / 10^precision (RFC 3433)."""
    scale = row("1.3.6.1.2.1.99.1.1.1.2")
    precision = row("1.3.6.1.2.1.99.1.1.1.3")
    exponent = 3 * ((scale if isinstance(scale, int) else 9) - 9)
    digits = precision if isinstance(precision, int) else 0
    return value * 10.0 ** exponent / 10.0 ** digits


def _rittal_cmc3(value: float, row: Callable[[str], Value | None]) -> float:
    """RITTAL-CMC-III-MIB: cmcIIIVarScale > 0 multiplies the value, < 0 divides it."""
    scale = row("1.3.6.1.4.1.2606.7.4.2.2.1.7")
    if not isinstance(scale, int) or scale == 0:
        return value
    return value * scale if scale > 0 else value / -scale


Transform = Callable[[float, Callable[[str], Value | None]], float]
TRANSFORMS: dict[str, Transform] = {"entity_sensor": _entity_sensor, "rittal_cmc3": _rittal_cmc3}


def _kind(family: str, name: str) -> str:
    """number / int / bool / text / list: what a model field holds."""
    annotation = FAMILY_MODELS[family][0].model_fields[name].annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if typing.get_origin(annotation) is list or typing.get_origin(args[0]) is list:
        return "list"  # list[str], or list[str] | None (None: a profile that has no such list)
    kinds = {bool: "bool", int: "int", float: "number"}
    return kinds.get(args[0], "text")


# Caught in this module and recorded as the family's reason: not an InspectorError.
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


def as_text(value: Any) -> str:
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
    if spec.null_values and as_text(value).strip() in spec.null_values:
        return None  # the device's own way of saying "no such value"
    if spec.regex is not None:
        found = re.search(spec.regex, as_text(value))
        if found is None:  # an extraction pattern: free text without it has no such value
            return None
        value = found.group(1) if found.groups() else found.group(0)
    if spec.map is not None:
        key = as_text(value).strip()
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
        text = as_text(value).strip()
        if text and spec.template is not None:
            return spec.template.replace("{value}", text).replace("{index}", row.index)
        return text or None
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
        text = as_text(value).strip()
        if cond.in_ is not None and text not in cond.in_:
            return False
        if cond.not_in is not None and text in cond.not_in:
            return False
        if cond.regex is not None and not re.search(cond.regex, text, re.IGNORECASE):
            return False
        if cond.not_regex is not None and re.search(cond.not_regex, text, re.IGNORECASE):
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
        if (spec.rows and index not in spec.rows) or not _keep(spec, row):
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
