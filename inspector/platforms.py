"""Platform definitions: one YAML file per platform under collectors/platforms/.

A definition maps every normalized family to the commands that feed it, the TextFSM
template that parses each command's output and the named normalizer that turns template
records into the contract of model.py. It is validated strictly when loaded: an unknown
key, a missing template or an unregistered normalizer is an error naming the file.

Example (abridged)::

    name: huawei_vrp
    vendor: Huawei
    netmiko_device_type: huawei
    prompt: '^[<\\[][~*]?(?P<hostname>[^\\s<>\\[\\]]+)[>\\]]'
    families:
      cpu:
        - command: display cpu-usage
          template: huawei_vrp_display_cpu_usage.textfsm
          normalizer: huawei_vrp.cpu_usage
          alternatives:
            - command: display cpu
              template: huawei_vrp_display_cpu.textfsm
              normalizer: huawei_vrp.cpu_usage
      ups:
        unsupported: a switch reports no UPS data
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inspector.model import FAMILY_NAMES

PLATFORM_DIR = Path(__file__).parent / "collectors" / "platforms"
TEMPLATE_DIR = Path(__file__).parent / "collectors" / "textfsm"
NTC_PREFIX = "ntc:"


class DefinitionError(ValueError):
    """A platform definition file is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    return value


class Parser(_Strict):
    """How to read one command's output: the command, its template and normalizer."""

    command: str
    template: str
    normalizer: str
    # Output that legitimately yields no records (an empty log buffer, no alarms).
    empty_ok: str | None = None

    @field_validator("empty_ok")
    @classmethod
    def _empty_ok_regex(cls, value: str | None) -> str | None:
        return value if value is None else _check_regex(value)


class Source(Parser):
    """A command feeding a family, with alternatives tried in order when the device
    rejects it (models and OS versions differ: VRP 8 `display cpu` vs VRP 5
    `display cpu-usage`)."""

    alternatives: list[Parser] = Field(default_factory=list)
    # Some models lack the command altogether (classic IOS has no `show facility-alarm
    # status`): their rejection then means "not applicable", not a failure.
    optional: bool = False

    def parsers(self) -> list[Parser]:
        return [self, *self.alternatives]


class Unsupported(_Strict):
    unsupported: str


class Paging(_Strict):
    # Sent once after login so long outputs are not paused at a "More" prompt.
    disable: list[str] = Field(default_factory=list)


class Platform(_Strict):
    """A whole platform, as loaded from its definition file."""

    name: str
    vendor: str
    description: str
    netmiko_device_type: str
    prompt: str
    identify: list[str]
    read_only: list[str]
    paging: Paging = Paging()
    errors: list[str] = Field(default_factory=list)
    families: dict[str, list[Source] | Unsupported]
    path: Path = Path()

    @field_validator("prompt")
    @classmethod
    def _prompt_regex(cls, value: str) -> str:
        return _check_regex(value)

    @field_validator("identify", "errors")
    @classmethod
    def _regex_list(cls, values: list[str]) -> list[str]:
        return [_check_regex(v) for v in values]

    @field_validator("families")
    @classmethod
    def _every_family(cls, fams: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(fams) - set(FAMILY_NAMES))
        if unknown:
            raise ValueError(f"unknown families {unknown}; known: {list(FAMILY_NAMES)}")
        missing = [f for f in FAMILY_NAMES if f not in fams]
        if missing:
            raise ValueError(
                f"families {missing} are not declared: give their commands or "
                "`unsupported: <why>`"
            )
        return fams

    @property
    def prompt_pattern(self) -> str:
        """The prompt regex without anchors, to embed in larger patterns."""
        return self.prompt.removeprefix("^").removesuffix("$")

    def sources(self, family: str) -> list[Source]:
        spec = self.families[family]
        return [] if isinstance(spec, Unsupported) else spec

    def all_parsers(self) -> list[tuple[str, Parser]]:
        """Every (family, parser) pair of the definition, alternatives included."""
        return [
            (family, parser)
            for family in FAMILY_NAMES
            for source in self.sources(family)
            for parser in source.parsers()
        ]

    @cached_property
    def _commands(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.command for _, p in self.all_parsers()))

    def commands(self) -> list[str]:
        """Every distinct command the definition knows, in definition order (computed once:
        command matching calls this for every capture)."""
        return list(self._commands)


def template_path(name: str) -> Path:
    """The file behind a template reference: ``ntc:<file>`` or one of ours."""
    if name.startswith(NTC_PREFIX):
        import ntc_templates  # noqa: PLC0415 - only needed to locate its folder

        return Path(ntc_templates.__file__).parent / "templates" / name[len(NTC_PREFIX):]
    return TEMPLATE_DIR / name


def _format_validation(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid platform definition"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)


def load_platform(path: Path) -> Platform:
    """Load and validate one definition file; raise DefinitionError naming the file."""
    from inspector.collectors.normalizers import NORMALIZERS  # noqa: PLC0415 - avoid a cycle

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionError(f"{path}: cannot read platform definition: {exc}") from exc
    if not isinstance(raw, dict):
        raise DefinitionError(f"{path}: a platform definition must be a mapping")
    try:
        platform = Platform.model_validate({**raw, "path": path})
    except ValidationError as exc:
        raise DefinitionError(_format_validation(path, exc)) from exc
    if platform.name != path.stem:
        raise DefinitionError(f"{path}: name {platform.name!r} must match the file name")
    problems = []
    for family, parser in platform.all_parsers():
        where = f"families.{family} [{parser.command}]"
        if not template_path(parser.template).is_file():
            problems.append(f"  {where}: template {parser.template!r} not found")
        if parser.normalizer not in NORMALIZERS:
            problems.append(f"  {where}: normalizer {parser.normalizer!r} is not registered")
    if problems:
        raise DefinitionError("\n".join([f"{path}: invalid platform definition", *problems]))
    return platform


@cache
def platforms() -> dict[str, Platform]:
    """Every built-in platform, by name (loaded once per process)."""
    return {p.stem: load_platform(p) for p in sorted(PLATFORM_DIR.glob("*.yaml"))}


def get_platform(name: str) -> Platform:
    try:
        return platforms()[name]
    except KeyError:
        known = ", ".join(sorted(platforms()))
        raise DefinitionError(f"unknown platform {name!r}; known platforms: {known}") from None
