"""Inventories: which devices to inspect and how to reach them.

YAML with Nornir-style inheritance: a host's value wins over its groups' (in the order the
host lists them, each group before its own parent groups), which win over `defaults`.

```yaml
defaults:
  username: inspector
  password: env:INSPECTOR_PASSWORD      # a reference, never the password itself
  transport: {conn_timeout: 15, read_timeout: 60, retries: 2}
groups:
  huawei: {platform: huawei_vrp}
  core: {role: core, groups: [huawei]}
hosts:
  sh-core-ce6881: {host: 10.10.0.1, groups: [core], site: Shanghai, room: B1-201}
report: {customer: Example Bank, engineer: Zhang San}
```

Every mistake is reported with the file, the line and the field, all at once.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from inspector.access import AUTODETECT, PLATFORM_TRANSPORTS
from inspector.credentials import SecretRef
from inspector.errors import ConfigurationError
from inspector.expect import Expect
from inspector.fileio import read_text
from inspector.inventory_redfish import RedfishOptions
from inspector.inventory_tables import TableError, read_table
from inspector.model import Device
from inspector.parsing.platforms import platforms
from inspector.safeyaml import MAX_YAML_BYTES, duplicate_keys
from inspector.vocabulary import allows, kind_of, kinds, role_of, vendor_of

# What to do with a device's SSH host key (see transports/hostkeys.py).
HostKeyPolicy = Literal["accept-new", "strict", "off"]
HOST_KEY_POLICIES: tuple[HostKeyPolicy, ...] = ("accept-new", "strict", "off")

_HOSTNAME = re.compile(r"(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                       r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")


def known_platforms() -> set[str]:
    """CLI platforms (definition files) and the transports named as a platform (SNMP)."""
    return set(platforms()) | set(PLATFORM_TRANSPORTS)


class InventoryError(ConfigurationError):
    """An inventory that cannot be used; the message lists every problem with its place."""


class Transport(BaseModel):
    """How to reach a device; any level (defaults, group, host) may set any field."""

    model_config = ConfigDict(extra="forbid")

    port: int = Field(default=22, ge=1, le=65535)
    conn_timeout: float = Field(default=15, gt=0)
    read_timeout: float = Field(default=60, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    backoff_s: float = Field(default=2, ge=0)
    # An SSH bastion in front of a management network: "user@host" or "user@host:port";
    # its password by reference.
    jump_host: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@:\s]+(:\d{1,5})?$")
    jump_password: SecretRef | None = None
    # When SSH cannot be reached (refused, timed out — never after a refused password), try
    # Telnet. Off unless the inventory allows it: the password crosses the network in clear.
    telnet_fallback: bool = False
    telnet_port: int = Field(default=23, ge=1, le=65535)
    # Old devices (IOS 12.2, VRP 5, Comware 5) offering only SHA-1 key exchanges, `ssh-rsa`
    # host keys, CBC/3DES ciphers and SHA-1/MD5 MACs: log in to them with those, through
    # asyncssh (transports/legacy_ssh.py), after the modern ones. Weak: on only where needed.
    legacy_algorithms: bool = False
    # SSH host keys (transports/hostkeys.py): "accept-new" remembers each device's key on
    # first contact and refuses a changed one; "strict" logs in only to devices already
    # known; "off" accepts any key (labs whose keys are new at every start).
    host_keys: HostKeyPolicy = "accept-new"
    known_hosts: Path | None = None  # default: known_hosts beside the history database

    @field_validator("host_keys", mode="before")
    @classmethod
    def _older_name(cls, value: object) -> object:
        return "accept-new" if value == "tofu" else value  # its name in earlier versions


class SnmpOptions(BaseModel):
    """SNMP access (UPS units, room sensors, or switches without CLI access). Communities
    and v3 keys are references like passwords (env:, file:, keyring:, prompt)."""

    model_config = ConfigDict(extra="forbid")

    version: Literal["1", "2c", "3"] = "2c"
    port: int = Field(default=161, ge=1, le=65535)
    community: SecretRef | None = None
    user: str = ""
    auth_protocol: Literal["MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512"] | None = None
    auth_key: SecretRef | None = None
    priv_protocol: Literal["DES", "3DES", "AES", "AES192", "AES256"] | None = None
    priv_key: SecretRef | None = None
    timeout: float = Field(default=3, gt=0)
    retries: int = Field(default=2, ge=0, le=10)


class IpmiOptions(BaseModel):
    """IPMI-over-LAN access to a server's BMC (ipmitool -I lanplus)."""

    model_config = ConfigDict(extra="forbid")

    port: int = Field(default=623, ge=1, le=65535)
    cipher_suites: list[int] = Field(default_factory=lambda: [3, 17])
    timeout: float = Field(default=10, gt=0)
    retries: int = Field(default=1, ge=0, le=10)


class LinuxOptions(BaseModel):
    """`platform: linux` — the optional commands this host permits, each exactly as the
    read-only guard lists it (transports/guard.py SHELL_OPTIONAL); `sudo <command>` runs it
    through `sudo -n`, which the host's sudoers must allow without a password
    (docs/linux.md). Example: ``permit: [multipath -ll, sudo smartctl -H -A /dev/sda]``."""

    model_config = ConfigDict(extra="forbid")

    permit: list[str] = Field(default_factory=list)

    @field_validator("permit")
    @classmethod
    def _plain_words(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.fullmatch(r"[A-Za-z0-9 _./,=:-]+", value):
                raise ValueError(f"{value!r}: a permitted command is plain words, never "
                                 "shell syntax")
        return values


class NapalmOptions(BaseModel):
    """`platform: napalm` — the NAPALM driver (ios, nxos_ssh, eos, junos) and its options."""

    model_config = ConfigDict(extra="forbid")

    driver: Literal["ios", "nxos_ssh", "eos", "junos"]
    optional_args: dict[str, Any] = Field(default_factory=dict)


_LEVEL_KEYS = {
    "host", "platform", "kind", "role", "site", "room", "vendor", "model", "groups", "username",
    "password", "enable", "transport", "thresholds", "enabled", "description", "snmp", "ipmi",
    "napalm", "expect",
    "redfish",
    "linux",
}
# Merged key by key, not replaced, when several levels set them.
_MERGED_KEYS = ("transport", "thresholds", "snmp", "ipmi", "napalm", "redfish", "linux", "expect")


class Host(BaseModel):
    """A device after inheritance: everything needed to inspect it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    host: str
    platform: str
    # What the device is (vocabularies/kinds.yaml); "" = what the platform or data prove.
    kind: str = ""
    role: str = ""
    site: str = ""
    room: str = ""
    vendor: str = ""
    model: str = ""
    description: str = ""
    groups: list[str] = Field(default_factory=list)
    username: str = ""
    password: SecretRef | None = None
    enable: SecretRef | None = None
    transport: Transport = Transport()
    snmp: SnmpOptions | None = None
    ipmi: IpmiOptions | None = None
    napalm: NapalmOptions | None = None
    redfish: RedfishOptions | None = None
    linux: LinuxOptions | None = None
    thresholds: dict[str, Any] = Field(default_factory=dict)
    expect: Expect | None = None  # the designed redundancy (inspector/expect.py)
    enabled: bool = True

    @field_validator("host")
    @classmethod
    def _address(cls, value: str) -> str:
        value = value.strip()
        try:
            ipaddress.ip_address(value)
        except ValueError:
            # All digits and dots is an IPv4 address, and this one is not valid.
            if re.fullmatch(r"[\d.]+", value) or not _HOSTNAME.fullmatch(value):
                raise ValueError(f"{value!r} is neither an IP address nor a host name") from None
        return value

    @field_validator("platform")
    @classmethod
    def _platform(cls, value: str) -> str:
        known = sorted(known_platforms())
        if value != AUTODETECT and value not in known:
            raise ValueError(f"unknown platform {value!r}; known: {', '.join(known)}, "
                             f"{AUTODETECT}")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        kind = kind_of(value) if value else ""
        if kind is None:
            raise ValueError(f"unknown device kind {value!r}; known: {', '.join(kinds())}")
        return kind

    @model_validator(mode="after")
    def _kind_fits_platform(self) -> Host:
        # Never a switch OS for a UPS: the platform must be able to inspect the kind.
        if self.kind and not allows(self.platform, self.kind):
            raise ValueError(f"kind {self.kind!r} cannot be inspected with platform "
                             f"{self.platform!r}; use platform snmp"
                             + (" or ipmi" if self.kind == "server-bmc" else ""))
        return self

    def device(self) -> Device:
        return Device(name=self.name, host=self.host, platform=self.platform, kind=self.kind,
                      role=self.role, site=self.site, room=self.room, vendor=self.vendor,
                      model=self.model, groups=self.groups)


@dataclass
class Inventory:
    path: Path
    hosts: list[Host]
    report: dict[str, Any]
    # Words no vocabulary knows (a kind, role or vendor), each with its file, line or row
    # and field: the inventory is still used, and `inventory validate` shows them.
    warnings: list[str] = field(default_factory=list)
    # The manual checklist's items this inventory adds or drops (inspector/manual/items.py).
    checklist: dict[str, Any] | None = None


# --------------------------------------------------------------------------- vocabularies


def vocabulary_problems(values: dict[str, Any]) -> dict[str, str]:
    """field -> why its word is unknown, for the kind, role and vendor of one inventory
    level or sheet row. An unknown kind is then dropped (the platform tells instead)."""
    found: dict[str, str] = {}
    checks = (("kind", kind_of, "kinds.yaml"), ("role", role_of, "roles.yaml or kinds.yaml"),
              ("vendor", vendor_of, "vendors.yaml"))
    for key, lookup, where in checks:
        word = values.get(key)
        if isinstance(word, str) and word.strip() and lookup(word) is None:
            found[key] = f"unknown {key} {word!r} (not in inspector/vocabularies/{where})"
    if "kind" in found:
        values.pop("kind")
        found["kind"] += "; the platform tells the kind instead"
    return found


# --------------------------------------------------------------------------- line numbers


def _node_line(root: yaml.Node | None, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the YAML node at `path` (or of its nearest existing parent)."""
    node = root
    line = None if node is None else node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            key = next((k for k, _ in node.value if k.value == str(part)), None)
            if match is None or key is None:
                break
            line, node = key.start_mark.line + 1, match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(
                node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


class _Problems:
    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path = path
        self.root = root
        self.items: list[str] = []
        self.warnings: list[str] = []

    def _place(self, where: tuple[str | int, ...], line: int | None) -> str:
        line = line or _node_line(self.root, where)
        return f"{self.path}:{line or '?'}: {'.'.join(str(p) for p in where) or '(top level)'}"

    def add(self, where: tuple[str | int, ...], message: str, line: int | None = None) -> None:
        self.items.append(f"{self._place(where, line)}: {message}")

    def warn(self, where: tuple[str | int, ...], message: str) -> None:
        self.warnings.append(f"{self._place(where, None)}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise InventoryError("\n".join(self.items))


# --------------------------------------------------------------------------- inheritance


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if key in _MERGED_KEYS and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _group_chain(name: str, groups: dict[str, Any], seen: tuple[str, ...] = ()) -> list[str]:
    """`name` then its parents, depth first, each once (cycles stop)."""
    if name in seen:
        return []
    chain = [name]
    for parent in (groups.get(name) or {}).get("groups", []) or []:
        chain += [g for g in _group_chain(parent, groups, (*seen, name)) if g not in chain]
    return chain


def _check_level(data: Any, where: tuple[str, ...], problems: _Problems) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(where, "must be a mapping")
        return {}
    for key in data:
        if key not in _LEVEL_KEYS:
            problems.add((*where, key), f"unknown field; known: {', '.join(sorted(_LEVEL_KEYS))}")
    level = {k: v for k, v in data.items() if k in _LEVEL_KEYS}
    # Each word is judged where it is written, so a group's role is named once, at its line.
    for key, message in vocabulary_problems(level).items():
        problems.warn((*where, key), message)
    return level


def _resolve_host(name: str, raw: dict[str, Any], groups: dict[str, Any],
                  defaults: dict[str, Any], problems: _Problems) -> Host | None:
    where: tuple[str | int, ...] = ("hosts", name)
    own_groups = raw.get("groups", []) or []
    for group in own_groups:
        if group not in groups:
            problems.add((*where, "groups"), f"unknown group {group!r}")
    chain = [g for top in own_groups if top in groups for g in _group_chain(top, groups)]
    merged = dict(defaults)
    for group in reversed(chain):  # the host's first group is applied last: it wins
        merged = _merge(merged, {k: v for k, v in groups[group].items() if k != "groups"})
    merged = _merge(merged, raw)
    merged["groups"] = list(dict.fromkeys(chain))
    merged.setdefault("host", name)
    try:
        return Host.model_validate({"name": name, **merged})
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p != "name")
            problems.add((*where, *loc), err["msg"].removeprefix("Value error, "))
        return None


TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def _load_table(path: Path) -> Inventory:
    """A CSV/Excel inventory: one device per row, groups as plain labels."""
    try:
        rows, where, shown, problems = read_table(path)
    except (OSError, TableError) as exc:
        raise InventoryError(str(exc)) from exc
    hosts = []
    warnings = []
    for name, raw in rows.items():
        for key, message in vocabulary_problems(raw).items():
            warnings.append(f"{path}: row {where[name]}, column {shown.get(key, key)}: {message}")
        try:
            hosts.append(Host.model_validate({"name": name, **raw}))
        except ValidationError as exc:
            for err in exc.errors():
                # A row-wide error is the kind that its platform cannot inspect.
                field = str(err["loc"][0]) if err["loc"] else (
                    "kind" if "kind" in shown else "platform")
                column = shown.get(field, shown.get("vendor", field) if field == "platform"
                                   else field)
                problems.append(f"{path}: row {where[name]}, column {column}: "
                                f"{err['msg'].removeprefix('Value error, ')}")
    if problems:
        raise InventoryError("\n".join(problems))
    return Inventory(path=path, hosts=[h for h in hosts if h.enabled], report={},
                     warnings=warnings)


def load_inventory(path: Path) -> Inventory:
    """Read and validate an inventory file (YAML, CSV or Excel); raise InventoryError
    listing every problem with its file, line or row, and field."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _load_table(path)
    try:
        text = read_text(path, MAX_YAML_BYTES)
    except (OSError, UnicodeDecodeError) as exc:
        raise InventoryError(f"{path}: cannot read: {exc}") from exc
    try:
        root = safeyaml.compose(text)
        data = safeyaml.construct(root) or {}
    except yaml.YAMLError as exc:
        # Where the broken construct began (an unclosed bracket) beats where parsing gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark else ""
        what = "not read" if isinstance(exc, safeyaml.YamlLimitError) else "not valid YAML"
        raise InventoryError(f"{path}{at}: {what}: {exc}") from exc
    problems = _Problems(path, root)
    for where, key, number, first in duplicate_keys(root):
        problems.add(where, f"{key!r} appears more than once, first on line {first} "
                            "(the later one would win)", number)
    if not isinstance(data, dict):
        raise InventoryError(f"{path}:1: an inventory must be a mapping with `hosts:`")
    for key in data:
        if key not in ("defaults", "groups", "hosts", "report", "checklist"):
            problems.add((key,), "unknown section; known: defaults, groups, hosts, report, "
                                 "checklist")
    defaults = _check_level(data.get("defaults"), ("defaults",), problems)
    groups = {name: _check_level(g, ("groups", name), problems)
              for name, g in (data.get("groups") or {}).items()}
    raw_hosts = data.get("hosts") or {}
    if not isinstance(raw_hosts, dict) or not raw_hosts:
        problems.add(("hosts",), "no hosts: the inventory must list at least one device")
        raw_hosts = {}
    hosts = [
        host for name, raw in raw_hosts.items()
        if (host := _resolve_host(str(name), _check_level(raw, ("hosts", str(name)), problems),
                                  groups, defaults, problems)) is not None
    ]
    problems.raise_if_any()
    return Inventory(path=path, hosts=[h for h in hosts if h.enabled],
                     report=dict(data.get("report") or {}), warnings=problems.warnings,
                     checklist=data.get("checklist"))


def select_hosts(hosts: list[Host], patterns: Sequence[str]) -> list[Host]:
    """Hosts whose name, group, role or site matches one of the glob `patterns` (`run
    --limit`); every host when there is no pattern."""
    if not patterns:
        return hosts
    return [h for h in hosts if any(
        fnmatch.fnmatch(value, pattern)
        for pattern in patterns for value in (h.name, h.role, h.site, *h.groups))]


def with_host_key_policy(hosts: list[Host], policy: HostKeyPolicy) -> list[Host]:
    """The hosts with `policy` in place of their own host-key setting (`run
    --host-key-policy`)."""
    return [h.model_copy(update={"transport": h.transport.model_copy(
        update={"host_keys": policy})}) for h in hosts]
