"""The engineer's assignments of problems: who fixes it (责任人), by when (计划完成日期), a note.

They are kept in the history store beside the runs, keyed by the problem id (stable across
runs, see inspector.problems), so an assignment made once carries forward to every later
report until the problem is resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from inspector.store.history import History

TABLE = """
CREATE TABLE IF NOT EXISTS assignments (
    problem_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    due TEXT,
    note TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Assignment:
    """One problem's assignment, e.g. Assignment("张工", date(2026, 4, 30), "待备件")."""

    owner: str
    due: date | None
    note: str

    @property
    def empty(self) -> bool:
        return not self.owner and self.due is None and not self.note


def load_assignments(store: History) -> dict[str, Assignment]:
    """Problem id -> its assignment; empty when the engineer has assigned nothing."""
    store.ensure_tables(TABLE)
    rows = store.connection.execute("SELECT problem_id, owner, due, note FROM assignments")
    return {pid: Assignment(owner, date.fromisoformat(due) if due else None, note)
            for pid, owner, due, note in rows}


def save_assignments(store: History, assignments: Mapping[str, Assignment]) -> None:
    """Store `assignments` in one transaction (an empty one clears that problem's); other
    problems' assignments are kept."""
    store.ensure_tables(TABLE)
    now = datetime.now(UTC).isoformat()
    with store.transaction() as db:
        for pid, assignment in assignments.items():
            db.execute("DELETE FROM assignments WHERE problem_id = ?", (pid,))
            if not assignment.empty:
                db.execute("INSERT INTO assignments VALUES (?, ?, ?, ?, ?)",
                           (pid, assignment.owner,
                            assignment.due.isoformat() if assignment.due else None,
                            assignment.note, now))
