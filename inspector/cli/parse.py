"""`inspector parse` (one saved output to normalized JSON) and `inspector platforms`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from inspector.errors import EXIT_DEVICES, ConfigurationError
from inspector.fileio import read_text
from inspector.parsing.parse import parse as parse_output
from inspector.parsing.platforms import Unsupported, get_platform, platforms


def parse_command(
    file: Annotated[Path, typer.Argument(help="A file holding one command's output; - for stdin.")],
    platform: Annotated[str, typer.Option("--platform", "-p", help="Platform name.")],
    command: Annotated[str, typer.Option("--command", "-c",
                                         help="The command (abbreviations ok).")],
) -> None:
    """Print the normalized JSON of one saved output.

    Example: `inspector parse -p huawei_vrp -c "dis cpu" cpu.txt`
    """
    definition = get_platform(platform)
    try:
        text = sys.stdin.read() if str(file) == "-" else read_text(file, errors="replace")
    except OSError as exc:  # said with the file's name, which the OS error lacks
        raise ConfigurationError(f"{file}: {exc.strerror}") from None
    results = parse_output(platform, command, text)
    if not results:
        known = ", ".join(definition.commands())
        raise ConfigurationError(
            f"{platform} has no parser for {command!r}; known commands: {known}")
    payload = [
        {"family": r.family, "command": r.command, "status": r.status, "reason": r.reason,
         "data": r.data}
        for r in results
    ]
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    if any(r.status != "ok" for r in results):
        raise typer.Exit(EXIT_DEVICES)


def platforms_command() -> None:
    """List the platforms and the commands feeding each family."""
    table = Table(title="platforms")
    for column in ("platform", "family", "commands"):
        table.add_column(column)
    for name, definition in platforms().items():
        for family in definition.families:
            spec = definition.families[family]
            commands = (
                f"unsupported: {spec.unsupported}" if isinstance(spec, Unsupported)
                else " | ".join(" or ".join(p.command for p in s.parsers()) for s in spec)
            )
            table.add_row(name, family, commands)
    Console().print(table)
