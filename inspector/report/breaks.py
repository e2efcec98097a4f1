"""Line-break rules for table cells: names and ids stay whole, CJK text wraps anywhere.

The default line breaker splits `bj-ups-2000g` after the hyphen, and a narrow column
otherwise cuts `on_battery` anywhere. A Latin token holding a hyphen, slash, underscore or
dot (a device, interface or check name, an OID) is therefore kept on one line, with a
break allowed only after its dots (`interfaces.` / `err_disabled`). Chinese text is left
alone: it may wrap between any two characters. With `table-layout: auto` the table then
widens a column to its longest unbreakable token instead of cutting it.

    >>> str(keep_ids("bj-ups-2000g 电池放电"))
    '<span class="nw">bj-ups-2000g</span> 电池放电'
    >>> str(keep_ids("interfaces.err_disabled"))
    '<span class="nw">interfaces.</span><wbr><span class="nw">err_disabled</span>'
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A run of characters that are neither spaces nor CJK (CJK may break anywhere).
_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_JOINERS = re.compile(r"[-/_.]")
# Break after a dot followed by a letter or digit: ids and OIDs, not a sentence's full stop.
_DOT = re.compile(r"(?<=\.)(?=\w)")
# A number or a date (`12.5`, `2026-11-05`): the line breaker keeps it whole already. An
# OID (`1.3.6.1.2.1.33`) has more dots and may break at them.
_NUMBER = re.compile(r"[\d,:%+-]*\.?[\d,:%+-]*")


def _whole(token: str) -> str:
    if not _JOINERS.search(token) or _NUMBER.fullmatch(token):
        return str(escape(token))
    pieces = [p for p in _DOT.split(token) if p]
    return "<wbr>".join(f'<span class="nw">{escape(p)}</span>' for p in pieces)


def keep_ids(value: object) -> Markup:
    """`value` as HTML whose names and ids do not break mid-word; Markup passes unchanged."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        out.append(str(escape(text[last:match.start()])))
        out.append(_whole(match.group()))
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))  # noqa: S704 - every piece escaped above
