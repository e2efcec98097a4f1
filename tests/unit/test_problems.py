"""Problems followed across runs: stable ids, new / persisting / resolved, and a device the
run did not reach (or a check it could not judge) never resolving anything."""

from datetime import UTC, datetime

from inspector.model import Finding, Reading, Severity
from inspector.problems import RunFindings, lifecycles, occurrences, problem_id


def _down(device: str, *ports: str) -> Finding:
    return Finding(check_id="ports.down", category="ports", device=device,
                   severity=Severity.MAJOR,
                   readings=[Reading(subject=p, value="down", severity=Severity.MAJOR)
                             for p in ports])


def _passed(device: str) -> Finding:
    return Finding(check_id="ports.down", category="ports", device=device, passed=True)


def _unchecked(device: str) -> Finding:
    return Finding(check_id="ports.down", category="ports", device=device,
                   not_checked_reason="no output")


def _run(day: int, *findings: Finding, reached: tuple[str, ...] = ("sw1",)) -> RunFindings:
    return RunFindings(f"r{day}", datetime(2026, 3, day, tzinfo=UTC), frozenset(reached),
                       list(findings))


def test_id_is_stable_and_distinguishes_subjects() -> None:
    assert problem_id("sw1", "ports.down", "Gi0/1") == problem_id("sw1", "ports.down", "Gi0/1")
    assert problem_id("sw1", "ports.down", "Gi0/1") != problem_id("sw1", "ports.down", "Gi0/2")
    assert problem_id("sw1", "ports.down", "Gi0/1") != problem_id("sw2", "ports.down", "Gi0/1")


def test_one_problem_per_failing_subject() -> None:
    finding = _down("sw1", "Gi0/1", "Gi0/2")
    finding.readings.append(Reading(subject="Gi0/3", value="up"))
    assert [o.subject for o in occurrences([finding])] == ["Gi0/1", "Gi0/2"]
    bare = Finding(check_id="logs.errors", category="logs", device="sw1",
                   severity=Severity.MINOR)
    assert [o.subject for o in occurrences([bare])] == [""]
    folded = bare.model_copy(update={"part_of": "psu.status"})
    assert occurrences([folded, _passed("sw1")]) == []


def test_persisting_counted_once_then_resolved() -> None:
    lives = lifecycles([_run(1, _down("sw1", "Gi0/1")), _run(2, _down("sw1", "Gi0/1")),
                        _run(3, _passed("sw1"))])
    assert len(lives) == 1
    life = lives[0]
    assert life.status == "resolved" and life.runs == ["r1", "r2"]
    assert life.resolved == datetime(2026, 3, 3, tzinfo=UTC)
    assert life.age_days(datetime(2026, 4, 1, tzinfo=UTC)) == 2


def test_new_and_persisting_in_newest_run() -> None:
    lives = {life.subject: life for life in lifecycles(
        [_run(1, _down("sw1", "Gi0/1")), _run(2, _down("sw1", "Gi0/1", "Gi0/2"))])}
    assert lives["Gi0/1"].status == "persisting"
    assert lives["Gi0/2"].status == "new"


def test_unreached_or_unchecked_never_resolves() -> None:
    first = _run(1, _down("sw1", "Gi0/1"))
    unreached = _run(2, reached=())
    unchecked = _run(3, _unchecked("sw1"))
    (life,) = lifecycles([first, unreached, unchecked])
    assert life.open and life.status == "persisting"


def test_problem_back_after_resolution_is_reopened_as_new() -> None:
    (life,) = lifecycles([_run(1, _down("sw1", "Gi0/1")), _run(2, _passed("sw1")),
                          _run(3, _down("sw1", "Gi0/1"))])
    assert life.status == "new" and life.open and life.reopened == 1
    assert life.first_seen == datetime(2026, 3, 1, tzinfo=UTC)
    assert life.runs == ["r1", "r3"]
