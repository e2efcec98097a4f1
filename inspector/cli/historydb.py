"""`inspector history [list options] | deliver | upgrade`: the recorded runs, the runs kept
while a history database server could not be reached, and the schema's migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inspector.cli.common import Commands, LangOption, OutOption, console
from inspector.cli.history import JsonOption, history_command
from inspector.cli.historyopt import DEFAULT_HISTORY, HistoryOption, check_exists, show_notices
from inspector.report.i18n import Translator
from inspector.shown import plain
from inspector.store.engine import current_revision, head_revision
from inspector.store.history import SPOOL_DIR, History, HistoryUnavailableError

history_app = typer.Typer(
    cls=Commands, invoke_without_command=True,
    help="The run history: list the recorded runs (the default), deliver the runs kept "
         "while its database could not be reached, upgrade its schema.")


@history_app.callback()
def list_command(
    ctx: typer.Context,
    history: HistoryOption = DEFAULT_HISTORY,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many runs.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List the recorded runs, newest first.

    Example: `inspector history -n 5`
    """
    if ctx.invoked_subcommand is None:
        history_command(history, limit, as_json)


def _say(t: Translator, key: str, **values: str) -> None:
    console.print(plain(t(key, **values)), markup=False, highlight=False)


@history_app.command("deliver")
def deliver_command(
    history: HistoryOption = DEFAULT_HISTORY,
    out: OutOption = Path("reports"),
    lang: LangOption = "zh",
) -> None:
    """Deliver the runs kept in OUT/history-spool while the history database could not be
    reached (each once; a run's next start does it too). Exit 2 while it still cannot be.

    Example: `inspector history deliver --history postgresql://inspector@db/inspector`
    """
    t = Translator(lang)
    spool = out / SPOOL_DIR
    if history.path is not None:
        _say(t, "history_db.not_server", database=history.shown)
        return
    waiting = any(spool.glob("*/*.json"))
    with History(history, spool=spool) as store:  # opening it delivers what waits
        offline = store.offline
        if not offline:  # else the error below says it, not a run's warning
            show_notices(store, lang)
    if offline:
        raise HistoryUnavailableError(t("history_db.still_unreachable",
                                        database=history.shown, spool=str(spool)))
    if not waiting:
        _say(t, "history_db.nothing", database=history.shown, spool=str(spool))


@history_app.command("upgrade")
def upgrade_command(
    history: HistoryOption = DEFAULT_HISTORY,
    lang: LangOption = "zh",
) -> None:
    """Bring the history's schema to this version's newest migration (opening it for a
    run does the same; this does it ahead, e.g. before workers of a new version start).

    Example: `inspector history upgrade --history postgresql://inspector@db/inspector`
    """
    check_exists(history)
    with History(history) as store:
        revision = current_revision(store.engine)
    _say(Translator(lang), "history_db.upgraded", database=history.shown,
         revision=revision or "-", head=head_revision() or "-")
