"""The manual checklist's items: the package's checklist.yaml, with what an inventory's
`checklist:` section adds or drops.

    items = load_items({"drop": ["room.lighting"], "add": [...]}, source="site.yaml")
    [i.id for i in items if i.applies_to("ups")]  # ['device.indicators', ..., 'ups.battery']
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inspector.errors import ConfigurationError
from inspector.model import Severity
from inspector.vocabulary import kinds

CHECKLIST_FILE = Path(__file__).resolve().parent / "checklist.yaml"
ROOM = "room"  # an item checked once per machine room
ANY_DEVICE = "device"  # an item checked on every device, whatever its kind
CHECK_PREFIX = "manual."  # a manual item's check id: manual.<item id>
CATEGORY = "manual"  # the category of every manual finding (the report's 人工检查)
RESULTS = ("ok", "fault", "na")


class ChecklistError(ConfigurationError):
    """A checklist definition (the package's, or an inventory's `checklist:`) is unusable."""


class ItemText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    check: str = Field(min_length=1)
    advice: str = ""


class ChecklistItem(BaseModel):
    """One thing the engineer looks at, and where (rooms, device kinds)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
    applies: list[str] = Field(min_length=1)
    category: str
    level: Severity
    zh: ItemText
    en: ItemText

    @field_validator("applies")
    @classmethod
    def _known_targets(cls, value: list[str]) -> list[str]:
        known = {ROOM, ANY_DEVICE, *kinds()}
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown {', '.join(map(repr, unknown))}; known: "
                             f"{', '.join(sorted(known))}")
        return value

    @property
    def check_id(self) -> str:
        return CHECK_PREFIX + self.id

    @property
    def for_room(self) -> bool:
        return ROOM in self.applies

    def applies_to(self, kind: str) -> bool:
        """Whether a device of `kind` gets this item ("" = a kind nobody could tell)."""
        return ANY_DEVICE in self.applies or (bool(kind) and kind in self.applies)

    def text(self, lang: str) -> ItemText:
        return self.zh if lang == "zh" else self.en


class _ChecklistFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    categories: list[str]
    results: dict[str, list[str]]
    items: list[ChecklistItem]


def fold(word: str) -> str:
    """A word as sheets are compared: full-width forms, case and spaces do not matter."""
    return "".join(unicodedata.normalize("NFKC", word).casefold().split())


def _problems(exc: ValidationError, where: str) -> list[str]:
    return [f"{where}.{'.'.join(str(p) for p in err['loc'])}: "
            f"{err['msg'].removeprefix('Value error, ')}" for err in exc.errors()]


@cache
def _package() -> _ChecklistFile:
    data = yaml.safe_load(CHECKLIST_FILE.read_text("utf-8"))
    try:
        loaded = _ChecklistFile.model_validate(data)
    except ValidationError as exc:
        raise ChecklistError("\n".join(_problems(exc, str(CHECKLIST_FILE)))) from None
    return loaded


def categories() -> list[str]:
    return list(_package().categories)


def result_words() -> dict[str, str]:
    """Folded word -> result (ok, fault, na), for reading a filled sheet."""
    return {fold(word): result for result, words in _package().results.items()
            for word in words}


def _added(raw: Any, where: str, problems: list[str]) -> list[ChecklistItem]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{where}: must be a list of items")
        return []
    added = []
    for index, entry in enumerate(raw):
        try:
            added.append(ChecklistItem.model_validate(entry))
        except ValidationError as exc:
            problems += _problems(exc, f"{where}[{index}]")
    return added


def load_items(section: Any = None, source: str = "") -> list[ChecklistItem]:
    """The package's items, less the ids `section["drop"]` names, plus `section["add"]`'s.
    Raises ChecklistError naming `source` and the field of every problem."""
    where = f"{source}: checklist" if source else "checklist"
    items = list(_package().items)
    if section is None:
        return items
    problems: list[str] = []
    if not isinstance(section, dict) or set(section) - {"add", "drop"}:
        raise ChecklistError(f"{where}: expected a mapping with `add:` and/or `drop:`")
    drop = section.get("drop") or []
    known = {item.id for item in items}
    if not isinstance(drop, list):
        problems.append(f"{where}.drop: must be a list of item ids")
        drop = []
    problems += [f"{where}.drop: unknown item {name!r}" for name in drop if name not in known]
    items = [item for item in items if item.id not in drop]
    for item in _added(section.get("add"), f"{where}.add", problems):
        if item.category not in categories():
            problems.append(f"{where}.add: item {item.id!r}: unknown category "
                            f"{item.category!r}; known: {', '.join(categories())}")
        elif any(i.id == item.id for i in items):
            problems.append(f"{where}.add: item {item.id!r} exists already")
        else:
            items.append(item)
    if problems:
        raise ChecklistError("\n".join(problems))
    return items
