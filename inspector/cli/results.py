"""What every inspecting command (run, import-log, demo) shows: collection progress, the
run's table, the reports written, and the exit code the run ends with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.table import Table

from inspector.baseline import compared_runs
from inspector.cli.common import SEVERITY_ORDER, console
from inspector.cli.historyopt import show_notices
from inspector.cli.progress import collection_progress
from inspector.cutshort import cut_short
from inspector.errors import EXIT_DEVICES, EXIT_FINDINGS, EXIT_OK
from inspector.fileio import WriteError
from inspector.inventory import Host
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus
from inspector.pipeline import CheckSettings, RunOutput, collect
from inspector.report import ReportError, ReportMeta, render_reports
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.shown import shown
from inspector.tracker.source import save_run_tracker


def live(hosts: list[Host], out: Path, *, workers: int, run_id: str | None,
         record: Path | None, mode: str, source: str, checks: CheckSettings,
         profile: str = "monthly", deadline_s: float | None = None,
         processes: int | None = None, lang: str = "zh") -> RunOutput:
    """Collect with a progress bar on a terminal, a line per device otherwise (cron), and
    nothing under --quiet (cli/progress.py)."""
    with collection_progress(console, len(hosts), lang) as tick:
        return collect(hosts, out, workers=workers, run_id=run_id, record=record,
                       progress=tick, mode=mode, source=source, checks=checks,
                       profile=profile, deadline_s=deadline_s, processes=processes)


def _findings_by_device(output: RunOutput) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for finding in output.run.findings:
        if finding.severity is not None and finding.is_problem:
            counts.setdefault(finding.device, Counter())[finding.severity] += 1
    return counts


def summary(output: RunOutput, fail_on: str = "critical", lang: str = "zh") -> int:
    """Print the run's table in the report's language; return its exit code."""
    fmt = Formatter(Translator(lang))
    t = fmt.t
    table = Table(title=shown(t("terminal.title", run=output.run.run_id)), title_justify="left")
    table.add_column(t("terminal.device"), no_wrap=True)
    table.add_column(t("terminal.platform"), no_wrap=True)
    table.add_column(t("terminal.collection"), no_wrap=True)
    table.add_column(t("terminal.not_parsed"))
    for level in SEVERITY_ORDER:
        table.add_column(t(f"level.{level}"), justify="right")
    counts = _findings_by_device(output)
    for result in output.run.devices:
        fams = {name: result.snapshot.family(name) for name in FAMILY_NAMES}
        bad = [t.get(f"family.{n}", n) for n, f in fams.items()
               if f.status in (FamilyStatus.FAILED, FamilyStatus.PARTIAL)]
        colour = {"complete": "green", "partial": "yellow"}.get(result.status, "red")
        found = counts.get(result.device.name, Counter())
        table.add_row(shown(result.device.name), shown(fmt.platform(result.device.platform)),
                      f"[{colour}]{t(f'device_status.{result.status.value}')}[/{colour}]",
                      shown(t("common.list_sep").join(bad) or "-"),
                      *(str(found[s] or "") for s in SEVERITY_ORDER))
    console.print(table)
    for problem in output.run.problems:
        console.print(f"[red]{shown(t('terminal.not_imported'))}[/red] "
                      f"{shown(fmt.reason(problem.message))}", highlight=False)
    if not output.run.complete:
        console.print(f"[yellow]{shown(t('terminal.interrupted'))}[/yellow]")
    console.print(shown(t("terminal.folder", folder=output.folder)), highlight=False)
    return exit_code(output, fail_on)


def exit_code(output: RunOutput, fail_on: str) -> int:
    """2 when a device or an input could not be used, a device's session ended before its
    last command, or the run was cut short, else 1 when a finding is at least as severe as
    `fail_on`, else 0."""
    unreachable = any(r.status in (DeviceStatus.FAILED, DeviceStatus.UNREACHABLE)
                      or cut_short(r) is not None for r in output.run.devices)
    if unreachable or output.run.problems or not output.run.complete:
        return EXIT_DEVICES
    if fail_on in SEVERITY_ORDER:
        worst = SEVERITY_ORDER[: SEVERITY_ORDER.index(fail_on) + 1]
        if any(f.severity in worst and not f.passed for f in output.run.findings):
            return EXIT_FINDINGS
    return EXIT_OK


@contextmanager
def rendering() -> Iterator[Callable[[str], None] | None]:
    """Report rendering's progress on a terminal: one line per stage ("正在生成 PDF…")
    beside a spinner. Nothing under --quiet or when stderr is not a terminal, as the
    collection's progress bar: a cron log keeps only the paths written."""
    if console.quiet or not console.is_terminal:
        yield None
        return
    with console.status("") as status:
        def step(message: str) -> None:
            status.update(shown(message))
            console.print(shown(message), highlight=False)

        yield step


def write_reports(output: RunOutput, checks: CheckSettings, *, formats: str, lang: str,
                  meta: dict[str, Any], base_dir: Path | None,
                  overrides: dict[str, Any] | None = None) -> None:
    """Write the run's reports; the run itself is already safe on disk. `overrides`:
    report settings from the command line, over the inventory's (`meta`)."""
    show_notices(checks.history, lang)  # a history server out of reach: where the run is kept
    # The problem tracker is kept with the run whatever is rendered: re-rendering it later
    # shows the same table.
    tracker = save_run_tracker(output.run, output.folder, checks.history)
    if formats == "none":
        return
    try:
        report_meta = ReportMeta.from_mapping(
            meta, base_dir, **{"inspection_type": output.run.profile, **(overrides or {})})
        with rendering() as progress:
            paths = render_reports(
                output.run, output.folder, formats=formats.split(","), lang=lang,
                meta=report_meta, history=compared_runs(checks, output.run),
                explicit=checks.baseline is not None, progress=progress, tracker=tracker)
    except ReportError as exc:  # said with where the results are, which were written
        raise ReportError(f"{exc} (the run's results are in {output.folder})") from None
    except WriteError as exc:  # a full disk: the report is absent, never half written
        raise WriteError(f"{exc} (the run's results are in {output.folder})") from None
    for kind, path in paths.items():
        console.print(f"{kind:>5}: {shown(path)}", highlight=False)
