"""Columns walked together (transports/snmp_walk.py) against a fake agent: the same values
as a walk of each column alone, in far fewer requests; SNMPv1's noSuchName, tooBig,
truncated answers, an agent whose OIDs stop increasing and one that fails."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from inspector.transports.snmp_walk import (
    BULK_BUDGET,
    EndOfColumnError,
    TooBigError,
    get_batches,
    oid_key,
    walk_columns,
)

END = object()  # endOfMibView


def _is_end(value: Any) -> bool:
    return value is END


class Agent:
    """GETBULK over a sorted table of OIDs, as RFC 3416 describes it."""

    def __init__(self, values: dict[str, Any], most: int = 10_000) -> None:
        self.oids = sorted(values, key=oid_key)
        self.values = values
        self.most = most  # varbinds one answer holds; more are left out (truncation)
        self.requests: list[tuple[list[str], int]] = []

    def successor(self, oid: str) -> tuple[str, Any]:
        after = [o for o in self.oids if oid_key(o) > oid_key(oid)]
        return (after[0], self.values[after[0]]) if after else (oid, END)

    async def bulk(self, oids: Sequence[str], repetitions: int) -> list[tuple[str, Any]]:
        self.requests.append((list(oids), repetitions))
        answer: list[tuple[str, Any]] = []
        cursors = list(oids)
        for _ in range(repetitions):
            row = [self.successor(c) for c in cursors]
            answer += row
            cursors = [oid for oid, _ in row]
        return answer[:self.most]


def _table(columns: int, rows: int, empty: set[int] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    values = {"1.3.6.1.2.1.1.1.0": "sysDescr", "1.3.6.1.9.9.9.0": "after everything"}
    for column in range(1, columns + 1):
        if column in empty:
            continue
        for row in range(1, rows + 1):
            values[f"1.3.6.1.4.1.99.1.{column}.{row}"] = column * 100 + row
    return values


def _alone(agent: Agent, root: str) -> list[tuple[str, Any]]:
    """What a walk of the column alone finds: every value under it, in OID order."""
    return [(o, agent.values[o]) for o in agent.oids if o.startswith(root + ".")]


def _walk(agent: Agent, roots: list[str], budget: int = BULK_BUDGET) -> list[Any]:
    return asyncio.run(walk_columns(agent.bulk, roots, _is_end, budget))


def test_columns_together_yield_what_each_alone_would() -> None:
    agent = Agent(_table(columns=12, rows=30, empty={2, 7, 8}))
    roots = [f"1.3.6.1.4.1.99.1.{c}" for c in range(1, 13)] + ["1.3.6.1.4.1.5"]
    columns = _walk(agent, roots)
    assert [c.root for c in columns] == roots
    for column in columns:
        assert column.error is None
        assert column.binds == _alone(agent, column.root)


def test_empty_columns_cost_one_varbind_each_not_a_request_each() -> None:
    # The profiles of a UPS card read ~60 columns, of which it has a handful.
    agent = Agent(_table(columns=60, rows=3, empty=set(range(5, 61))))
    _walk(agent, [f"1.3.6.1.4.1.99.1.{c}" for c in range(1, 61)])
    assert len(agent.requests) <= 4, agent.requests
    asked = sum(len(oids) * reps for oids, reps in agent.requests)
    assert asked <= 60 + 2 * BULK_BUDGET


def test_a_truncated_answer_is_continued_where_it_stopped() -> None:
    agent = Agent(_table(columns=5, rows=40), most=7)
    roots = [f"1.3.6.1.4.1.99.1.{c}" for c in range(1, 6)]
    for column in _walk(agent, roots):
        assert column.binds == _alone(agent, column.root)


def test_the_last_column_of_the_mib_ends_at_end_of_mib_view() -> None:
    agent = Agent({"1.3.6.1.4.1.99.1.1.1": 1, "1.3.6.1.4.1.99.1.1.2": 2})
    column, = _walk(agent, ["1.3.6.1.4.1.99.1.1"])
    assert [oid for oid, _ in column.binds] == ["1.3.6.1.4.1.99.1.1.1", "1.3.6.1.4.1.99.1.1.2"]
    assert column.error is None


def test_snmpv1_nosuchname_ends_that_column_only() -> None:
    values = _table(columns=3, rows=2)
    del values["1.3.6.1.9.9.9.0"]
    agent = Agent(values)

    async def getnext(oids: Sequence[str], _repetitions: int) -> list[tuple[str, Any]]:
        row = [agent.successor(o) for o in oids]
        for index, (_, value) in enumerate(row):
            if value is END:
                raise EndOfColumnError(index)  # v1 has no endOfMibView: the request fails
        return row

    roots = ["1.3.6.1.4.1.99.1.1", "1.3.6.1.4.1.99.1.3"]
    columns = asyncio.run(walk_columns(getnext, roots, _is_end))
    for column in columns:
        assert column.binds == _alone(agent, column.root), column.root
        assert column.error is None


def test_toobig_asks_again_in_smaller_parts() -> None:
    agent = Agent(_table(columns=6, rows=20))

    async def small(oids: Sequence[str], repetitions: int) -> list[tuple[str, Any]]:
        if len(oids) * repetitions > 8:
            raise TooBigError("tooBig")
        return await agent.bulk(oids, repetitions)

    roots = [f"1.3.6.1.4.1.99.1.{c}" for c in range(1, 7)]
    columns = asyncio.run(walk_columns(small, roots, _is_end))
    for column in columns:
        assert column.error is None
        assert column.binds == _alone(agent, column.root)


def test_oids_that_stop_increasing_end_the_column_with_a_reason() -> None:
    async def looping(oids: Sequence[str], _repetitions: int) -> list[tuple[str, Any]]:
        return [("1.3.6.1.4.1.99.1.1.1", 1) for _ in oids]

    column, = asyncio.run(walk_columns(looping, ["1.3.6.1.4.1.99.1.1"], _is_end))
    assert column.binds == [("1.3.6.1.4.1.99.1.1.1", 1)]
    assert column.error is not None and "increasing" in column.error


def test_a_failed_request_is_recorded_on_its_columns_and_the_others_go_on() -> None:
    agent = Agent(_table(columns=40, rows=2))
    calls = []

    async def flaky(oids: Sequence[str], repetitions: int) -> list[tuple[str, Any]]:
        calls.append(list(oids))
        if len(calls) == 1:
            raise RuntimeError("no SNMP answer within 1 s")
        return await agent.bulk(oids, repetitions)

    roots = [f"1.3.6.1.4.1.99.1.{c}" for c in range(1, 41)]
    columns = asyncio.run(walk_columns(flaky, roots, _is_end))
    failed = [c for c in columns if c.error]
    assert failed and len(failed) < len(columns)
    assert {c.root for c in failed} == set(calls[0])
    assert all(c.error == "no SNMP answer within 1 s" and not c.binds for c in failed)
    for column in columns:
        if not column.error:
            assert column.binds == _alone(agent, column.root)


def test_an_agent_that_answers_nothing_is_not_asked_forever() -> None:
    async def silent(_oids: Sequence[str], _repetitions: int) -> list[tuple[str, Any]]:
        return []

    column, = asyncio.run(walk_columns(silent, ["1.3.6.1.4.1.99"], _is_end))
    assert column.done and column.binds == []


@pytest.mark.parametrize(("sizes", "budget", "expected"),
                         [([10, 1, 10], 40, [21]), ([10, 10, 10, 10, 10], 40, [40, 10])])
def test_gets_are_joined_across_captures(sizes: list[int], budget: int,
                                         expected: list[int]) -> None:
    groups = [[f"1.3.6.1.4.1.{g}.{i}.0" for i in range(n)] for g, n in enumerate(sizes)]
    batches = get_batches(groups, budget)
    assert [len(b) for b in batches] == expected
    assert [o for b in batches for o in b] == [o for g in groups for o in g]
