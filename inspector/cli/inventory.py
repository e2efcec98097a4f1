"""`inspector inventory`: check, show and convert inventories."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from inspector.cli.common import command_group, err, out
from inspector.errors import ConfigurationError
from inspector.fileio import atomic_write
from inspector.inventory import Inventory, InventoryError, load_inventory
from inspector.preflight import check_secrets, duplicate_devices
from inspector.report.i18n import load_messages
from inspector.report.meta import ReportMeta
from inspector.shown import shown

inventory_app = command_group("Check, show and convert inventories (YAML, CSV, Excel).")


def _load(path: Path) -> Inventory:
    try:
        return load_inventory(path)
    except InventoryError as exc:  # said with how many problems the file has
        raise InventoryError(f"{len(str(exc).splitlines())} problem(s):\n{exc}") from None


@inventory_app.command("validate")
def validate(
    path: Annotated[Path, typer.Argument(help="Inventory file.")],
    secrets: Annotated[bool, typer.Option(
        "--secrets/--no-secrets",
        help="Resolve every credential reference as `run` would, on this machine (default); "
             "--no-secrets checks the file alone, e.g. in CI without the secrets.")] = True,
) -> None:
    """Check an inventory; print every problem with its file, line or row, and field, and
    warn about every kind, role or vendor word the vocabularies do not know.

    Example: `inspector inventory validate devices.xlsx`
    """
    inventory = _load(path)
    for warning in inventory.warnings:
        err.print(f"[yellow]warning:[/yellow] {shown(warning)}", highlight=False)
    # What `run` would stop at before connecting (prompts are asked then, not now), and
    # devices listed twice.
    problems = ((check_secrets(inventory.hosts, str(path), prompt=False) if secrets else [])
                + duplicate_devices(inventory.hosts, str(path)))
    if problems:
        raise ConfigurationError(f"{len(problems)} problem(s):\n" + "\n".join(problems))
    platforms = sorted({h.platform for h in inventory.hosts})
    kinds = sorted({h.device().kind or "(from SNMP data)" for h in inventory.hosts})
    out.print(f"{shown(path)}: {len(inventory.hosts)} devices, platforms: "
              f"{shown(', '.join(platforms))}; "
              f"kinds: {', '.join(kinds)}"
              + (f"; {len(inventory.warnings)} warning(s)" if inventory.warnings else ""),
              highlight=False)


@inventory_app.command("show")
def show(path: Annotated[Path, typer.Argument(help="Inventory file.")]) -> None:
    """Show each device as it will be inspected (after groups and defaults)."""
    inventory = _load(path)
    table = Table(title=shown(path))
    for column in ("name", "host", "port", "platform", "kind", "role", "site", "room",
                   "groups", "user", "password"):
        table.add_column(column)
    for h in inventory.hosts:
        table.add_row(*(shown(cell) for cell in (
            h.name, h.host, str(h.transport.port), h.platform,
            h.device().kind or "(from SNMP data)", h.role, h.site, h.room, ", ".join(h.groups),
            h.username, h.password or "-")))
    out.print(table)


# Report fields whose label in the catalogs is not `cover.<field>`.
_SKELETON_LABELS = {"inspection_type": "cover.type", "customer_rep": "signoff.customer"}
_SKELETON_HINTS = {
    "inspection_type": "monthly, pre-holiday, quarterly or ad-hoc; `run --profile` sets it",
    "period": "e.g. 2026-09",
    "date": "e.g. 2026-09-21",
    "logo": "an image for the cover, e.g. logo.png beside this file",
    "engineer": "one name, or several: [张三, 李四]",
    "timezone": "IANA name; default Asia/Shanghai",
    "conclusion": "`--conclusion FILE` also sets it",
    "recommendations": "`--recommendations FILE` also sets it",
}


def _skeleton_label(key: str) -> str:
    path = _SKELETON_LABELS.get(key, f"cover.{key}")
    labels = [load_messages(lang).get(path, "") for lang in ("zh", "en")]
    return " / ".join(label for label in labels if label) or key


def report_skeleton() -> str:
    """The inventory's `report:` section with every field the report cover and sign-off
    take, empty, each with its label: the user fills in what the customer's report needs."""
    lines = ["", "# The report's cover and sign-off: fill in what the customer's report needs;",
             "# an empty value is left out of the report.", "report:"]
    for key in ReportMeta.model_fields:
        hint = f"; {_SKELETON_HINTS[key]}" if key in _SKELETON_HINTS else ""
        lines.append(f'  {key}: ""  # {_skeleton_label(key)}{hint}')
    return "\n".join(lines) + "\n"


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
        raise ConfigurationError(f"{output} exists (use --force to overwrite)")
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
    atomic_write(output, [header, yaml.safe_dump(document, allow_unicode=True,
                                                 sort_keys=False), report_skeleton()])
    out.print(f"wrote {shown(output)}: {len(hosts)} devices", highlight=False)
