"""The run history on a real PostgreSQL, and the same tests on SQLite: one schema, one
behaviour. Several writers at once, a job delivered twice, and the server stopped at the
end of a run (the run kept in the spool, delivered once when it is back)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.configs.store import Archived, ConfigStore, digest
from inspector.lab.profiles import LAB_BUNDLE
from inspector.model import Run
from inspector.pipeline import CheckSettings, replay
from inspector.store.bundle import read_bundle, write_bundle
from inspector.store.history import History
from inspector.store.spool import SPOOL_DIR
from inspector.tracker.assignments import Assignment, load_assignments, save_assignments
from tests.conftest import ROOT
from tests.services import PostgresServer

runner = CliRunner()


@pytest.fixture(params=["sqlite", "postgresql"])
def history_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty history: a file, or a database of the session's PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    out = tmp_path_factory.mktemp("lab")
    output = replay(LAB_BUNDLE, out, "lab", CheckSettings())
    return output.run, output.folder / "results.json"


def _counted(run: Run) -> int:
    """Failed findings as `inspector history` counts them (folded facts not twice)."""
    return sum(1 for f in run.findings if not f.passed and f.severity and f.part_of is None)


def _changed_bundle(tmp_path: Path) -> Path:
    """The lab one month later: a new OS on the Huawei core."""
    recordings = read_bundle(LAB_BUNDLE)
    for rec in recordings:
        for capture in rec.captures:
            if rec.device.name == "sh-core-ce6881" and capture.command == "display version":
                capture.output = capture.output.replace("V200R019C10SPC800",
                                                        "V200R022C00SPC500")
    return write_bundle(tmp_path / "later", recordings, source="test")


def test_runs_are_recorded_compared_and_read_back(history_url: str, tmp_path: Path) -> None:
    with History(history_url) as store:
        first = replay(LAB_BUNDLE, tmp_path, "one", CheckSettings(history=store))
        second = replay(_changed_bundle(tmp_path), tmp_path, "two",
                        CheckSettings(history=store))
        rows = store.runs()
        assert [r.run_id for r in rows] == ["two", "one"]
        assert all(r.complete and r.devices == len(first.run.devices) for r in rows)
        assert [sum(r.findings.values()) for r in rows] == [_counted(second.run),
                                                           _counted(first.run)]
        changed = [f.device for f in second.run.findings
                   if f.check_id == "firmware.changed" and not f.passed and f.severity]
        assert changed == ["sh-core-ce6881"]  # compared with the first run, read back
        assert store.device_statuses("one") == {
            d.device.name: d.status.value for d in first.run.devices}
        counts = store.finding_counts(first.run.started - timedelta(1),
                                      second.run.started + timedelta(1))
        assert len(counts) == _counted(first.run) + _counted(second.run)
        assert len(store.series("bj-acc-c2960x")) == 2
    result = runner.invoke(app, ["diff", "one", "two", "--history", history_url])
    assert result.exit_code == 0, result.output
    assert "V200R022C00SPC500" in " ".join(result.output.split())
    result = runner.invoke(app, ["history", "--history", history_url, "--json"])
    assert result.exit_code == 0 and '"run_id": "two"' in result.output


def test_an_incomplete_run_is_never_the_previous_one(history_url: str, tmp_path: Path) -> None:
    with History(history_url) as store:
        done = replay(LAB_BUNDLE, tmp_path, "done", CheckSettings(history=store))
        half = done.run.model_copy(update={"run_id": "half", "complete": False,
                                           "started": done.run.started + timedelta(seconds=1)})
        store.begin_run(half, tmp_path / "half")
        assert [r.complete for r in store.runs()] == [False, True]
        latest = store.latest_snapshots(["bj-core-c9300"])
        assert latest["bj-core-c9300"] == done.run.devices[1].snapshot


def test_the_tables_other_modules_keep(history_url: str, tmp_path: Path) -> None:
    """The tracker's assignments and the configuration archive (plain SQL, a blob)."""
    with History(history_url) as store:
        save_assignments(store, {"p1": Assignment("张工", date(2026, 4, 30), "待备件")})
        save_assignments(store, {"p1": Assignment("李工", None, "")})
        assert load_assignments(store) == {"p1": Assignment("李工", None, "")}
        archive = ConfigStore(store)
        config = "hostname sw1\n% 100% of it\x00"
        entry = Archived("r1", "sw1", "cisco_ios", datetime(2026, 4, 1, tzinfo=UTC),
                         tmp_path / "sw1.cfg", digest(config))
        archive.add(entry, config)
        archive.add(entry, config)  # written again: replaced
        assert [a.run_id for a in archive.runs("sw1")] == ["r1"]
        assert archive.text(archive.runs("sw1")[0]) == config


def test_a_device_delivered_twice_is_written_once(history_url: str,
                                                  lab: tuple[Run, Path]) -> None:
    run, _ = lab
    with History(history_url) as store:
        store.record(run, Path("/runs/lab"))
        device = run.devices[0]
        own = [f for f in run.findings if f.device == device.device.name]
        store.add_device(run.run_id, device, own)  # the job redelivered
        assert store.device_statuses(run.run_id)[device.device.name] == device.status.value
        assert len(store.findings(run.run_id)) == len(run.findings)
        store.record(run, Path("/runs/lab"))  # the whole run again
        assert len(store.findings(run.run_id)) == len(run.findings)
        assert store.runs()[0].devices == len(run.devices)


def test_two_processes_write_at_once(history_url: str, lab: tuple[Run, Path],
                                     tmp_path: Path) -> None:
    """...on a new history: they race to create its schema too."""
    run, run_json = lab
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-m", "tests.history_writer", history_url,
                                  str(run_json), run_id, str(go)], cwd=ROOT)
                for run_id in ("w1", "w2", "w3")]
    go.touch()
    assert [child.wait(timeout=180) for child in children] == [0, 0, 0]
    with History(history_url) as store:
        rows = {r.run_id: r for r in store.runs()}
        assert set(rows) == {"w1", "w2", "w3"}
        for run_id, row in rows.items():
            assert row.complete and row.devices == len(run.devices)
            assert len(store.findings(run_id)) == len(run.findings)


def test_one_run_delivered_twice_at_once_is_written_once(
        history_url: str, lab: tuple[Run, Path], tmp_path: Path) -> None:
    """A job redelivered while the first delivery still writes: the same run id from two
    processes at once ends as one run, each device and finding once."""
    run, run_json = lab
    History(history_url).close()
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-m", "tests.history_writer", history_url,
                                  str(run_json), "same", str(go)], cwd=ROOT) for _ in range(2)]
    go.touch()
    assert [child.wait(timeout=180) for child in children] == [0, 0]
    with History(history_url) as store:
        assert [(r.run_id, r.complete, r.devices) for r in store.runs()] == [
            ("same", True, len(run.devices))]
        assert len(store.findings("same")) == len(run.findings)


def _run_while_stopped(server: PostgresServer, out: Path, run_id: str) -> Run:
    """A run whose database goes away while its devices are inspected."""
    with History(server.url, spool=out / SPOOL_DIR) as store:
        assert not store.offline
        server.stop()
        output = replay(LAB_BUNDLE, out, run_id, CheckSettings(history=store))
        assert store.offline
        assert [key for key, _ in store.notices] == ["history_db.unreachable",
                                                     "history_db.spooled"]
    assert (out / run_id / "results.json").exists()
    assert list((out / SPOOL_DIR / run_id).glob("*.json"))
    server.start()
    return output.run


def test_postgres_stopped_at_the_end_of_a_run(private_postgres: PostgresServer,
                                             tmp_path: Path) -> None:
    url, out = private_postgres.url, tmp_path / "reports"
    deliver = ["history", "deliver", "--history", url, "--out", str(out), "--lang", "en"]
    first = _run_while_stopped(private_postgres, out, "r1")
    result = runner.invoke(app, deliver)  # by the command
    assert result.exit_code == 0, result.output
    assert "delivered" in result.output and "r1" in result.output
    second = _run_while_stopped(private_postgres, out, "r2")
    with History(url, spool=out / SPOOL_DIR) as store:  # by the next run that reaches it
        assert [(key, values["runs"]) for key, values in store.notices] == [
            ("history_db.delivered", "r2")]
    result = runner.invoke(app, deliver)
    assert result.exit_code == 0 and "nothing" in result.output
    assert not list((out / SPOOL_DIR).iterdir())
    with History(url, spool=out / SPOOL_DIR) as store:
        assert store.notices == []
        assert [(r.run_id, r.complete, r.devices) for r in store.runs()] == [
            ("r2", True, len(second.devices)), ("r1", True, len(first.devices))]
        assert len(store.findings("r1")) == len(first.findings)
        assert len(store.findings("r2")) == len(second.findings)


def test_a_database_that_refuses_is_an_error_not_an_outage(postgres_url: str,
                                                          tmp_path: Path) -> None:
    """No such database (or a wrong password): said at once, exit 3, nothing spooled."""
    url = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(tmp_path),
                                 "--history", url, "--format", "none"])
    assert result.exit_code == 3, result.output
    assert "no_such_database" in result.output
    assert not (tmp_path / SPOOL_DIR).exists()
