"""The run store: runs recorded, previous snapshots found, changes between runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import LAB_BUNDLE
from inspector.pipeline import CheckSettings, replay
from inspector.problems import occurrences
from inspector.store.bundle import read_bundle, write_bundle
from inspector.store.history import History

runner = CliRunner()


def _changed_bundle(tmp_path: Path) -> Path:
    """The lab, one month later: a new OS on the Huawei core, a port down, routes gone."""
    recordings = read_bundle(LAB_BUNDLE)
    for rec in recordings:
        if rec.device.name != "sh-core-ce6881":
            continue
        for capture in rec.captures:
            if capture.command == "display version":
                capture.output = capture.output.replace("V200R019C10SPC800", "V200R022C00SPC500")
    return write_bundle(tmp_path / "later", recordings, source="test")


def test_runs_are_recorded_and_compared(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    with History(db) as store:
        first = replay(LAB_BUNDLE, tmp_path, "one", CheckSettings(history=store))
        second = replay(_changed_bundle(tmp_path), tmp_path, "two",
                        CheckSettings(history=store))
        rows = store.runs()
        assert [r.run_id for r in rows] == ["two", "one"]
        assert all(r.complete and r.devices == len(first.run.devices) for r in rows)
        assert sum(rows[0].findings.values()) == sum(rows[1].findings.values()) + 1
        # the second run compared itself with the first: firmware change found
        changed = [f for f in second.run.findings
                   if f.check_id == "firmware.changed" and not f.passed and f.severity]
        assert [f.device for f in changed] == ["sh-core-ce6881"]
        assert first.run.run_id == "one"
    result = runner.invoke(app, ["diff", "one", "two", "--history", str(db)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "sh-core-ce6881" in text and "V200R022C00SPC500" in text
    result = runner.invoke(app, ["trend", "-d", "bj-acc-c2960x", "-m", "cpu", "--history",
                                 str(db), "--svg", str(tmp_path / "cpu.svg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cpu.svg").read_text().startswith("<?xml")
    result = runner.invoke(app, ["history", "--history", str(db), "--json"])
    assert '"run_id": "two"' in result.output


def test_an_incomplete_run_is_never_used_as_previous(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as store:
        done = replay(LAB_BUNDLE, tmp_path, "done", CheckSettings(history=store))
        half = done.run.model_copy(update={"run_id": "half", "complete": False,
                                           "started": done.run.started + timedelta(seconds=1)})
        store.begin_run(half, tmp_path / "half")
        assert [r.complete for r in store.runs()] == [False, True]
        latest = store.latest_snapshots(["bj-core-c9300"])
        assert latest["bj-core-c9300"] == done.run.devices[1].snapshot


def test_unknown_run_and_missing_history_are_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["history", "--history", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 3
    with History(tmp_path / "h.sqlite") as store:
        replay(LAB_BUNDLE, tmp_path, "a", CheckSettings(history=store))
    result = runner.invoke(app, ["diff", "a", "zzz", "--history", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 3
    assert "no run 'zzz'" in result.output


def test_period_summary_from_the_history(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    with History(db) as store:
        one = replay(LAB_BUNDLE, tmp_path, "one", CheckSettings(history=store))
        replay(LAB_BUNDLE, tmp_path, "two", CheckSettings(history=store))
    problems = len(occurrences(one.run.findings))
    # The summary's days are the report's time zone's (Asia/Shanghai by default).
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    result = runner.invoke(app, ["summary", "--from", today, "--to", today, "--history",
                                 str(db), "--out", str(tmp_path / "s"), "--format", "md,pdf"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s" / "service-summary.md").read_text(encoding="utf-8")
    devices = len(one.run.devices)
    assert "| 巡检次数 | 2 |" in text and f"| 设备数 | {devices} |" in text
    # The same faults in both runs: each one problem, seen twice.
    assert f"| 发现问题 | {problems} |" in text
    assert "| sh-core-ce6881 | 2 | 2 | 100% |" in text
    assert (tmp_path / "s" / "service-summary.pdf").read_bytes().startswith(b"%PDF")
    result = runner.invoke(app, ["summary", "--from", "2020-01-01", "--to", "2020-03-31",
                                 "--history", str(db)])
    assert result.exit_code == 3
    assert "no complete run" in result.output


def test_previous_names_a_run_by_its_id(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    with History(db) as store:
        replay(LAB_BUNDLE, tmp_path, "one", CheckSettings(history=store))
        replay(LAB_BUNDLE, tmp_path, "two", CheckSettings(history=store))
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(tmp_path),
                                 "--run-id", "three", "--history", str(db), "--previous", "one",
                                 "--format", "md", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    summary = (tmp_path / "three" / "summary.md").read_text(encoding="utf-8")
    assert "新增问题 0 项" in summary and "one" in summary and "two" not in summary
    result = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(tmp_path),
                                 "--history", str(db), "--previous", "nine"])
    assert result.exit_code == 3
    assert "--previous nine" in result.output
