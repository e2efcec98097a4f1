"""SNMP profiles: one YAML file per MIB or vendor under parsing/snmp_profiles/.

A profile says which devices it applies to (sysObjectID prefixes, a vendor's enterprise
numbers, sysDescr patterns, the tables a device answers, or every device for the standard
MIBs) and, per normalized family, which OIDs feed which
field of model.py, with scaling, value maps and sanity bounds. The collector derives what
to ask from the profile (exact OIDs are fetched with GET, table columns are walked), and
snmp_parse applies the same profile to the captures, live or replayed.

Example (abridged from ups_mib.yaml)::

    name: ups_mib
    description: UPS-MIB (RFC 1628), published by most UPS network cards
    match: {generic: true}
    families:
      ups:
        - fields:
            charge_pct: {oid: 1.3.6.1.2.1.33.1.2.4.0, min: 0, max: 100}
            battery_status: {oid: 1.3.6.1.2.1.33.1.2.1.0,
                             map: {1: unknown, 2: normal, 3: low, 4: depleted}}
      sensors:
        - index: 1.3.6.1.2.1.33.1.2.7          # one record per instance of this column
          fields: {name: battery, kind: temperature, unit: C,
                   value: {col: 1.3.6.1.2.1.33.1.2.7, min: -40, max: 120}}

A field is a literal (``kind: temperature``; ``{index}`` in a text is replaced by the
record's index) or a mapping: ``oid`` (exact instance, a list = first present wins) or
``col`` (column: the record's index is appended), then ``regex`` (first group of the
text), ``null_values`` (raw values by which the device says "no such value", e.g. -1 for
an unset threshold or -999.9 for an unplugged probe: the field stays empty, silently),
``map`` (value -> meaning, ``default`` for the rest), ``template`` (a text field written
as ``"{value} ({index})"``: names that repeat across rows), ``transform`` (a named function of
snmp_fields.TRANSFORMS), ``scale``, ``multiply_by`` / ``plus`` (another field), ``min`` /
``max`` (outside: the field stays empty with a reason).

Files are validated strictly when loaded: an unknown key, family or field, or an
unregistered transform is an error naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inspector import safeyaml
from inspector.errors import ConfigurationError
from inspector.model import FAMILY_MODELS
from inspector.once import once
from inspector.vocabulary import kind_of, kinds

PROFILE_DIR = Path(__file__).parent / "snmp_profiles"

# What the collector asks every device first, to choose its profiles.
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
IDENTITY_OIDS = (SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_NAME)
ENTERPRISES = "1.3.6.1.4.1"

# Transforms a profile may name, and the columns of the same row each one also reads;
# snmp_fields registers the functions under these names.
TRANSFORM_COLUMNS: dict[str, tuple[str, ...]] = {
    # entPhySensorScale and entPhySensorPrecision
    "entity_sensor": ("1.3.6.1.2.1.99.1.1.1.2", "1.3.6.1.2.1.99.1.1.1.3"),
    # RITTAL-CMC-III-MIB cmcIIIVarScale: > 0 multiplies, < 0 divides by its magnitude
    "rittal_cmc3": ("1.3.6.1.4.1.2606.7.4.2.2.1.7",),
}
TRANSFORM_NAMES = frozenset(TRANSFORM_COLUMNS)

_OID = re.compile(r"^\d+(\.\d+)+$")

Literal_ = str | float | bool


class ProfileError(ConfigurationError):
    """An SNMP profile file is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _oid_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    result = []
    for item in items:
        text = str(item).strip().lstrip(".")
        if not _OID.match(text):
            raise ValueError(f"{item!r} is not a numeric OID")
        result.append(text)
    return tuple(result)


class FieldSpec(_Strict):
    """Where one field's value comes from and how it is turned into the contract's unit."""

    oid: tuple[str, ...] = ()
    col: tuple[str, ...] = ()
    value: Literal_ | None = None
    regex: str | None = None
    null_values: frozenset[str] = frozenset()
    map: dict[str, Literal_ | None] | None = None
    default: Literal_ | None = None
    transform: str | None = None
    template: str | None = None
    scale: float = 1.0
    multiply_by: FieldSpec | None = None
    plus: FieldSpec | None = None
    min: float | None = None
    max: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}

    @field_validator("oid", "col", mode="before")
    @classmethod
    def _oids(cls, value: Any) -> tuple[str, ...]:
        return () if value in (None, []) else _oid_list(value)

    @field_validator("null_values", mode="before")
    @classmethod
    def _null_values(cls, value: Any) -> Any:
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return frozenset() if value is None else frozenset(str(v).strip() for v in items)

    @field_validator("map", mode="before")
    @classmethod
    def _map_keys(cls, value: Any) -> Any:
        return value if not isinstance(value, dict) else {str(k): v for k, v in value.items()}

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
        return value

    @field_validator("transform")
    @classmethod
    def _transform(cls, value: str | None) -> str | None:
        if value is not None and value not in TRANSFORM_NAMES:
            raise ValueError(f"unknown transform {value!r}; known: {sorted(TRANSFORM_NAMES)}")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = sum(bool(s) for s in (self.oid, self.col)) + (self.value is not None)
        if sources != 1:
            raise ValueError("a field takes exactly one of `oid`, `col` or a literal value")
        return self

    def oids(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(exact OIDs, column OIDs) this field and its helpers read."""
        exact, cols = list(self.oid), list(self.col)
        if self.transform is not None:
            cols += TRANSFORM_COLUMNS[self.transform]
        for helper in (self.multiply_by, self.plus):
            if helper is not None:
                e, c = helper.oids()
                exact += e
                cols += c
        return tuple(exact), tuple(cols)


class Condition(_Strict):
    """Keep a record only when a column of it satisfies this (e.g. entPhysicalClass)."""

    col: tuple[str, ...]
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    gt: float | None = None
    regex: str | None = None
    not_regex: str | None = None

    @field_validator("col", mode="before")
    @classmethod
    def _oids(cls, value: Any) -> tuple[str, ...]:
        return _oid_list(value)

    @field_validator("in_", "not_in", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return value if value is None else [str(v) for v in value]


class RecordsSpec(_Strict):
    """Records of one family from one table (``index`` set) or from scalars."""

    index: tuple[str, ...] = ()
    # Only these rows, for tables whose rows are fixed channels (Papouch: 1 temperature,
    # 2 humidity, 3 dew point).
    rows: list[str] = Field(default_factory=list)
    where: list[Condition] = Field(default_factory=list)
    fields: dict[str, FieldSpec]

    @field_validator("rows", mode="before")
    @classmethod
    def _rows(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value

    @field_validator("index", mode="before")
    @classmethod
    def _oids(cls, value: Any) -> tuple[str, ...]:
        return () if value in (None, []) else _oid_list(value)

    def oids(self) -> tuple[set[str], set[str]]:
        exact: set[str] = set()
        cols: set[str] = set(self.index)
        for cond in self.where:
            cols.update(cond.col)
        for spec in self.fields.values():
            e, c = spec.oids()
            exact.update(e)
            cols.update(c)
        return exact, cols


class Match(_Strict):
    """Which devices a profile applies to. A vendor's MIB family is matched by its
    enterprise number (every product under 1.3.6.1.4.1.<n>, not one model's sysObjectID)
    and by the tables it reads: a device that answers one of `tables` gets the profile
    whatever its sysObjectID (agents that report net-snmp's or no sysObjectID)."""

    generic: bool = False
    sys_object_id: list[str] = Field(default_factory=list)
    enterprise: list[int] = Field(default_factory=list)
    sys_descr: list[str] = Field(default_factory=list)
    tables: tuple[str, ...] = ()

    @field_validator("sys_object_id", mode="before")
    @classmethod
    def _prefixes(cls, value: Any) -> list[str]:
        return list(_oid_list(value)) if value else []

    @field_validator("tables", mode="before")
    @classmethod
    def _tables(cls, value: Any) -> tuple[str, ...]:
        return () if value in (None, []) else _oid_list(value)

    @field_validator("sys_descr")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            re.compile(value)
        return values

    def specificity(self, sys_object_id: str, sys_descr: str) -> int | None:
        """How well a device matches (longer prefix: better); None when it does not."""
        if self.generic:
            return 0
        lengths = [len(p) for p in self.sys_object_id
                   if sys_object_id == p or sys_object_id.startswith(p + ".")]
        if lengths:
            return 1000 + max(lengths)
        if any(sys_object_id.startswith(f"{ENTERPRISES}.{n}.") or
               sys_object_id == f"{ENTERPRISES}.{n}" for n in self.enterprise):
            return 700
        if any(re.search(p, sys_descr, re.IGNORECASE) for p in self.sys_descr):
            return 500
        return None

    def answered_by(self, answers: Callable[[str], bool]) -> int | None:
        """300 when the device answers one of the profile's tables, else None."""
        return 300 if any(answers(table) for table in self.tables) else None


class SnmpProfile(_Strict):
    name: str
    description: str
    vendor: str = ""
    # What a device this profile matches is (vocabularies/kinds.yaml): a sysObjectID under a
    # UPS card's enterprise proves a UPS. Only for profiles that match specific devices.
    kind: str = ""
    match: Match
    families: dict[str, list[RecordsSpec]]
    path: Path = Path()

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value and kind_of(value) != value:
            raise ValueError(f"unknown device kind {value!r}; known: {', '.join(kinds())}")
        return value

    @model_validator(mode="after")
    def _kind_needs_a_match(self) -> SnmpProfile:
        if self.kind and self.match.generic:
            raise ValueError("`kind` is for profiles matching specific devices, not generic")
        return self

    @model_validator(mode="after")
    def _tables_are_read(self) -> SnmpProfile:
        # A table that selects the profile must be one it walks, else the collector's probe
        # and the replay's selection would disagree.
        _, cols = self.oids()
        unread = [t for t in self.match.tables if t not in cols]
        if unread:
            raise ValueError(f"match.tables {unread} are not columns this profile reads")
        return self

    @field_validator("families")
    @classmethod
    def _known(cls, fams: dict[str, list[RecordsSpec]]) -> dict[str, list[RecordsSpec]]:
        problems = []
        for family, specs in fams.items():
            if family not in FAMILY_MODELS:
                problems.append(f"unknown family {family!r}")
                continue
            model, is_list = FAMILY_MODELS[family]
            for number, spec in enumerate(specs):
                unknown = sorted(set(spec.fields) - set(model.model_fields))
                if unknown:
                    problems.append(f"{family}[{number}]: unknown fields {unknown}; known: "
                                    f"{sorted(model.model_fields)}")
                if spec.index and not is_list:
                    problems.append(f"{family}[{number}]: `index` is only for list families")
        if problems:
            raise ValueError("; ".join(problems))
        return fams

    def oids(self) -> tuple[set[str], set[str]]:
        """(exact OIDs to GET, columns to walk) of the whole profile."""
        exact: set[str] = set()
        cols: set[str] = set()
        for specs in self.families.values():
            for spec in specs:
                e, c = spec.oids()
                exact |= e
                cols |= c
        return exact, cols


def load_profile(path: Path) -> SnmpProfile:
    """Load and validate one profile file; raise ProfileError naming the file."""
    try:
        raw = safeyaml.load_packaged(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: cannot read SNMP profile: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: an SNMP profile must be a mapping")
    try:
        profile = SnmpProfile.model_validate({**raw, "path": path})
    except ValidationError as exc:
        lines = [f"{path}: invalid SNMP profile"]
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            lines.append(f"  {where}: {err['msg']}")
        raise ProfileError("\n".join(lines)) from exc
    if profile.name != path.stem:
        raise ProfileError(f"{path}: name {profile.name!r} must match the file name")
    return profile


@once
def snmp_profiles() -> dict[str, SnmpProfile]:
    """Every built-in profile, by name (loaded once per process)."""
    return {p.stem: load_profile(p) for p in sorted(PROFILE_DIR.glob("*.yaml"))}


@cache
def field_oids(family: str, field: str) -> tuple[frozenset[str], frozenset[str]]:
    """The OIDs any built-in profile reads `field` of `family` from: exact instances and
    table columns (for evidence: the varbinds a value was read from)."""
    exact: set[str] = set()
    cols: set[str] = set()
    for profile in snmp_profiles().values():
        for spec in profile.families.get(family, []):
            if field in spec.fields:
                e, c = spec.fields[field].oids()
                exact.update(e)
                cols.update(c)
    return frozenset(exact), frozenset(cols)


def select_profiles(sys_object_id: str, sys_descr: str,
                    profiles: dict[str, SnmpProfile] | None = None,
                    answers: Callable[[str], bool] | None = None) -> list[SnmpProfile]:
    """The profiles that apply to a device, most specific first (vendor profiles before the
    standard MIBs, whose values then only fill what the vendor's left empty). `answers`
    says whether the device holds values of a table column (profiles matched by table)."""
    sys_object_id = sys_object_id.strip().lstrip(".")
    scored = []
    for profile in (profiles or snmp_profiles()).values():
        score = profile.match.specificity(sys_object_id, sys_descr)
        if score is None and answers is not None:
            score = profile.match.answered_by(answers)
        if score is not None:
            scored.append((-score, profile.name, profile))
    return [p for _, _, p in sorted(scored, key=lambda item: (item[0], item[1]))]
