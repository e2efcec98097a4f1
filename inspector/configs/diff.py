"""A unified diff of two archived configurations of one device, volatile lines ignored."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from inspector.configs.mask import comparable
from inspector.parsing.archive import Archive

CONTEXT_LINES = 3
# The start of the diff a report and results.json carry; the .diff file holds all of it.
SHOWN_LINES = 60


@dataclass(frozen=True)
class ConfigDiff:
    """Example: lines=["--- r1/sw1.cfg", "+++ r2/sw1.cfg", "@@ -3,1 +3,2 @@", " a", "+b"],
    added=1, removed=0."""

    lines: list[str]
    added: int
    removed: int

    @property
    def changed(self) -> int:
        """Lines added plus lines removed: a modified line counts twice (- and +)."""
        return self.added + self.removed

    def hunks(self) -> list[str]:
        """The diff without its two file-name lines."""
        return self.lines[2:]


def config_diff(before: str, after: str, archive: Archive | None,
                before_label: str, after_label: str) -> ConfigDiff:
    """`after` against `before`; nothing but volatile lines changed gives no line at all."""
    lines = list(difflib.unified_diff(
        comparable(before, archive), comparable(after, archive),
        fromfile=before_label, tofile=after_label, n=CONTEXT_LINES, lineterm=""))
    body = lines[2:]
    return ConfigDiff(
        lines=lines,
        added=sum(1 for line in body if line.startswith("+")),
        removed=sum(1 for line in body if line.startswith("-")))
