"""Evidence from SNMP captures: the varbinds (OID and value) a graded value was read from.

An SNMP capture holds one `OID|type|value` line per varbind. A scalar (a UPS's battery
charge) is found by the OIDs the profiles read its field from; a table row (a room probe's
sensor) by its name: the row's index then finds the same row in every other walked column
(its value, its limits, its state). Lines are shown as `OID = value`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from inspector.checks.base import Hit
from inspector.model import Evidence
from inspector.parsing.snmpprofile import field_oids

SHAPE_ROOT = re.compile(r"^1\.3\.6\.1\.4\.1\.\d+$")  # the collector's walk by shape
_VARBIND = re.compile(r"^\s*(?P<oid>\d+(?:\.\d+)+)\|(?P<type>\d+)\|(?P<value>.*?)\s*$")
# noSuchObject, noSuchInstance, endOfMibView: the agent has no such value, nothing to show.
_NO_VALUE = {"128", "129", "130"}
MAX_LINES = 6


def is_snmp(command: str) -> bool:
    return command.startswith(("snmpwalk ", "snmpget "))


def _varbinds(text: str) -> Iterable[tuple[str, str]]:
    for line in text.splitlines():
        found = _VARBIND.match(line)
        if found and found["type"] not in _NO_VALUE:
            yield found["oid"], found["value"]


def _shown(oid: str, value: str) -> str:
    return f"{oid} = {value}"


def _field_lines(fields: Iterable[str], outputs: Mapping[str, str], pool: list[str]
                 ) -> dict[str, list[str]]:
    exact: set[str] = set()
    cols: set[str] = set()
    for name in fields:
        family, _, field = name.partition(".")
        e, c = field_oids(family, field)
        exact |= e
        cols |= c
    found: dict[str, list[str]] = {}
    for command in pool:
        for oid, value in _varbinds(outputs[command]):
            if oid in exact or any(oid.startswith(col + ".") for col in cols):
                found.setdefault(command, []).append(_shown(oid, value))
    return found


def _walk_root(command: str) -> str | None:
    parts = command.split()
    return parts[1] if len(parts) == 2 and parts[0] == "snmpwalk" else None


def _row_index(anchor: str, outputs: Mapping[str, str], pool: list[str]
               ) -> tuple[str, str] | None:
    """The table (its entry OID) and the index of the row whose name column holds
    `anchor`."""
    wanted = anchor.strip().lower()
    for command in pool:
        root = _walk_root(command)
        if root is None:
            continue
        for oid, value in _varbinds(outputs[command]):
            if value.strip().lower() == wanted and oid.startswith(root + "."):
                return root.rsplit(".", 1)[0], oid[len(root) + 1:]
    return None


def _shape_row(anchor: str, outputs: Mapping[str, str], pool: list[str]
               ) -> dict[str, list[str]]:
    """A reading found by shape in an enterprise walk (parsing/snmp_shape.py): the row of
    the table whose name column holds `anchor` (its value and unit as the device said)."""
    wanted = anchor.strip().lower()
    for command in pool:
        root = _walk_root(command)
        if root is None or not SHAPE_ROOT.match(root):
            continue
        binds = list(_varbinds(outputs[command]))
        named = next((oid for oid, value in binds if value.strip().lower() == wanted), None)
        if named is None:
            continue
        parts = named.split(".")
        rows = [[(oid, value) for oid, value in binds
                 if oid.split(".")[:-length - 1] == parts[:-length - 1]
                 and oid.split(".")[-length:] == parts[-length:]
                 and len(oid.split(".")) == len(parts)] for length in (1, 2)]
        return {command: [_shown(oid, value) for oid, value in max(rows, key=len)]}
    return {}


def _row_lines(anchor: str, outputs: Mapping[str, str], pool: list[str]) -> dict[str, list[str]]:
    """The row's value in every walked column of its table (other tables share indexes)."""
    shaped = _shape_row(anchor, outputs, pool)
    if shaped:
        return shaped
    row = _row_index(anchor, outputs, pool)
    if row is None:
        return {}
    table, index = row
    found: dict[str, list[str]] = {}
    for command in pool:
        root = _walk_root(command)
        if root is None or root.rsplit(".", 1)[0] != table:
            continue
        for oid, value in _varbinds(outputs[command]):
            if oid == f"{root}.{index}":
                found.setdefault(command, []).append(_shown(oid, value))
    return found


def snmp_lines(hit: Hit, outputs: Mapping[str, str], pool: list[str]) -> dict[str, list[str]]:
    """Command -> the varbind lines showing `hit` (empty when the hit is not from SNMP)."""
    snmp = [c for c in pool if is_snmp(c)]
    if not snmp:
        return {}
    if hit.snmp_fields:
        return _field_lines(hit.snmp_fields, outputs, snmp)
    if hit.anchor:
        return _row_lines(hit.anchor, outputs, snmp)
    return {}


def snmp_evidence(hit: Hit, outputs: Mapping[str, str], pool: list[str]) -> list[Evidence]:
    """The queries and varbinds that show `hit`, at most MAX_LINES lines in all."""
    evidence = []
    left = MAX_LINES
    for command, lines in snmp_lines(hit, outputs, pool).items():
        if left <= 0:
            break
        evidence.append(Evidence(command=command, lines=lines[:left]))
        left -= len(lines[:left])
    return evidence
