"""Helpers of the SNMP corpus tier: Net-SNMP `snmpwalk` text as snmprec (so snmpsim can
serve it), and whether a reading the collector gave is what the recording publishes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from inspector.model import Sensor
from inspector.parsing.snmpprofile import FieldSpec, snmp_profiles
from inspector.parsing.snmprec import Varbinds, oid_key

_LINE = re.compile(r"^\.?(?P<oid>\d+(?:\.\d+)+)\s*=\s*(?:(?P<type>[\w-]+):\s*)?(?P<value>.*)$")
_TAGS = {"INTEGER": "2", "STRING": "4", "OID": "6", "Gauge32": "66", "Counter32": "65",
         "Counter64": "70", "Timeticks": "67", "IpAddress": "64", "Hex-STRING": "4x",
         "Unsigned32": "66"}
_SCALES = (1.0, 0.1, 0.01, 0.001)
_CLOSE = 0.06  # a reading rounded to two decimals, against the published value
_INDEX_SUFFIX = re.compile(r"\s*\(?\d+(?:\.\d+)*\)?$")


def snmpwalk_to_snmprec(text: str) -> str:
    """`.1.3.6... = TYPE: value` lines as `OID|TAG|VALUE`, in OID order (what snmpsim
    needs); lines without a type ("" strings) are empty strings, the end-of-MIB line is
    dropped."""
    rows: dict[str, str] = {}
    for line in text.splitlines():
        found = _LINE.match(line.strip())
        if found is None or "No more variables" in line:
            continue
        kind, value = found["type"] or "STRING", found["value"].strip()
        tag = _TAGS.get(kind)
        if tag is None:
            continue
        if kind == "INTEGER":
            value = re.sub(r"^\D*\((-?\d+)\)$", r"\1", value)  # up(1) -> 1
        elif kind == "Timeticks":
            value = re.sub(r"^\((\d+)\).*$", r"\1", value)
        elif kind == "Hex-STRING":
            value = value.replace(" ", "").lower()
        elif kind in ("STRING", "OID"):
            value = value.strip('"').lstrip(".")
        rows[found["oid"]] = f"{found['oid']}|{tag}|{value}"
    return "".join(rows[oid] + "\n" for oid in sorted(rows, key=oid_key))


def _numbers(data: Varbinds) -> list[float]:
    found = []
    for value in data.values.values():
        if isinstance(value, int):
            found.append(float(value))
        elif isinstance(value, str):
            try:
                found.append(float(value.strip()))
            except ValueError:
                continue
    return found


def _texts(data: Varbinds) -> set[str]:
    return {v.strip() for v in data.values.values() if isinstance(v, str)}


@cache
def profile_names() -> tuple[re.Pattern[str], ...]:
    """Names the profiles give (literals with the row's index, mapped descriptions), which
    no recording holds as text."""
    patterns: set[str] = set()
    for profile in snmp_profiles().values():
        for spec in profile.families.get("sensors", []):
            field = spec.fields.get("name")
            if field is not None:
                patterns |= set(_literal_names(field))
    return tuple(re.compile(p) for p in sorted(patterns))


def _literal_names(field: FieldSpec) -> Iterable[str]:
    index = r"[\d.]+"
    if isinstance(field.value, str):
        yield re.escape(field.value).replace(re.escape("{index}"), index) + "$"
    texts = [v for v in (field.map or {}).values() if isinstance(v, str)]
    if isinstance(field.default, str):
        texts.append(field.default)
    for text in texts:
        template = field.template or "{value}"
        yield re.escape(template).replace(re.escape("{value}"), re.escape(text)).replace(
            re.escape("{index}"), index) + "$"


def _generated(recording: str) -> bool:
    """Whether snmpsim generates some of the recording's values (a `TAG:module` variation
    line such as `2:numeric|min=..,max=..`): those change with time and are not checked."""
    return any(len(parts) == 3 and ":" in parts[1]
               for parts in (line.split("|", 2) for line in recording.splitlines()))


def published(sensor: Sensor, data: Varbinds, recording: str) -> list[str]:
    """Why `sensor` is not what the recording publishes (empty when it is): its name is a
    text of the recording (or one a profile gives), its unit °C or %RH (or none, where the
    device does not say its unit: see unit_unstated), and its value one of the recording's
    numbers, as is or in tenths/hundredths/thousandths, or converted from °F (unless
    snmpsim generates values of this recording)."""
    problems = []
    texts = _texts(data)
    base = _INDEX_SUFFIX.sub("", sensor.name).strip()
    if sensor.name not in texts and base not in texts and not any(
            p.match(sensor.name) for p in profile_names()):
        problems.append(f"name {sensor.name!r} is not in the recording")
    if sensor.unit not in ({"temperature": "C", "humidity": "%RH"}.get(sensor.kind), None):
        problems.append(f"unit {sensor.unit!r}")
    value = sensor.value
    if value is None:
        return [*problems, "no value"]
    candidates = [n * s for n in _numbers(data) for s in _SCALES]
    if not any(abs(c - value) < _CLOSE or abs((c - 32) / 1.8 - value) < _CLOSE
               for c in candidates) and not _generated(recording):
        problems.append(f"value {value} is none of the recording's numbers")
    return problems


def unit_unstated(sensor: Sensor) -> bool:
    """A temperature whose device does not publish its unit (its display setting)."""
    return sensor.kind == "temperature" and sensor.unit is None
