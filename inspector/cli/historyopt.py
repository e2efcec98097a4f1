"""`--history PATH|URL` for every command that reads or writes the run history, opening it
for reading with one error naming it, and the store's notices on the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from inspector.cli.common import console
from inspector.errors import ConfigurationError, InspectorError
from inspector.fileio import WriteError
from inspector.report.i18n import Translator
from inspector.shown import plain
from inspector.store.checked import check_history_file, unreadable
from inspector.store.history import History
from inspector.store.target import HistoryTarget, history_target

HISTORY_FILE = "history.sqlite"  # as inspector.baseline names it
DEFAULT_HISTORY = HistoryTarget.of(Path("reports") / HISTORY_FILE)
_HELP = ("The history database: a file, or a PostgreSQL URL (postgresql://USER@HOST/DB; "
         "the password from the reference in INSPECTOR_HISTORY_PASSWORD, or ~/.pgpass)")

# Reading commands: the store must exist (inspecting ones: cli/common.HistoryPathOption).
HistoryOption = Annotated[HistoryTarget, typer.Option(
    "--history", help=f"{_HELP}.", envvar="INSPECTOR_HISTORY",
    parser=history_target, metavar="PATH|URL")]


def check_exists(target: HistoryTarget) -> None:
    """A history file must be there, and be one (a server's database is asked instead)."""
    if target.path is None:
        return
    if not target.path.exists():
        raise ConfigurationError(f"{target.path}: no history yet (runs write it; see --history)")
    check_history_file(target.path)


@contextmanager
def opened(target: HistoryTarget) -> Iterator[History]:
    """The store at `target` for reading; whatever is wrong with it (not there, empty, not a
    database, truncated, rows this version cannot read) is one HistoryError naming it."""
    check_exists(target)
    where = target.path or target.shown
    try:
        with History(target) as store:
            yield store
    except WriteError as exc:  # an I/O error reading a store is a store that cannot be read
        raise unreadable(where, exc) from None
    except InspectorError:
        raise
    except (SQLAlchemyError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise unreadable(where, exc) from None


def show_notices(store: History | None, lang: str) -> None:
    """What the store has to say (a server out of reach, runs delivered), once each."""
    if store is None:
        return
    t = Translator(lang)
    for key, values in store.notices:
        console.print(plain(t(key, **values)), markup=False, highlight=False)
    store.notices.clear()
