"""`inspector holidays next`: the coming Chinese public holidays."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from inspector.cli.common import console
from inspector.errors import ConfigurationError
from inspector.schedule import load_overrides, upcoming
from inspector.shown import shown

HOLIDAYS_ENV = "INSPECTOR_HOLIDAYS"  # a YAML file of official schedules (inspector/schedule.py)


def holiday_file() -> Path | None:
    value = os.environ.get(HOLIDAYS_ENV)
    return Path(value) if value else None


def holidays_command(
    what: Annotated[str, typer.Argument(help="`next`: the coming holidays.")] = "next",
    count: Annotated[int, typer.Option("--count", "-n", min=1)] = 3,
) -> None:
    """The next Chinese public holidays (节假日), with a warning when a year's official
    schedule is not known yet. Official schedules can be added in a YAML file named by
    $INSPECTOR_HOLIDAYS (see inspector/schedule.py).

    Example: `inspector holidays next`
    """
    if what != "next":
        raise ConfigurationError(
            f"unknown holidays command {what!r}; try `inspector holidays next`")
    ahead = upcoming(date.today(), None, load_overrides(holiday_file()))[:count]
    table = Table(title="next public holidays")
    for column in ("holiday", "from", "to", "days", "in"):
        table.add_column(column)
    for period in ahead:
        table.add_row(shown(period.name), period.start.isoformat(), period.end.isoformat(),
                      str(period.days), f"{(period.start - date.today()).days} d")
    Console(emoji=False).print(table)
    if any(not p.official for p in ahead):
        console.print("[yellow]warning:[/yellow] no official schedule yet for "
                      f"{', '.join(sorted({str(p.start.year) for p in ahead if not p.official}))}"
                      ": dates are estimates without make-up workdays (调休); add the official "
                      "schedule with $INSPECTOR_HOLIDAYS when it is published")
