"""What every command module shares: the consoles, the group class that maps errors to exit
codes, and the options several commands take."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from inspector.errors import EXIT_CONFIG, ConfigurationError, InspectorError
from inspector.shown import shown
from inspector.store.target import HistoryTarget, history_target

SEVERITY_ORDER = ("critical", "major", "minor", "info")
PROFILES = ("monthly", "pre-holiday", "quarterly", "ad-hoc")


def _width(stream: Any) -> int | None:
    # Cron logs and pipes are not 80 columns wide: do not squeeze tables there.
    return None if stream.isatty() else 160


# Progress, run summaries and notes: silenced by --quiet.
# No emoji codes: a device named `sw:100:` is not a picture (names go through cli/shown.py).
console = Console(stderr=True, width=_width(sys.stderr), emoji=False)
# A command's answer (a table, a listing) and the notes beside it, which --quiet leaves.
out = Console(width=_width(sys.stdout), emoji=False)
err = Console(stderr=True, width=_width(sys.stderr), emoji=False)

# Click's usage error (an unknown option or command, a missing or invalid argument): the
# parent of BadParameter, wherever this version of typer keeps Click.
_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def print_error(message: str) -> None:
    """`error: ...` on stderr, one line per line of the message: printed even with --quiet,
    and never wrapped (a path broken in two cannot be copied, and a log reader greps for it
    whole)."""
    errors = Console(stderr=True, emoji=False)
    for line in message.splitlines() or [""]:
        errors.print(f"[red]error:[/red] {shown(line)}", highlight=False, soft_wrap=True)


class Commands(TyperGroup):
    """The one place errors become exit codes. An InspectorError ends the command with its
    message and its `exit_code`. Usage errors exit 3, like every configuration error:
    Click's 2 means "a device was unreachable" here, and a cron job must not mistake a typo
    for a network problem."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except _USAGE_ERROR as exc:
            exc.exit_code = EXIT_CONFIG  # type: ignore[attr-defined]
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _USAGE_ERROR as exc:
            exc.exit_code = EXIT_CONFIG  # type: ignore[attr-defined]
            raise
        except InspectorError as exc:
            print_error(str(exc))
            raise typer.Exit(exc.exit_code) from None


def command_group(help_text: str) -> typer.Typer:
    """A sub-command group (`inspector rules ...`) that maps errors as the app does."""
    return typer.Typer(cls=Commands, help=help_text, no_args_is_help=True)


OutOption = Annotated[Path, typer.Option("--out", help="Folder that receives run folders.")]
LimitOption = Annotated[list[str] | None, typer.Option(
    "--limit", "-l", help="Only devices whose name/group/role/site match (glob).")]
RunIdOption = Annotated[
    str | None, typer.Option("--run-id", help="Name of the run folder (default: a timestamp).")
]
RulesOption = Annotated[Path | None, typer.Option(
    "--rules", help="Rule file overriding the built-in thresholds (see docs/rules.md).")]
PreviousOption = Annotated[Path | None, typer.Option(
    "--previous", metavar="RUN",
    help="Compare with this earlier run (its id or folder) instead of each device's own "
         "last successful inspection over the same inventory.")]
HistoryPathOption = Annotated[HistoryTarget | None, typer.Option(
    "--history", envvar="INSPECTOR_HISTORY", parser=history_target, metavar="PATH|URL",
    help="History database to record the run in (default: OUT/history.sqlite): a file, or "
         "a PostgreSQL URL, postgresql://USER@HOST/DB (see docs/user-guide.md).")]
NoHistoryOption = Annotated[bool, typer.Option(
    "--no-history", help="Do not record this run in the history database.")]
ProfileOption = Annotated[str, typer.Option(
    "--profile", help="Inspection type: monthly, pre-holiday (stricter thresholds), "
                      "quarterly, ad-hoc; sets the checklist and the report's wording.")]
LangOption = Annotated[str, typer.Option("--lang", help="Report language: zh or en.")]
FormatOption = Annotated[str, typer.Option(
    "--format", help="Reports to write, comma-separated: html, pdf, xlsx, md; or none.")]
FailOnOption = Annotated[str, typer.Option(
    "--fail-on", help="Exit 1 when a finding is at least this severe "
                      "(critical, major, minor, info, or none).")]


def valid_fail_on(value: str) -> str:
    if value not in (*SEVERITY_ORDER, "none"):
        raise ConfigurationError(
            f"--fail-on {value!r}: expected one of {', '.join(SEVERITY_ORDER)}, none")
    return value


def valid_profile(value: str) -> str:
    if value not in PROFILES:
        raise ConfigurationError(f"--profile {value!r}: expected one of {', '.join(PROFILES)}")
    return value
