"""The problem tracker's rows: which problems it holds, their age in the report's calendar
days, overdue only while open, assignments kept in the store, tracker.json read back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inspector.model import Finding, Reading, Severity
from inspector.problems import RunFindings, lifecycles, problem_id
from inspector.report.i18n import Translator
from inspector.report.subjects import subject_text
from inspector.store.history import History
from inspector.tracker.assignments import Assignment, load_assignments, save_assignments
from inspector.tracker.errors import TrackerError
from inspector.tracker.table import (
    TRACKER_FILE,
    build_tracker,
    dump_tracker,
    parse_tracker,
    read_tracker,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _down(device: str, *ports: str) -> Finding:
    return Finding(check_id="ports.down", category="ports", device=device,
                   severity=Severity.MAJOR, message_zh="端口中断", message_en="Port down",
                   readings=[Reading(subject=p, value="down", severity=Severity.MAJOR)
                             for p in ports])


def _passed(device: str) -> Finding:
    return Finding(check_id="ports.down", category="ports", device=device, passed=True)


def _run(day: int, *findings: Finding, hour: int = 2) -> RunFindings:
    return RunFindings(f"r{day}", datetime(2026, 3, day, hour, tzinfo=UTC),
                       frozenset({"sw1", "sw2"}), list(findings))


def test_rows_hold_open_problems_and_those_resolved_by_this_run() -> None:
    runs = [_run(1, _down("sw1", "Gi0/1", "Gi0/2"), _down("sw2", "Gi0/9")),
            _run(2, _down("sw1", "Gi0/1"), _passed("sw2")),  # Gi0/2, Gi0/9 resolved here
            _run(3, _down("sw1", "Gi0/1", "Gi0/3"), _passed("sw2"))]
    lives = lifecycles(runs)
    tracker = build_tracker(lives, {}, current=runs[-1].started, devices=["sw1", "sw2"])
    assert {(r.subject, r.status) for r in tracker.rows} == {("Gi0/1", "persisting"),
                                                             ("Gi0/3", "new")}
    earlier = build_tracker(lifecycles(runs[:2]), {}, current=runs[1].started,
                            devices=["sw1", "sw2"])
    assert {(r.subject, r.status) for r in earlier.rows} == {
        ("Gi0/1", "persisting"), ("Gi0/2", "resolved"), ("Gi0/9", "resolved")}
    # a device no longer inspected leaves the table
    only_sw2 = build_tracker(lives, {}, current=runs[-1].started, devices=["sw2"])
    assert only_sw2.rows == []


def test_age_counts_calendar_days_in_the_report_zone() -> None:
    # 20:00 UTC on 1 March is 2 March in Shanghai: the age counts from there.
    first = RunFindings("a", datetime(2026, 3, 1, 20, tzinfo=UTC), frozenset({"sw1"}),
                        [_down("sw1", "Gi0/1")])
    later = _run(10, _down("sw1", "Gi0/1"))
    (row,) = build_tracker(lifecycles([first, later]), {}, current=later.started,
                           devices=["sw1"]).rows
    assert row.first_seen.astimezone(SHANGHAI).date() == date(2026, 3, 2)
    assert row.age_days(later.started, SHANGHAI) == 8
    assert row.age_days(later.started, UTC) == 9


def test_overdue_only_while_open_and_after_the_planned_day() -> None:
    runs = [_run(1, _down("sw1", "Gi0/1")), _run(10, _down("sw1", "Gi0/1"))]
    pid = problem_id("sw1", "ports.down", "Gi0/1")
    as_of = runs[-1].started  # 10 March in Shanghai

    def row(due: date) -> bool:
        assigned = {pid: Assignment("张工", due, "")}
        (only,) = build_tracker(lifecycles(runs), assigned, current=as_of,
                                devices=["sw1"]).rows
        return only.overdue(as_of, SHANGHAI)

    assert row(date(2026, 3, 9)) is True
    assert row(date(2026, 3, 10)) is False  # due today: not yet late
    resolved = [*runs, _run(12, _passed("sw1"))]
    (gone,) = build_tracker(lifecycles(resolved), {pid: Assignment("张工", date(2026, 3, 9), "")},
                            current=resolved[-1].started, devices=["sw1"]).rows
    assert gone.status == "resolved" and not gone.overdue(resolved[-1].started, SHANGHAI)
    assert gone.age_days(datetime(2026, 6, 1, tzinfo=UTC), SHANGHAI) == 11


def test_assignments_are_kept_replaced_and_cleared(tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as store:
        assert load_assignments(store) == {}
        save_assignments(store, {"P-1": Assignment("张工", date(2026, 4, 30), "待备件"),
                                 "P-2": Assignment("李工", None, "")})
        save_assignments(store, {"P-2": Assignment("", None, "")})
    with History(tmp_path / "h.sqlite") as store:
        assert load_assignments(store) == {"P-1": Assignment("张工", date(2026, 4, 30),
                                                             "待备件")}


def test_tracker_json_round_trip_and_a_damaged_one(tmp_path: Path) -> None:
    runs = [_run(1, _down("sw1", "Gi0/1")), _run(2, _down("sw1", "Gi0/1"))]
    pid = problem_id("sw1", "ports.down", "Gi0/1")
    tracker = build_tracker(lifecycles(runs), {pid: Assignment("张工", date(2026, 4, 1), "x")},
                            current=runs[-1].started, devices=["sw1"])
    assert parse_tracker(dump_tracker(tracker)) == tracker
    assert tracker.rows[0].message("en") == "Port down"
    assert read_tracker(tmp_path) is None
    (tmp_path / TRACKER_FILE).write_text('{"rows": [{"id": 1}]}', "utf-8")
    with pytest.raises(TrackerError, match=TRACKER_FILE):
        read_tracker(tmp_path)


def test_a_log_pattern_is_one_problem_whatever_its_count() -> None:
    def seen(times: int) -> Finding:
        return Finding(check_id="logs.patterns", category="logs", device="sw1",
                       severity=Severity.MAJOR,
                       readings=[Reading(subject=f"fan failure ×{times}", value=3,
                                         severity=Severity.MAJOR)])

    (life,) = lifecycles([_run(1, seen(1)), _run(2, seen(4))])
    assert life.subject == "fan failure" and life.status == "persisting"
    assert life.id == problem_id("sw1", "logs.patterns", "fan failure")


@pytest.mark.parametrize(("check_id", "subject", "zh", "en"), [
    ("cpu.utilization", "slot 0", "槽位 0", "slot 0"),
    ("logs.patterns", "fan failure", "风扇故障", "fan failure"),
    ("ups.alarms", "low battery", "电池电量低", "low battery"),
    ("uptime.reboot", "device", "整机", "whole device"),
    ("ports.down", "Gi0/1", "Gi0/1", "Gi0/1"),  # a name from the device: as written
])
def test_subjects_in_the_readers_words(check_id: str, subject: str, zh: str, en: str) -> None:
    assert subject_text(check_id, subject, Translator("zh")) == zh
    assert subject_text(check_id, subject, Translator("en")) == en
