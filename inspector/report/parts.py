"""Power supplies and fans, one row per part.

A platform often reports the same part twice: its state among the sensors (`display
fan`, `show environment`) and its model and serial in the inventory (`display elabel`,
`show inventory`). The two lists name it in their own ways ("Slot 0 FAN 2" / "FAN2",
"Switch 1 PS 1A" / "Switch 1 - Power Supply A", "PSU0_Status" / "PSU0_FRU"); a part is
matched by a normalized name: its slot when given, the part word (fan, psu) and its
number. The merged row has one state, the sensor's (a part the sensors do not list keeps
the inventory's), and the inventory's model and serial beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.model import InventoryItem, Sensor

PART_KINDS = ("psu", "fan")
# An inventory's status in sensor words, as the fan / PSU checks read it (rules.yaml
# `ok_states`, `absent_states`); a word in neither list is a fault.
OK_WORDS = ("ok", "normal", "present", "online", "active", "up", "registered")
ABSENT_WORDS = ("absent", "not present", "empty")

_PAREN = re.compile(r"\(.*?\)")
_SUFFIX = re.compile(r"[\s_]*(?:status|fru|speed|state)$")
_SLOT = re.compile(r"^(?:slot|switch|chassis|member|unit|stack)\s*(\d+)\s*")
_PSU = re.compile(r"(?<![a-z])(?:power supply|power|pwr|psu|ps)(?![a-z])")
_SEPARATORS = re.compile(r"[\s_\-/:.]+")


@dataclass(frozen=True)
class PartKey:
    slot: str | None
    name: str

    def matches(self, other: PartKey) -> bool:
        """The same part: the same name, in the same slot when both say one."""
        return self.name == other.name and (
            self.slot is None or other.slot is None or self.slot == other.slot)


def part_key(name: str) -> PartKey:
    """ "Switch 1 PS 1A" -> (1, "psua"); "Switch 1 - Power Supply A" -> (1, "psua");
    "Slot 0 FAN 2" -> (0, "fan2"); "FAN2" -> (None, "fan2"); "PSU0_FRU" -> (None, "psu0")."""
    text = _SUFFIX.sub("", _PAREN.sub("", name.lower()).strip())
    text = _SEPARATORS.sub(" ", text).strip()
    found = _SLOT.match(text)
    slot = found.group(1) if found else None
    text = _PSU.sub("psu", text[found.end():] if found else text)
    key = text.replace(" ", "")
    # Stacked Cisco switches number a supply by switch and letter: PS 1A is switch 1's A.
    if slot is not None and key.startswith(f"psu{slot}") and key[3 + len(slot):].isalpha():
        key = "psu" + key[3 + len(slot):]
    return PartKey(slot, key)


@dataclass
class Part:
    name: str
    kind: str
    state: str  # ok | warning | critical | absent | unknown (the tables' statuses)
    model: str | None = None
    serial: str | None = None
    # The inventory's own word for a part no sensor reports ("registered", "abnormal"; ""
    # when it says none); None for a part a sensor reports.
    word: str | None = None


def item_state(status: str | None) -> str:
    """An inventory status in sensor words."""
    word = (status or "").strip().lower()
    if not word:
        return "unknown"
    if word in ABSENT_WORDS:
        return "absent"
    return "ok" if word in OK_WORDS else "critical"


def merge_parts(sensors: Sequence[Sensor], items: Sequence[InventoryItem]) -> list[Part]:
    """Every fan and PSU once: each sensor with the inventory item of the same part, then
    the inventory items no sensor matched."""
    left = [i for i in items if i.kind in PART_KINDS]
    keys = [part_key(i.name) for i in left]
    parts = []
    for sensor in (s for s in sensors if s.kind in PART_KINDS):
        key = part_key(sensor.name)
        index = next((n for n, item in enumerate(left)
                      if item.kind == sensor.kind and keys[n].matches(key)), None)
        item = left.pop(index) if index is not None else None
        if index is not None:
            keys.pop(index)
        state: str = sensor.status
        if state == "unknown" and item is not None and item.status:
            state = item_state(item.status)  # the sensor does not say; the inventory does
        parts.append(Part(sensor.name, sensor.kind, state,
                          item.model if item else None, item.serial if item else None))
    parts += [Part(i.name, i.kind, item_state(i.status), i.model, i.serial, i.status or "")
              for i in left]
    return parts
