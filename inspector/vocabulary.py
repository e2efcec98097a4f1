"""Words inventories use for device kinds, roles and vendors (vocabularies/*.yaml).

A device's *kind* (network, firewall, server-bmc, server-os, storage, ups, env-sensor,
air-conditioner, pdu) decides which checks apply; its *role* (core, 汇聚, 出口 ...) is a
label; its *vendor* with its kind and model picks the platform of a sheet row. The three
vocabularies are data files, validated once when first used; an error names the file and
the field.

    >>> kind_of("不间断电源"), role_of("汇聚"), vendor_of("华为技术有限公司").name
    ('ups', 'aggregation', 'huawei')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspector import safeyaml
from inspector.access import AUTODETECT, PLATFORM_TRANSPORTS
from inspector.errors import ConfigurationError
from inspector.once import once

VOCABULARY_DIR = Path(__file__).parent / "vocabularies"
# A kind may name one CLI definition (a storage array's OS proves a storage array, where any
# other CLI platform proves a switch): the definition files, found by name only.
DEFINITION_DIR = Path(__file__).parent / "parsing" / "definitions"
CLI = "cli"  # in kinds.yaml: any CLI platform definition (parsing/definitions/*.yaml)
SNMP = "snmp"  # reads every kind: its profiles say what the device is
# Platforms that are not CLI definitions; kinds.yaml names them one by one.
NAMED_PLATFORMS = frozenset({*PLATFORM_TRANSPORTS, AUTODETECT})
# Words a company name often ends with, dropped before a vendor is looked up.
_COMPANY_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|公司|集团|co\.?,? ?ltd\.?|inc\.?|corporation|corp\.?"
    r"|ltd\.?|technologies|technology)$", re.IGNORECASE)


class VocabularyError(ConfigurationError):
    """A vocabulary file that cannot be used; the message names the file and the field."""


def normalize(word: str) -> str:
    """Case, spaces, `-` and `_` do not matter: "Env Sensor" == "env-sensor"."""
    return re.sub(r"[\s\-_]+", "", str(word)).lower()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Kind(_Strict):
    transport: str = Field(pattern=r"^(cli|ipmi|snmp)$")
    platforms: list[str] = Field(default_factory=list)
    words: list[str]


class _Kinds(_Strict):
    version: int = 1
    kinds: dict[str, _Kind]


class _Roles(_Strict):
    version: int = 1
    roles: dict[str, list[str]]


class _VendorSpec(_Strict):
    words: list[str]
    platforms: dict[str, str] = Field(default_factory=dict)
    models: dict[str, list[str]] = Field(default_factory=dict)
    # Another CLI platform of the vendor, for the models these patterns match (Cisco's
    # Nexus switches run NX-OS, not IOS).
    model_platforms: dict[str, list[str]] = Field(default_factory=dict)
    kind: str


class _Vendors(_Strict):
    version: int = 1
    vendors: dict[str, _VendorSpec]


@dataclass(frozen=True)
class Vendor:
    """A vendor: its name in vendors.yaml, its CLI platform per kind, the model patterns
    that tell a kind, and the kind of its devices when nothing else tells."""

    name: str
    platforms: dict[str, str]
    models: tuple[tuple[str, re.Pattern[str]], ...]
    kind: str
    model_platforms: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def kind_of_model(self, model: str) -> str | None:
        return next((kind for kind, pattern in self.models if pattern.search(model.strip())),
                    None)

    def platform_for(self, kind: str, model: str = "") -> str | None:
        """The CLI platform of this vendor's device of `kind`: the one its model names
        (`N9K-C93180YC-FX` -> cisco_nxos), else the vendor's for the kind."""
        default = self.platforms.get(kind)
        if default is None:
            return None
        return next((platform for platform, pattern in self.model_platforms
                     if pattern.search(model.strip())), default)


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[str, _Kind]
    kind_words: dict[str, str]
    role_words: dict[str, str]
    roles: tuple[str, ...]
    vendors: dict[str, Vendor]
    vendor_words: dict[str, str]


def _read(name: str, model: type[BaseModel]) -> Any:
    path = VOCABULARY_DIR / name
    try:
        data = safeyaml.load_packaged(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyError(f"{path}: cannot read: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise VocabularyError(f"{path}: {where}: {first['msg']}") from None


def _index(path: str, groups: dict[str, list[str]], section: str) -> dict[str, str]:
    """normalized word -> its entry; a word under two entries is an error."""
    index: dict[str, str] = {}
    for entry, words in groups.items():
        for word in [entry, *words]:
            key = normalize(word)
            if index.get(key, entry) != entry:
                raise VocabularyError(f"{VOCABULARY_DIR / path}: {section}.{entry}: {word!r} "
                                      f"is also a word of {index[key]!r}")
            index[key] = entry
    return index


def _vendor(name: str, spec: _VendorSpec, kinds: dict[str, _Kind]) -> Vendor:
    where = f"{VOCABULARY_DIR / 'vendors.yaml'}: vendors.{name}"
    for kind in [spec.kind, *spec.platforms, *spec.models]:
        if kind not in kinds:
            raise VocabularyError(f"{where}: unknown kind {kind!r}; known: {', '.join(kinds)}")
    return Vendor(name=name, platforms=dict(spec.platforms),
                  models=_patterns(f"{where}.models", spec.models), kind=spec.kind,
                  model_platforms=_patterns(f"{where}.model_platforms", spec.model_platforms))


def _patterns(where: str, groups: dict[str, list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(key, compiled pattern) for every pattern of every key, in order."""
    compiled = []
    for key, patterns in groups.items():
        for pattern in patterns:
            try:
                compiled.append((key, re.compile(pattern, re.IGNORECASE)))
            except re.error as exc:
                raise VocabularyError(f"{where}.{key}: {pattern!r}: {exc}") from None
    return tuple(compiled)


@once
def vocabulary() -> Vocabulary:
    """The three vocabularies, read and validated once per process."""
    kinds = _read("kinds.yaml", _Kinds).kinds
    roles = _read("roles.yaml", _Roles).roles
    vendors = _read("vendors.yaml", _Vendors).vendors
    for name, kind in kinds.items():
        named = [p for p in kind.platforms if p != CLI and p not in NAMED_PLATFORMS
                 and not (DEFINITION_DIR / f"{p}.yaml").is_file()]
        if named:
            raise VocabularyError(f"{VOCABULARY_DIR / 'kinds.yaml'}: kinds.{name}.platforms: "
                                  f"unknown {named[0]!r}; use {CLI} or one of "
                                  f"{', '.join(sorted(NAMED_PLATFORMS))}")
    return Vocabulary(
        kinds=kinds,
        kind_words=_index("kinds.yaml", {k: v.words for k, v in kinds.items()}, "kinds"),
        role_words=_index("roles.yaml", roles, "roles"),
        roles=tuple(roles),
        vendors={name: _vendor(name, spec, kinds) for name, spec in vendors.items()},
        vendor_words=_index("vendors.yaml", {k: v.words for k, v in vendors.items()},
                            "vendors"),
    )


def kinds() -> tuple[str, ...]:
    return tuple(vocabulary().kinds)


def kind_of(word: str) -> str | None:
    """The kind a word names (UPS, 温湿度, switch ...), None when it names none."""
    return vocabulary().kind_words.get(normalize(word)) if word.strip() else None


def role_of(word: str) -> str | None:
    """A role word's canonical role; a kind word (服务器, UPS) gives its kind. None: unknown."""
    if not word.strip():
        return None
    return vocabulary().role_words.get(normalize(word)) or kind_of(word)


def vendor_of(word: str) -> Vendor | None:
    """The vendor a sheet's 厂商 names: the word itself, without a company suffix, or the
    longest vendor word inside it ("Huawei Technologies Co., Ltd.")."""
    vocab = vocabulary()
    text = word.strip()
    for candidate in (text, _COMPANY_SUFFIXES.sub("", text).strip(" ,.")):
        name = vocab.vendor_words.get(normalize(candidate))
        if name is not None:
            return vocab.vendors[name]
    lowered = text.lower()
    tokens = set(re.findall(r"[a-z0-9]+", lowered))
    found = [(len(key), name) for key, name in vocab.vendor_words.items()
             if (key in tokens if key.isascii() else key in normalize(lowered))]
    return vocab.vendors[max(found)[1]] if found else None


def transport(kind: str) -> str:
    """How a device of `kind` is inspected when nothing names its platform."""
    return vocabulary().kinds[kind].transport


def _platform_class(platform: str) -> str:
    return platform if platform in NAMED_PLATFORMS else CLI


def allows(platform: str, kind: str) -> bool:
    """Whether `platform` can inspect a device of `kind` (SNMP can read any)."""
    if not platform or not kind or platform == SNMP:
        return True
    named = vocabulary().kinds[kind].platforms
    return platform in named or _platform_class(platform) in named


def platform_kind(platform: str) -> str:
    """The kind a platform proves: a CLI platform is a switch or router, IPMI a server's
    BMC; "" for SNMP, whose profiles and data tell (parsing/snmp_parse.py)."""
    if not platform or platform == SNMP:
        return ""
    own = next((name for name, kind in vocabulary().kinds.items()
                if platform in kind.platforms), None)
    if own is not None:  # a kind naming this very definition (huawei_oceanstor: storage)
        return own
    wanted = _platform_class(platform)
    return next((name for name, kind in vocabulary().kinds.items()
                 if wanted in kind.platforms), "")


def device_kind(platform: str, role: str = "") -> str:
    """A device's kind when its inventory gives none: a role word that names a kind
    (`role: ups` of older inventories, 防火墙 on a VRP firewall), else what the platform
    proves."""
    return (kind_of(role) if role else None) or platform_kind(platform)
