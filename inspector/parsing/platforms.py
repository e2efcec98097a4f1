"""Platform definitions: one YAML file per platform under parsing/definitions/.

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
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from inspector import safeyaml
from inspector.errors import ConfigurationError
from inspector.model import FAMILY_NAMES
from inspector.once import once
from inspector.parsing import normalizers
from inspector.parsing.archive import Archive
from inspector.parsing.commands import CommandTree, Pipe, Typed, is_template

PLATFORM_DIR = Path(__file__).parent / "definitions"
TEMPLATE_DIR = Path(__file__).parent / "textfsm"
NTC_PREFIX = "ntc:"


class DefinitionError(ConfigurationError):
    """A platform definition file is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    return value


# Lines that carry data in some platform's output. A "nothing to report" line pattern that
# matches one of them in full would let real data pass for an empty table.
DATA_LINE_PROBES = (
    "x",
    "1 2 3",
    "Gi1/0/1  up  up  1000  full",
    "1/Independent/2026-11-21 09:41:10/-/0x8130005/hwPowerFail/Major/Start/",
    "41  0x8130004  Critical 2026-11-21 09:41:10 The power module was removed.",
    "Nov 21 2026 10:02:18 sw1 %%01IFNET/4/IF_STATE(l)[6]:Interface down.",
    "*Nov 21 10:02:18.123: %LINK-3-UPDOWN: Interface Gi1/0/1, changed state to down",
    "   1 | 11/21/2026 | 02:42:30 | Power Supply PSU1 | Failure detected | Asserted",
)


class EmptyOutput(_Strict):
    """What an output that legitimately yields no records looks like (an empty log buffer,
    no active alarm, a neighbor table with no row), as a whole.

    Blank lines and the echoed command aside, every line must match one of `lines` in full
    (leading and trailing blanks ignored); lines up to and including the first line that
    matches `header_until` are the settings a device prints whatever follows (Cisco's
    `show logging` before "Log Buffer (N bytes):"), and that line must then be present.
    An output of nothing at all is "nothing to report" only with `blank: true`.
    """

    lines: list[str] = Field(default_factory=list)
    header_until: str | None = None
    blank: bool = False

    @field_validator("lines")
    @classmethod
    def _anchored_lines(cls, values: list[str]) -> list[str]:
        for value in values:
            pattern = re.compile(_check_regex(value))
            probe = next((p for p in DATA_LINE_PROBES if pattern.fullmatch(p)), None)
            if probe is not None:
                raise ValueError(f"line pattern {value!r} also matches the data line "
                                 f"{probe!r}: name the words of the empty form")
        return values

    @field_validator("header_until")
    @classmethod
    def _header_regex(cls, value: str | None) -> str | None:
        return value if value is None else _check_regex(value)

    @model_validator(mode="after")
    def _says_something(self) -> EmptyOutput:
        if not self.lines and self.header_until is None and not self.blank:
            raise ValueError("an empty form needs `lines`, `header_until` or `blank: true`")
        return self


class Parser(_Strict):
    """How to read one command's output: the command, its template and normalizer."""

    command: str
    template: str
    normalizer: str
    # Output that legitimately yields no records; any other record-less output fails.
    empty_ok: EmptyOutput | None = None
    # Read when an engineer typed it (session logs, bundles), never sent by a live run: a
    # form with a name in it (`show ip route vrf {vrf}`), or one whose output a run does
    # not need from every device (the full routing table, every BGP address family).
    typed_only: bool = False

    @property
    def sendable(self) -> bool:
        """Whether a live run sends it: not typed_only, and no placeholder to fill in."""
        return not self.typed_only and not is_template(self.command)


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
    # True when netmiko's driver for the device type does not know this CLI's way (OceanStor
    # under `huawei`): the SSH transport then sends `disable` itself, through the guard.
    send: bool = False


def _keyword(value: str) -> str:
    if len(value.split()) != 1 or value != value.lower():
        raise ValueError(f"{value!r}: a keyword is one lower-case word")
    return value


class PipeModifiers(_Strict):
    """The output modifiers the CLI offers after `|`. Every one but those in `keep`
    drops or rewrites lines (`include`, `begin`, `count`): the output is then only part of
    what the command prints."""

    keywords: list[str] = Field(default_factory=list)
    keep: list[str] = Field(default_factory=list)

    @field_validator("keywords", "keep")
    @classmethod
    def _words(cls, values: list[str]) -> list[str]:
        return [_keyword(v) for v in values]

    @model_validator(mode="after")
    def _keep_known(self) -> PipeModifiers:
        unknown = sorted(set(self.keep) - set(self.keywords))
        if unknown:
            raise ValueError(f"keep: {unknown} are not among the keywords")
        return self


class Cli(_Strict):
    """How the CLI reads a command typed by hand (session logs): see inspector/parsing/commands.py.

    `keywords`: after the full keywords of the key (`display`, `show processes`), the
    keywords the CLI also offers that no command of ours goes through. `shortest`: a
    keyword path (`show logging`) and the prefix from which the CLI completes its last
    keyword although other keywords share it (`log`).
    """

    keywords: dict[str, list[str]] = Field(default_factory=dict)
    shortest: dict[str, str] = Field(default_factory=dict)
    pipe: PipeModifiers = PipeModifiers()

    @field_validator("keywords")
    @classmethod
    def _keyword_lists(cls, values: dict[str, list[str]]) -> dict[str, list[str]]:
        return {path: [_keyword(v) for v in keywords] for path, keywords in values.items()}


class Platform(_Strict):
    """A whole platform, as loaded from its definition file."""

    name: str
    vendor: str
    description: str
    netmiko_device_type: str
    prompt: str
    identify: list[str]
    # The platform whose software this one's product runs (a USG firewall runs VRP, and its
    # `display version` reads like a VRP switch's): when this one's `identify` patterns
    # name the product, it is this platform, not that one.
    refines: str | None = None
    read_only: list[str]
    paging: Paging = Paging()
    errors: list[str] = Field(default_factory=list)
    families: dict[str, list[Source] | Unsupported]
    cli: Cli = Cli()
    # What the prompt's `hostname` group names: the device, or the CLI user (OceanStor's
    # `admin:/>`), in which case a session log names the device from its facts instead.
    prompt_names: Literal["device", "user"] = "device"
    # The running configuration a run archives (inspector/configs); None: nothing to archive.
    archive: Archive | None = None
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
        # The configuration to archive too: an engineer's log may hold it, typed short.
        archived = [self.archive.command] if self.archive is not None else []
        return tuple(dict.fromkeys([*(p.command for _, p in self.all_parsers()), *archived]))

    def commands(self) -> list[str]:
        """Every distinct command the definition knows, in definition order (computed once:
        command matching calls this for every capture)."""
        return list(self._commands)

    @cached_property
    def command_tree(self) -> CommandTree:
        """The commands' keywords as the CLI offers them, to read commands typed by hand."""
        kinds: dict[str, set[tuple[str, str, str]]] = {}
        for family, parser in self.all_parsers():
            kinds.setdefault(parser.command, set()).add(
                (family, parser.template, parser.normalizer))
        return CommandTree(
            self._commands, others=self.cli.keywords, shortest=self.cli.shortest,
            kinds={command: frozenset(kind) for command, kind in kinds.items()},
            pipe=Pipe(tuple(self.cli.pipe.keywords), tuple(self.cli.pipe.keep)))

    def match(self, typed: str) -> Typed | None:
        """What a typed command (`dis mem`, `sh proc cpu | i CPU`) stands for here."""
        return self.command_tree.match(typed)

    def resolve(self, typed: str) -> str | None:
        """The full command of ours the device ran for `typed`, or None."""
        return self.command_tree.resolve(typed)


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
    try:
        raw = safeyaml.load_packaged(path.read_text(encoding="utf-8"))
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
        normalizer_problem = normalizers.problem(parser.normalizer, family)
        if normalizer_problem is not None:
            problems.append(f"  {where}: {normalizer_problem}")
    problems += _cli_problems(platform)
    if problems:
        raise DefinitionError("\n".join([f"{path}: invalid platform definition", *problems]))
    return platform


def _cli_problems(platform: Platform) -> list[str]:
    """`cli` entries must name keyword paths of the platform's own commands: a path or
    keyword that is not there is a typo, and would silently change nothing."""
    tree = CommandTree(platform.commands())
    problems = []
    for where, paths in (("keywords", platform.cli.keywords), ("shortest", platform.cli.shortest)):
        problems += [f"  cli.{where}.{path}: no command of this platform begins with "
                     f"{path!r}" for path in paths if not tree.path_exists(path)]
    for path, keywords in platform.cli.keywords.items():
        ours = [k for k in keywords if tree.path_exists(f"{path} {k}")]
        if ours:
            problems.append(f"  cli.keywords.{path}: {ours} are keywords of this platform's "
                            "own commands; list only the others")
    for path, prefix in platform.cli.shortest.items():
        last = path.split()[-1] if path.split() else ""
        if not (prefix and last.startswith(prefix.lower()) and prefix.lower() != last):
            problems.append(f"  cli.shortest.{path}: {prefix!r} is not a shorter form of "
                            f"{last!r}")
    return problems


@once
def platforms() -> dict[str, Platform]:
    """Every built-in platform, by name (loaded once per process)."""
    return {p.stem: load_platform(p) for p in sorted(PLATFORM_DIR.glob("*.yaml"))}


def get_platform(name: str) -> Platform:
    try:
        return platforms()[name]
    except KeyError:
        known = ", ".join(sorted(platforms()))
        raise DefinitionError(f"unknown platform {name!r}; known platforms: {known}") from None
