"""The one escaping layer between data and the terminal.

Device names, paths, run ids, error reasons and outputs are data: printed through rich they
must not be read as markup (`core[/b]sw` raises MarkupError, `[link=...]` forges a link),
and printed anywhere they must not reach the terminal or a cron log as control characters
(ESC retitles the window or clears the scrollback, CR overwrites a line, a newline forges
one, a bidi override reorders what is read). `plain` shows each control character as its
Python escape (`\\x1b`, `\\u202e`); `shown` also escapes rich markup, for console.print.
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0, DEL and C1 controls, and the Unicode format characters that reorder or hide text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(value: object) -> str:
    """`value` as text with every control character shown as an escape: for typer.echo and
    for rich where markup is off."""
    return _CONTROL.sub(_escaped, str(value))


def shown(value: object) -> str:
    """`value` safe inside a rich markup string: control characters shown, markup escaped."""
    return escape(plain(value))
