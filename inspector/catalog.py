"""The message catalogs: every word the tool shows a reader, in Chinese and in English.

One YAML file per language (``templates/i18n/<lang>.yaml``) with the same keys (a test keeps
them so). Fixed text is looked up by key. Text built from values is a `Phrase`, a key with
its parameters, rendered in either language by the same call: a check states what it saw
once, and each report prints it in its reader's language::

    seen = Phrase("check.cpu_slot", slot="0", value="89", basis=Term("cpu_basis", "avg_5m"))
    render(seen, "zh")  # '槽位 0：89%（5 分钟平均）'
    render(seen, "en")  # 'slot 0: 89% (5-min average)'

Values (numbers, names, device output) are passed as they are and never translated. An
enumerated word (a UPS state, a sensor status, a syslog level) is a `Term`: looked up in
the catalog, and shown as written when the catalog does not know it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector import safeyaml
from inspector.once import once

CATALOG_DIR = Path(__file__).resolve().parent / "templates" / "i18n"
LANGUAGES = ("zh", "en")


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out[prefix] = str(node)


@once
def load_messages(lang: str) -> dict[str, str]:
    """The flat ``dotted.key -> text`` table of one language (read once per process).

    KeyError for another language: the commands check `--lang` first (report/i18n.py)."""
    if lang not in LANGUAGES:
        raise KeyError(f"no message catalog for {lang!r}; known: {', '.join(LANGUAGES)}")
    data = safeyaml.load_packaged((CATALOG_DIR / f"{lang}.yaml").read_text("utf-8"))
    messages: dict[str, str] = {}
    _flatten("", data, messages)
    return messages


class Phrase:
    """Catalog text `key` with its ``{placeholders}`` filled from `params` (values, or other
    phrases rendered in the same language). A template may leave a parameter out: the
    English one names a family by its identifier where the Chinese one translates it."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.params!r})"


@dataclass(frozen=True)
class Term:
    """An enumerated word: catalog ``<group>.<word>`` (case, blanks and dashes folded into
    ``_``), or the word as written when the catalog has no entry for it."""

    group: str
    word: str


@dataclass(frozen=True)
class Both:
    """Text that already exists in both languages (a rule's title, a log pattern's name)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Joined:
    """Several texts joined by the catalog's separator ``common.<sep>`` ("; " or "；")."""

    items: Sequence[Any]
    sep: str = "sep"


_FOLDED = re.compile(r"[\s-]+")


def term_key(group: str, word: str) -> str:
    return f"{group}.{_FOLDED.sub('_', word.strip().lower())}"


def render(value: Any, lang: str) -> str:
    """`value` (a Phrase, Term, Both, Joined or a plain value) as text in `lang`."""
    return _render(value, lang, load_messages(lang))


def _render(value: Any, lang: str, messages: Mapping[str, str]) -> str:
    # The catalog is passed down, not looked up again for every nested value: a run's
    # checks render hundreds of thousands of them (docs/scaling.md).
    if type(value) is str:  # the commonest; a str subclass (an enum) goes on to str()
        return value
    if isinstance(value, Phrase):
        try:
            template = messages[value.key]
        except KeyError:  # a phrase of ours without its text: a bug, as a missing key
            raise KeyError(f"no text {value.key!r} in {lang}.yaml") from None
        return template.format(**{k: _render(v, lang, messages)
                                  for k, v in value.params.items()})
    if isinstance(value, Term):
        return messages.get(term_key(value.group, value.word), value.word)
    if isinstance(value, Both):
        return value.zh if lang == "zh" else value.en
    if isinstance(value, Joined):
        return messages[f"common.{value.sep}"].join(_render(v, lang, messages)
                                                     for v in value.items)
    return "" if value is None else str(value)


def known(group: str, word: str, lang: str = "en") -> bool:
    """Whether the catalog names `word` of `group` (e.g. a UPS state it can translate)."""
    return term_key(group, word) in load_messages(lang)


def separator(lang: str, sep: str = "sep") -> str:
    return load_messages(lang)[f"common.{sep}"]
