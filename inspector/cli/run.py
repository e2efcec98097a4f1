"""`inspector run` (devices, or a recorded bundle with --replay) and `inspector import-log`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from inspector.baseline import check_settings
from inspector.cli.checklist import ManualOption, checked_manual, manual_input
from inspector.cli.common import (
    FailOnOption,
    FormatOption,
    HistoryPathOption,
    LangOption,
    LimitOption,
    NoHistoryOption,
    OutOption,
    PreviousOption,
    ProfileOption,
    RulesOption,
    RunIdOption,
    console,
    valid_fail_on,
    valid_profile,
)
from inspector.cli.holidays import holiday_file
from inspector.cli.meta import (
    ConclusionFileOption,
    ConclusionTextOption,
    EngineerOption,
    RecommendationsFileOption,
    RecommendationsTextOption,
    TimezoneOption,
    meta_overrides,
)
from inspector.cli.results import live, summary, write_reports
from inspector.errors import EXIT_OK, ConfigurationError, InputError
from inspector.expect import device_overrides
from inspector.inventory import (
    HOST_KEY_POLICIES,
    Host,
    load_inventory,
    select_hosts,
    with_host_key_policy,
)
from inspector.notify import Settings as NotifySettings
from inspector.notify import load_settings as load_notify_settings
from inspector.notify import notify
from inspector.parsing.platforms import get_platform
from inspector.pipeline import NothingImportableError, RunOutput, import_logs, replay
from inspector.preflight import check_notify_secrets, check_secrets
from inspector.report.meta import ReportMeta
from inspector.report.stored import DEFAULT_FORMATS
from inspector.runlock import run_lock
from inspector.schedule import load_overrides, parse_window, upcoming
from inspector.shown import shown
from inspector.store.target import HistoryTarget

HolidayWindowOption = Annotated[str | None, typer.Option(
    "--if-holiday-within", metavar="WINDOW",
    help="Run only if a Chinese public holiday starts within WINDOW (e.g. 3d); otherwise "
         "log one line and exit 0. For a daily cron line that inspects before holidays.")]
DeadlineOption = Annotated[str | None, typer.Option(
    "--deadline", help="Stop collecting after this long (e.g. 45m, 2h); devices not done by "
                       "then are recorded as not inspected. Default: from the inventory size.")]
NotifyOption = Annotated[Path | None, typer.Option(
    "--notify", help="Notification settings (e-mail, DingTalk/WeCom/Feishu/generic "
                     "webhooks); see inspector/notify.py.")]
HostKeyPolicyOption = Annotated[str | None, typer.Option(
    "--host-key-policy", help="SSH host keys: accept-new (remember a new device, refuse "
    "a changed key), strict (only devices already in known_hosts) or off. Default: "
    "the inventory's host_keys, else accept-new.")]


def _notify(settings: NotifySettings | None, output: RunOutput) -> None:
    """Send what was asked for; a failure is reported, the run is already safe."""
    if settings is None:
        return
    for failure in notify(settings, output.run, output.folder):
        console.print(f"[yellow]notification failed:[/yellow] {shown(failure)}",
                      highlight=False)


def _holiday_ahead(window_text: str) -> bool:
    """Whether a public holiday starts within the window; says so on one line either way."""
    ahead = upcoming(date.today(), parse_window(window_text), load_overrides(holiday_file()))
    if not ahead:
        console.print(f"no public holiday starts within {shown(window_text)}: nothing to do",
                      highlight=False)
        return False
    first = ahead[0]
    estimate = "" if first.official else " (estimated: no official schedule for that year yet)"
    console.print(f"{shown(first.name)} starts {first.start.isoformat()}{estimate}: inspecting",
                  highlight=False)
    return True


def _seconds(text: str) -> float:
    """'90s' / '45m' / '2h' -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
    if not match:
        raise ConfigurationError(f"--deadline {text!r}: expected a duration like 90s, 45m or 2h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


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
        raise ConfigurationError("\n".join(problems))


def _replay_run(bundle: Path, *, out: Path, run_id: str | None, rules: Path | None,
                previous: Path | None, history: HistoryTarget | None, no_history: bool,
                fail_on: str, profile: str, lang: str, formats: str,
                notifications: NotifySettings | None, settings: dict[str, Any],
                manual: Path | None = None) -> int:
    checks = check_settings(rules, previous, out=out, history=history,
                            no_history=no_history, profile=profile)
    checks.manual = manual_input(manual, None)  # read against the bundle's devices
    output = replay(bundle, out, run_id, checks, profile)
    code = summary(output, fail_on, lang)
    write_reports(output, checks, formats=formats, lang=lang, meta={}, base_dir=None,
                  overrides=settings)
    _notify(notifications, output)
    return code


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
    limit: LimitOption = None,
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
    host_key_policy: HostKeyPolicyOption = None,
    timezone: TimezoneOption = None,
    engineer: EngineerOption = None,
    conclusion: ConclusionFileOption = None,
    conclusion_text: ConclusionTextOption = None,
    recommendations: RecommendationsFileOption = None,
    recommendations_text: RecommendationsTextOption = None,
    manual: ManualOption = None,
) -> None:
    """Inspect the devices of an inventory over SSH, or a recorded bundle with `--replay`.

    Examples: `inspector run inventories/site.yaml -w 64 --limit 'core*'`;
    `inspector run --replay reports/20261122-030000/bundle`;
    cron, daily at 02:00: `inspector run site.yaml --if-holiday-within 3d --profile pre-holiday`
    """
    valid_fail_on(fail_on)
    valid_profile(profile)
    if host_key_policy is not None and host_key_policy not in HOST_KEY_POLICIES:
        raise ConfigurationError(f"--host-key-policy {host_key_policy!r}: expected one of "
                                 f"{', '.join(HOST_KEY_POLICIES)}")
    notifications = load_notify_settings(notify_file) if notify_file is not None else None
    deadline_s = _seconds(deadline) if deadline is not None else None
    # Read before collecting: a missing conclusion file stops the run before any login.
    settings = meta_overrides(
        timezone=timezone, engineer=engineer, conclusion=conclusion,
        conclusion_text=conclusion_text, recommendations=recommendations,
        recommendations_text=recommendations_text)
    if if_holiday_within is not None and not _holiday_ahead(if_holiday_within):
        raise typer.Exit(EXIT_OK)
    if replay_bundle is not None and inventory is None:
        raise typer.Exit(_replay_run(
            replay_bundle, out=out, run_id=run_id, rules=rules, previous=previous,
            history=history, no_history=no_history, fail_on=fail_on, profile=profile,
            lang=lang, formats=formats, notifications=notifications, settings=settings,
            manual=manual))
    if inventory is None or replay_bundle is not None:
        raise ConfigurationError("give an inventory, or --replay BUNDLE (not both)")
    loaded = load_inventory(inventory)
    for warning in loaded.warnings:  # words no vocabulary knows: said, and the run goes on
        console.print(f"[yellow]warning:[/yellow] {shown(warning)}", highlight=False)
    hosts = select_hosts(loaded.hosts, limit or [])
    if not hosts:
        raise ConfigurationError(
            f"{inventory}: no device matches --limit {' '.join(limit or [])}")
    if host_key_policy is not None:
        hosts = with_host_key_policy(hosts, host_key_policy)
    _preflight(hosts, loaded.path, notifications, notify_file)
    overrides = device_overrides(hosts)  # thresholds, and what `expect:` designs
    checks = check_settings(rules, previous, out=out, history=history, no_history=no_history,
                            overrides=overrides, profile=profile)
    checks.manual = checked_manual(manual, loaded, [h.device() for h in hosts])
    # Keyed on the inventory file itself and taken beside the history it writes to.
    with run_lock(inventory, out, checks.history.path if checks.history else None):
        output = live(hosts, out, workers=workers, run_id=run_id, record=record,
                      # absolute: the inventory a run covered picks its baselines
                      mode="live", source=str(inventory.resolve()), checks=checks,
                      profile=profile, deadline_s=deadline_s, processes=processes,
                      lang=lang)
    code = summary(output, fail_on, lang)
    write_reports(output, checks, formats=formats, lang=lang, meta=loaded.report,
                  base_dir=loaded.path.parent, overrides=settings)
    _notify(notifications, output)
    raise typer.Exit(code)


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
    inventory: Annotated[Path | None, typer.Option(
        "--inventory", "-i", help="Take the report's settings (customer, engineers, time "
                                  "zone, conclusion, ...) from its report: section.")] = None,
    timezone: TimezoneOption = None,
    engineer: EngineerOption = None,
    conclusion: ConclusionFileOption = None,
    conclusion_text: ConclusionTextOption = None,
    recommendations: RecommendationsFileOption = None,
    recommendations_text: RecommendationsTextOption = None,
    manual: ManualOption = None,
) -> None:
    """Import terminal session logs (SecureCRT, Xshell, PuTTY) and inspect them.

    Example: `inspector import-log logs/*.log --out reports -i inventories/site.yaml`
    """
    if platform is not None:
        get_platform(platform)
    valid_fail_on(fail_on)
    settings = meta_overrides(
        timezone=timezone, engineer=engineer, conclusion=conclusion,
        conclusion_text=conclusion_text, recommendations=recommendations,
        recommendations_text=recommendations_text)
    loaded = load_inventory(inventory) if inventory is not None else None
    # The report's zone, checked before anything is read: a log's own time without a zone
    # (an emulator's stamp, a device clock named "BJ") is taken in it.
    zone = ReportMeta.from_mapping(loaded.report if loaded else {}, None, **settings).zone
    checks = check_settings(rules, previous, out=out, history=history, no_history=no_history)
    checks.manual = manual_input(manual, loaded)  # read against the imported devices
    try:
        output = import_logs(files, out, platform, run_id, checks, assume=zone)
    except NothingImportableError as exc:
        _nothing_imported(exc)
        raise InputError(f"{exc}: no report written") from None
    code = summary(output, fail_on, lang)
    write_reports(output, checks, formats=formats, lang=lang,
                  meta=loaded.report if loaded else {},
                  base_dir=loaded.path.parent if loaded else None, overrides=settings)
    raise typer.Exit(code)


def _nothing_imported(exc: NothingImportableError) -> None:
    """No file could be used: one line per file saying why, before the error itself; no
    run, report or history row follows (a report of nothing would read as "no problem
    found")."""
    errors = Console(stderr=True, emoji=False)
    for problem in exc.problems:  # printed even with --quiet, one line each (see print_error)
        errors.print(f"[red]not imported:[/red] {shown(problem.message)}", highlight=False,
                     soft_wrap=True)

