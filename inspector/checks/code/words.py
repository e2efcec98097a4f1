"""Phrase matching for user-editable word lists: whole words, case-insensitive, no regex
syntax exposed (a phrase is escaped), so a rule file can never inject a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=512)
def _compiled(phrase: str) -> re.Pattern[str]:
    # Word boundaries only where the phrase itself starts / ends with a letter or digit, so
    # "to-" still matches "to-core-01" while "ecc" does not match inside "success".
    head = "(?<![a-z0-9])" if phrase[:1].isalnum() else ""
    tail = "(?![a-z0-9])" if phrase[-1:].isalnum() else ""
    return re.compile(head + re.escape(phrase.lower()) + tail)


def matches(text: str, phrases: Iterable[str]) -> str | None:
    """The first phrase found in `text` as whole words (None: none)."""
    low = text.lower()
    for phrase in phrases:
        if phrase and _compiled(str(phrase)).search(low):
            return str(phrase)
    return None
