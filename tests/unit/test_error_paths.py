"""Every error path of `report`, `run --replay`, `history`, `diff`, `trend` and `summary`
ends on one line and exit 3: damaged run folders, bundles and history stores, never a
traceback. And data printed to the terminal is data: no markup, no control characters."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE

runner = CliRunner()
HISTORY_COMMANDS = [["history"], ["diff", "a", "b"], ["trend", "-d", "sw1"],
                    ["summary", "--from", "2026-01-01", "--to", "2026-12-31"]]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder (and its history) from the lab's recorded bundle."""
    out = tmp_path_factory.mktemp("stored")
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(out),
                                 "--run-id", "r1", "--format", "md"])
    assert result.exit_code in (0, 1), result.output
    with sqlite3.connect(out / "history.sqlite") as db:  # everything in the file itself
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return out


def _one_line_error(result: Any, code: int = 3) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, result.output
    return errors[0]


# ------------------------------------------------------------------ report-meta.json

@pytest.mark.parametrize("content", [b'{"customer":', b"[1, 2]", b"\xff\xfe",
                                     b'{"timezone": 5}', b'{"a":' * 5000 + b"1" + b"}" * 5000])
def test_a_damaged_report_meta_is_one_line_and_exit_3(stored: Path, tmp_path: Path,
                                                      content: bytes) -> None:
    folder = tmp_path / "run"
    shutil.copytree(stored / "r1", folder)
    (folder / "report-meta.json").write_bytes(content)
    line = _one_line_error(runner.invoke(app, ["report", str(folder), "--format", "md"]))
    assert "report-meta.json" in line


# ------------------------------------------------------------------ history stores

def _truncated(stored: Path, tmp_path: Path) -> Path:
    path = tmp_path / "truncated.sqlite"
    data = (stored / "history.sqlite").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _garbage(_stored: Path, tmp_path: Path) -> Path:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def _empty(_stored: Path, tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    return path


def _damaged_rows(stored: Path, tmp_path: Path) -> Path:
    path = tmp_path / "rows.sqlite"
    shutil.copy(stored / "history.sqlite", path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE runs SET started = 'not a time'")
        db.execute("UPDATE devices SET snapshot = '{not json'")
    return path


@pytest.mark.parametrize("make", [_truncated, _garbage, _empty, _damaged_rows])
@pytest.mark.parametrize("command", HISTORY_COMMANDS, ids=lambda c: c[0])
def test_a_damaged_history_is_one_line_and_exit_3(
        stored: Path, tmp_path: Path, make: Callable[[Path, Path], Path],
        command: list[str]) -> None:
    history = make(stored, tmp_path)
    if command[0] in ("diff", "trend"):  # ask for what the store holds
        command = ["diff", "r1", "r1"] if command[0] == "diff" else [
            "trend", "-d", "sh-core-ce6881"]
    before = history.read_bytes()
    result = runner.invoke(app, [*command, "--history", str(history),
                                 *(["--out", str(tmp_path / "s")] if command[0] == "summary"
                                   else [])])
    assert str(history.name) in _one_line_error(result)
    if make is not _damaged_rows:  # what is not a store is never made one (nor changed)
        assert history.read_bytes() == before


# ------------------------------------------------------------------ bundles

def _edit_index(stored: Path, tmp_path: Path, change: Callable[[dict[str, Any]], object]
                ) -> Path:
    bundle = tmp_path / "bundle"
    shutil.copytree(stored / "r1" / "bundle", bundle)
    index = json.loads((bundle / "index.json").read_text(encoding="utf-8"))
    change(index)
    (bundle / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return bundle


def _replay(bundle: Path, tmp_path: Path, *more: str) -> Any:
    return runner.invoke(app, ["run", "--replay", str(bundle), "--out", str(tmp_path / "o"),
                               "--no-history", "--format", "md,xlsx", *more])


def test_a_nul_in_a_capture_path_is_one_line(stored: Path, tmp_path: Path) -> None:
    bundle = _edit_index(stored, tmp_path, lambda i: i["devices"][0]["captures"][0].update(
        file="sw\x00/001.txt"))
    assert "NUL" in _one_line_error(_replay(bundle, tmp_path))


def test_a_deeply_nested_index_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "index.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "index.json" in _one_line_error(_replay(tmp_path / "bundle", tmp_path))


def test_two_devices_of_one_name_in_a_bundle_name_both_entries(stored: Path,
                                                               tmp_path: Path) -> None:
    def rename(index: dict[str, Any]) -> None:
        index["devices"][3]["name"] = index["devices"][1]["name"]

    line = _one_line_error(_replay(_edit_index(stored, tmp_path, rename), tmp_path))
    assert "devices[1] and devices[3] are both named" in line


def test_naive_and_aware_times_mixed_in_a_bundle_are_read(stored: Path,
                                                          tmp_path: Path) -> None:
    def mix(index: dict[str, Any]) -> None:
        index["created"] = "2026-11-22T03:00:00"
        for device in index["devices"]:
            for number, capture in enumerate(device["captures"]):
                if number % 2:
                    capture["started"] = "2026-11-22T03:00:00"
                    capture["ended"] = "2026-11-22T03:00:01+08:00"

    result = _replay(_edit_index(stored, tmp_path, mix), tmp_path, "--run-id", "mixed")
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "o" / "mixed" / "results.json").is_file()


# ------------------------------------------------------------------ data, not markup

HOSTILE = ["core[/b]sw", "x\x1b]0;pwned\x07\x1b[2J", "nul\x00byte",
           ":100: [link=http://example.com]y[/link]", "bidi\u202etxt"]


def test_hostile_names_reach_the_terminal_and_the_workbook_as_data(stored: Path,
                                                                   tmp_path: Path) -> None:
    def rename(index: dict[str, Any]) -> None:
        for device, name in zip(index["devices"], HOSTILE, strict=False):
            device["name"] = name

    bundle = _edit_index(stored, tmp_path, rename)
    result = _replay(bundle, tmp_path, "--run-id", "hostile")
    assert result.exit_code in (0, 1), result.output
    for raw in ("\x1b", "\x00", "\x07", "\u202e", "💯"):
        assert raw not in result.output
    text = " ".join(result.output.split())
    for shown in ("core[/b]sw", "x\\x1b]0;pwned\\x07\\x1b[2J", "nul\\x00byte",
                  ":100: [link=http://example.com]y[/link]", "bidi\\u202etxt"):
        assert shown in text
    sheet = load_workbook(tmp_path / "o" / "hostile" / "inspection.xlsx").worksheets[0]
    names = {cell.value for cell in sheet["A"]}
    assert {"x\\x1b]0;pwned\\x07\\x1b[2J", "nul\\x00byte"} <= names


def test_a_markup_name_in_the_cron_progress_lines_is_printed(tmp_path: Path) -> None:
    """Under cron (no terminal) each device gets a progress line: a name that is rich
    markup ended the run with MarkupError after collecting."""
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "defaults: {username: u, password: env:RB_TEST_PASSWORD,"
        " transport: {port: 9, retries: 0, conn_timeout: 2}}\n"
        'hosts:\n  "core[/b]sw": {host: 127.0.0.1, platform: cisco_ios}\n'
        '  "esc\\e[2Jsw": {host: 127.0.0.1, platform: cisco_ios}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "inspector.cli", "run", str(inventory), "--out",
         str(tmp_path / "out"), "--format", "none", "--no-history"],
        capture_output=True, text=True, timeout=120, check=False,
        env={"RB_TEST_PASSWORD": "x", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert "] core[/b]sw" in result.stderr  # "[1/2] core[/b]sw: unreachable: ..."
    assert "] esc\\x1b[2Jsw" in result.stderr
