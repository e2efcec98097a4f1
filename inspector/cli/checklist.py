"""`inspector checklist export`: the engineer's manual checklist, and the `--manual FILE`
option that reads a filled one into `run`, `import-log` and `report`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from inspector.cli.common import LangOption, LimitOption, command_group, console
from inspector.errors import ConfigurationError
from inspector.inventory import Inventory, load_inventory, select_hosts
from inspector.manual import ManualInput, load_items, room_label
from inspector.manual.attach import attach_to_run
from inspector.manual.export import export_checklist
from inspector.model import Device
from inspector.report.i18n import Translator

checklist_app = command_group(
    "The engineer's manual checks (清洁除尘, 指示灯, 线缆及标签, 消防, 漏水 ...): an Excel "
    "checklist to fill on site, read back with `--manual`.")

ManualOption = Annotated[Path | None, typer.Option(
    "--manual", metavar="FILE",
    help="The filled manual checklist (from `inspector checklist export`) to read into the "
         "run; photos it names are looked for beside it.")]


def manual_input(sheet: Path | None, inventory: Inventory | None) -> ManualInput | None:
    """What `--manual` reads: the sheet, the items (the inventory's additions and drops
    included) and the inventory's rooms."""
    if sheet is None:
        return None
    section = inventory.checklist if inventory is not None else None
    items = load_items(section, str(inventory.path) if inventory is not None else "")
    rooms = tuple(label for h in (inventory.hosts if inventory else [])
                  if (label := room_label(h.site, h.room)))
    return ManualInput(sheet, tuple(items), rooms)


def checked_manual(sheet: Path | None, inventory: Inventory | None,
                   devices: Sequence[Device]) -> ManualInput | None:
    """`manual_input`, with the sheet read once against `devices` now: a bad sheet stops
    the command before any device is contacted."""
    manual = manual_input(sheet, inventory)
    if manual is not None:
        manual.read(devices)
    return manual


def attach_manual(run_dir: Path, sheet: Path | None, inventory: Path | None) -> None:
    """`inspector report RUN --manual FILE`: the sheet read into the stored run (its
    findings, its folder, the history beside it) before the run is rendered."""
    if sheet is None:
        return
    loaded = load_inventory(inventory) if inventory is not None else None
    manual = manual_input(sheet, loaded)
    if manual is not None:
        attach_to_run(run_dir, manual)


@checklist_app.command("export")
def export_command(
    inventory: Annotated[Path, typer.Option(
        "--inventory", "-i", help="Inventory file (YAML, CSV or Excel).")],
    out: Annotated[Path, typer.Option(
        "--out", help="The workbook to write (.xlsx).")] = Path("checklist.xlsx"),
    lang: LangOption = "zh",
    limit: LimitOption = None,
) -> None:
    """Write the manual checklist to fill on site: per room and per device, the items that
    apply to its kind; read it back with `inspector run INVENTORY --manual FILE`.

    Example: `inspector checklist export -i inventories/site.yaml --out 2026-12.xlsx`
    """
    t = Translator(lang)
    if out.suffix.lower() != ".xlsx":
        raise ConfigurationError(f"--out {out}: the checklist is an Excel workbook (.xlsx)")
    loaded = load_inventory(inventory)
    hosts = select_hosts(loaded.hosts, limit or [])
    if not hosts:
        raise ConfigurationError(f"{inventory}: no device matches --limit "
                                 f"{' '.join(limit or [])}")
    items = load_items(loaded.checklist, str(loaded.path))
    done = export_checklist([h.device() for h in hosts], items, out, lang,
                            inventory=inventory.name)
    console.print(t("manual.export.exported", path=done.path, rooms=done.rooms,
                    devices=done.devices, rows=done.rows), highlight=False, markup=False)
    typer.echo(str(done.path))
