"""`inspector tracker export | import | list`: the problem tracker (问题跟踪表) the engineer
assigns in a sheet, read back into the history store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from inspector.cli.common import LangOption, command_group, console, out
from inspector.cli.historyopt import DEFAULT_HISTORY, HistoryOption
from inspector.errors import ConfigurationError
from inspector.report.i18n import Translator
from inspector.report.meta import ReportMeta
from inspector.report.tracker import line_of
from inspector.store.history import History
from inspector.store.target import HistoryTarget
from inspector.tracker.sheet import export_sheet, import_sheet
from inspector.tracker.source import open_problems

tracker_app = command_group(
    "The problem tracker (问题跟踪表): export the open problems to a sheet, assign owners, "
    "planned dates and notes, import it back; later reports carry the assignments.")

InventoryOption = Annotated[Path | None, typer.Option(
    "--inventory", "-i", help="Only the problems of the runs over this inventory file.")]
TimezoneOption = Annotated[str | None, typer.Option(
    "--timezone", help="Dates and ages in this IANA time zone (default: Asia/Shanghai).")]


def _open(target: HistoryTarget) -> History:
    if target.path is not None and not target.path.is_file():
        raise ConfigurationError(f"{target}: no history yet (runs write it; see --history)")
    return History(target)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ReportMeta(**({"timezone": name} if name else {})).zone
    except ValueError as exc:  # pydantic's ValidationError names the zone
        raise ConfigurationError(f"--timezone {name!r}: unknown time zone") from exc


def _inventory_key(inventory: Path | None) -> str | None:
    # A live run records its inventory file's absolute path (changes.inventory_key).
    return str(inventory.resolve()) if inventory is not None else None


@tracker_app.command("export")
def export_command(
    history: HistoryOption = DEFAULT_HISTORY,
    out_file: Annotated[Path, typer.Option("--out", help="The sheet to write.")] = Path(
        "tracker.xlsx"),
    lang: LangOption = "zh",
    inventory: InventoryOption = None,
    timezone: TimezoneOption = None,
) -> None:
    """Write the open problems to a sheet with editable 责任人 / 计划完成日期 / 备注 columns.

    Example: `inspector tracker export --out tracker.xlsx`, fill it in, then
    `inspector tracker import tracker.xlsx`.
    """
    t = Translator(lang)
    with _open(history) as store:
        rows = open_problems(store, _inventory_key(inventory))
    export_sheet(rows, out_file, lang, _zone(timezone))
    console.print(escape(t("tracker.exported", n=len(rows), path=out_file)), highlight=False)


@tracker_app.command("import")
def import_command(
    sheet: Annotated[Path, typer.Argument(help="A sheet written by `tracker export`.")],
    history: HistoryOption = DEFAULT_HISTORY,
    lang: LangOption = "zh",
) -> None:
    """Read a filled sheet back: every row checked, nothing stored when any is bad (exit 3).

    Example: `inspector tracker import tracker.xlsx`
    """
    t = Translator(lang)
    with _open(history) as store:
        stored, cleared = import_sheet(sheet, store)
    console.print(escape(t("tracker.imported", n=stored, cleared=cleared)), highlight=False)


@tracker_app.command("list")
def list_command(
    history: HistoryOption = DEFAULT_HISTORY,
    lang: LangOption = "zh",
    inventory: InventoryOption = None,
    timezone: TimezoneOption = None,
) -> None:
    """Print the open problems with their assignments; overdue ones in red.

    Example: `inspector tracker list --lang en`
    """
    t = Translator(lang)
    zone = _zone(timezone)
    now = datetime.now(UTC)
    with _open(history) as store:
        rows = open_problems(store, _inventory_key(inventory))
    if not rows:
        out.print(escape(t("tracker.list_none")))
        return
    keys = ("id", "device", "category", "problem", "subject", "level", "status",
            "first_seen", "age", "owner", "due", "note")
    table = Table(title=escape(t("tracker.list_title", n=len(rows))), title_justify="left")
    for key in keys:
        table.add_column(escape(t(f"tracker.col.{key}")), no_wrap=key in ("id", "due"))
    for row in rows:
        line = line_of(row, t, now, zone)
        cells = [row.id, row.device, line.category, line.problem, line.subject,
                 t(f"level_long.{row.level}"), line.status, line.first_seen,
                 str(line.age_days), row.owner or "—", line.due or "—", row.note or "—"]
        style = "red" if line.overdue else None
        if line.overdue:
            cells[keys.index("due")] += f" {line.overdue_text}"
        table.add_row(*(escape(c) for c in cells), style=style)
    out.print(table)
