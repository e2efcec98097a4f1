"""An imported log keeps the time it shows: the device's clock (each vendor's form, with or
without a zone) or the terminal emulator's stamp; the report and the run carry that time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.profiles import profile_outputs, profiles
from inspector.model import Capture
from inspector.parsing.logtime import clock_time, log_time

SHANGHAI = ZoneInfo("Asia/Shanghai")
EIGHT = timezone(timedelta(hours=8))


@pytest.mark.parametrize(("output", "expected"), [
    # IOS / IOS-XE / NX-OS: authority mark, milliseconds, a zone word
    ("*08:02:11.417 UTC Tue Jun 9 2026\n", datetime(2026, 6, 9, 8, 2, 11, tzinfo=UTC)),
    (".23:40:05.002 GMT Sat Jan 31 2026", datetime(2026, 1, 31, 23, 40, 5, tzinfo=UTC)),
    ("Time source is NTP, 09:15:30.120 EST Fri Feb 6 2026\n\n09:15:30.120 EST Fri Feb 6 2026",
     datetime(2026, 2, 6, 9, 15, 30, tzinfo=timezone(timedelta(hours=-5)))),
    # a zone the engineer named: taken in the report's zone
    ("14:01:59.880 BJ Wed Apr 1 2026", datetime(2026, 4, 1, 14, 1, 59, tzinfo=SHANGHAI)),
    # Ruijie: commas after weekday and day
    ("10:20:30 beijing Mon, Mar 2, 2026", datetime(2026, 3, 2, 10, 20, 30, tzinfo=SHANGHAI)),
    # VRP: offset on the line, or on the Time Zone line
    ("2026-05-18 16:44:09+08:00\nMonday\nTime Zone(China-Standard-Time) : UTC+08:00\n",
     datetime(2026, 5, 18, 16, 44, 9, tzinfo=EIGHT)),
    ("2026-05-18 16:44:09\nMonday\nTime Zone(DefaultZoneName) : UTC+08:00",
     datetime(2026, 5, 18, 16, 44, 9, tzinfo=EIGHT)),
    # Comware: MM/DD/YYYY, the offset from the Time Zone line
    ("11:05:47 BJ Thu 07/16/2026\nTime Zone : BJ add 08:00:00\n",
     datetime(2026, 7, 16, 11, 5, 47, tzinfo=EIGHT)),
    ("22:10:00.125 UTC Sun 11/01/2026", datetime(2026, 11, 1, 22, 10, tzinfo=UTC)),
    ("03:00:00 NY Mon 03/02/2026\nTime Zone : NY minus 05:00:00",
     datetime(2026, 3, 2, 3, 0, tzinfo=timezone(timedelta(hours=-5)))),
])
def test_each_vendors_clock(output: str, expected: datetime) -> None:
    moment = clock_time(output, SHANGHAI)
    assert moment == expected
    assert moment is not None and moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("output", ["", "% Invalid input detected at '^' marker.",
                                    "2026-13-45 99:99:99", "Clock is synchronized"])
def test_no_clock_is_no_time(output: str) -> None:
    assert clock_time(output, SHANGHAI) is None


def test_clock_command_wins_over_the_emulator_stamp() -> None:
    text = "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2026.03.05 09:00:00 =~=~=~=~=~=~=~=~=~=~=~=\n"
    clock = Capture(device="", command="dis clo", output="2026-03-05 09:01:02+08:00\nThursday")
    assert log_time(text, [clock], SHANGHAI) == datetime(2026, 3, 5, 9, 1, 2, tzinfo=EIGHT)
    assert log_time(text, [], SHANGHAI) == datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
    stamped = "[2026-03-05 09:00:07] <sw1>display version\n"
    assert log_time(stamped, [], SHANGHAI) == datetime(2026, 3, 5, 9, 0, 7, tzinfo=SHANGHAI)
    assert log_time("<sw1>display version\n", [], SHANGHAI) is None


def _vrp_log(tmp_path: Path, clock: str | None) -> Path:
    profile, folder = next((p, f) for p, f in profiles() if p.platform == "huawei_vrp")
    outputs = profile_outputs(folder)
    typed = [("display clock", clock)] if clock else []
    typed += [(command, outputs[command]) for command in list(outputs)[:6]]
    path = tmp_path / f"{profile.name}.log"
    path.write_text("".join(f"<{profile.name}>{c}\n{o}\n" for c, o in typed), encoding="utf-8")
    return path


def test_an_imported_log_is_dated_by_its_own_clock(tmp_path: Path) -> None:
    log = _vrp_log(tmp_path, "2026-03-05 09:01:02+08:00\nThursday\n"
                             "Time Zone(China-Standard-Time) : UTC+08:00")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["import-log", str(log), "--out", str(out), "--run-id",
                                      "r1", "--no-history", "--format", "md,json"])
    assert result.exit_code in (0, 1), result.output
    results = json.loads((out / "r1" / "results.json").read_text(encoding="utf-8"))
    started = datetime.fromisoformat(results["started"])
    assert started == datetime(2026, 3, 5, 1, 1, 2, tzinfo=UTC)
    assert results["devices"][0]["snapshot"]["taken_at"].startswith("2026-03-05T")
    report = next((out / "r1").glob("*.md")).read_text(encoding="utf-8")
    assert "2026-03-05" in report


def test_a_log_without_a_time_is_dated_by_the_import(tmp_path: Path) -> None:
    log = _vrp_log(tmp_path, None)
    out = tmp_path / "out"
    before = datetime.now(UTC)
    result = CliRunner().invoke(app, ["import-log", str(log), "--out", str(out), "--run-id",
                                      "r1", "--no-history", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    results = json.loads((out / "r1" / "results.json").read_text(encoding="utf-8"))
    assert datetime.fromisoformat(results["started"]) >= before - timedelta(seconds=1)
