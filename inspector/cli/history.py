"""`inspector history`, `diff` and `trend`: reading the run store (`summary` has its own
module, cli/summary.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from inspector.changes import run_changes
from inspector.cli.common import err, out
from inspector.cli.historyopt import DEFAULT_HISTORY, HistoryOption, opened
from inspector.errors import ConfigurationError
from inspector.shown import shown
from inspector.trend import METRICS, write_svg

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
# The store for reading (one HistoryError naming it when it cannot be read).
_open = opened


def history_command(
    history: HistoryOption = DEFAULT_HISTORY,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many runs.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List the recorded runs, newest first.

    Example: `inspector history -n 5`
    """
    with _open(history) as store:
        rows = store.runs(limit)
    if as_json:
        typer.echo(json.dumps([{**vars(r), "started": r.started.isoformat(),
                                "ended": r.ended.isoformat() if r.ended else None}
                               for r in rows], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"runs in {shown(history)}")
    for column in ("run", "started", "mode", "devices", "unreachable", "一级", "二级", "三级",
                   "四级", "complete"):
        table.add_column(column)
    for r in rows:
        table.add_row(shown(r.run_id), r.started.astimezone().strftime("%Y-%m-%d %H:%M"),
                      shown(r.mode), str(r.devices), str(r.unreachable),
                      *(str(r.findings.get(s, "")) for s in ("critical", "major", "minor",
                                                             "info")),
                      "yes" if r.complete else "[yellow]no[/yellow]")
    out.print(table)


def diff_command(
    run_a: Annotated[str, typer.Argument(help="The earlier run id.")],
    run_b: Annotated[str, typer.Argument(help="The later run id.")],
    history: HistoryOption = DEFAULT_HISTORY,
    as_json: JsonOption = False,
) -> None:
    """What changed between two runs, per device: firmware, modules and serials, ports up
    or down, route count, findings new and resolved.

    Example: `inspector diff 20261101-020000 20261201-020000`
    """
    with _open(history) as store:
        changes = run_changes(store.snapshots(run_a), store.snapshots(run_b),
                              store.findings(run_a), store.findings(run_b))
    if as_json:
        typer.echo(json.dumps([vars(c) for c in changes], ensure_ascii=False, indent=1))
        return
    if not changes:
        out.print(f"no change between {shown(run_a)} and {shown(run_b)}", highlight=False)
        return
    table = Table(title=f"{shown(run_a)} → {shown(run_b)}")
    for column in ("device", "change", "detail"):
        table.add_column(column)
    for change in changes:
        table.add_row(shown(change.device), shown(change.kind), shown(change.detail))
    out.print(table)


def trend_command(
    device: Annotated[str, typer.Option("--device", "-d", help="Device name.")],
    metric: Annotated[str, typer.Option(
        "--metric", "-m", help=f"One of: {', '.join(METRICS)}.")] = "cpu",
    history: HistoryOption = DEFAULT_HISTORY,
    last: Annotated[int, typer.Option("--last", min=2, help="How many runs.")] = 12,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also write a chart here.")] = None,
    as_json: JsonOption = False,
) -> None:
    """A metric of one device over its last runs.

    Example: `inspector trend -d core-sw1 -m temperature --svg temp.svg`
    """
    if metric not in METRICS:
        raise ConfigurationError(f"--metric {metric!r}: expected one of {', '.join(METRICS)}")
    label, unit, extract = METRICS[metric]
    with _open(history) as store:
        series = store.series(device, last)
    if not series:
        raise ConfigurationError(f"no complete run of {device!r} in {history}")
    points = [(run_id, started, extract(snapshot)) for run_id, started, snapshot in series]
    if as_json:
        typer.echo(json.dumps([{"run": r, "started": s.isoformat(), metric: v}
                               for r, s, v in points], indent=1))
    else:
        table = Table(title=f"{shown(device)}: {label}")
        for column in ("run", "started", f"{metric} {unit}".strip()):
            table.add_column(column)
        for run_id, started, value in points:
            table.add_row(shown(run_id), started.astimezone().strftime("%Y-%m-%d %H:%M"),
                          "-" if value is None else f"{value:g}")
        out.print(table)
    if svg is not None:
        write_svg(svg, f"{device}: {label}", unit,
                  [s.astimezone().strftime("%m-%d") for _, s, _ in points],
                  [v for _, _, v in points])
        err.print(f"chart: {shown(svg)}", highlight=False)

