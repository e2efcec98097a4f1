"""Whether a file given as the history store is one, before SQLite opens it.

SQLite takes an empty file for a new database and writes its schema into it: a zero-byte
`history.sqlite` (a copy that failed, a disk that filled) would be read as "no runs yet".
A file named explicitly must already be a store: empty, a FIFO, or any other content is an
error naming it.
"""

from __future__ import annotations

import stat
from pathlib import Path

from inspector.store.history import HistoryError

_SQLITE_HEADER = b"SQLite format 3\x00"


def check_history_file(path: Path) -> None:
    """Raise HistoryError unless `path` is a regular file starting as an SQLite database."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise HistoryError(f"{path}: not a regular file, not a history database")
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise HistoryError(f"{path}: cannot read the history database: "
                           f"{exc.strerror or exc}") from None
    if not header:
        raise HistoryError(f"{path}: empty file, not a history database")
    if header != _SQLITE_HEADER:
        raise HistoryError(f"{path}: not a history database (not an SQLite file)")


def unreadable(path: Path | str, exc: BaseException) -> HistoryError:
    """The one-line error for a store that opened but whose content cannot be read."""
    detail = (str(exc).splitlines() or [type(exc).__name__])[0]
    return HistoryError(f"{path}: damaged or unreadable history database "
                        f"({type(exc).__name__}: {detail})")
