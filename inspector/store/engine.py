"""The history's database connection: an SQLAlchemy engine per HistoryTarget, and the
schema brought to the newest migration when it is opened.

SQLite: WAL, foreign keys on, and every write transaction opened with BEGIN IMMEDIATE, so
two processes writing the same file queue on its lock (30 s) instead of failing halfway;
reads run outside transactions, as they always did. PostgreSQL: the server serializes
writers; migrations take an advisory lock so two processes opening a new database at once
do not both create it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.pool import NullPool

from inspector.store.target import HistoryTarget

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_S = 30  # how long a writer waits for another's transaction on the same file
CONNECT_TIMEOUT_S = 10  # a database server that does not answer: the run goes on without it
_MIGRATION_LOCK = 0x1F5B_0001  # PostgreSQL advisory lock key: "inspector history schema"
AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}
_OUTAGE_STATES = ("08", "57P01", "57P02", "57P03")
_PASSING = ("the database system is", "too many", "administrator command", "remaining "
            "connection slots")


def open_engine(target: HistoryTarget) -> Engine:
    """An engine for `target` (the SQLite file's folder is created)."""
    if target.path is not None:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(target.url, poolclass=NullPool,
                               connect_args={"timeout": SQLITE_BUSY_S})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pre_ping: a connection the server dropped (a restart) is replaced, not used and failed
    return create_engine(target.with_password(), pool_pre_ping=True, pool_size=2,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun below, not by sqlite3
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(**AUTOCOMMIT) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Bring the schema to the newest revision; False when it already was (nothing is
    written then: reading a history never changes it)."""
    if current_revision(engine) == head_revision():
        return False
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": _MIGRATION_LOCK})
        command.upgrade(_config(connection), "head")
    return True


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database server cannot be reached (down, restarting, the
    network), not that a statement or the data is wrong."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    # The server's own refusals (no such database, a wrong password) are errors to fix, not
    # an outage to wait out: only connection failures (class 08), a server shutting down or
    # starting (57P01-57P03), or no answer at all (no SQLSTATE) are.
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate and not sqlstate.startswith(_OUTAGE_STATES):
        return False
    if sqlstate is None and _refused_at_login(str(orig or "")):
        return False
    return isinstance(exc, OperationalError | InterfaceError)


def _refused_at_login(message: str) -> bool:
    """libpq gives a login the server refused no SQLSTATE, only its message: FATAL with
    the reason (no such database or role, a wrong password), unless the server is starting,
    stopping or full, which passes."""
    return "FATAL:" in message and not any(word in message for word in _PASSING)
