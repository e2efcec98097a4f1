"""Many table columns walked together, and many scalars in one GET.

The profiles of a device read tens of columns, most of which a given device does not
have. Walked one at a time, each cost a GETBULK whose 25 repetitions ran past the column
into whatever came next: about 60 requests and 1,500 decoded varbinds for a UPS card whose
data is 40 values. Walked together, the first request asks one successor of every column
(an empty column ends there), and the next ones share a budget of varbinds per answer
among the columns still going, as Net-SNMP's `snmptable` does. What each column yields is
exactly what a walk of it alone would yield, so every column stays its own capture.

Pure logic over a `Fetch` (the transport's GETBULK or GETNEXT), tested with a fake agent.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Varbinds one answer may carry: about 2 KiB of typical values, within what small agents
# (UPS cards, probes) answer without trouble. Also the most columns in one request.
BULK_BUDGET = 32
MAX_REPETITIONS = 25
GET_BUDGET = 40  # OIDs per GET; an agent that finds the answer too big says tooBig
MAX_COLUMN_VALUES = 50_000  # a runaway agent must not hold the run forever

Bind = tuple[str, Any]
_NO_LIMIT = 1 << 30
# (OIDs, repetitions) -> binds in wire order; raises EndOfColumnError (v1) or any error.
Fetch = Callable[[Sequence[str], int], Awaitable[Sequence[Bind]]]


class EndOfColumnError(Exception):
    """SNMPv1's noSuchName for one OID of a GETNEXT: that column is at the end of the MIB.
    `index` is 0-based in the request."""

    def __init__(self, index: int) -> None:
        super().__init__(f"noSuchName at {index}")
        self.index = index


class TooBigError(Exception):
    """The agent's tooBig: the same request must be asked in smaller parts."""


@dataclass
class Column:
    """One walked column: its values in OID order, and why it stopped early if it did."""

    root: str
    binds: list[Bind] = field(default_factory=list)
    cursor: str = ""
    done: bool = False
    error: str | None = None
    limit: int = MAX_COLUMN_VALUES

    def __post_init__(self) -> None:
        self.cursor = self.cursor or self.root


def oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in oid.split("."))


def _chunks(active: list[Column], budget: int) -> list[list[Column]]:
    parts = math.ceil(len(active) / budget)
    size = math.ceil(len(active) / parts)
    return [active[i:i + size] for i in range(0, len(active), size)]


def _absorb(chunk: list[Column], binds: Sequence[Bind], is_end: Callable[[Any], bool]) -> None:
    """Spread an answer (row after row, one varbind per column of the chunk) over the
    columns; a column ends at its first varbind outside it."""
    if not binds:  # an agent that answers nothing must not be asked forever
        for column in chunk:
            column.done = True
        return
    for position, (oid, value) in enumerate(binds):
        column = chunk[position % len(chunk)]
        if column.done:
            continue
        if is_end(value) or not oid.startswith(column.root + "."):
            column.done = True
        elif oid_key(oid) <= oid_key(column.cursor):
            column.done, column.error = True, f"the agent's OIDs stopped increasing at {oid}"
        else:
            column.binds.append((oid, value))
            column.cursor = oid
            if len(column.binds) >= column.limit:
                column.done = True
                column.error = f"walk stopped after {column.limit} values"


async def walk_columns(fetch: Fetch, roots: Sequence[str], is_end: Callable[[Any], bool],
                       budget: int = BULK_BUDGET, limit: int = MAX_COLUMN_VALUES
                       ) -> list[Column]:
    """Every column of `roots` walked to its end (or to `limit` values). A failed request
    ends the columns it asked for with the error as text; the others go on."""
    columns = [Column(root, limit=limit) for root in roots]
    limits = {id(c): budget for c in columns}  # lowered where an agent answered tooBig
    while active := [c for c in columns if not c.done]:
        limit = min(limits[id(c)] for c in active)
        for chunk in _chunks(active, limit):
            repetitions = max(1, min(MAX_REPETITIONS, limit // len(chunk)))
            smaller = await _ask(fetch, chunk, repetitions, is_end)
            for column in chunk:
                limits[id(column)] = min(limits[id(column)], smaller)
    return columns


async def _ask(fetch: Fetch, chunk: list[Column], repetitions: int,
               is_end: Callable[[Any], bool]) -> int:
    """One request for `chunk`; returns the most varbinds per answer to ask from now on
    (lower than before only when the agent said tooBig)."""
    asked = len(chunk) * repetitions
    try:
        binds = await fetch([c.cursor for c in chunk], repetitions)
    except EndOfColumnError as end:
        if 0 <= end.index < len(chunk):
            chunk[end.index].done = True
        else:
            _fail(chunk, str(end))
        return _NO_LIMIT
    except TooBigError as big:
        if asked == 1:
            _fail(chunk, str(big) or "tooBig")
        return max(1, asked // 2)
    except Exception as exc:  # noqa: BLE001 - recorded on the columns it asked for
        _fail(chunk, str(exc) or type(exc).__name__)
        return _NO_LIMIT
    _absorb(chunk, binds, is_end)
    return _NO_LIMIT


def _fail(chunk: list[Column], error: str) -> None:
    for column in chunk:
        column.done, column.error = True, error


def get_batches(groups: Sequence[Sequence[str]], budget: int = GET_BUDGET) -> list[list[str]]:
    """The OIDs of every group (a capture each) in GETs of at most `budget` OIDs."""
    every = [oid for group in groups for oid in group]
    return [every[i:i + budget] for i in range(0, len(every), budget)]
