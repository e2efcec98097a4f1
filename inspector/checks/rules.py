"""Rules as data: the built-in pack, a user rule file, and per group / per device overrides.

A rule is one check: its id, category, the families it needs, and either a threshold on a
named metric (``kind: threshold``) or a named code check (``kind: code``). What a user may
change is the rule's *settings*, each one a key of one namespace:

- ``enabled``: false turns the check off;
- ``critical`` / ``major`` / ``minor`` / ``info``: the threshold of that level (null removes
  the level);
- a level name of a code check (``levels``), e.g. ``failed: critical``;
- a parameter (``params``), e.g. ``baseline: [V200R021C10SPC600]``.

Settings are applied in order default < rule file < group (in the order the device lists
its groups) < device, and each resolved value remembers where it came from. Reading and
validating the files is loader.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inspector.errors import ConfigurationError
from inspector.model import FAMILY_NAMES, Device, Severity
from inspector.vocabulary import kind_of, kinds, role_of

SEVERITIES: tuple[Severity, ...] = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR,
                                    Severity.INFO)
Compare = Literal[">", ">=", "<", "<=", "==", "!=", "outside"]
BUILTIN = "rules.yaml"


class RuleError(ConfigurationError):
    """A rule file or override that cannot be used: the message names file, line and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(_Strict):
    zh: str
    en: str


class Category(_Strict):
    zh: str
    en: str


class Rule(_Strict):
    """One check of the pack (see rules.yaml for examples)."""

    id: str
    category: str
    title: Text
    families: list[str] = Field(default_factory=list)
    # "all": every family must be usable; "any": one usable family is enough (e.g. fans are
    # read from sensors, or from the inventory when the platform has no sensor command).
    needs: Literal["all", "any"] = "all"
    kind: Literal["threshold", "code"]
    metric: str | None = None
    function: str | None = None
    compare: Compare | None = None
    unit: str = ""
    thresholds: dict[Severity, Any] = Field(default_factory=dict)
    levels: dict[str, Severity] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)
    # Which devices the check is for, by kind (vocabularies/kinds.yaml): what the device is,
    # whatever its role is called. `roles` / `exclude_roles` are still read, matched through
    # the role vocabulary (核心 == core); the built-in pack uses kinds only.
    kinds: list[str] = Field(default_factory=list)
    exclude_kinds: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    exclude_roles: list[str] = Field(default_factory=list)
    enabled: bool = True
    evidence_keywords: list[str] = Field(default_factory=list)
    # Checks whose failing finding, on the same device, already states the physical fault
    # this one would report again (lost PSU redundancy is the failed PSU seen twice): this
    # finding is then folded into the first of them that fails, and counted once.
    same_fault_as: list[str] = Field(default_factory=list)
    message: Text
    recommendation: Text

    @field_validator("id")
    @classmethod
    def _dotted(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", value):
            raise ValueError("must be dotted lower-case words, e.g. cpu.utilization")
        return value

    @field_validator("families")
    @classmethod
    def _families(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in FAMILY_NAMES]
        if unknown:
            raise ValueError(f"unknown family {unknown[0]!r}; known: {', '.join(FAMILY_NAMES)}")
        return value

    def setting_keys(self) -> set[str]:
        return {"enabled", *(s.value for s in SEVERITIES), *self.levels, *self.params}

    @field_validator("kinds", "exclude_kinds")
    @classmethod
    def _kinds(cls, value: list[str]) -> list[str]:
        known = [kind_of(k) for k in value]
        if None in known:
            raise ValueError(f"unknown device kind {value[known.index(None)]!r}; known: "
                             f"{', '.join(kinds())}")
        return [k for k in known if k is not None]

    def applies_to(self, device: Device) -> bool:
        if self.kinds and device.kind not in self.kinds:
            return False
        if device.kind in self.exclude_kinds:
            return False
        role = _role_key(device.role)
        if self.roles and role not in {_role_key(r) for r in self.roles}:
            return False
        return role not in {_role_key(r) for r in self.exclude_roles}


def _role_key(word: str) -> str:
    return role_of(word) or word


class Pack(_Strict):
    version: int = 1
    categories: dict[str, Category]
    checks: list[Rule]


@dataclass
class Resolved:
    """A rule with its settings for one device, and where each setting came from."""

    rule: Rule
    enabled: bool
    thresholds: dict[Severity, Any]
    levels: dict[str, Severity]
    params: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")


Settings = Mapping[str, Mapping[str, Any]]  # check id -> key -> value


@dataclass
class Overrides:
    """Validated group / device settings (from the rule file and from the inventory)."""

    groups: dict[str, list[tuple[str, Settings]]] = field(default_factory=dict)
    devices: dict[str, list[tuple[str, Settings]]] = field(default_factory=dict)


@dataclass
class RuleSet:
    """The rules in force: built-in pack, the user file's settings and its overrides."""

    categories: dict[str, Category]
    rules: list[Rule]
    file_settings: Settings = field(default_factory=dict)
    file_name: str = ""
    file_overrides: Overrides = field(default_factory=Overrides)
    # The inspection profile's settings (pre-holiday is stricter), below the rule file.
    profile_settings: Settings = field(default_factory=dict)
    profile_name: str = ""

    def get(self, check_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == check_id:
                return rule
        raise KeyError(check_id)

    def resolve(self, rule: Rule, device: Device | None = None,
                overrides: Overrides | None = None) -> Resolved:
        """`rule`'s settings for `device` (None: the rule file's, before groups/devices)."""
        resolved = Resolved(rule=rule, enabled=rule.enabled, thresholds=dict(rule.thresholds),
                            levels=dict(rule.levels), params=dict(rule.params))
        layers: list[tuple[str, Settings]] = []
        if self.profile_settings:
            layers.append((f"profile {self.profile_name}", self.profile_settings))
        if self.file_settings:
            layers.append((f"rule file {self.file_name}", self.file_settings))
        if device is not None:
            for source in (self.file_overrides, overrides or Overrides()):
                for group in device.groups:
                    layers += source.groups.get(group, [])
            for source in (self.file_overrides, overrides or Overrides()):
                layers += source.devices.get(device.name, [])
        for origin, settings in layers:
            for key, value in (settings.get(rule.id) or {}).items():
                _apply(resolved, key, value, origin)
        return resolved


def _apply(resolved: Resolved, key: str, value: Any, origin: str) -> None:
    if key == "enabled":
        resolved.enabled = bool(value)
    elif key in {s.value for s in SEVERITIES}:
        if value is None:
            resolved.thresholds.pop(Severity(key), None)
        else:
            resolved.thresholds[Severity(key)] = value
    elif key in resolved.rule.levels:
        resolved.levels[key] = Severity(value)
    else:
        resolved.params[key] = value
    resolved.origins[key] = origin
