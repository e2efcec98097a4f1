"""Random bytes and random JSON fed to `report`, `run --replay`, `history`, `diff`, `trend`
and `summary`: each ends with an exit code of its own (0-3), never a traceback.

A few derandomized examples per command here; tests/fuzz/test_random_inputs_many.py runs
the same properties with many more (`make fuzz`)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE

runner = CliRunner()
EXIT_CODES = {0, 1, 2, 3}
FEW = settings(max_examples=6, derandomize=True, deadline=None, database=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one value, at a random place, replaced by random JSON."""
    document = json.loads(json.dumps(document))
    node = document
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or not node[key] or draw(st.booleans()):
            node[key] = draw(json_values)
            return document
        node = node[key]
    return draw(json_values) if node is document else document


def contents(document: Any) -> st.SearchStrategy[bytes]:
    """Random bytes, random JSON, or the real document with one value replaced."""
    return st.one_of(st.binary(max_size=300),
                     json_values.map(lambda v: json.dumps(v).encode()),
                     mutated(document).map(lambda v: json.dumps(v).encode()))


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("random")
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(out),
                                 "--run-id", "r1", "--format", "md"])
    assert result.exit_code in (0, 1), result.output
    with sqlite3.connect(out / "history.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return out


def _ends_cleanly(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code in EXIT_CODES, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception), result.output)
    assert "Traceback" not in result.output


def check_report(stored: Path, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "run"
        shutil.copytree(stored / "r1", folder, ignore=shutil.ignore_patterns("bundle"))
        (folder / name).write_bytes(data)
        _ends_cleanly(["report", str(folder), "--format", "md"])


def check_replay(stored: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        bundle = Path(scratch) / "bundle"
        shutil.copytree(stored / "r1" / "bundle", bundle)
        (bundle / "index.json").write_bytes(data)
        _ends_cleanly(["run", "--replay", str(bundle), "--out", f"{scratch}/out",
                       "--no-history", "--format", "md"])


def check_history(command: list[str], data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        history = Path(scratch) / "history.sqlite"
        history.write_bytes(data)
        _ends_cleanly([*command, "--history", str(history),
                       *(["--out", f"{scratch}/s"] if command[0] == "summary" else [])])


HISTORY_COMMANDS = [["history"], ["diff", "r1", "r1"], ["trend", "-d", "sh-core-ce6881"],
                    ["summary", "--from", "2020-01-01", "--to", "2030-12-31", "--format", "md"]]


def _document(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _index() -> Any:
    return _document(LAB_BUNDLE / "index.json")


@FEW
@given(data=st.data())
def test_report_never_crashes_on_a_random_results_or_meta_file(stored: Path,
                                                               data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["results.json", "report-meta.json"]))
    check_report(stored, name, data.draw(contents(_document(stored / "r1" / name))))


@FEW
@given(content=contents(_index()))
def test_replay_never_crashes_on_a_random_index(stored: Path, content: bytes) -> None:
    check_replay(stored, content)


@FEW
@given(command=st.sampled_from(HISTORY_COMMANDS),
       content=st.binary(max_size=300) | st.builds(
           lambda prefix, tail: b"SQLite format 3\x00" + prefix + tail,
           st.binary(max_size=100), st.binary(max_size=2000)))
def test_history_commands_never_crash_on_random_bytes(command: list[str],
                                                      content: bytes) -> None:
    check_history(command, content)


@FEW
@given(command=st.sampled_from(HISTORY_COMMANDS), cut=st.integers(0, 400_000))
def test_history_commands_never_crash_on_a_truncated_store(stored: Path, command: list[str],
                                                           cut: int) -> None:
    check_history(command, (stored / "history.sqlite").read_bytes()[:cut])
