"""OceanStor's CLI layouts, read by position: ruled tables and "Name : value" blocks.

A table is a header line, a ruler of dashes under each column, and rows indented like the
header; a value may hold single spaces ("Member Disk", "Link Up"), so columns are where the
ruler says, not where the blanks are. Several tables may follow one another (`show port
general` prints one per port type under a title such as "ETH port:").

    >>> t, = tables(["  ID      Health Status", "  ------  -------------",
    ...              "  CTE0.0  Normal"])
    >>> t.rows[0]["health status"]
    'Normal'

A block is "Name : value" lines; the next block starts where a name comes back (`show
controller general` prints one block per controller).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspector.parsing.normalizers.common import Record

RULER = re.compile(r"^\s*-+(?:\s+-+)*\s*$")
# The name: words, digits, brackets, `%`, `/`, `.` and `-`, then blanks and a colon; an
# echoed prompt (`admin:/>show ...`) has no blank before its colon and is not one.
KEY_VALUE = re.compile(r"^\s+([A-Za-z][\w ()%/.\-]*?)\s+:\s?(.*?)\s*$")
# What the CLI prints for "no value".
NO_VALUE = frozenset({"", "--", "-", "N/A", "NA"})


@dataclass(frozen=True)
class Table:
    """One ruled table: its column names (lower-cased, blanks single) and its rows."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


def lines_of(records: list[Record]) -> list[str]:
    """The output's lines as the line template handed them over."""
    return [str(record.get("LINE", "")) for record in records]


def _name(text: str) -> str:
    return " ".join(text.split()).lower()


def _cells(line: str, starts: Sequence[int]) -> list[str]:
    ends = [*starts[1:], None]
    return [line[start:end].strip() for start, end in zip(starts, ends, strict=True)]


# A section title over the next table ("FC port:"), or the echoed command.
_TITLE = re.compile(r"^\s*(?:\S+(?: \S+)*:|\S+:/[\w/]*>.*)$")


def _ends_table(lines: list[str], at: int, indent: int) -> bool:
    """The rows end at a blank line, a line left of the header (the echoed command, a
    closing message), a section title, or the next table's header (a ruler follows it)."""
    line = lines[at]
    if not line.strip() or line[:indent].strip() or _TITLE.match(line):
        return True
    return at + 1 < len(lines) and RULER.match(lines[at + 1]) is not None


def tables(lines: list[str]) -> list[Table]:
    """Every ruled table of an output, in order."""
    found: list[Table] = []
    at = 1
    while at < len(lines):
        if not RULER.match(lines[at]):
            at += 1
            continue
        starts = [match.start() for match in re.finditer(r"-+", lines[at])]
        columns = tuple(_name(cell) for cell in _cells(lines[at - 1], starts))
        rows = []
        at += 1
        while at < len(lines) and not _ends_table(lines, at, starts[0]):
            rows.append(dict(zip(columns, _cells(lines[at], starts), strict=True)))
            at += 1
        found.append(Table(columns=columns, rows=tuple(rows)))
    return found


def table_rows(lines: list[str], required: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """The rows of every table of the output; each table must have one of the names of
    every `required` group (a missing "Health Status" column is a layout we do not know,
    never a healthy part)."""
    rows: list[dict[str, str]] = []
    for table in tables(lines):
        for names in required:
            if not any(name in table.columns for name in names):
                raise ValueError(f"no {' / '.join(repr(n) for n in names)} column in the "
                                 f"table header {list(table.columns)}")
        rows += table.rows
    return rows


def blocks(lines: list[str]) -> list[dict[str, str]]:
    """The "Name : value" blocks of an output (names lower-cased)."""
    found: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in lines:
        match = KEY_VALUE.match(line)
        if match is None:
            continue
        key = _name(match.group(1))
        if key in current:
            found.append(current)
            current = {}
        current[key] = match.group(2)
    if current:
        found.append(current)
    return found


def cell(row: dict[str, str], *names: str) -> str | None:
    """The first of `names` the row has with a value; None when none has."""
    for name in names:
        value = row.get(name)
        if value is not None and value.strip() not in NO_VALUE:
            return value.strip()
    return None


def word(row: dict[str, str], *names: str) -> str | None:
    """A state word, lower-cased ("Normal" -> "normal", "Link Up" -> "link up")."""
    value = cell(row, *names)
    return None if value is None else _name(value)


_SIZE = re.compile(r"^\s*([\d.]+)\s*([KMGTP]?B)\s*$", re.IGNORECASE)
_POWERS = {"B": 0, "KB": 1, "MB": 2, "GB": 3, "TB": 4, "PB": 5}


def size_bytes(value: str | None) -> int | None:
    """'1.089TB' -> bytes. OceanStor's units are binary (1 TB = 1024 GB) whatever they say."""
    match = _SIZE.match(value or "")
    if match is None:
        return None
    return int(float(match.group(1)) * 1024 ** _POWERS[match.group(2).upper()])
