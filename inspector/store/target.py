"""Where the run history lives: an SQLite file (the laptop default) or a database URL.

`--history reports/history.sqlite` names a file, as always; `--history
postgresql+psycopg://inspector@db.example.net/inspector` names a PostgreSQL database
(`postgresql://` is taken as psycopg's). The password never needs to be on the command
line, where the process list shows it: `INSPECTOR_HISTORY_PASSWORD` holds a secret
reference (env:NAME, file:PATH, keyring:SERVICE/USER or prompt, as an inventory's), and
libpq's own PGPASSWORD/PGPASSFILE (~/.pgpass) work too. Whatever the URL holds, it is only
ever shown with its password replaced (`shown`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from inspector.credentials import resolve_secret
from inspector.errors import ConfigurationError
from inspector.redact import register_secret

PASSWORD_ENV = "INSPECTOR_HISTORY_PASSWORD"  # noqa: S105 (the variable's name)
# The drivers a URL may name for each database, and the one a bare name means.
_DRIVERS = {"postgresql": ("psycopg", {"psycopg"}), "sqlite": ("pysqlite", {"pysqlite"})}


@dataclass(frozen=True)
class HistoryTarget:
    """One history database. Example: HistoryTarget.of("postgresql://ops@db/inspector")
    -> url postgresql+psycopg://ops@db/inspector, path None, shown
    "postgresql+psycopg://ops@db/inspector"."""

    url: URL
    path: Path | None  # the SQLite file; None for a database server

    @classmethod
    def of(cls, value: str | Path | HistoryTarget) -> HistoryTarget:
        """A path or a URL (anything with `://`), as given to --history."""
        if isinstance(value, HistoryTarget):
            return value
        if isinstance(value, Path) or "://" not in value:
            path = Path(value)
            return cls(URL.create("sqlite", database=str(path)), path)
        return _from_url(value)

    @property
    def is_file(self) -> bool:
        return self.path is not None

    @property
    def shown(self) -> str:
        """The path, or the URL with its password masked: for messages and spool files."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)

    def __str__(self) -> str:
        return self.shown

    def with_password(self) -> URL:
        """The URL to connect with: the password from INSPECTOR_HISTORY_PASSWORD's reference
        when the URL has none (registered as a secret: masked in every output)."""
        ref = os.environ.get(PASSWORD_ENV, "")
        if self.path is not None or self.url.password is not None or not ref:
            return self.url
        user = self.url.username or ""
        password = resolve_secret(ref, f"history {user}@{self.url.host or 'localhost'}")
        register_secret(password)
        return self.url.set(password=password)


def history_target(value: str | Path | HistoryTarget) -> HistoryTarget:
    """The parser of every --history option (a Path would fold a URL's `//`)."""
    return HistoryTarget.of(value)


def _from_url(value: str) -> HistoryTarget:
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigurationError(f"--history: {_masked(value)!r} is neither a file nor a "
                                 "database URL (postgresql://USER@HOST/DB)") from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in _DRIVERS:
        raise ConfigurationError(f"--history {_masked(value)}: unknown database "
                                 f"{backend!r}; known: {', '.join(sorted(_DRIVERS))}")
    default, accepted = _DRIVERS[backend]
    if driver and driver not in accepted:
        raise ConfigurationError(f"--history {_masked(value)}: driver {driver!r} is not "
                                 f"supported; use {backend}+{default}://")
    url = url.set(drivername=f"{backend}+{driver or default}")
    if backend == "sqlite":
        if not url.database:
            raise ConfigurationError("--history sqlite:///PATH: the URL names no file")
        return HistoryTarget(url, Path(url.database))
    if not url.database:
        raise ConfigurationError(f"--history {_masked(value)}: the URL names no database")
    return HistoryTarget(url, None)


def _masked(value: str) -> str:
    """A URL as given, its password hidden even when it does not parse."""
    try:
        return make_url(value).render_as_string(hide_password=True)
    except ArgumentError:
        scheme, _, rest = value.partition("://")
        return f"{scheme}://***@{rest.rpartition('@')[2]}" if "@" in rest else value
