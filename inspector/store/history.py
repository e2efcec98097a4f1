"""The run store: every run's devices, snapshots and findings in SQLite, for diff and trend.

A run is registered when it starts (marked incomplete), each device is written in its own
transaction, and the run is marked complete at the end. SQLite's journal makes a write
all-or-nothing, so a run killed at any point leaves earlier runs intact and itself marked
incomplete; `diff`, `trend` and the previous-snapshot lookup only read complete runs.

A device's baseline ("changed since last time") is its own last successful inspection in a
complete run over the same inventory (`baselines`): a `--limit` run, or a run in which the
device was unreachable, is never the baseline of a device it did not reach.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.changes import inventory_key
from inspector.errors import InspectorError
from inspector.fileio import WriteError
from inspector.model import DeviceResult, Finding, Run, Snapshot

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    ended TEXT,
    mode TEXT NOT NULL,
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS devices (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    platform TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS findings (
    run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    device TEXT NOT NULL,
    check_id TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT,
    passed INTEGER NOT NULL,
    not_checked TEXT,
    observed TEXT,
    finding TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_run ON findings(run_id, device);
-- (runs.inventory is added by History._migrate: stores from before it lack the column)
CREATE INDEX IF NOT EXISTS devices_name ON devices(name, run_id);
"""


# SQLITE_IOERR, SQLITE_FULL: a full disk (or quota) is a write failure (exit 2), not a
# store that cannot be used as given.
_DISK_FULL_OR_IO = (10, 13)


class HistoryError(InspectorError, RuntimeError):
    """The store cannot be opened or does not hold what was asked for."""


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started: datetime
    ended: datetime | None
    mode: str
    source: str
    folder: str
    complete: bool
    devices: int
    unreachable: int
    findings: dict[str, int]


class History:
    """The SQLite store at `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
            self._migrate()
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _DISK_FULL_OR_IO:
                raise WriteError(f"{path}: cannot write the history database: {exc}") from exc
            raise HistoryError(f"{path}: cannot open the history database: {exc}") from exc

    def _migrate(self) -> None:
        """Columns added since the first version of the store."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
        if "inventory" not in columns:
            self._db.execute("ALTER TABLE runs ADD COLUMN inventory TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ensure_tables(self, ddl: str) -> None:
        """Create the tables another module keeps in this store (CREATE ... IF NOT EXISTS):
        the tracker's assignments live beside the runs they refer to."""
        try:
            self._db.executescript(ddl)
        except sqlite3.Error as exc:
            raise HistoryError(f"{self.path}: cannot prepare the history database: {exc}") \
                from exc

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for reading those tables."""
        return self._db

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """All-or-nothing writes to those tables."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def begin_run(self, run: Run, folder: Path) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM runs WHERE run_id = ?", (run.run_id,))  # a re-run
            db.execute(
                "INSERT INTO runs (run_id, started, mode, source, folder, complete, inventory) "
                "VALUES (?, ?, ?, ?, ?, 0, ?)",
                (run.run_id, run.started.isoformat(), run.mode, run.source, str(folder),
                 inventory_key(run)))

    def add_device(self, run_id: str, result: DeviceResult, findings: list[Finding]) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM devices WHERE run_id = ? AND name = ?",
                       (run_id, result.device.name))
            db.execute("DELETE FROM findings WHERE run_id = ? AND device = ?",
                       (run_id, result.device.name))
            db.execute(
                "INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, result.device.name, result.device.platform, result.status.value,
                 result.reason, result.snapshot.model_dump_json()))
            db.executemany(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, f.device, f.check_id, f.category,
                  f.severity.value if f.severity else None, int(f.passed), f.not_checked_reason,
                  f.observed, f.model_dump_json()) for f in findings])

    def finish_run(self, run: Run) -> None:
        with self._transaction() as db:
            db.execute("UPDATE runs SET ended = ?, complete = ? WHERE run_id = ?",
                       (run.ended.isoformat() if run.ended else None, int(run.complete),
                        run.run_id))

    def record(self, run: Run, folder: Path) -> None:
        """Store a whole run: begin, one transaction per device, finish."""
        self.begin_run(run, folder)
        by_device: dict[str, list[Finding]] = {}
        for finding in run.findings:
            by_device.setdefault(finding.device, []).append(finding)
        for result in run.devices:
            self.add_device(run.run_id, result, by_device.pop(result.device.name, []))
        # What is left is about no device of the run: a machine room's manual checks.
        for subject, findings in by_device.items():
            self.add_findings(run.run_id, subject, findings)
        self.finish_run(run)

    def add_findings(self, run_id: str, subject: str, findings: list[Finding]) -> None:
        """The findings of one subject that is no device of the run (a machine room)."""
        with self._transaction() as db:
            db.execute("DELETE FROM findings WHERE run_id = ? AND device = ?", (run_id, subject))
            db.executemany(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, f.device, f.check_id, f.category,
                  f.severity.value if f.severity else None, int(f.passed), f.not_checked_reason,
                  f.observed, f.model_dump_json()) for f in findings])

    # ------------------------------------------------------------------ reading

    def runs(self, limit: int = 50) -> list[RunRow]:
        rows = self._db.execute(
            "SELECT r.run_id, r.started, r.ended, r.mode, r.source, r.folder, r.complete, "
            "(SELECT COUNT(*) FROM devices d WHERE d.run_id = r.run_id), "
            "(SELECT COUNT(*) FROM devices d WHERE d.run_id = r.run_id "
            " AND d.status IN ('unreachable', 'failed')) "
            "FROM runs r ORDER BY r.started DESC LIMIT ?", (limit,)).fetchall()
        counts: dict[str, dict[str, int]] = {}
        for run_id, severity, count in self._db.execute(
                "SELECT run_id, severity, COUNT(*) FROM findings WHERE passed = 0 "
                "AND severity IS NOT NULL AND json_extract(finding, '$.part_of') IS NULL "
                "GROUP BY run_id, severity"):
            counts.setdefault(run_id, {})[severity] = count
        return [
            RunRow(run_id=r[0], started=datetime.fromisoformat(r[1]),
                   ended=datetime.fromisoformat(r[2]) if r[2] else None, mode=r[3],
                   source=r[4], folder=r[5], complete=bool(r[6]), devices=r[7],
                   unreachable=r[8], findings=counts.get(r[0], {}))
            for r in rows
        ]

    def _require(self, run_id: str) -> None:
        row = self._db.execute("SELECT complete FROM runs WHERE run_id = ?",
                               (run_id,)).fetchone()
        if row is None:
            raise HistoryError(f"{self.path}: no run {run_id!r} (see `inspector history`)")

    def snapshots(self, run_id: str) -> dict[str, Snapshot]:
        self._require(run_id)
        return {
            name: Snapshot.model_validate_json(snapshot)
            for name, snapshot in self._db.execute(
                "SELECT name, snapshot FROM devices WHERE run_id = ?", (run_id,))
        }

    def findings(self, run_id: str) -> list[Finding]:
        self._require(run_id)
        return [Finding.model_validate_json(text) for (text,) in self._db.execute(
            "SELECT finding FROM findings WHERE run_id = ?", (run_id,))]

    def baselines(self, names: list[str], run: Run) -> dict[str, tuple[str, datetime]]:
        """Each device's baseline for `run`: (run id, start) of the newest complete run
        before it, over the same inventory (any run when `run` has none: a replay), that
        reached the device. Devices with none are left out."""
        key = inventory_key(run)
        result: dict[str, tuple[str, datetime]] = {}
        for name in names:
            row = self._db.execute(
                "SELECT r.run_id, r.started FROM devices d JOIN runs r ON r.run_id = d.run_id "
                "WHERE d.name = ? AND r.complete = 1 AND r.run_id != ? AND r.started < ? "
                "AND d.status IN ('complete', 'partial') "
                "AND (? = '' OR r.inventory = ?) ORDER BY r.started DESC LIMIT 1",
                (name, run.run_id, run.started.isoformat(), key, key)).fetchone()
            if row is not None:
                result[name] = (row[0], datetime.fromisoformat(row[1]))
        return result

    def folder_of(self, run_id: str) -> Path | None:
        row = self._db.execute("SELECT folder FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return Path(row[0]) if row is not None else None

    def snapshot(self, run_id: str, name: str) -> Snapshot | None:
        row = self._db.execute("SELECT snapshot FROM devices WHERE run_id = ? AND name = ?",
                               (run_id, name)).fetchone()
        return Snapshot.model_validate_json(row[0]) if row is not None else None

    def latest_snapshots(self, names: list[str], before: str | None = None,
                         run: Run | None = None) -> dict[str, Snapshot]:
        """Each device's snapshot from its baseline (see `baselines`): what a new run
        compares with. Without `run`: the newest complete run reaching it, except `before`."""
        if run is None:
            run = Run(run_id=before or "", mode="replay", started=datetime.max.replace(
                tzinfo=UTC))
        result: dict[str, Snapshot] = {}
        for name, (run_id, _) in self.baselines(names, run).items():
            snapshot = self.snapshot(run_id, name)
            if snapshot is not None:
                result[name] = snapshot
        return result

    def series(self, device: str, last: int = 12) -> list[tuple[str, datetime, Snapshot]]:
        """(run id, start, snapshot) of `device` over its last complete runs, oldest first."""
        rows = self._db.execute(
            "SELECT r.run_id, r.started, d.snapshot FROM devices d "
            "JOIN runs r ON r.run_id = d.run_id WHERE d.name = ? AND r.complete = 1 "
            "ORDER BY r.started DESC LIMIT ?", (device, last)).fetchall()
        return [(run_id, datetime.fromisoformat(started), Snapshot.model_validate_json(s))
                for run_id, started, s in reversed(rows)]

    def finding_counts(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Failed findings of complete runs started within [start, end]."""
        rows = self._db.execute(
            "SELECT f.run_id, r.started, f.device, f.check_id, f.category, f.severity "
            "FROM findings f JOIN runs r ON r.run_id = f.run_id "
            "WHERE r.complete = 1 AND f.passed = 0 AND f.severity IS NOT NULL "
            # a fact folded into another finding of the same fault is counted there
            "AND json_extract(f.finding, '$.part_of') IS NULL "
            "AND r.started >= ? AND r.started <= ?",
            (start.isoformat(), end.isoformat())).fetchall()
        keys = ("run_id", "started", "device", "check_id", "category", "severity")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def device_statuses(self, run_id: str) -> dict[str, str]:
        """Each device's collection status in one run."""
        return dict(self._db.execute("SELECT name, status FROM devices WHERE run_id = ?",
                                     (run_id,)).fetchall())

    def runs_between(self, start: datetime, end: datetime) -> list[RunRow]:
        return [r for r in self.runs(limit=100_000) if start <= r.started <= end]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)
