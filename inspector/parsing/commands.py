"""Match a command as typed (`dis int bri`, `sh proc cpu | i CPU`) to a platform's full command.

Network CLIs complete each keyword from any prefix that no other keyword offered at that
point of the command shares: `dis int bri` is `display interface brief`. The keywords
offered are those of the commands inspector reads plus, from the platform file, the other
keywords the CLI has there (`display clock`, `show vlan`): a prefix shared with one of
those is ambiguous on the device too, and must not pick our command. Resolution follows
the CLI, keyword by keyword:

- a word typed in full is that keyword (`dis cpu` is `display cpu` beside `cpu-usage`);
- a prefix of exactly one keyword is that keyword;
- a prefix the CLI ranks above its competitors (the platform file's `shortest`: IOS reads
  `sh log` as `show logging` although `show login` exists) is that keyword;
- a prefix of several of our keywords still names the family when every command it can
  stand for is read the same way (VRP `dis mem`: `display memory-usage` or `display
  memory`, one template); the first in definition order stands for them;
- anything else (unknown, ambiguous, incomplete) matches nothing.

Arguments (an address such as `0.0.0.0`, the pattern after a built-in `| include`) are
never completed: they must be typed as the command has them. A word in braces is a
placeholder for a name the engineer chooses (`show ip route vrf {vrf}` reads `sh ip ro vrf
CUST-A`): any one word stands for it, and such a command is read from what was typed,
never sent as it is written (`is_template`).

After the command, `| include CPU` (or any output modifier the platform lists) is recorded:
an output that went through a filter is only part of what the command prints.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

PIPE = "|"
PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "{", "}"
_CACHE_SIZE = 8192  # a session log or a run asks for the same few dozen commands


def words(command: str) -> list[str]:
    return command.lower().split()


def is_placeholder(word: str) -> bool:
    """`{vrf}`: any one word the engineer types there (a VRF or VPN-instance name)."""
    return len(word) > 2 and word[0] == PLACEHOLDER_OPEN and word[-1] == PLACEHOLDER_CLOSE


def is_template(command: str) -> bool:
    """Whether `command` has a placeholder: it is only matched, never sent."""
    return any(is_placeholder(word) for word in command.split())


def placeholders(command: str, typed: str) -> dict[str, str]:
    """What was typed for each placeholder of `command`, as typed (each typed word stands
    for one word of the command).

    >>> placeholders("show ip route vrf {vrf}", "sh ip ro vrf CUST-A | i 0.0.0.0")
    {'vrf': 'CUST-A'}
    """
    wanted = command.split()
    given = typed.split(PIPE, 1)[0].split()
    if len(wanted) != len(given):
        return {}
    return {word[1:-1]: value for word, value in zip(wanted, given, strict=True)
            if is_placeholder(word)}


@dataclass(frozen=True)
class Typed:
    """What a typed command stands for: the full command the device ran and, when its
    output went through an output modifier, that modifier's keyword (``include``) and what
    followed it (``CPU``).

    >>> Typed("show processes cpu", "include", "CPU").full
    'show processes cpu | include CPU'
    """

    command: str
    modifier: str = ""
    argument: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.modifier)

    @property
    def full(self) -> str:
        """The command in full, filter included."""
        if not self.filtered:
            return self.command
        return " ".join(w for w in (self.command, PIPE, self.modifier, self.argument) if w)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    command: str | None = None  # the full command ending here, if one does
    ours: bool = True  # False: a keyword the CLI has that no command of ours goes through
    literal: bool = False  # an argument: typed in full or not at all
    any_word: bool = False  # a placeholder: whatever one word was typed there
    shortest: str = ""  # the CLI completes this keyword from this prefix, whatever else


@dataclass(frozen=True)
class Pipe:
    """The output modifiers the CLI offers after `|`; those in `keep` leave the output
    whole (VRP's `| no-more` only turns paging off)."""

    keywords: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


class CommandTree:
    """The keywords of a platform's commands, as the CLI offers them."""

    def __init__(self, commands: Sequence[str], *,
                 others: Mapping[str, Sequence[str]] | None = None,
                 shortest: Mapping[str, str] | None = None,
                 kinds: Mapping[str, Hashable] | None = None,
                 pipe: Pipe | None = None) -> None:
        self.root = _Node()
        self.order = {command: n for n, command in enumerate(commands)}
        # Commands read the same way (same family, template and normalizer) share a kind.
        self.kinds = dict(kinds or {})
        self.pipe = pipe or Pipe()
        for command in commands:
            self._add(command)
        for path, keywords in (others or {}).items():
            node = self._node(path)
            for keyword in keywords:
                node.children.setdefault(keyword.lower(), _Node(ours=False))
        for path, prefix in (shortest or {}).items():
            self._node(path).shortest = prefix.lower()
        self._cache: dict[str, Typed | None] = {}

    def _add(self, command: str) -> None:
        node = self.root
        typed = words(command)
        pipe_at = typed.index(PIPE) if PIPE in typed else len(typed)
        for position, word in enumerate(typed):
            node = node.children.setdefault(word, _Node())
            node.literal = word[0].isdigit() or position > pipe_at + 1
            node.any_word = is_placeholder(word)
        node.command = node.command or command

    def _node(self, path: str) -> _Node:
        """The node at the end of `path` (full keywords); KeyError when there is none."""
        node = self.root
        for word in words(path):
            node = node.children[word]
        return node

    def path_exists(self, path: str) -> bool:
        try:
            self._node(path)
        except KeyError:
            return False
        return True

    def _candidates(self, node: _Node, word: str) -> list[_Node]:
        exact = node.children.get(word)
        if exact is not None:
            return [exact]
        found = [child for keyword, child in node.children.items()
                 if keyword.startswith(word) and not child.literal and not child.any_word]
        if not found:  # a name of the engineer's, where the command takes one
            return [child for child in node.children.values() if child.any_word]
        preferred = [child for child in found if child.shortest
                     and word.startswith(child.shortest)]
        return preferred if len(preferred) == 1 else found

    def _walk(self, node: _Node, typed: list[str]) -> list[str] | None:
        """The commands `typed` can stand for below `node`; None when it stands for none
        (or the CLI would find it ambiguous)."""
        if not typed:
            return [node.command] if node.command else None
        candidates = self._candidates(node, typed[0])
        if not candidates or not all(c.ours for c in candidates):
            return None
        found = []
        for child in candidates:
            below = self._walk(child, typed[1:])
            if below is None:
                return None
            found += below
        return found

    def _one(self, typed: str) -> str | None:
        found = self._walk(self.root, words(typed))
        if not found:
            return None
        if len({self.kinds.get(c, c) for c in found}) != 1:
            return None
        return min(found, key=self.order.__getitem__)

    def _modifier(self, segment: str) -> tuple[str, str] | None:
        """(the modifier keyword, its argument) of one `| ...` segment; None when it keeps
        the output whole. An unknown or missing keyword counts as a modifier: whatever it
        did to the output, that cannot be taken for the whole of it."""
        word, _, argument = segment.strip().partition(" ")
        word = word.lower()
        known = [k for k in self.pipe.keywords if k == word] or \
            [k for k in self.pipe.keywords if word and k.startswith(word)]
        if len(known) != 1:
            return (word or PIPE), argument.strip()
        return None if known[0] in self.pipe.keep else (known[0], argument.strip())

    def _match(self, typed: str) -> Typed | None:
        whole = self._one(typed)
        if whole is not None or PIPE not in typed:
            return None if whole is None else Typed(whole)
        base, *segments = typed.split(PIPE)
        command = self._one(base)
        if command is None:
            return None
        modifiers = [m for m in map(self._modifier, segments) if m is not None]
        return Typed(command, *modifiers[0]) if modifiers else Typed(command)

    def match(self, typed: str) -> Typed | None:
        """What `typed` stands for, or None when it names no command of ours."""
        key = " ".join(typed.split())
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = self._match(key)
        if len(self._cache) >= _CACHE_SIZE:  # threads share the tree: never read back
            self._cache.clear()
        self._cache[key] = found
        return found

    def resolve(self, typed: str) -> str | None:
        """The full command the device ran for `typed` (filtered or not), or None."""
        found = self.match(typed)
        return None if found is None else found.command


@functools.lru_cache(maxsize=256)
def _tree(known: tuple[str, ...]) -> CommandTree:
    return CommandTree(known)


def resolve(typed: str, known: Iterable[str]) -> str | None:
    """The full command `typed` stands for among `known` alone (no other keywords, every
    command read its own way), or None.

    >>> resolve("dis int bri", ["display interface brief", "display interface"])
    'display interface brief'
    >>> resolve("dis cpu", ["display cpu-usage", "display cpu"])
    'display cpu'
    """
    return _tree(known if isinstance(known, tuple) else tuple(known)).resolve(typed)


def slug(command: str) -> str:
    """A file-name form of a command: `display cpu-usage` -> `display_cpu-usage`."""
    return "_".join(words(command)).replace("/", "-").replace("|", "-")
