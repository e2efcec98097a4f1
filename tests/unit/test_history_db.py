"""The history on SQLAlchemy: a store written before migrations upgraded in place, writes
that replace rather than add, several writers at once, and a database server out of reach
(the run's writes spooled beside its folder, delivered later exactly once).

The same history behaviour on PostgreSQL: tests/fleet/test_history_postgres.py.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.configs.store import Archived, ConfigStore, digest
from inspector.errors import ConfigurationError
from inspector.lab.profiles import LAB_BUNDLE
from inspector.model import Finding, Run
from inspector.pipeline import CheckSettings, replay
from inspector.redact import redact
from inspector.store.engine import current_revision, head_revision
from inspector.store.history import History
from inspector.store.spool import SPOOL_DIR, Spool
from inspector.store.target import PASSWORD_ENV, HistoryTarget
from inspector.tracker.assignments import load_assignments
from tests.conftest import ROOT

runner = CliRunner()

# The store as the code before migrations created it (store/history.py's SCHEMA then, the
# tracker's and the configuration archive's tables as they added them).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started TEXT NOT NULL, ended TEXT, mode TEXT NOT NULL,
    source TEXT NOT NULL, folder TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS devices (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, name TEXT NOT NULL,
    platform TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
    snapshot TEXT NOT NULL, PRIMARY KEY (run_id, name));
CREATE TABLE IF NOT EXISTS findings (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, device TEXT NOT NULL,
    check_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT, passed INTEGER NOT NULL,
    not_checked TEXT, observed TEXT, finding TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS findings_run ON findings(run_id, device);
CREATE INDEX IF NOT EXISTS devices_name ON devices(name, run_id);
"""
OLD_TABLES = """
CREATE TABLE IF NOT EXISTS assignments (
    problem_id TEXT PRIMARY KEY, owner TEXT NOT NULL, due TEXT, note TEXT NOT NULL,
    updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS config_archive (
    run_id TEXT NOT NULL, device TEXT NOT NULL, platform TEXT NOT NULL, started TEXT NOT NULL,
    file TEXT NOT NULL, sha256 TEXT NOT NULL, config BLOB NOT NULL,
    PRIMARY KEY (run_id, device));
CREATE INDEX IF NOT EXISTS config_archive_device ON config_archive(device, started);
"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """The lab's recorded run (no history), and its results.json."""
    out = tmp_path_factory.mktemp("lab")
    output = replay(LAB_BUNDLE, out, "lab", CheckSettings())
    return output.run, output.folder / "results.json"


def _finding_row(run_id: str, f: Finding) -> tuple[object, ...]:
    return (run_id, f.device, f.check_id, f.category, f.severity.value if f.severity else None,
            int(f.passed), f.not_checked_reason, f.observed, f.model_dump_json())


def _old_store(path: Path, run: Run, *, inventory: bool, tables: bool) -> None:
    """`run` written with sqlite3 exactly as the code before migrations did."""
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA + (OLD_TABLES if tables else ""))
        if inventory:  # what its _migrate added later
            db.execute("ALTER TABLE runs ADD COLUMN inventory TEXT NOT NULL DEFAULT ''")
        db.execute("INSERT INTO runs (run_id, started, ended, mode, source, folder, complete) "
                   "VALUES (?, ?, ?, ?, ?, ?, 1)",
                   (run.run_id, run.started.isoformat(), run.started.isoformat(), run.mode,
                    run.source, "/old/folder"))
        for result in run.devices:
            db.execute("INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?)",
                       (run.run_id, result.device.name, result.device.platform,
                        result.status.value, result.reason, result.snapshot.model_dump_json()))
        db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [_finding_row(run.run_id, f) for f in run.findings])
        if tables:
            db.execute("INSERT INTO assignments VALUES ('p1', '张工', '2026-04-30', '待备件', "
                       "'2026-04-01T00:00:00+00:00')")
            db.execute("INSERT INTO config_archive VALUES (?, 'sw1', 'cisco_ios', ?, 'f.cfg', "
                       "?, ?)", (run.run_id, run.started.isoformat(), digest("hostname sw1"),
                                 zlib.compress(b"hostname sw1")))


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in ("runs", "devices", "findings")}


@pytest.mark.parametrize("tables", [False, True], ids=["runs-only", "with-tracker-tables"])
@pytest.mark.parametrize("inventory", [False, True], ids=["first-version", "migrated-by-hand"])
def test_a_store_written_before_migrations_is_upgraded_in_place(
        tmp_path: Path, lab: tuple[Run, Path], inventory: bool, tables: bool) -> None:
    run, _ = lab
    path = tmp_path / "history.sqlite"
    _old_store(path, run, inventory=inventory, tables=tables)
    before = _counts(path)
    with History(path) as store:
        assert current_revision(store.engine) == head_revision()
        assert [(r.run_id, r.complete, r.devices) for r in store.runs()] == [
            (run.run_id, True, len(run.devices))]
        assert len(store.findings(run.run_id)) == len(run.findings)
        assert store.snapshots(run.run_id) == {d.device.name: d.snapshot for d in run.devices}
        assigned = load_assignments(store)
        archived = ConfigStore(store).runs("sw1")
        if tables:
            assert assigned["p1"].owner == "张工"
            assert ConfigStore(store).text(archived[0]) == "hostname sw1"
        else:
            assert assigned == {} and archived == []
        later = run.model_copy(update={"run_id": "later", "started": datetime.now(UTC)})
        store.record(later, tmp_path / "later")  # the upgraded store takes new runs
    after = _counts(path)
    assert after == {k: 2 * v for k, v in before.items()}
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
        assert "inventory" in columns
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("v0001",)]


def test_opening_a_current_store_writes_nothing(tmp_path: Path, lab: tuple[Run, Path]) -> None:
    path = tmp_path / "history.sqlite"
    with History(path) as store:
        store.record(lab[0], tmp_path / "lab")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    with History(path) as store:
        assert store.runs()[0].run_id == "lab"
    assert path.read_bytes() == data


def test_a_device_written_twice_replaces_it(tmp_path: Path, lab: tuple[Run, Path]) -> None:
    """A redelivered job writes the same device of the same run again: one row, its
    findings once; the run registered again is a re-run, never a second copy."""
    run, _ = lab
    path = tmp_path / "history.sqlite"
    with History(path) as store:
        store.record(run, tmp_path / "lab")
        first = _counts(path)
        device = run.devices[0]
        own = [f for f in run.findings if f.device == device.device.name]
        assert own
        store.add_device(run.run_id, device, own)
        store.add_device(run.run_id, device, own)
        assert _counts(path) == first
        store.add_device(run.run_id, device, own[:1])  # the second delivery found less
        assert _counts(path)["findings"] == first["findings"] - len(own) + 1
        store.record(run, tmp_path / "lab")
        assert _counts(path) == first


def _writers(target: str, run_json: Path, ids: list[str], go: Path) -> None:
    children = [subprocess.Popen([sys.executable, "-m", "tests.history_writer", target,
                                  str(run_json), run_id, str(go)], cwd=ROOT) for run_id in ids]
    go.touch()
    assert [child.wait(timeout=120) for child in children] == [0] * len(ids)


def test_two_processes_write_the_same_sqlite_file(tmp_path: Path,
                                                   lab: tuple[Run, Path]) -> None:
    run, run_json = lab
    path = tmp_path / "history.sqlite"
    History(path).close()  # created (and migrated) once; the writers race on their runs
    _writers(str(path), run_json, ["w1", "w2"], tmp_path / "go")
    with History(path) as store:
        rows = {r.run_id: r for r in store.runs()}
        assert set(rows) == {"w1", "w2"}
        for run_id, row in rows.items():
            assert row.complete and row.devices == len(run.devices)
            assert len(store.findings(run_id)) == len(run.findings)


def test_a_history_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = HistoryTarget.of("postgresql://ops@db.example.net/inspector")
    assert str(target.url) == "postgresql+psycopg://ops@db.example.net/inspector"
    assert target.path is None
    assert HistoryTarget.of(f"sqlite:///{tmp_path}/h.sqlite").path == tmp_path / "h.sqlite"
    assert HistoryTarget.of(tmp_path / "h.sqlite").path == tmp_path / "h.sqlite"
    shown = HistoryTarget.of("postgresql://ops:pa55word@db/inspector").shown
    assert "pa55word" not in shown and "***" in shown
    for bad in ("mysql://ops@db/x", "postgresql+asyncpg://ops@db/x", "postgresql://ops@db"):
        with pytest.raises(ConfigurationError, match="--history"):
            HistoryTarget.of(bad)
    monkeypatch.setenv("HISTORY_PW_TEST", "from-a-reference-42")
    monkeypatch.setenv(PASSWORD_ENV, "env:HISTORY_PW_TEST")
    assert target.with_password().password == "from-a-reference-42"  # noqa: S105
    assert "from-a-reference-42" not in redact("password from-a-reference-42")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_server_out_of_reach_keeps_the_run_and_it_is_delivered_once(
        tmp_path: Path, lab: tuple[Run, Path]) -> None:
    run, _ = lab
    url = f"postgresql://inspector:s3cret-pw@127.0.0.1:{_closed_port()}/inspector"
    spool = tmp_path / SPOOL_DIR
    with History(url, spool=spool) as down:
        assert down.offline
        assert down.runs() == [] and down.latest_snapshots(["sw1"]) == {}
        down.record(run, tmp_path / "lab")
        ConfigStore(down).add(Archived(run.run_id, "sw1", "cisco_ios", run.started,
                                       tmp_path / "sw1.cfg", digest("hostname sw1")),
                              "hostname sw1")
        said = " ".join(f"{key} {values}" for key, values in down.notices)
        where = down.where
    assert "history_db.unreachable" in said and "history_db.spooled" in said
    assert str(spool) in said and "s3cret-pw" not in said
    kept = sorted(spool.glob("*/*.json"))
    # begin, each device, finish, and the archived configuration's delete and insert
    assert len(kept) == 1 + len(run.devices) + 1 + 2
    assert all("s3cret-pw" not in p.read_text(encoding="utf-8") for p in kept)
    copy = tmp_path / "copy"
    shutil.copytree(spool, copy)
    with History(tmp_path / "central.sqlite") as central:
        assert Spool(spool, where).deliver(central.apply) == ([run.run_id], [])
        assert Spool(spool, where).deliver(central.apply) == ([], [])  # nothing left
        first = _counts(tmp_path / "central.sqlite")
        # a delivery cut short after its writes and done again: still each row once
        shutil.copytree(copy, spool, dirs_exist_ok=True)
        assert Spool(spool, where).deliver(central.apply) == ([run.run_id], [])
        assert _counts(tmp_path / "central.sqlite") == first
        assert first["devices"] == len(run.devices)
        assert first["findings"] == len(run.findings)
        assert central.runs()[0].complete
        archived = ConfigStore(central).runs("sw1")
        assert ConfigStore(central).text(archived[0]) == "hostname sw1"
        # kept for another database: left alone
        shutil.copytree(copy, spool, dirs_exist_ok=True)
        assert Spool(spool, "postgresql+psycopg://other@db/x").deliver(central.apply) == (
            [], [])
    assert list(spool.glob("*/*.json"))


def test_a_damaged_spool_file_is_kept_and_named(tmp_path: Path, lab: tuple[Run, Path]) -> None:
    spool = Spool(tmp_path / SPOOL_DIR, "postgresql+psycopg://x@db/x")
    spool.add("r1", "finish_run", {"run_id": "r1", "ended": None, "complete": 1})
    damaged = spool.add("r1", "finish_run", {"run_id": "r1", "ended": None, "complete": 1})
    damaged.write_text('{"format": 1, "op": ', encoding="utf-8")
    with History(tmp_path / "h.sqlite") as store:
        delivered, problems = spool.deliver(store.apply)
    assert delivered == [] and len(problems) == 1 and str(damaged) in problems[0]
    assert damaged.exists()


def test_deliver_and_run_with_a_server_out_of_reach(tmp_path: Path) -> None:
    url = f"postgresql://inspector:s3cret-pw@127.0.0.1:{_closed_port()}/inspector"
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(tmp_path),
                                 "--run-id", "r1", "--history", url, "--format", "md",
                                 "--fail-on", "none", "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "cannot be reached" in text and "inspector history deliver" in text
    assert "s3cret-pw" not in result.output
    assert (tmp_path / "r1" / "results.json").exists()
    assert list((tmp_path / SPOOL_DIR / "r1").glob("*.json"))
    result = runner.invoke(app, ["history", "deliver", "--history", url, "--out",
                                 str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "still cannot be reached" in result.output and "s3cret-pw" not in result.output
    result = runner.invoke(app, ["history", "--history", url])
    assert result.exit_code == 2 and "s3cret-pw" not in result.output
    assert list((tmp_path / SPOOL_DIR / "r1").glob("*.json"))  # still there
