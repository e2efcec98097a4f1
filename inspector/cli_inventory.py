"""`inspector inventory`: check, show and convert inventories."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table

from inspector.inventory import InventoryError, load_inventory

EXIT_USAGE = 3
inventory_app = typer.Typer(help="Check, show and convert inventories (YAML, CSV, Excel).",
                            no_args_is_help=True)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def _load(path: Path) -> Any:
    try:
        return load_inventory(path)
    except InventoryError as exc:
        err.print(f"[red]{len(str(exc).splitlines())} problem(s):[/red]\n{exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


@inventory_app.command("validate")
def validate(path: Annotated[Path, typer.Argument(help="Inventory file.")]) -> None:
    """Check an inventory; print every problem with its file, line or row, and field.

    Example: `inspector inventory validate devices.xlsx`
    """
    inventory = _load(path)
    platforms = sorted({h.platform for h in inventory.hosts})
    out.print(f"{path}: {len(inventory.hosts)} devices, platforms: {', '.join(platforms)}",
              highlight=False)


@inventory_app.command("show")
def show(path: Annotated[Path, typer.Argument(help="Inventory file.")]) -> None:
    """Show each device as it will be inspected (after groups and defaults)."""
    inventory = _load(path)
    table = Table(title=str(path))
    for column in ("name", "host", "port", "platform", "role", "site", "room", "groups",
                   "user", "password"):
        table.add_column(column)
    for h in inventory.hosts:
        table.add_row(h.name, h.host, str(h.transport.port), h.platform, h.role, h.site, h.room,
                      ", ".join(h.groups), h.username, h.password or "-")
    out.print(table)


@inventory_app.command("import")
def import_table(
    path: Annotated[Path, typer.Argument(help="A CSV or Excel inventory.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The YAML file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Convert a CSV/Excel inventory into a YAML one you can add groups and defaults to.

    Example: `inspector inventory import devices.xlsx -o inventories/bank.yaml`
    """
    inventory = _load(path)
    if output.exists() and not force:
        err.print(f"[red]error:[/red] {output} exists (use --force to overwrite)")
        raise typer.Exit(EXIT_USAGE)
    hosts: dict[str, dict[str, Any]] = {}
    for h in inventory.hosts:
        entry = h.model_dump(exclude_defaults=True, exclude={"name"}, mode="json")
        hosts[h.name] = entry
    labels = sorted({g for h in inventory.hosts for g in h.groups})
    document = {
        "defaults": {"password": "env:INSPECTOR_PASSWORD"},
        # The sheet's groups, as plain labels: give them settings (role, thresholds) here.
        "groups": {label: {} for label in labels},
        "hosts": hosts,
    }
    header = (f"# Imported from {path.name} on {date.today().isoformat()}.\n"
              "# Set the login user under defaults (or per host); passwords are references:\n"
              "# env:VAR, file:PATH (mode 0600), keyring:SERVICE/USER or prompt.\n")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    out.print(f"wrote {output}: {len(hosts)} devices", highlight=False)
