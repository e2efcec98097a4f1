"""Problems as the summary's rows, in the reader's language: the tracker's columns (责任人,
计划完成日期) filled from the engineer's assignments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from inspector.problems import Lifecycle
from inspector.report import subjects
from inspector.report.findings import localized
from inspector.report.i18n import Translator
from inspector.report.period.counting import duration_days
from inspector.tracker.assignments import Assignment


@dataclass(frozen=True)
class ProblemRow:
    id: str
    level: str  # worst level's key (critical...), for colour
    level_label: str
    device: str
    category: str
    problem: str  # the check's sentence
    subject: str
    subject_is_name: bool  # shown as written (a name or key from the device)
    first: str
    last: str
    resolved: str
    status: str
    days: int
    runs: int
    reopened: int
    owner: str
    due: str
    note: str
    overdue: bool


def subject_text(problem: Lifecycle, t: Translator) -> tuple[str, bool]:
    """The problem's subject in the reader's language (worded as the run report's tracker
    words it), and whether it is a name shown as the device wrote it."""
    worded = subjects.subject_text(problem.check_id, problem.subject, t)
    return worded, worded == problem.subject


def problem_rows(problems: Sequence[Lifecycle], t: Translator, zone: ZoneInfo,
                 assignments: Mapping[str, Assignment], as_of: date,
                 end: datetime) -> list[ProblemRow]:
    def day(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d") if moment else ""

    rows = []
    for p in problems:
        assigned = assignments.get(p.id) or Assignment("", None, "")
        subject, is_name = subject_text(p, t)
        rows.append(ProblemRow(
            id=p.id, level=p.worst.value, level_label=t(f"level.{p.worst.value}"),
            device=p.device, category=t.get(f"category.{p.category}", p.category),
            problem=(localized(p.finding, t.lang, "message") if p.finding else "")
            or p.check_id,
            subject=subject, subject_is_name=is_name, first=day(p.first_seen),
            last=day(p.last_seen), resolved=day(p.resolved),
            status=t(f"period.status.{p.status}"), days=duration_days(p, end),
            runs=len(p.runs), reopened=p.reopened, owner=assigned.owner,
            due=assigned.due.isoformat() if assigned.due else "", note=assigned.note,
            overdue=p.open and assigned.due is not None and assigned.due < as_of))
    return rows


def remediation(problems: Sequence[Lifecycle], lang: str) -> list[tuple[str, str]]:
    """(the check's sentence, its recommendation) of the open problems, once each, most
    severe first."""
    seen: dict[str, str] = {}
    for p in problems:
        if not p.open or p.finding is None:
            continue
        advice = localized(p.finding, lang, "recommendation")
        message = localized(p.finding, lang, "message") or p.check_id
        if advice and message not in seen:
            seen[message] = advice
    return list(seen.items())
