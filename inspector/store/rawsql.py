"""Plain SQL for the modules that keep tables of their own in the history (the tracker's
assignments, the configuration archive): `execute("... WHERE a = ?", (value,))`, the
`?` placeholders the store has always taken, on SQLite and PostgreSQL alike.

Rows are fetched at once (a query's rows outlive its connection). While the database is
unreachable (History.offline) a query finds nothing and a write is kept in the spool with
the run, to be replayed on delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

Statement = tuple[str, list[Any]]


class Rows:
    """What a statement returned, as sqlite3's cursor offers it."""

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.rows = list(rows)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)


def driver_sql(sql: str, dialect: str, params: Sequence[Any]) -> str:
    """`?` placeholders in the driver's own style (psycopg: %s, and a literal % doubled
    when there are parameters to fill in)."""
    if dialect == "postgresql" and params:
        return sql.replace("%", "%%").replace("?", "%s")
    return sql


class RawSQL:
    """`execute` on one open connection (a transaction), or with `connection` None on
    nothing: the database is unreachable and `journal` keeps each write. `done` lists the
    writes made, to be kept if the transaction then fails for want of the server."""

    def __init__(self, connection: Connection | None, dialect: str,
                 journal: Callable[[Statement], None] | None = None) -> None:
        self.connection = connection
        self.dialect = dialect
        self.journal = journal
        self.done: list[Statement] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        write = not sql.lstrip().upper().startswith("SELECT")
        if write:
            self.done.append((sql, list(params)))
        if self.connection is None:
            if self.journal is not None and write:
                self.journal((sql, list(params)))
            return Rows([])
        return run_sql(self.connection, sql, params)


def run_sql(connection: Connection, sql: str, params: Sequence[Any] = ()) -> Rows:
    result = connection.exec_driver_sql(driver_sql(sql, connection.dialect.name, params),
                                        tuple(params))
    return Rows([tuple(row) for row in result]) if result.returns_rows else Rows([])


class Reader:
    """`execute` for reading, each statement on a connection of its own (`read`)."""

    def __init__(self, read: Callable[[str, Sequence[Any]], Rows]) -> None:
        self.read = read

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return self.read(sql, params)
