"""The problem tracker (问题跟踪表) as the report shows it: each row in the reader's words,
dates in the report's time zone, overdue rows flagged. Shared by HTML/PDF, XLSX, Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from inspector.report.i18n import Translator
from inspector.report.subjects import subject_text
from inspector.tracker.table import Tracker, TrackerRow

STATUS_ORDER = ("new", "persisting", "resolved")


@dataclass(frozen=True)
class TrackerLine:
    row: TrackerRow
    level: str  # level key (critical ... info)
    category: str  # as the report names it
    problem: str  # the check's sentence, in the reader's language
    subject: str  # what on the device, in the reader's words ("—" for the whole finding)
    status: str  # 新增 / 持续 / 已解决
    first_seen: str  # YYYY-MM-DD in the report's zone
    age_days: int
    due: str  # "" when none planned
    overdue: bool
    overdue_text: str  # "逾期" or ""

    @property
    def cells(self) -> list[str]:
        """The table's columns, in the order `headers` names them."""
        row = self.row
        return [row.id, row.device, self.category, self.problem, self.subject,
                self.status, self.first_seen, str(self.age_days), row.owner, self.due,
                row.note, self.overdue_text]


@dataclass
class TrackerView:
    lines: list[TrackerLine] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # by status, and "overdue"
    summary: str = ""  # one sentence: "未关闭 5 项（新增 2，持续 3），本次解决 1 项，逾期 1 项"

    @property
    def open_lines(self) -> list[TrackerLine]:
        return [line for line in self.lines if line.row.status != "resolved"]


def headers(t: Translator) -> list[str]:
    """Column headers of the tracker table (level is shown beside, in its own column)."""
    return [t(f"tracker.col.{key}") for key in (
        "id", "device", "category", "problem", "subject", "status", "first_seen", "age",
        "owner", "due", "note", "overdue")]


def line_of(row: TrackerRow, t: Translator, as_of: datetime, zone: tzinfo) -> TrackerLine:
    overdue = row.overdue(as_of, zone)
    return TrackerLine(
        row=row, level=row.level,
        category=t.get(f"category.{row.category}", row.category),
        problem=row.message(t.lang) or row.check_id,
        subject=subject_text(row.check_id, row.subject, t) if row.subject else "—",
        status=t(f"tracker.status.{row.status}"),
        first_seen=row.first_seen.astimezone(zone).strftime("%Y-%m-%d"),
        age_days=row.age_days(as_of, zone),
        due=row.due.isoformat() if row.due else "",
        overdue=overdue, overdue_text=t("tracker.overdue") if overdue else "")


def build_tracker_view(tracker: Tracker, t: Translator, zone: tzinfo) -> TrackerView:
    lines = [line_of(row, t, tracker.as_of, zone) for row in tracker.rows]
    counts = {status: tracker.count(status) for status in STATUS_ORDER}
    counts["overdue"] = sum(line.overdue for line in lines)
    counts["open"] = counts["new"] + counts["persisting"]
    return TrackerView(lines, counts, t("tracker.summary", **counts) if lines else "")
