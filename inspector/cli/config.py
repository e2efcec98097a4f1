"""`inspector config show|diff|list`: the configuration archive (inspector/configs) as the
history store keeps it. Configurations and diffs are printed as plain text, each line
escaped (inspector/shown.py): a device's configuration is data, never terminal control."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from inspector.cli.common import LangOption, command_group, out
from inspector.cli.historyopt import DEFAULT_HISTORY, HistoryOption, opened
from inspector.configs.archive import archive_definition
from inspector.configs.diff import config_diff
from inspector.configs.store import Archived, ConfigStore
from inspector.errors import ConfigurationError
from inspector.report.i18n import Translator
from inspector.shown import plain, shown
from inspector.store.target import HistoryTarget

config_app = command_group("The configuration archive: each run keeps every device's "
                           "running configuration (secrets masked).")

DeviceArgument = Annotated[str, typer.Argument(help="The device's name, as in the inventory.")]


@contextmanager
def _archive(target: HistoryTarget) -> Iterator[ConfigStore]:
    """The archive in the store at `target`; one error naming it when it cannot be read."""
    with opened(target) as store:
        yield ConfigStore(store)


def _entry(store: ConfigStore, device: str, run_id: str | None,
           path: HistoryTarget) -> Archived:
    """The archive of `device` by `run_id` (its newest without one); exit 3 naming what is
    missing."""
    archived = store.runs(device)
    if not archived:
        known = store.devices()
        listed = ", ".join(known[:8]) + (" ..." if len(known) > 8 else "")
        raise ConfigurationError(f"{path}: no configuration of device {device!r} is archived; "
                                 f"devices archived: {listed or 'none'}")
    if run_id is None:
        return archived[0]
    found = next((a for a in archived if a.run_id == run_id), None)
    if found is None:
        runs = ", ".join(a.run_id for a in archived[:5])
        raise ConfigurationError(f"{path}: run {run_id!r} archived no configuration of "
                                 f"device {device!r}; runs that did: {runs}")
    return found


def _echo(lines: list[str]) -> None:
    for line in lines:
        typer.echo(plain(line))


@config_app.command("show")
def show_command(
    device: DeviceArgument,
    run: Annotated[str | None, typer.Option(
        "--run", help="The run whose archive to show (default: the newest).")] = None,
    history: HistoryOption = DEFAULT_HISTORY,
) -> None:
    """Print a device's archived running configuration.

    Example: `inspector config show core-sw1 --run 20261201-020000`
    """
    with _archive(history) as store:
        text = store.text(_entry(store, device, run, history))
    _echo(text.splitlines())


@config_app.command("diff")
def diff_command(
    device: DeviceArgument,
    run_a: Annotated[str, typer.Argument(help="The earlier run id.")],
    run_b: Annotated[str, typer.Argument(help="The later run id.")],
    history: HistoryOption = DEFAULT_HISTORY,
) -> None:
    """Print what changed in a device's configuration between two runs (unified diff,
    volatile lines such as timestamps ignored; nothing when only those changed).

    Example: `inspector config diff core-sw1 20261101-020000 20261201-020000`
    """
    with _archive(history) as store:
        before, after = (_entry(store, device, r, history) for r in (run_a, run_b))
        texts = store.text(before), store.text(after)
    found = archive_definition(after.platform)
    diff = config_diff(*texts, found[1] if found else None,
                       f"{run_a}/{device}.cfg", f"{run_b}/{device}.cfg")
    _echo(diff.lines)


@config_app.command("list")
def list_command(
    device: DeviceArgument,
    history: HistoryOption = DEFAULT_HISTORY,
    lang: LangOption = "zh",
) -> None:
    """List the runs that archived a device's configuration, newest first.

    Example: `inspector config list core-sw1`
    """
    t = Translator(lang)
    with _archive(history) as store:
        _entry(store, device, None, history)  # exit 3 when there is none
        archived = store.runs(device)
    table = Table(title=shown(t("config_archive.list_title", device=device)))
    for key in ("run", "started", "file", "checksum"):
        table.add_column(t(f"config_archive.{key}"))
    for entry in archived:
        table.add_row(shown(entry.run_id), entry.started.astimezone().strftime("%Y-%m-%d %H:%M"),
                      shown(entry.file), entry.sha256[:16])
    out.print(table)
