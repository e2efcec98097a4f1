"""The run store: every run's devices, snapshots and findings, for diff and trend, in an
SQLite file (the default, `OUT/history.sqlite`) or a PostgreSQL database shared by several
machines (`--history postgresql+psycopg://USER@HOST/DB`; see store/target.py).

The API, for the CLI and for anything that writes runs (a fleet's central side)::

    with History("postgresql://inspector@db/inspector", spool=out / SPOOL_DIR) as store:
        store.begin_run(run, folder)                # registered, marked incomplete
        store.add_device(run.run_id, result, found)  # one transaction per device
        store.finish_run(run)                       # marked complete (when it is)
        # or all three at once: store.record(run, folder)

A run is registered when it starts (marked incomplete), each device is written in its own
transaction, and the run is marked complete at the end: a run killed at any point leaves
earlier runs intact and itself marked incomplete; `diff`, `trend` and the previous-snapshot
lookup only read complete runs (store/reads.py). Every write replaces what it writes: a run
registered again is a re-run (its devices go), a device written again in the same run (a
job delivered twice) replaces its row and findings, never adds to them. Writers of the same
run queue on it (PostgreSQL: an advisory lock per run id; SQLite: the file's write lock).

With `spool` (a folder beside the run folders), a database server that cannot be reached
does not fail the run: the writes are kept there (store/spool.py), `notices` says so, and
they are delivered at the next opening that reaches the server, or by `inspector history
deliver`. The schema is migrated (Alembic, store/migrations) when the store is opened.

A device's baseline ("changed since last time") is its own last successful inspection in a
complete run over the same inventory (`baselines`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.util import CommandError
from sqlalchemy import Connection, Engine, Select, delete, insert, text, update
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

from inspector.changes import inventory_key
from inspector.errors import EXIT_DEVICES, ConfigurationError, InspectorError
from inspector.fileio import WriteError
from inspector.model import DeviceResult, Finding, Run
from inspector.redact import redact
from inspector.store.engine import AUTOCOMMIT, migrate, open_engine, unavailable
from inspector.store.rawsql import RawSQL, Reader, Rows, Statement, run_sql
from inspector.store.reads import HistoryError, Reads, RunRow
from inspector.store.schema import devices, findings, runs
from inspector.store.spool import SPOOL_DIR, Spool, SpoolEntryError, decoded
from inspector.store.target import HistoryTarget

__all__ = ["SPOOL_DIR", "History", "HistoryError", "HistoryUnavailableError", "RunRow", "dumps"]

# SQLITE_IOERR, SQLITE_FULL: a full disk (or quota) is a write failure (exit 2), not a
# store that cannot be used as given.
_DISK_FULL_OR_IO = (10, 13)
Notice = tuple[str, dict[str, str]]  # a catalog key under history_db., and its values


class HistoryUnavailableError(HistoryError):
    """The database server cannot be reached (exit 2: nothing is wrong with the command,
    and what the run found is kept)."""

    exit_code = EXIT_DEVICES


def _detail(exc: BaseException) -> str:
    """The first line of what the driver said (a password it echoed masked)."""
    said = str(getattr(exc, "orig", None) or exc).strip()
    return redact(said.splitlines()[0] if said else type(exc).__name__)


def _finding_rows(run_id: str, found: Sequence[Finding]) -> list[dict[str, Any]]:
    return [{"run_id": run_id, "device": f.device, "check_id": f.check_id,
             "category": f.category, "severity": f.severity.value if f.severity else None,
             "passed": int(f.passed), "not_checked": f.not_checked_reason,
             "observed": f.observed, "finding": f.model_dump_json()} for f in found]


def _one_run(connection: Connection, run_id: str) -> None:
    """Writers of one run queue here (SQLite's BEGIN IMMEDIATE already serializes)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:run_id))"),
                           {"run_id": run_id})


def _begin_run(connection: Connection, args: dict[str, Any]) -> None:
    run_id = args["run"]["run_id"]
    _one_run(connection, run_id)
    # a re-run: its devices and findings go with it (ON DELETE CASCADE)
    connection.execute(delete(runs).where(runs.c.run_id == run_id))
    connection.execute(insert(runs), [args["run"]])


def _replace_findings(connection: Connection, run_id: str, subject: str,
                      rows: list[dict[str, Any]]) -> None:
    connection.execute(delete(findings).where(findings.c.run_id == run_id,
                                              findings.c.device == subject))
    if rows:
        connection.execute(insert(findings), rows)


def _add_device(connection: Connection, args: dict[str, Any]) -> None:
    run_id, row = args["run_id"], args["device"]
    _one_run(connection, run_id)
    connection.execute(delete(devices).where(devices.c.run_id == run_id,
                                             devices.c.name == row["name"]))
    _replace_findings(connection, run_id, row["name"], args["findings"])
    connection.execute(insert(devices), [row])


def _add_findings(connection: Connection, args: dict[str, Any]) -> None:
    _one_run(connection, args["run_id"])
    _replace_findings(connection, args["run_id"], args["subject"], args["findings"])


def _finish_run(connection: Connection, args: dict[str, Any]) -> None:
    connection.execute(update(runs).where(runs.c.run_id == args["run_id"])
                       .values(ended=args["ended"], complete=args["complete"]))


def _sql(connection: Connection, args: dict[str, Any]) -> None:
    run_sql(connection, args["sql"], [decoded(v) for v in args["params"]])


# Every write, by the name it is spooled under.
WRITES: dict[str, Callable[[Connection, dict[str, Any]], None]] = {
    "begin_run": _begin_run, "add_device": _add_device, "add_findings": _add_findings,
    "finish_run": _finish_run, "sql": _sql,
}


class History(Reads):
    """The store at `location`: an SQLite file (created on first use) or a database URL."""

    def __init__(self, location: Path | str | HistoryTarget, *,
                 spool: Path | None = None) -> None:
        self.target = HistoryTarget.of(location)
        self.path = self.target.path
        self.offline = False  # the server was lost: writes go to the spool, reads find none
        self.notices: list[Notice] = []
        self._run_id = ""  # the run being written, which other tables' writes belong to
        # where writes of no known run are spooled: this process's own folder
        self._own_folder = f"_writes-{datetime.now(UTC):%Y%m%d-%H%M%S}-{os.getpid()}"
        self._spool = Spool(spool, self.target.shown) \
            if spool is not None and self.target.path is None else None
        try:
            self._engine = open_engine(self.target)
            migrate(self._engine)
        except (NoSuchModuleError, ImportError) as exc:
            raise ConfigurationError(f"{self.where}: {exc} (PostgreSQL needs the fleet "
                                     "extra: pip install 'inspector[fleet]')") from None
        except (SQLAlchemyError, CommandError) as exc:
            if not self._lost(exc):
                raise self._error(exc, "cannot open the history database") from exc
        except OSError as exc:
            raise HistoryError(f"{self.where}: cannot open the history database: "
                               f"{exc.strerror or exc}") from exc
        self.deliver_spool()

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @property
    def where(self) -> str:
        return self.target.shown

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ failures

    def _error(self, exc: BaseException, doing: str) -> InspectorError:
        detail = _detail(exc)
        code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", 0) & 0xFF
        if self.path is not None and code in _DISK_FULL_OR_IO:
            return WriteError(f"{self.where}: cannot write the history database: {detail}")
        if self.path is None and unavailable(exc):
            return HistoryUnavailableError(f"{self.where}: the history database cannot be "
                                           f"reached: {detail}")
        return HistoryError(f"{self.where}: {doing} ({type(exc).__name__}: {detail})")

    def _lost(self, exc: BaseException) -> bool:
        """Whether `exc` is the server gone and there is a spool to keep writes in: then
        the store is offline from now on (and the notice says where they are kept)."""
        if self._spool is None or not unavailable(exc):
            return False
        if not self.offline:
            self.offline = True
            self.notices.append(("history_db.unreachable", {
                "database": self.where, "error": _detail(exc), "spool": str(self._spool.folder)}))
        return True

    # ------------------------------------------------------------------ writing

    def _write(self, op: str, args: dict[str, Any]) -> None:
        if not self.offline:
            try:
                with self._engine.begin() as connection:
                    WRITES[op](connection, args)
                return
            except SQLAlchemyError as exc:
                if not self._lost(exc):
                    raise self._error(exc, "cannot write to the history database") from exc
        self._keep(op, args)

    def _keep(self, op: str, args: dict[str, Any]) -> None:
        assert self._spool is not None  # offline only ever with a spool  # noqa: S101
        run_id = args.get("run_id") or args.get("run", {}).get("run_id") or self._run_id
        self._spool.add(run_id, op, args, folder=self._own_folder)

    def begin_run(self, run: Run, folder: Path) -> None:
        self._run_id = run.run_id
        self._write("begin_run", {"run": {
            "run_id": run.run_id, "started": run.started.isoformat(), "ended": None,
            "mode": run.mode, "source": run.source, "folder": str(folder), "complete": 0,
            "inventory": inventory_key(run)}})

    def add_device(self, run_id: str, result: DeviceResult, findings: list[Finding]) -> None:
        self._write("add_device", {"run_id": run_id, "device": {
            "run_id": run_id, "name": result.device.name, "platform": result.device.platform,
            "status": result.status.value, "reason": result.reason,
            "snapshot": result.snapshot.model_dump_json()},
            "findings": _finding_rows(run_id, findings)})

    def finish_run(self, run: Run) -> None:
        self._write("finish_run", {"run_id": run.run_id, "complete": int(run.complete),
                                   "ended": run.ended.isoformat() if run.ended else None})

    def add_findings(self, run_id: str, subject: str, findings: list[Finding]) -> None:
        """The findings of one subject that is no device of the run (a machine room)."""
        self._write("add_findings", {"run_id": run_id, "subject": subject,
                                     "findings": _finding_rows(run_id, findings)})

    def record(self, run: Run, folder: Path) -> None:
        """Store a whole run: begin, one transaction per device, finish."""
        self.begin_run(run, folder)
        by_device: dict[str, list[Finding]] = {}
        for finding in run.findings:
            by_device.setdefault(finding.device, []).append(finding)
        for result in run.devices:
            self.add_device(run.run_id, result, by_device.pop(result.device.name, []))
        # What is left is about no device of the run: a machine room's manual checks.
        for subject, found in by_device.items():
            self.add_findings(run.run_id, subject, found)
        self.finish_run(run)
        if self.offline and self._spool is not None:
            self.notices.append(("history_db.spooled", {
                "run": run.run_id, "database": self.where, "spool": str(self._spool.folder)}))

    def deliver_spool(self) -> list[str]:
        """Deliver what earlier runs kept in the spool for this database (nothing while it
        cannot be reached); the run ids delivered, each once."""
        if self._spool is None or self.offline:
            return []
        try:
            delivered, problems = self._spool.deliver(self.apply)
        except SQLAlchemyError as exc:
            if self._lost(exc):
                return []
            raise self._error(exc, "cannot write to the history database") from exc
        if delivered:
            self.notices.append(("history_db.delivered", {
                "n": str(len(delivered)), "runs": ", ".join(delivered),
                "database": self.where}))
        self.notices += [("history_db.kept", {"problem": p}) for p in problems]
        return delivered

    def apply(self, op: str, args: dict[str, Any]) -> None:
        """One write as spooled (see WRITES), in its own transaction."""
        try:
            with self._engine.begin() as connection:
                WRITES[op](connection, args)
        except (KeyError, TypeError) as exc:
            raise SpoolEntryError(f"{op}: {type(exc).__name__}: {exc}") from None

    # ------------------------------------------------------------------ reading

    def _rows(self, query: Select[Any]) -> Sequence[Any]:
        rows: Sequence[Any] = self._read(lambda connection: connection.execute(query).all())
        return rows

    def _read(self, read: Callable[[Connection], Any]) -> Any:
        if not self.offline:
            try:
                with self._engine.connect().execution_options(**AUTOCOMMIT) as connection:
                    return read(connection)
            except SQLAlchemyError as exc:
                if not self._lost(exc):
                    raise self._error(exc, "damaged or unreadable history database") from exc
        return []

    # ------------------------------------------------------------------ other tables

    def ensure_tables(self, ddl: str) -> None:
        """Kept for the modules that keep tables here (the tracker's assignments, the
        configuration archive): the migrations create them now (store/schema.py), so a new
        table is a new migration, not DDL passed in here."""

    @property
    def connection(self) -> Reader:
        """Plain `?`-placeholder queries on those tables (store/rawsql.py)."""
        return Reader(self._read_sql)

    def _read_sql(self, sql: str, params: Sequence[Any]) -> Rows:
        found = self._read(lambda connection: run_sql(connection, sql, params))
        return found if isinstance(found, Rows) else Rows([])

    def transaction(self) -> AbstractContextManager[RawSQL]:
        """All-or-nothing writes to those tables."""
        return self._transaction()

    def _keep_sql(self, statement: Statement) -> None:
        self._keep("sql", {"sql": statement[0], "params": statement[1]})

    @contextmanager
    def _transaction(self) -> Iterator[RawSQL]:
        raw = RawSQL(None, self.dialect, self._keep_sql)
        if not self.offline:
            yielded = False
            try:
                with self._engine.begin() as connection:
                    raw, yielded = RawSQL(connection, self.dialect), True
                    yield raw
                return
            except SQLAlchemyError as exc:
                if not self._lost(exc):
                    raise self._error(exc, "cannot write to the history database") from exc
                for statement in raw.done:  # the server went away under them
                    self._keep_sql(statement)
                if yielded:
                    return
                raw = RawSQL(None, self.dialect, self._keep_sql)
        yield raw


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)
