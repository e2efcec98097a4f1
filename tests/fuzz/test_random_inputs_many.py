"""The random-input properties of tests/unit/test_random_inputs.py with many examples each:
random bytes and random JSON to `report`, `run --replay`, `history`, `diff`, `trend` and
`summary`, every one ending with an exit code of its own and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_random_inputs import (
    HISTORY_COMMANDS,
    _document,
    _index,
    check_history,
    check_replay,
    check_report,
    contents,
    stored,
)

pytestmark = pytest.mark.slow
MANY = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
__all__ = ["stored"]  # the fixture, shared with the fast tier


@MANY
@given(data=st.data())
def test_report_on_many_random_results_and_meta_files(stored: Path,
                                                      data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["results.json", "report-meta.json"]))
    check_report(stored, name, data.draw(contents(_document(stored / "r1" / name))))


@MANY
@given(content=contents(_index()))
def test_replay_on_many_random_indexes(stored: Path, content: bytes) -> None:
    check_replay(stored, content)


@MANY
@given(command=st.sampled_from(HISTORY_COMMANDS),
       content=st.binary(max_size=3000) | st.builds(
           lambda prefix, tail: b"SQLite format 3\x00" + prefix + tail,
           st.binary(max_size=100), st.binary(max_size=5000)))
def test_history_commands_on_many_random_stores(command: list[str], content: bytes) -> None:
    check_history(command, content)


@MANY
@given(command=st.sampled_from(HISTORY_COMMANDS), cut=st.integers(0, 500_000))
def test_history_commands_on_many_truncated_stores(stored: Path, command: list[str],
                                                   cut: int) -> None:
    check_history(command, (stored / "history.sqlite").read_bytes()[:cut])
