"""Reading rules: the built-in pack (rules.yaml), an inspection profile, a user rule file
and inventory overrides, each validated with the file, line and field of its first mistake.

Apart from rules.py (what a rule is) because a pack names metrics and code checks, whose
registries import rules.py's types: the loader imports both, and neither imports it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from inspector import safeyaml
from inspector.checks.code import CODE_CHECKS
from inspector.checks.metrics import METRICS
from inspector.checks.rules import (
    BUILTIN,
    SEVERITIES,
    Overrides,
    Pack,
    Rule,
    RuleError,
    RuleSet,
    Settings,
)
from inspector.fileio import read_text

# --------------------------------------------------------------------------- YAML + lines


def _line(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the node at `path`, or of its nearest existing parent."""
    node = root
    line = None if node is None else node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


@dataclass
class _Source:
    name: str
    root: yaml.Node | None

    def error(self, path: Sequence[str | int], message: str) -> RuleError:
        where = ".".join(str(p) for p in path) or "(top level)"
        return RuleError(f"{self.name}:{_line(self.root, path) or '?'}: {where}: {message}")


def _parse_yaml(text: str, name: str) -> tuple[Any, _Source]:
    try:
        root = safeyaml.compose(text)
        data = safeyaml.construct(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{name}:{line}: (YAML): not valid YAML: {problem}") from None
    return data, _Source(name, root)


def _pack_error(exc: ValidationError, source: _Source, prefix: Sequence[str | int]) -> RuleError:
    first = exc.errors()[0]
    loc = [*prefix, *first["loc"]]
    # A rule is easier to find by its id than by its index.
    return source.error(loc, first["msg"])


# --------------------------------------------------------------------------- validation


def _check_value(rule: Rule, key: str, value: Any) -> str | None:
    """Why `value` is not acceptable for setting `key` of `rule` (None: it is)."""
    if key in {s.value for s in SEVERITIES}:
        return None if value is None else _check_threshold(rule, value)
    if key in rule.levels:
        allowed = [s.value for s in SEVERITIES]
        return None if value in allowed else f"must be one of {', '.join(allowed)}"
    return _check_type(True if key == "enabled" else rule.params[key], value)


def _check_type(default: Any, value: Any) -> str | None:
    """A parameter keeps the type of its default (a number stays a number, a list a list)."""
    if isinstance(default, bool):
        ok, expected = isinstance(value, bool), "true or false"
    elif isinstance(default, int | float):
        ok, expected = _is_number(value), "a number"
    elif isinstance(default, list):
        ok, expected = isinstance(value, list), "a list"
    elif isinstance(default, str):
        ok, expected = isinstance(value, str), "a string"
    else:
        ok, expected = True, ""
    return None if ok else f"must be {expected}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_threshold(rule: Rule, value: Any) -> str | None:
    if rule.kind == "code" and not rule.thresholds:
        return "this check has no threshold levels"
    if rule.compare == "outside":
        ok = (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)
              and value[0] <= value[1])
        return None if ok else "must be a range [low, high]"
    if rule.compare in ("==", "!="):
        return None if isinstance(value, bool | int | float | str) else "must be a scalar"
    return None if _is_number(value) else "must be a number"


def _validate_settings(raw: Any, rules: Mapping[str, Rule], source: _Source,
                       path: Sequence[str | int]) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise source.error(path, "must be a mapping of check id to settings")
    settings: dict[str, dict[str, Any]] = {}
    for check_id, values in raw.items():
        where = [*path, check_id]
        rule = rules.get(str(check_id))
        if rule is None:
            raise source.error(where, f"unknown check id {check_id!r} (see `inspector rules "
                                      "list`)")
        if not isinstance(values, dict):
            raise source.error(where, "must be a mapping of setting to value")
        for key, value in values.items():
            allowed = rule.setting_keys()
            if key not in allowed:
                raise source.error([*where, key], f"unknown key {key!r}; allowed: "
                                                  f"{', '.join(sorted(allowed))}")
            problem = _check_value(rule, str(key), value)
            if problem:
                raise source.error([*where, key], f"{value!r}: {problem}")
        settings[str(check_id)] = dict(values)
    return settings


Scoped = dict[str, list[tuple[str, Settings]]]


def _validate_scoped(raw: Any, rules: Mapping[str, Rule], source: _Source,
                     path: Sequence[str | int], label: str) -> Scoped:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise source.error(path, f"must be a mapping of {label} name to check settings")
    return {
        str(name): [(f"{source.name} {label} {name}",
                     _validate_settings(values, rules, source, [*path, name]))]
        for name, values in raw.items()
    }


def parse_overrides(raw: Mapping[str, Any] | None, rules: RuleSet,
                    name: str = "inventory") -> Overrides:
    """Validate overrides given as ``{"groups": {group: {check: {key: value}}},
    "devices": {device: {...}}}``; raises RuleError naming the field."""
    if not raw:
        return Overrides()
    source = _Source(name, None)
    by_id = {r.id: r for r in rules.rules}
    unknown = [k for k in raw if k not in ("groups", "devices")]
    if unknown:
        raise source.error([unknown[0]], "unknown key; allowed: groups, devices")
    groups = _validate_scoped(raw.get("groups"), by_id, source, ["groups"], "group")
    devices = _validate_scoped(raw.get("devices"), by_id, source, ["devices"], "device")
    return Overrides(groups=groups, devices=devices)


# --------------------------------------------------------------------------- loading


def _validate_pack(pack: Pack, source: _Source) -> None:
    seen: set[str] = set()
    ids = {rule.id for rule in pack.checks}
    for index, rule in enumerate(pack.checks):
        where: list[str | int] = ["checks", index]
        if rule.id in seen:
            raise source.error([*where, "id"], f"duplicate check id {rule.id!r}")
        seen.add(rule.id)
        if rule.category not in pack.categories:
            raise source.error([*where, "category"], f"unknown category {rule.category!r}")
        if rule.kind == "threshold":
            if rule.metric not in METRICS:
                raise source.error([*where, "metric"], f"unknown metric {rule.metric!r}")
            if rule.compare is None:
                raise source.error([*where, "compare"], "a threshold check needs `compare`")
        elif rule.function not in CODE_CHECKS:
            raise source.error([*where, "function"], f"unknown code check {rule.function!r}")
        clash = set(rule.levels) & set(rule.params) | (set(rule.levels) | set(rule.params)) & {
            "enabled", *(s.value for s in SEVERITIES)}
        if clash:
            raise source.error([*where], f"setting names clash: {', '.join(sorted(clash))}")
        for severity, value in rule.thresholds.items():
            problem = _check_threshold(rule, value)
            if problem:
                raise source.error([*where, "thresholds", severity.value], problem)
        _check_same_fault(rule, ids, source, where)


def _check_same_fault(rule: Rule, ids: set[str], source: _Source,
                      where: list[str | int]) -> None:
    for other in rule.same_fault_as:
        if other not in ids or other == rule.id:
            raise source.error([*where, "same_fault_as"], f"unknown check id {other!r}")


@functools.cache
def _builtin_pack() -> tuple[Pack, _Source]:
    """Parsed and validated once per process (callers get a deep copy of the pack)."""
    text = resources.files("inspector.checks").joinpath(BUILTIN).read_text(encoding="utf-8")
    data, source = _parse_yaml(text, f"<built-in {BUILTIN}>")
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise _pack_error(exc, source, []) from None
    _validate_pack(pack, source)
    return pack, source


USER_KEYS = ("version", "rules", "groups", "devices")


PROFILES = ("monthly", "pre-holiday", "quarterly", "ad-hoc")


def _profile_settings(profile: str, by_id: dict[str, Rule]) -> Settings:
    """The settings an inspection profile (checks/profiles/<name>.yaml) applies."""
    if profile not in PROFILES:
        raise RuleError(f"profile {profile!r}: expected one of {', '.join(PROFILES)}")
    name = f"profiles/{profile}.yaml"
    text = resources.files("inspector.checks").joinpath(name).read_text(encoding="utf-8")
    data, source = _parse_yaml(text, f"<built-in {name}>")
    return _validate_settings((data or {}).get("rules"), by_id, source, ["rules"])


def load_rules(user_file: Path | None = None, profile: str = "monthly") -> RuleSet:
    """The built-in pack, plus the settings of `user_file` when given.

    A user rule file looks like::

        version: 1
        rules:                      # default < rule file
          cpu.utilization: {major: 70, critical: 90}
          firmware.baseline: {baseline: ["V200R021C10SPC600", "15.2(7)E4"]}
        groups:                     # < group
          core: {cpu.utilization: {major: 60}}
        devices:                    # < device
          sh-acc-s5735: {ntp.synchronized: {enabled: false}}
    """
    pack = _builtin_pack()[0].model_copy(deep=True)
    ruleset = RuleSet(categories=pack.categories, rules=pack.checks,
                      profile_settings=_profile_settings(profile, {r.id: r for r in pack.checks}),
                      profile_name=profile)
    if user_file is None:
        return ruleset
    try:
        text = read_text(user_file, safeyaml.MAX_YAML_BYTES)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{user_file}:?: (file): cannot read: {exc}") from None
    data, source = _parse_yaml(text, str(user_file))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise source.error([], "a rule file is a mapping with keys " + ", ".join(USER_KEYS))
    for key in data:
        if key not in USER_KEYS:
            raise source.error([key], f"unknown key {key!r}; allowed: {', '.join(USER_KEYS)}")
    if data.get("version", 1) != 1:
        raise source.error(["version"], "only version 1 is known")
    by_id = {r.id: r for r in pack.checks}
    ruleset.file_name = str(user_file)
    ruleset.file_settings = _validate_settings(data.get("rules"), by_id, source, ["rules"])
    ruleset.file_overrides = Overrides(
        groups=_validate_scoped(data.get("groups"), by_id, source, ["groups"], "group"),
        devices=_validate_scoped(data.get("devices"), by_id, source, ["devices"], "device"),
    )
    return ruleset
