"""The `inspector` command line: one module per command group, each parsing its options,
calling one function of the product and printing what it returns.

Exit codes: 0 all good; 1 findings at or above `--fail-on`; 2 a device was unreachable or
an input could not be used (the run still completed); 3 usage or configuration error
(nothing ran). When several apply, the highest wins. Errors become exit codes in one place,
`common.Commands`.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from inspector import __version__
from inspector.cli.checklist import checklist_app
from inspector.cli.common import Commands, console
from inspector.cli.config import config_app
from inspector.cli.fleet import fleet_app
from inspector.cli.history import diff_command, trend_command
from inspector.cli.historydb import history_app
from inspector.cli.holidays import holidays_command
from inspector.cli.inventory import inventory_app
from inspector.cli.lab import demo_command, lab_app
from inspector.cli.parse import parse_command, platforms_command
from inspector.cli.report import report_command
from inspector.cli.rules import rules_app
from inspector.cli.run import import_log_command, run_command
from inspector.cli.summary import summary_command
from inspector.cli.tracker import tracker_app
from inspector.runner import spawn_without_script

app = typer.Typer(
    cls=Commands,
    name="inspector",
    help="Preventive inspection (巡检) of switches, servers, UPS units and machine rooms.\n\n"
         "Exit codes: 0 all good; 1 findings at or above --fail-on; 2 a device unreachable "
         "or an input unusable (the run still completed); 3 usage or configuration error.\n\n"
         "Start with `make demo`, then `inspector run INVENTORY` (see README.md).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inspector {__version__}")
        raise typer.Exit


@app.callback()
def options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print errors only (the exit code tells the rest).")] = False,
) -> None:
    """Inventory -> collect -> parse -> check -> report.

    Exit codes: 0 all good, 1 findings at or above --fail-on, 2 a device was unreachable or
    an input unusable, 3 usage or configuration error.
    """
    # Run folders hold raw device outputs: owner-only, whatever the shell's umask says.
    os.umask(0o077)
    console.quiet = quiet
    spawn_without_script()


# In the order `inspector --help` lists them.
app.add_typer(history_app, name="history")
app.command("report")(report_command)
app.command("diff")(diff_command)
app.command("trend")(trend_command)
app.command("summary")(summary_command)
app.command("parse")(parse_command)
app.command("run")(run_command)
app.command("import-log")(import_log_command)
app.command("demo")(demo_command)
app.command("holidays")(holidays_command)
app.command("platforms")(platforms_command)
app.add_typer(lab_app, name="lab")
app.add_typer(rules_app, name="rules")
app.add_typer(inventory_app, name="inventory")
app.add_typer(checklist_app, name="checklist")
app.add_typer(tracker_app, name="tracker")
app.add_typer(config_app, name="config")
app.add_typer(fleet_app, name="fleet")


def main() -> None:
    """Run the command line (what `python -m inspector.cli` does)."""
    app()


__all__ = ["app", "main"]
