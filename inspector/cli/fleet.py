"""`inspector fleet`: site workers on Celery, a fleet run over every site, and its status.

Celery and redis-py come with the `fleet` extra; inspector/fleet imports them only when a
fleet command talks to the broker, so the other commands work without them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from inspector.baseline import check_settings
from inspector.cli.common import (
    FailOnOption,
    FormatOption,
    HistoryPathOption,
    LangOption,
    LimitOption,
    NoHistoryOption,
    OutOption,
    ProfileOption,
    RulesOption,
    RunIdOption,
    command_group,
    console,
    out,
    print_error,
    valid_fail_on,
    valid_profile,
)
from inspector.cli.holidays import holiday_file
from inspector.cli.results import summary, write_reports
from inspector.cli.run import DeadlineOption, _seconds
from inspector.errors import EXIT_DEVICES, EXIT_OK, ConfigurationError
from inspector.expect import device_overrides
from inspector.fleet.broker import Broker
from inspector.fleet.central import FleetOptions, NotSent, SiteOutcome, run_fleet
from inspector.fleet.failure import FailedJob
from inspector.fleet.job import Job, JobOptions, Receipt, by_site
from inspector.fleet.schedule import due, next_runs
from inspector.fleet.settings import (
    BROKER_ENV,
    DEFAULT_BROKER,
    BrokerUnreachableError,
    Timing,
    make_app,
    shown_url,
)
from inspector.fleet.status import fleet_status
from inspector.fleet.worker import WorkerConfig, start_worker
from inspector.inventory import load_inventory, select_hosts
from inspector.report.i18n import Translator
from inspector.report.stored import DEFAULT_FORMATS
from inspector.runlock import run_lock
from inspector.schedule import load_overrides, parse_window, periods
from inspector.shown import shown

fleet_app = command_group("Site workers on Celery and fleet runs over every site "
                          "(docs/fleet.md).")



def _broker_url(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """A URL with a password is refused on the command line: every user of the machine
    sees a process's arguments. $INSPECTOR_BROKER holds such a URL."""
    source = ctx.get_parameter_source(param.name or "")
    from_command_line = getattr(source, "name", "") == "COMMANDLINE"
    if from_command_line and urlsplit(value).password is not None:
        raise typer.BadParameter(f"a password in --broker shows in the process list: put the "
                                 f"URL in ${BROKER_ENV} instead")
    return value


BrokerOption = Annotated[str, typer.Option(
    "--broker", envvar=BROKER_ENV, callback=_broker_url,
    help=f"The broker's URL (Redis: redis://HOST:6379/0, rediss:// for TLS; RabbitMQ: "
         f"amqp://...). With a password: in ${BROKER_ENV}, never on the command line.")]
ResultsOption = Annotated[Path, typer.Option(
    "--results", help="Where the sites deliver their results: a folder every worker and the "
                      "central side share.")]
MonthlyDayOption = Annotated[int | None, typer.Option(
    "--monthly-day", min=1, max=31, help="Scheduled: run only on this day of the month "
    "(the month's last day when it is shorter); otherwise say so and exit 0.")]
PreHolidayOption = Annotated[str | None, typer.Option(
    "--pre-holiday", metavar="WINDOW", help="Scheduled: run (profile pre-holiday) when a "
    "public holiday starts in exactly WINDOW days (e.g. 3d).")]


def _schedule_days(pre_holiday: str | None) -> int | None:
    return parse_window(pre_holiday).days if pre_holiday is not None else None


def _due_profile(monthly_day: int | None, pre_holiday: str | None, lang: str) -> str | None:
    """Today's scheduled profile, or None (said on one line) when no run is due."""
    today = date.today()
    overrides = load_overrides(holiday_file())
    holidays = [p for year in (today.year, today.year + 1) for p in periods(year, overrides)]
    profile = due(today, monthly_day=monthly_day, pre_holiday_days=_schedule_days(pre_holiday),
                  holidays=holidays)
    if profile is None:
        console.print(shown(Translator(lang)("fleet.not_due")), highlight=False)
    return profile


def worker_command(
    site: Annotated[list[str], typer.Option(
        "--site", help="A site whose devices this worker collects (the inventory's `site`); "
                       "repeat it for a worker that reaches several sites.")],
    broker: BrokerOption = DEFAULT_BROKER,
    spool: Annotated[Path, typer.Option(
        "--spool", help="This worker's own state (SSH known_hosts).")] = Path("fleet-spool"),
    results: ResultsOption = Path("fleet-results"),
    lease: Annotated[float, typer.Option(
        "--lease", min=2, help="Seconds a job stays with a worker that stopped renewing it "
                               "(Redis visibility timeout) before another worker gets it.")]
    = Timing.lease_s,
    loglevel: Annotated[str, typer.Option("--loglevel", help="Celery's log level.")] = "INFO",
) -> None:
    """Collect the jobs of its sites (queues `site.SITE`), one at a time, until stopped.

    Example: `inspector fleet worker --site Shanghai --broker redis://central:6379/0
    --results /srv/inspector/results`; on a jump host reaching two customers:
    `inspector fleet worker --site cust-a --site cust-b`
    """
    timing = Timing(lease_s=lease, restore_every_s=min(Timing.restore_every_s, lease / 2))
    sites = tuple(dict.fromkeys(site))  # in the order given, each once
    start_worker(WorkerConfig(sites=sites, broker=broker, results=results, spool=spool,
                              timing=timing), loglevel=loglevel.upper())


class _SiteLines:
    """One line per site as its job ends; counts the jobs the broker never took."""

    def __init__(self, lang: str) -> None:
        self.t = Translator(lang)
        self.not_sent = 0

    def __call__(self, job: Job, outcome: SiteOutcome) -> None:
        t = self.t
        if isinstance(outcome, Receipt):
            text = t("fleet.site_done", site=job.site, devices=outcome.devices,
                     worker=outcome.worker)
        elif isinstance(outcome, FailedJob):
            text = t("fleet.site_failed", site=job.site, devices=len(job.hosts),
                     worker=outcome.worker, error=outcome.error)
        elif isinstance(outcome, NotSent):
            self.not_sent += 1
            text = t("fleet.site_not_sent", site=job.site, devices=len(job.hosts),
                     broker=outcome.broker)
        else:
            text = t("fleet.site_missing", site=job.site, devices=len(job.hosts))
        console.print(shown(text), highlight=False)


def run_command(
    inventory: Annotated[Path, typer.Argument(help="Inventory file; each device has a "
                                                   "`site` (YAML, CSV or Excel).")],
    broker: BrokerOption = DEFAULT_BROKER,
    results: ResultsOption = Path("fleet-results"),
    deadline: DeadlineOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=1000,
                                         help="Devices each site collects at once.")] = 32,
    limit: LimitOption = None,
    out: OutOption = Path("reports"),
    run_id: RunIdOption = None,
    rules: RulesOption = None,
    history: HistoryPathOption = None,
    no_history: NoHistoryOption = False,
    fail_on: FailOnOption = "critical",
    profile: ProfileOption = "monthly",
    lang: LangOption = "zh",
    formats: FormatOption = DEFAULT_FORMATS,
    monthly_day: MonthlyDayOption = None,
    pre_holiday: PreHolidayOption = None,
) -> None:
    """Inspect every site's devices through its worker and merge them into one run.

    Examples: `inspector fleet run fleet.yaml --deadline 2h --results /srv/inspector/results`;
    a daily timer: `inspector fleet run fleet.yaml --monthly-day 5 --pre-holiday 3d`
    """
    valid_fail_on(fail_on)
    valid_profile(profile)
    deadline_s = _seconds(deadline) if deadline is not None else None
    if monthly_day is not None or pre_holiday is not None:
        scheduled = _due_profile(monthly_day, pre_holiday, lang)
        if scheduled is None:
            raise typer.Exit(EXIT_OK)
        profile = scheduled
    loaded = load_inventory(inventory)
    for warning in loaded.warnings:
        console.print(f"[yellow]warning:[/yellow] {shown(warning)}", highlight=False)
    hosts = select_hosts(loaded.hosts, limit or [])
    if not hosts:
        raise ConfigurationError(f"{inventory}: no device matches --limit {' '.join(limit or [])}")
    sites = by_site(hosts, str(inventory))  # a device without a site stops here
    checks = check_settings(rules, None, out=out, history=history, no_history=no_history,
                            overrides=device_overrides(hosts), profile=profile)
    options = FleetOptions(broker=broker, results=results, deadline_s=deadline_s,
                           job=JobOptions(workers=workers, profile=profile))
    lines = _SiteLines(lang)
    with run_lock(inventory, out, checks.history.path if checks.history else None):
        output = run_fleet(hosts, str(inventory.resolve()), out, options, checks, run_id,
                           on_site=lines)
    code = summary(output, fail_on, lang)
    write_reports(output, checks, formats=formats, lang=lang, meta=loaded.report,
                  base_dir=loaded.path.parent)
    if lines.not_sent == len(sites):  # no job ever left: the run never started anywhere
        print_error(lines.t("fleet.broker_unreachable", broker=shown_url(broker)))
        code = max(code, EXIT_DEVICES)
    raise typer.Exit(code)


def status_command(
    broker: BrokerOption = DEFAULT_BROKER,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
    = False,
    lang: LangOption = "zh",
) -> None:
    """The workers of each site, the jobs waiting in each site's queue, the jobs running.

    Example: `inspector fleet status --broker redis://central:6379/0`
    """
    app = make_app(broker, Timing(socket_timeout_s=3))
    try:
        if not Broker(broker).answers():
            raise BrokerUnreachableError(f"the broker {shown_url(broker)} does not answer")
        found = fleet_status(app, broker)
    finally:
        app.close()
    if as_json:
        typer.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=1))
        return
    t = Translator(lang)
    table = Table(title=shown(t("fleet.status_title")), title_justify="left")
    for column in ("site", "workers", "queued", "running"):
        table.add_column(shown(t(f"fleet.column.{column}")))
    for site in found.sites():
        running = [j.job for j in found.running if j.site == site]
        table.add_row(shown(site), shown("\n".join(sorted(found.workers.get(site, []))) or "-"),
                      str(found.queued.get(site, 0)), shown("\n".join(running) or "-"))
    out.print(table)
    if not found.sites():
        out.print(shown(t("fleet.nothing")), highlight=False)


def schedule_command(
    monthly_day: MonthlyDayOption = None,
    pre_holiday: PreHolidayOption = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=50)] = 5,
    lang: LangOption = "zh",
) -> None:
    """The next days a scheduled fleet run (`fleet run --monthly-day/--pre-holiday`) runs.

    Example: `inspector fleet schedule --monthly-day 5 --pre-holiday 3d`
    """
    today = date.today()
    overrides = load_overrides(holiday_file())
    holidays = [p for year in (today.year, today.year + 1) for p in periods(year, overrides)]
    t = Translator(lang)
    table = Table(title=shown(t("fleet.schedule_title")), title_justify="left")
    table.add_column(shown(t("fleet.column.date")))
    table.add_column(shown(t("fleet.column.profile")))
    for day, profile in next_runs(today, monthly_day=monthly_day,
                                  pre_holiday_days=_schedule_days(pre_holiday),
                                  holidays=holidays, count=count):
        table.add_row(day.isoformat(), shown(t(f"inspection_type.{profile}")))
    out.print(table)


fleet_app.command("worker")(worker_command)
fleet_app.command("run")(run_command)
fleet_app.command("status")(status_command)
fleet_app.command("schedule")(schedule_command)
