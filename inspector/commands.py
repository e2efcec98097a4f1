"""Match a command as typed (`dis int bri`, `sh proc cpu`) to a platform's full command.

Network CLIs accept any unambiguous prefix of each keyword, so engineers type
`dis cur`, `show ip int b` or `dis device man`. A typed command matches a known command
when it has the same number of keywords and each typed keyword is a prefix of the known
one. Among several matches the one with the most exactly-typed keywords wins
(`dis cpu` is `display cpu` where a platform knows both `display cpu` and
`display cpu-usage`); a remaining tie is ambiguous and matches nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable


def words(command: str) -> list[str]:
    return command.lower().split()


def _score(typed: list[str], known: list[str]) -> int | None:
    if len(typed) != len(known):
        return None
    exact = 0
    for t, k in zip(typed, known, strict=True):
        if not k.startswith(t):
            return None
        exact += t == k
    return exact


def resolve(typed: str, known: Iterable[str]) -> str | None:
    """The full command `typed` stands for among `known`, or None.

    >>> resolve("dis int bri", ["display interface brief", "display interface"])
    'display interface brief'
    >>> resolve("dis cpu", ["display cpu-usage", "display cpu"])
    'display cpu'
    """
    return _resolve(typed, known if isinstance(known, tuple) else tuple(known))


# A session log or a run asks for the same few dozen commands thousands of times.
@functools.lru_cache(maxsize=8192)
def _resolve(typed: str, known: tuple[str, ...]) -> str | None:
    typed_words = words(typed)
    if not typed_words:
        return None
    scored = [
        (score, command)
        for command in known
        if (score := _score(typed_words, words(command))) is not None
    ]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    winners = [command for score, command in scored if score == best]
    return winners[0] if len(winners) == 1 else None


def slug(command: str) -> str:
    """A file-name form of a command: `display cpu-usage` -> `display_cpu-usage`."""
    return "_".join(words(command)).replace("/", "-").replace("|", "-")
