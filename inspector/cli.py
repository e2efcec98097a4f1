"""The `inspector` command line.

Exit codes: 0 all good; 1 findings at or above `--fail-on`; 2 a device was unreachable or
an input could not be used (the run still completed); 3 usage or configuration error
(nothing ran). When several apply, the highest wins.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import re
import secrets
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from typer.core import TyperGroup

from inspector import __version__
from inspector.checks import RuleError, load_rules
from inspector.checks.cli import rules_app
from inspector.cli_history import (
    HISTORY_FILE,
    diff_command,
    history_command,
    previous_run,
    report_history,
    summary_command,
    trend_command,
)
from inspector.cli_inventory import inventory_app
from inspector.collectors.bundle import BundleError, DeviceRecording
from inspector.history import History, HistoryError
from inspector.inventory import (
    HOST_KEY_POLICIES,
    Host,
    InventoryError,
    Transport,
    load_inventory,
)
from inspector.lab.cli import DEMO_REPORT, bmc_host, lab_app, snmp_hosts
from inspector.lab.ipmisim import IpmiSim, IpmiSimUnavailable
from inspector.lab.profiles import LAB_BUNDLE, profiles
from inspector.lab.snmpagent import SnmpLab
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus
from inspector.notify import NotifyError, notify
from inspector.notify import Settings as NotifySettings
from inspector.notify import load_settings as load_notify_settings
from inspector.parse import parse as parse_output
from inspector.pipeline import (
    CheckSettings,
    NothingImportableError,
    RunOutput,
    collect,
    import_logs,
    previous_snapshots,
    replay,
)
from inspector.platforms import DefinitionError, Unsupported, get_platform, platforms
from inspector.preflight import check_notify_secrets, check_secrets
from inspector.report import ReportError, ReportMeta, render_reports
from inspector.report.cli import report_cli
from inspector.runlock import RunLockedError, run_lock
from inspector.schedule import ScheduleError, load_overrides, parse_window, upcoming

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_DEVICES_FAILED = 2
EXIT_USAGE = 3
SEVERITY_ORDER = ("critical", "major", "minor", "info")

# Click's usage error (an unknown option or command, a missing or invalid argument): the
# parent of BadParameter, wherever this version of typer keeps Click.
_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _Commands(TyperGroup):
    """Usage errors exit 3, like every configuration error: Click's 2 means "a device was
    unreachable" here, and a cron job must not mistake a typo for a network problem."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except _USAGE_ERROR as exc:
            exc.exit_code = EXIT_USAGE  # type: ignore[attr-defined]
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _USAGE_ERROR as exc:
            exc.exit_code = EXIT_USAGE  # type: ignore[attr-defined]
            raise


app = typer.Typer(
    cls=_Commands,
    name="inspector",
    help="Preventive inspection (巡检) of switches, servers, UPS units and machine rooms.\n\n"
         "Exit codes: 0 all good; 1 findings at or above --fail-on; 2 a device unreachable "
         "or an input unusable (the run still completed); 3 usage or configuration error.\n\n"
         "Start with `make demo`, then `inspector run INVENTORY` (see README.md).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
app.add_typer(lab_app, name="lab")
app.add_typer(rules_app, name="rules")
app.add_typer(inventory_app, name="inventory")
app.command("history")(history_command)
app.command("report")(report_cli)
app.command("diff")(diff_command)
app.command("trend")(trend_command)
app.command("summary")(summary_command)
# Cron logs and pipes are not 80 columns wide: do not squeeze the summary table there.
console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
DEMO_PASSWORD_ENV = "INSPECTOR_DEMO_PASSWORD"  # noqa: S105 - a variable's name, not a secret
OutOption = Annotated[Path, typer.Option("--out", help="Folder that receives run folders.")]
RunIdOption = Annotated[
    str | None, typer.Option("--run-id", help="Name of the run folder (default: a timestamp).")
]
RulesOption = Annotated[Path | None, typer.Option(
    "--rules", help="Rule file overriding the built-in thresholds (see docs/rules.md).")]
PreviousOption = Annotated[Path | None, typer.Option(
    "--previous", metavar="RUN",
    help="Compare with this earlier run (its id or folder) instead of each device's own "
         "last successful inspection over the same inventory.")]
HistoryPathOption = Annotated[Path | None, typer.Option(
    "--history", envvar="INSPECTOR_HISTORY",
    help="History database to record the run in (default: OUT/history.sqlite).")]
NoHistoryOption = Annotated[bool, typer.Option(
    "--no-history", help="Do not record this run in the history database.")]
HolidayWindowOption = Annotated[str | None, typer.Option(
    "--if-holiday-within", metavar="WINDOW",
    help="Run only if a Chinese public holiday starts within WINDOW (e.g. 3d); otherwise "
         "log one line and exit 0. For a daily cron line that inspects before holidays.")]
ProfileOption = Annotated[str, typer.Option(
    "--profile", help="Inspection type: monthly, pre-holiday (stricter thresholds), "
                      "quarterly, ad-hoc; sets the checklist and the report's wording.")]
LangOption = Annotated[str, typer.Option("--lang", help="Report language: zh or en.")]
FormatOption = Annotated[str, typer.Option(
    "--format", help="Reports to write, comma-separated: html, pdf, xlsx, md; or none.")]
DEFAULT_FORMATS = "html,pdf,xlsx,md"
DeadlineOption = Annotated[str | None, typer.Option(
    "--deadline", help="Stop collecting after this long (e.g. 45m, 2h); devices not done by "
                       "then are recorded as not inspected. Default: from the inventory size.")]
NotifyOption = Annotated[Path | None, typer.Option(
    "--notify", help="Notification settings (e-mail, DingTalk/WeCom/Feishu/generic "
                     "webhooks); see inspector/notify.py.")]
FailOnOption = Annotated[str, typer.Option(
    "--fail-on", help="Exit 1 when a finding is at least this severe "
                      "(critical, major, minor, info, or none).")]


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    # Errors are printed even with --quiet, on one line however long: a path broken in two
    # cannot be copied, and a log reader greps for it whole.
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False,
                               soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"inspector {__version__}")
        raise typer.Exit


@app.callback()
def main(
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


def _check_settings(rules: Path | None, previous: Path | None, *, out: Path,
                    history: Path | None, no_history: bool,
                    overrides: dict[str, Any] | None = None,
                    profile: str = "monthly") -> CheckSettings:
    try:
        loaded = load_rules(rules, profile)
        store = None if no_history else History(history or out / HISTORY_FILE)
        baseline = previous_run(previous, out, store) if previous is not None else None
    except (RuleError, ValueError, HistoryError) as exc:
        raise _fail(str(exc)) from None
    return CheckSettings(rules=loaded, overrides=overrides, history=store, baseline=baseline,
                         previous=previous_snapshots(baseline) if baseline else None)


def _findings_by_device(output: RunOutput) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for finding in output.run.findings:
        if finding.severity is not None and finding.is_problem:
            counts.setdefault(finding.device, Counter())[finding.severity] += 1
    return counts


def _summary(output: RunOutput, fail_on: str = "critical") -> int:
    """Print the run's table; return its exit code."""
    table = Table(title=f"run {output.run.run_id}", title_justify="left")
    table.add_column("device", no_wrap=True)
    table.add_column("platform", no_wrap=True)
    table.add_column("collection", no_wrap=True)
    table.add_column("not parsed")
    for level in ("一级", "二级", "三级", "四级"):
        table.add_column(level, justify="right")
    counts = _findings_by_device(output)
    for result in output.run.devices:
        fams = {name: result.snapshot.family(name) for name in FAMILY_NAMES}
        bad = [n for n, f in fams.items() if f.status in (FamilyStatus.FAILED,
                                                            FamilyStatus.PARTIAL)]
        colour = {"complete": "green", "partial": "yellow"}.get(result.status, "red")
        found = counts.get(result.device.name, Counter())
        table.add_row(result.device.name, result.device.platform,
                      f"[{colour}]{result.status}[/{colour}]", ", ".join(bad) or "-",
                      *(str(found[s] or "") for s in SEVERITY_ORDER))
    console.print(table)
    for problem in output.run.problems:
        console.print(f"[red]not imported:[/red] {escape(problem.message)}", highlight=False)
    if not output.run.complete:
        console.print("[yellow]the run was interrupted: some devices were not inspected"
                      "[/yellow]")
    console.print(f"run folder: {output.folder}", highlight=False)
    return _exit_code(output, fail_on)


def _reports(output: RunOutput, checks: CheckSettings, *, formats: str, lang: str,
             meta: dict[str, Any], base_dir: Path | None) -> None:
    """Write the run's reports; the run itself is already safe on disk."""
    if formats == "none":
        return
    try:
        paths = render_reports(
            output.run, output.folder, formats=formats.split(","), lang=lang,
            meta=ReportMeta.from_mapping(meta, base_dir, inspection_type=output.run.profile),
            history=[checks.baseline] if checks.baseline else
            report_history(checks.history, output.run), explicit=checks.baseline is not None)
    except ReportError as exc:
        raise _fail(f"{exc} (the run's results are in {output.folder})") from None
    for kind, path in paths.items():
        console.print(f"{kind:>5}: {path}", highlight=False)


def _notify_settings(path: Path | None) -> NotifySettings | None:
    if path is None:
        return None
    try:
        return load_notify_settings(path)
    except NotifyError as exc:
        raise _fail(str(exc)) from None


def _notify(settings: NotifySettings | None, output: RunOutput) -> None:
    """Send what was asked for; a failure is reported, the run is already safe."""
    if settings is None:
        return
    for failure in notify(settings, output.run, output.folder):
        console.print(f"[yellow]notification failed:[/yellow] {failure}", highlight=False)


def _exit_code(output: RunOutput, fail_on: str) -> int:
    unreachable = any(r.status in (DeviceStatus.FAILED, DeviceStatus.UNREACHABLE)
                      for r in output.run.devices)
    if unreachable or output.run.problems or not output.run.complete:
        return EXIT_DEVICES_FAILED
    if fail_on in SEVERITY_ORDER:
        worst = SEVERITY_ORDER[: SEVERITY_ORDER.index(fail_on) + 1]
        if any(f.severity in worst and not f.passed for f in output.run.findings):
            return EXIT_FINDINGS
    return EXIT_OK


PROFILES = ("monthly", "pre-holiday", "quarterly", "ad-hoc")


def _valid_profile(value: str) -> str:
    if value not in PROFILES:
        raise _fail(f"--profile {value!r}: expected one of {', '.join(PROFILES)}")
    return value


def _holiday_ahead(window_text: str) -> bool:
    """Whether a public holiday starts within the window; says so on one line either way."""
    try:
        window = parse_window(window_text)
        overrides = load_overrides(_holiday_file())
    except ScheduleError as exc:
        raise _fail(str(exc)) from None
    ahead = upcoming(date.today(), window, overrides)
    if not ahead:
        console.print(f"no public holiday starts within {window_text}: nothing to do",
                      highlight=False)
        return False
    first = ahead[0]
    estimate = "" if first.official else " (estimated: no official schedule for that year yet)"
    console.print(f"{first.name} starts {first.start.isoformat()}{estimate}: inspecting",
                  highlight=False)
    return True


def _seconds(text: str) -> float:
    """'90s' / '45m' / '2h' -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if not match:
        raise _fail(f"--deadline {text!r}: expected a duration like 90s, 45m or 2h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def _holiday_file() -> Path | None:
    value = os.environ.get("INSPECTOR_HOLIDAYS")
    return Path(value) if value else None


def _valid_fail_on(value: str) -> str:
    if value not in (*SEVERITY_ORDER, "none"):
        raise _fail(f"--fail-on {value!r}: expected one of {', '.join(SEVERITY_ORDER)}, none")
    return value


@app.command("parse")
def parse_command(
    file: Annotated[Path, typer.Argument(help="A file holding one command's output; - for stdin.")],
    platform: Annotated[str, typer.Option("--platform", "-p", help="Platform name.")],
    command: Annotated[str, typer.Option("--command", "-c",
                                         help="The command (abbreviations ok).")],
) -> None:
    """Print the normalized JSON of one saved output.

    Example: `inspector parse -p huawei_vrp -c "dis cpu" cpu.txt`
    """
    try:
        get_platform(platform)
    except DefinitionError as exc:
        raise _fail(str(exc)) from None
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text("utf-8", "replace")
    except OSError as exc:
        raise _fail(f"{file}: {exc.strerror}") from None
    results = parse_output(platform, command, text)
    if not results:
        known = ", ".join(get_platform(platform).commands())
        raise _fail(f"{platform} has no parser for {command!r}; known commands: {known}")
    payload = [
        {"family": r.family, "command": r.command, "status": r.status, "reason": r.reason,
         "data": r.data}
        for r in results
    ]
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    if any(r.status != "ok" for r in results):
        raise typer.Exit(EXIT_DEVICES_FAILED)


def _preflight(hosts: list[Host], inventory: Path,
               notifications: NotifySettings | None = None,
               notify_file: Path | None = None) -> None:
    """Stop before any connection, and before anything is written (run folder, history,
    lock), when a secret the run needs cannot be resolved: a configuration error, not
    unreachable devices. Prompted secrets are asked here, once."""
    problems = check_secrets(hosts, str(inventory))
    if notifications is not None:
        problems += check_notify_secrets(notifications, str(notify_file))
    if problems:
        for problem in problems:
            Console(stderr=True).print(f"[red]error:[/red] {escape(problem)}", highlight=False,
                                       soft_wrap=True)
        raise typer.Exit(EXIT_USAGE)


def _limit(hosts: list[Host], patterns: list[str]) -> list[Host]:
    """Hosts whose name, group, role or site matches one of the glob `patterns`."""
    if not patterns:
        return hosts
    return [h for h in hosts if any(
        fnmatch.fnmatch(value, pattern)
        for pattern in patterns for value in (h.name, h.role, h.site, *h.groups))]


def _live(hosts: list[Host], out: Path, *, workers: int, run_id: str | None,
          record: Path | None, mode: str, source: str, checks: CheckSettings,
          profile: str = "monthly", deadline_s: float | None = None,
          processes: int | None = None) -> RunOutput:
    """Collect with a progress bar on a terminal, plain lines otherwise (cron)."""
    if console.is_terminal:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(),
                      TimeRemainingColumn(), console=console, transient=True) as bar:
            task = bar.add_task("collecting", total=len(hosts), failed=0)
            failed = 0

            def tick(rec: DeviceRecording) -> None:
                nonlocal failed
                failed += rec.error is not None
                bar.update(task, advance=1, failed=failed)

            return collect(hosts, out, workers=workers, run_id=run_id, record=record,
                           progress=tick, mode=mode, source=source, checks=checks,
                           profile=profile, deadline_s=deadline_s, processes=processes)

    def line(rec: DeviceRecording) -> None:
        state = f"unreachable: {rec.error}" if rec.error else f"{len(rec.captures)} captures"
        console.print(f"collected {rec.device.name}: {state}", highlight=False)

    return collect(hosts, out, workers=workers, run_id=run_id, record=record, progress=line,
                   mode=mode, source=source, checks=checks, profile=profile,
                   deadline_s=deadline_s, processes=processes)


@app.command("run")
def run_command(
    inventory: Annotated[Path | None, typer.Argument(
        help="Inventory file (YAML, CSV or Excel).")] = None,
    replay_bundle: Annotated[Path | None, typer.Option(
        "--replay", help="Read this recorded bundle instead of the devices.")] = None,
    record: Annotated[Path | None, typer.Option(
        "--record", help="Also write the run's bundle to this folder.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=1000,
                                         help="Devices collected at once.")] = 32,
    processes: Annotated[int | None, typer.Option(
        "--processes", min=1, max=64,
        help="Collecting processes the workers are split over. Default: one per 64 "
             "workers, at most one per core, one for runs under 128 devices.")] = None,
    limit: Annotated[list[str] | None, typer.Option(
        "--limit", "-l", help="Only devices whose name/group/role/site match (glob).")] = None,
    out: OutOption = Path("reports"),
    run_id: RunIdOption = None,
    rules: RulesOption = None,
    previous: PreviousOption = None,
    history: HistoryPathOption = None,
    no_history: NoHistoryOption = False,
    fail_on: FailOnOption = "critical",
    if_holiday_within: HolidayWindowOption = None,
    profile: ProfileOption = "monthly",
    lang: LangOption = "zh",
    formats: FormatOption = DEFAULT_FORMATS,
    notify_file: NotifyOption = None,
    deadline: DeadlineOption = None,
    host_key_policy: Annotated[str | None, typer.Option(
        "--host-key-policy", help="SSH host keys: accept-new (remember a new device, refuse "
        "a changed key), strict (only devices already in known_hosts) or off. Default: "
        "the inventory's host_keys, else accept-new.")] = None,
) -> None:
    """Inspect the devices of an inventory over SSH, or a recorded bundle with `--replay`.

    Examples: `inspector run inventories/site.yaml -w 64 --limit 'core*'`;
    `inspector run --replay reports/20261122-030000/bundle`;
    cron, daily at 02:00: `inspector run site.yaml --if-holiday-within 3d --profile pre-holiday`
    """
    _valid_fail_on(fail_on)
    _valid_profile(profile)
    if host_key_policy is not None and host_key_policy not in HOST_KEY_POLICIES:
        raise _fail(f"--host-key-policy {host_key_policy!r}: expected one of "
                    f"{', '.join(HOST_KEY_POLICIES)}")
    notifications = _notify_settings(notify_file)
    deadline_s = _seconds(deadline) if deadline is not None else None
    if if_holiday_within is not None and not _holiday_ahead(if_holiday_within):
        raise typer.Exit(EXIT_OK)
    if (inventory is None) == (replay_bundle is None):
        raise _fail("give an inventory, or --replay BUNDLE (not both)")
    if replay_bundle is not None:
        checks = _check_settings(rules, previous, out=out, history=history,
                                 no_history=no_history, profile=profile)
        try:
            output = replay(replay_bundle, out, run_id, checks, profile)
        except BundleError as exc:
            raise _fail(str(exc)) from None
        code = _summary(output, fail_on)
        _reports(output, checks, formats=formats, lang=lang, meta={}, base_dir=None)
        _notify(notifications, output)
        raise typer.Exit(code)
    try:
        loaded = load_inventory(inventory)  # type: ignore[arg-type]  # checked above
    except InventoryError as exc:
        raise _fail(str(exc)) from None
    for warning in loaded.warnings:  # words no vocabulary knows: said, and the run goes on
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    hosts = _limit(loaded.hosts, limit or [])
    if not hosts:
        raise _fail(f"{inventory}: no device matches --limit {' '.join(limit or [])}")
    if host_key_policy is not None:
        hosts = [h.model_copy(update={"transport": h.transport.model_copy(
            update={"host_keys": host_key_policy})}) for h in hosts]
    _preflight(hosts, loaded.path, notifications, notify_file)
    overrides = {"devices": {h.name: h.thresholds for h in hosts if h.thresholds}}
    checks = _check_settings(rules, previous, out=out, history=history, no_history=no_history,
                             overrides=overrides, profile=profile)
    try:
        with run_lock(inventory, out):  # type: ignore[arg-type]  # checked above
            output = _live(hosts, out, workers=workers, run_id=run_id, record=record,
                           # absolute: the inventory a run covered picks its baselines
                           mode="live", source=str(inventory.resolve()),  # type: ignore[union-attr]
                           checks=checks, profile=profile,
                           deadline_s=deadline_s, processes=processes)
    except RunLockedError as exc:
        raise _fail(str(exc)) from None
    code = _summary(output, fail_on)
    _reports(output, checks, formats=formats, lang=lang, meta=loaded.report,
             base_dir=loaded.path.parent)
    _notify(notifications, output)
    raise typer.Exit(code)


@app.command("import-log")
def import_log_command(
    files: Annotated[list[Path], typer.Argument(help="Session logs, one device per file.")],
    platform: Annotated[str | None, typer.Option(
        "--platform", "-p", help="Platform of every file (default: recognized per file).")]
    = None,
    out: OutOption = Path("reports"),
    run_id: RunIdOption = None,
    rules: RulesOption = None,
    previous: PreviousOption = None,
    history: HistoryPathOption = None,
    no_history: NoHistoryOption = False,
    fail_on: FailOnOption = "critical",
    lang: LangOption = "zh",
    formats: FormatOption = DEFAULT_FORMATS,
) -> None:
    """Import terminal session logs (SecureCRT, Xshell, PuTTY) and inspect them.

    Example: `inspector import-log logs/*.log --out reports`
    """
    if platform is not None:
        try:
            get_platform(platform)
        except DefinitionError as exc:
            raise _fail(str(exc)) from None
    _valid_fail_on(fail_on)
    checks = _check_settings(rules, previous, out=out, history=history, no_history=no_history)
    try:
        output = import_logs(files, out, platform, run_id, checks)
    except NothingImportableError as exc:
        raise _nothing_imported(exc) from None
    code = _summary(output, fail_on)
    _reports(output, checks, formats=formats, lang=lang, meta={}, base_dir=None)
    raise typer.Exit(code)


def _nothing_imported(exc: NothingImportableError) -> typer.Exit:
    """No file could be used: one line per file saying why, and no run, report or history
    row (a report of nothing would read as "no problem found")."""
    errors = Console(stderr=True)
    for problem in exc.problems:  # printed even with --quiet, one line each (see _fail)
        errors.print(f"[red]not imported:[/red] {escape(problem.message)}", highlight=False,
                     soft_wrap=True)
    errors.print(f"[red]error:[/red] {escape(str(exc))}: no report written", highlight=False)
    return typer.Exit(EXIT_DEVICES_FAILED)


@app.command("demo")
def demo_command(
    out: OutOption = Path("reports"),
    run_id: RunIdOption = "demo",
    replay_only: Annotated[bool, typer.Option(
        "--replay", help="Replay the lab's recorded bundle instead of the live lab.")] = False,
    history: HistoryPathOption = None,
    no_history: NoHistoryOption = False,
    lang: LangOption = "zh",
    formats: FormatOption = DEFAULT_FORMATS,
) -> None:
    """Start the simulated lab, inspect it over SSH, write the run folder and its reports,
    stop the lab."""
    checks = _check_settings(None, None, out=out, history=history, no_history=no_history)
    if replay_only:
        output = replay(LAB_BUNDLE, out, run_id, checks)
        _summary(output, "none")
        _reports(output, checks, formats=formats, lang=lang, meta=DEMO_REPORT, base_dir=None)
        return
    password = secrets.token_urlsafe(12)
    os.environ[DEMO_PASSWORD_ENV] = password
    devices = lab_devices(password=password)
    with contextlib.ExitStack() as stack:
        lab = stack.enter_context(Lab(devices))
        snmp_lab = stack.enter_context(SnmpLab())
        hosts = [
            Host(name=d.name, host=lab.host, platform=d.platform, username=d.username,
                 password=f"env:{DEMO_PASSWORD_ENV}", role=p.role, site=p.site, room=p.room,
                 model=p.model, transport=Transport(port=d.port, retries=0, conn_timeout=10,
                                                    read_timeout=30, host_keys="off"))
            for d, (p, _) in zip(devices, profiles(), strict=True)
        ] + snmp_hosts(snmp_lab)
        try:
            hosts.append(bmc_host(stack.enter_context(IpmiSim())))
        except IpmiSimUnavailable as exc:
            console.print(f"[yellow]demo without the server BMC:[/yellow] {exc}",
                          highlight=False)
        console.print(f"lab: {len(hosts)} simulated devices on {lab.host} "
                      "(SSH, SNMP, IPMI)", highlight=False)
        output = _live(hosts, out, workers=16, run_id=run_id, record=None, mode="demo",
                       source="built-in lab", checks=checks)
    _summary(output, "none")
    _reports(output, checks, formats=formats, lang=lang, meta=DEMO_REPORT, base_dir=None)
    # The lab's faulty devices are meant to show findings, not to fail the demo.


@app.command("holidays")
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
        raise _fail(f"unknown holidays command {what!r}; try `inspector holidays next`")
    try:
        ahead = upcoming(date.today(), None, load_overrides(_holiday_file()))[:count]
    except ScheduleError as exc:
        raise _fail(str(exc)) from None
    table = Table(title="next public holidays")
    for column in ("holiday", "from", "to", "days", "in"):
        table.add_column(column)
    for period in ahead:
        table.add_row(period.name, period.start.isoformat(), period.end.isoformat(),
                      str(period.days), f"{(period.start - date.today()).days} d")
    Console().print(table)
    if any(not p.official for p in ahead):
        console.print("[yellow]warning:[/yellow] no official schedule yet for "
                      f"{', '.join(sorted({str(p.start.year) for p in ahead if not p.official}))}"
                      ": dates are estimates without make-up workdays (调休); add the official "
                      "schedule with $INSPECTOR_HOLIDAYS when it is published")


@app.command("platforms")
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


if __name__ == "__main__":  # pragma: no cover
    app()
