"""SNMP captures as values: snmprec lines (``OID|TAG|VALUE``, snmpsim's format) decoded,
and what each capture asked (``snmpget OID OID ...`` or ``snmpwalk ROOT``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.model import Capture

GET = "snmpget"
WALK = "snmpwalk"

Value = int | str | bytes

# snmprec type tags (snmpsim's numbering, which is the ASN.1/SMI tag number).
INT_TAGS = frozenset({"2", "65", "66", "67", "70"})
ABSENT_TAGS = {"128": "noSuchObject", "129": "noSuchInstance", "130": "endOfMibView"}


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
