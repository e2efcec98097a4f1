"""Pre-holiday scheduling: holiday periods, windows, override files, the run lock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.runlock import RunLockedError, run_lock
from inspector.schedule import ScheduleError, load_overrides, parse_window, periods, upcoming

runner = CliRunner()


def test_2026_periods_follow_the_official_schedule() -> None:
    spans = {(p.name, p.start.isoformat(), p.end.isoformat()) for p in periods(2026)}
    assert ("春节", "2026-02-15", "2026-02-23") in spans  # with the make-up Saturdays
    assert ("国庆节", "2026-10-01", "2026-10-07") in spans
    assert ("劳动节", "2026-05-01", "2026-05-05") in spans
    assert all(p.official for p in periods(2026))


def test_upcoming_within_a_window() -> None:
    assert [p.name for p in upcoming(date(2026, 9, 22), timedelta(days=3))] == ["中秋节"]
    assert upcoming(date(2026, 9, 25), timedelta(days=3)) == []  # already under way
    assert upcoming(date(2026, 11, 22), timedelta(days=3)) == []


def test_override_file_replaces_a_year(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("2027:\n  holidays:\n    - {name: 春节, start: 2027-02-05, end: 2027-02-13}\n",
                    encoding="utf-8")
    overrides = load_overrides(path)
    first, = periods(2027, overrides)
    assert (first.name, first.days, first.official) == ("春节", 9, True)
    path.write_text("2027:\n  holidays:\n    - {name: 春节}\n", encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"holidays\[0\]: needs name, start and end"):
        load_overrides(path)


@pytest.mark.parametrize(("text", "days"), [("3d", 3), ("72h", 3), ("1w", 7)])
def test_windows(text: str, days: int) -> None:
    assert parse_window(text) == timedelta(days=days)


def test_bad_window_is_a_usage_error() -> None:
    result = runner.invoke(app, ["run", "x.yaml", "--if-holiday-within", "soon"])
    assert result.exit_code == 3
    assert "expected a window like 3d" in result.output


def test_no_holiday_ahead_means_nothing_to_do(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("2026: {holidays: []}\n2027: {holidays: []}\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "never-read.yaml"),
                                 "--if-holiday-within", "3d"],
                           env={"INSPECTOR_HOLIDAYS": str(path)})
    assert result.exit_code == 0
    assert "nothing to do" in result.output


def test_two_runs_over_one_inventory_do_not_overlap(tmp_path: Path) -> None:
    inventory = tmp_path / "inv.yaml"
    inventory.write_text("hosts: {}\n", encoding="utf-8")
    with (run_lock(inventory, tmp_path),
          pytest.raises(RunLockedError, match="already in progress"),
          run_lock(inventory, tmp_path)):
        pass
    with run_lock(inventory, tmp_path):  # released when the first run ends
        pass
