"""Room readings found by the shape of a table, for a probe no profile knows (pure).

A probe of an unknown vendor, or of a product line of a known vendor whose MIB we have no
profile for, still publishes its sensors as a table: a name column, a value, and a unit.
The collector walks the device's own enterprise subtree (1.3.6.1.4.1.<n> of its
sysObjectID), bounded; this module finds in that walk the tables that look like sensor
tables and reads them, marked `generic` so the report says how they were found.

What is read, and what is never guessed:
- a row's kind and unit come from the device's own words: a unit column ("C", "°F",
  "%RH"), a value that carries its unit ("23.5 C"), or a name that states it
  ("Temperature (°C)", "Humidity"); a row without them is left out;
- the value is a decimal text as published ("23.5"), or an integer that is plausible in
  that unit as it stands; an integer that would only be plausible scaled (235 for 23.5)
  is left out: the scale is the MIB's to say, and a wrong one would be a wrong reading;
- columns and tables a profile of the device already reads are skipped (no sensor is
  counted twice), and so are names a profile already reported;
- at most MAX_READINGS readings, from tables of at most MAX_ROWS rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from inspector.parsing.snmpprofile import ENTERPRISES, SnmpProfile
from inspector.parsing.snmprec import WALK, Operation, Value, Varbinds, oid_key

SHAPE_VALUES = 3000  # values the collector walks under the enterprise, at most
MAX_ROWS = 64
MAX_READINGS = 64
INDEX_LENGTHS = (1, 2)  # sensor tables are indexed by a number, or by module.sensor

_ENTERPRISE_ROOT = re.compile(rf"^{re.escape(ENTERPRISES)}\.\d+$")
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*$")
_DECIMAL = re.compile(r"^\s*-?\d+\.\d+\s*$")
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "c": ("temperature", "C"), "°c": ("temperature", "C"), "℃": ("temperature", "C"),
    "degc": ("temperature", "C"), "deg c": ("temperature", "C"),
    "celsius": ("temperature", "C"), "degrees c": ("temperature", "C"),
    "f": ("temperature", "F"), "°f": ("temperature", "F"), "℉": ("temperature", "F"),
    "degf": ("temperature", "F"), "deg f": ("temperature", "F"),
    "fahrenheit": ("temperature", "F"), "degrees f": ("temperature", "F"),
    "%": ("humidity", "%RH"), "%rh": ("humidity", "%RH"), "% rh": ("humidity", "%RH"),
    "rh": ("humidity", "%RH"), "rh%": ("humidity", "%RH"),
}
_WITH_UNIT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(°\s*[CF]|℃|℉|deg\s*[CF]|[CF]|%\s*RH|%)\s*$",
                        re.IGNORECASE)
_NAME_UNIT = re.compile(r"(°\s*[CF]\b|℃|℉|\bdeg\s*[CF]\b|\(\s*[CF]\s*\)|\bcelsius\b|"
                        r"\bfahrenheit\b)", re.IGNORECASE)
_HUMIDITY_NAME = re.compile(r"humid|\brh\b|湿度", re.IGNORECASE)
_TEMPERATURE_NAME = re.compile(r"temp|温度", re.IGNORECASE)
# What a reading may be, as published (outside: not taken, see the module's docstring).
PLAUSIBLE: dict[str, tuple[float, float]] = {"C": (-40, 85), "F": (-40, 185),
                                             "%RH": (0, 100)}
_ENUM_MAX = 5  # a column of only 0..5 is a state, not a reading


def is_shape_walk(op: Operation) -> bool:
    """A walk of a whole enterprise subtree (what the collector asks for this module)."""
    return op.kind == WALK and len(op.oids) == 1 and bool(_ENTERPRISE_ROOT.match(op.oids[0]))


def enterprise_root(sys_object_id: str) -> str | None:
    """1.3.6.1.4.1.<n> of a sysObjectID under the enterprises arc, else None."""
    parts = sys_object_id.strip().lstrip(".").split(".")
    if len(parts) > 6 and ".".join(parts[:6]) == ENTERPRISES and parts[6].isdigit():
        return f"{ENTERPRISES}.{parts[6]}"
    return None


def unit_of(text: str) -> tuple[str, str] | None:
    """(kind, unit) a unit word names, None for anything else."""
    return _UNIT_WORDS.get(re.sub(r"\s+", " ", text.strip().lower()).replace("° ", "°"))


@dataclass
class _Table:
    entry: tuple[int, ...]
    columns: dict[int, dict[tuple[int, ...], Value | None]] = field(default_factory=dict)

    def rows(self) -> list[tuple[int, ...]]:
        seen: dict[tuple[int, ...], int] = defaultdict(int)
        for cells in self.columns.values():
            for index in cells:
                seen[index] += 1
        return sorted(i for i, n in seen.items() if n >= 2)

    def oid(self, column: int | None = None) -> str:
        """The entry's OID, or one column's."""
        parts = self.entry if column is None else (*self.entry, column)
        return ".".join(str(p) for p in parts)


def _tables(values: Iterable[tuple[str, Value | None]]) -> list[_Table]:
    found: dict[tuple[tuple[int, ...], int], _Table] = {}
    for oid, value in values:
        parts = oid_key(oid)
        for length in INDEX_LENGTHS:
            if len(parts) <= length + 2:
                continue
            entry, column, index = parts[:-length - 1], parts[-length - 1], parts[-length:]
            table = found.setdefault((entry, length), _Table(entry))
            table.columns.setdefault(column, {})[index] = value
    return [t for t in found.values() if len(t.columns) >= 2 and 0 < len(t.rows()) <= MAX_ROWS]


def _text(value: Value | None) -> str | None:
    return value if isinstance(value, str) else None


def _is_name_column(cells: dict[tuple[int, ...], Value | None]) -> bool:
    texts = [_text(v) for v in cells.values()]
    return all(t is not None and t.strip() and not _NUMBER.match(t) and not unit_of(t)
               and not _WITH_UNIT.match(t) and any(c.isalpha() for c in t) for t in texts)


def _is_unit_column(cells: dict[tuple[int, ...], Value | None]) -> bool:
    """Unit words, where a row has one (a row without a sensor leaves it empty)."""
    said = [v for v in cells.values() if not (isinstance(v, str) and not v.strip())]
    return bool(said) and all(isinstance(v, str) and unit_of(v) for v in said)


def _is_reading_column(cells: dict[tuple[int, ...], Value | None]) -> bool:
    """Integers that are not a state enum, or decimal texts ("23.5")."""
    values = list(cells.values())
    if all(isinstance(v, str) and (_DECIMAL.match(v) or _WITH_UNIT.match(v)) for v in values):
        return True
    ints = [v for v in values if isinstance(v, int)]
    return len(ints) == len(values) and any(not 0 <= v <= _ENUM_MAX for v in ints)


@dataclass
class _Shape:
    name: int | None
    unit: int | None
    readings: list[int]


def _shape(table: _Table) -> _Shape | None:
    names = [c for c, cells in sorted(table.columns.items()) if _is_name_column(cells)]
    units = [c for c, cells in sorted(table.columns.items()) if _is_unit_column(cells)]
    readings = [c for c, cells in sorted(table.columns.items()) if _is_reading_column(cells)]
    if not readings:
        return None
    name = names[0] if names else None
    # The reading is after the name in every sensor MIB we know (thresholds come later).
    after = [c for c in readings if name is None or c > name]
    return _Shape(name, units[0] if units else None, after or readings)


def _kind_unit(row_name: str, unit_text: str | None, reading: Value | None
               ) -> tuple[str, str, float] | None:
    """(kind, unit, value as published) of one row, or None when the row does not say."""
    if isinstance(reading, str) and (found := _WITH_UNIT.match(reading)):
        said = unit_of(found.group(2))
        return (said[0], said[1], float(found.group(1))) if said else None
    number = _number(reading)
    if number is None:
        return None
    if unit_text is not None and (said := unit_of(unit_text)):
        return said[0], said[1], number
    in_name = _NAME_UNIT.search(row_name)
    if in_name and _TEMPERATURE_NAME.search(row_name):
        word = in_name.group(1).strip("() ").lower()
        return "temperature", "F" if word.endswith(("f", "℉", "fahrenheit")) else "C", number
    if _HUMIDITY_NAME.search(row_name):
        return "humidity", "%RH", number
    return None


def _number(value: Value | None) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) and (found := _NUMBER.match(value)):
        return float(found.group(1))
    return None


def _plausible(unit: str, value: float) -> bool:
    low, high = PLAUSIBLE[unit]
    return low <= value <= high


def _row_reading(table: _Table, shape: _Shape, index: tuple[int, ...]) -> dict[str, Any] | None:
    label = ".".join(str(p) for p in index)
    name = _text(table.columns[shape.name].get(index)) if shape.name is not None else None
    unit_text = _text(table.columns[shape.unit].get(index)) if shape.unit is not None else None
    for column in shape.readings:
        if index not in table.columns[column]:
            continue
        said = _kind_unit(name or "", unit_text, table.columns[column][index])
        if said is None or not _plausible(said[1], said[2]):
            continue
        kind, unit, value = said
        return {"name": (name or f"{table.oid(column)}.{label}").strip(), "kind": kind,
                "unit": unit, "value": value, "generic": True}
    return None


def _read_elsewhere(table: _Table, read_columns: set[str]) -> bool:
    entry = table.oid()
    return any(col == entry or col.startswith(entry + ".") or entry.startswith(col + ".")
               for col in read_columns)


def profile_columns(profiles: Iterable[SnmpProfile]) -> set[str]:
    """Every column and exact OID the device's profiles read."""
    read: set[str] = set()
    for profile in profiles:
        exact, cols = profile.oids()
        read |= cols | {o.rsplit(".", 1)[0] for o in exact}
    return read


def shape_readings(data: Varbinds, root: str, read_columns: set[str],
                   known_names: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Temperature and humidity rows of the sensor-like tables under `root` (records of the
    sensors family, each with generic=True), at most MAX_READINGS."""
    prefix = root + "."
    values = [(oid, v) for oid, v in data.values.items() if oid.startswith(prefix)]
    taken = {name.strip().lower() for name in known_names}
    out: list[dict[str, Any]] = []
    for table in sorted(_tables(values), key=lambda t: t.entry):
        if _read_elsewhere(table, read_columns) or (shape := _shape(table)) is None:
            continue
        for index in table.rows():
            reading = _row_reading(table, shape, index)
            if reading is None or reading["name"].lower() in taken:
                continue
            taken.add(reading["name"].lower())
            out.append(reading)
            if len(out) >= MAX_READINGS:
                return out
    return out
