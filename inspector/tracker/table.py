"""The problem tracker (问题跟踪表) as data: one row per problem, open or resolved by the run
it is shown for, with the engineer's assignment and whether it is overdue.

Computed once when a run is written (from the history store) and kept in the run folder as
`tracker.json`, so re-rendering a run's report shows the same table without the store.
Wording is left to the report: a row holds keys (category, level, status) and the check's
own sentence in both languages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from inspector.fileio import atomic_write, read_text
from inspector.problems import Lifecycle
from inspector.tracker.assignments import Assignment
from inspector.tracker.errors import TrackerError

TRACKER_FILE = "tracker.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class TrackerRow:
    """One problem as of one run, e.g. P-1A2B3C4D on core-sw1, ports.down on Gi0/3, major,
    persisting since 2026-03-02, 张工 by 2026-04-15. Times stay instants: the report shows
    them (and counts days) in its own time zone."""

    id: str
    device: str
    check_id: str
    category: str  # the check's category key (the catalog's category.*)
    subject: str
    level: str  # the severity as last seen
    status: str  # new / persisting / resolved (problems.STATUSES)
    first_seen: datetime
    resolved: datetime | None = None
    message_zh: str = ""
    message_en: str = ""
    owner: str = ""
    due: date | None = None
    note: str = ""

    def message(self, lang: str) -> str:
        """The check's sentence in `lang`, else the other language's."""
        own, other = ((self.message_zh, self.message_en) if lang == "zh"
                      else (self.message_en, self.message_zh))
        return own or other

    def age_days(self, as_of: datetime, zone: tzinfo) -> int:
        """Calendar days in `zone` from first seen to `as_of` (or to its resolution)."""
        end = (self.resolved or as_of).astimezone(zone).date()
        return max(0, (end - self.first_seen.astimezone(zone).date()).days)

    def overdue(self, as_of: datetime, zone: tzinfo) -> bool:
        """Still open after its planned date (计划完成日期) as of `as_of`'s date in `zone`."""
        return (self.status != "resolved" and self.due is not None
                and self.due < as_of.astimezone(zone).date())


@dataclass(frozen=True)
class Tracker:
    """The table as of `as_of` (the start of the run it is shown for)."""

    as_of: datetime
    rows: list[TrackerRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)


def row_of(life: Lifecycle, assignment: Assignment | None = None) -> TrackerRow:
    """A lifecycle as a row, with its assignment."""
    assigned = assignment or Assignment("", None, "")
    finding = life.finding
    return TrackerRow(
        id=life.id, device=life.device, check_id=life.check_id, category=life.category,
        subject=life.subject, level=life.severity.value, status=life.status,
        first_seen=life.first_seen, resolved=life.resolved,
        message_zh=finding.message_zh if finding else "",
        message_en=finding.message_en if finding else "",
        owner=assigned.owner, due=assigned.due, note=assigned.note)


def build_tracker(lives: Iterable[Lifecycle], assignments: Mapping[str, Assignment], *,
                  current: datetime, devices: Iterable[str]) -> Tracker:
    """The table for the run started at `current`: the problems of `devices` still open, and
    those this very run found resolved (older resolutions are history, not a task)."""
    wanted = set(devices)
    rows = [row_of(life, assignments.get(life.id)) for life in lives
            if life.device in wanted and (life.open or life.resolved == current)]
    return Tracker(current, rows)


# ---------------------------------------------------------------------- tracker.json


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value  # datetimes too


def dump_tracker(tracker: Tracker) -> str:
    rows = [{k: _jsonable(v) for k, v in asdict(row).items()} for row in tracker.rows]
    return json.dumps({"version": FORMAT_VERSION, "as_of": tracker.as_of.isoformat(),
                       "rows": rows}, ensure_ascii=False, indent=1)


def parse_tracker(text: str) -> Tracker:
    """The table from `dump_tracker`'s text; ValueError (or KeyError/TypeError) when it is
    not one."""
    data = json.loads(text)
    rows = []
    for item in data["rows"]:
        values = dict(item)
        values["first_seen"] = datetime.fromisoformat(values["first_seen"])
        values["resolved"] = (datetime.fromisoformat(values["resolved"])
                              if values.get("resolved") else None)
        values["due"] = date.fromisoformat(values["due"]) if values.get("due") else None
        rows.append(TrackerRow(**values))
    return Tracker(datetime.fromisoformat(data["as_of"]), rows)


def write_tracker(folder: Path, tracker: Tracker) -> Path:
    """`folder/tracker.json`, replaced atomically."""
    return atomic_write(folder / TRACKER_FILE, [dump_tracker(tracker), "\n"])


def read_tracker(folder: Path) -> Tracker | None:
    """The table stored in a run folder; None when the run has none (a run written before
    the tracker existed). TrackerError when it is there but cannot be read: a table
    recomputed from the run alone would show every problem as new."""
    path = folder / TRACKER_FILE
    try:
        return parse_tracker(read_text(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TrackerError(f"{path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise TrackerError(f"{path}: not a problem tracker table of this version "
                           f"({type(exc).__name__}: {exc})") from None
