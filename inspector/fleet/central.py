"""The central side of a fleet run: split by site, send, wait, merge into one run.

The jobs are sent once; the wait ends when every site has delivered or at the deadline
(plus a short grace for the last files to appear on a shared folder), never later. A job
that could not be sent, or that a restarted broker may have forgotten (a Redis run id that
changed), is sent again: a job is idempotent (delivery.py), so sending it twice costs at
most a second collection, never a device counted twice. The sites' bundles are then read
and the whole run is parsed and checked here, with the central rules and history, by the
path `inspector run --replay` takes (pipeline.finish_run). A site that delivered nothing
leaves each of its devices a recorded result: not reached, with the reason. A job whose
worker left a failure receipt (failure.py) is settled at once: its devices are recorded with
the error, without waiting for the deadline. A job the broker never took (unreachable for
the whole run) says so: broker unreachable, not a site offline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from inspector import __version__
from inspector.fleet.broker import Broker
from inspector.fleet.delivery import JobPlace
from inspector.fleet.failure import FailedJob
from inspector.fleet.job import Job, JobOptions, Receipt, by_site, job_id
from inspector.fleet.settings import Timing, shown_url
from inspector.fleet.status import workers_by_site
from inspector.inventory import Host
from inspector.model import Run
from inspector.pipeline import CheckSettings, RunOutput, finish_run
from inspector.runner import default_deadline
from inspector.store import runfolder
from inspector.store.bundle import BundleError, DeviceRecording, read_bundle, safe_name

log = logging.getLogger("inspector.fleet")

GRACE_S = 10.0  # after the deadline, for the last results to land
POLL_S = 1.0
BROKER_CHECK_S = 5.0  # how often a restarted broker is looked for

# The reasons a device of a site that delivered nothing is recorded with (reasons.py).
OFFLINE = "not reached: no worker of site {site} was online (site worker offline)"
LATE = ("not reached: site {site} did not deliver its results before the run's deadline "
        "of {seconds:g} s")
UNREADABLE = "not reached: the results site {site} delivered cannot be read: {error}"
FAILED = "not inspected: the job of site {site} failed on worker {worker}: {error}"
BROKER_AWAY = ("not reached: the broker {broker} could not be reached during the run "
               "(broker unreachable)")


@dataclass(frozen=True)
class NotSent:
    """A job the broker never took: it was unreachable whenever the job was sent."""

    broker: str  # its URL, password masked


# What became of a site's job: delivered, failed, never sent, or nothing by the deadline.
SiteOutcome = Receipt | FailedJob | NotSent | None
SiteDone = Callable[[Job, SiteOutcome], None]


@dataclass
class FleetOptions:
    broker: str
    results: Path
    deadline_s: float | None = None  # default: the largest site's `inspector run` default
    job: JobOptions = field(default_factory=JobOptions)
    timing: Timing = field(default_factory=Timing)
    grace_s: float = GRACE_S
    poll_s: float = POLL_S


def fleet_deadline(sites: dict[str, list[Host]], workers: int) -> float:
    return max(default_deadline(len(hosts), workers) for hosts in sites.values())


@dataclass
class _Waiting:
    jobs: list[Job]
    places: dict[str, JobPlace]
    until: float
    unsent: list[Job]
    broker_id: str | None = None
    checked: float = 0.0
    failed: dict[str, FailedJob] = field(default_factory=dict)  # job id -> failure receipt
    sent: set[str] = field(default_factory=set)  # job ids the broker took at least once
    grace_s: float = 0.0  # the part of `until` past the deadline, for files to land

    def over(self, delivered: dict[str, Receipt]) -> bool:
        """Whether the wait is over: every job settled, `until` passed, or the deadline
        passed with nothing left that was ever sent (no file can land: no grace)."""
        pending = [j.job for j in self.jobs if j.job not in delivered and j.job not in self.failed]
        now = time.time()
        return (not pending or now >= self.until
                or (now >= self.until - self.grace_s and not self.sent.intersection(pending)))

    def took(self, tried: list[Job], unsent: list[Job]) -> None:
        """Note which of `tried` were sent (those not in `unsent`)."""
        left = {j.job for j in unsent}
        self.sent.update(j.job for j in tried if j.job not in left)


def _look_for_restart(broker: Broker, state: _Waiting,
                      delivered: dict[str, Receipt]) -> None:
    """Send again what was not sent, and what a restarted broker may have lost."""
    now = time.monotonic()
    if now - state.checked < BROKER_CHECK_S:
        return
    state.checked = now
    identity = broker.identity()
    pending = [j for j in state.jobs if j.job not in delivered]
    if identity is not None and state.broker_id is not None and identity != state.broker_id:
        log.info("the broker restarted: sending the %d jobs not delivered again",
                 len(pending))
        state.unsent = pending
    if identity is not None:
        state.broker_id = identity
    if state.unsent:
        tried = [j for j in state.unsent if j.job not in delivered and j.job not in state.failed]
        state.unsent = broker.send(tried)
        state.took(tried, state.unsent)


def wait_for_sites(broker: Broker, state: _Waiting,
                   on_site: SiteDone | None = None) -> dict[str, Receipt]:
    """job id -> receipt of every job delivered by `state.until` (POSIX time)."""
    delivered: dict[str, Receipt] = {}
    while True:
        for job in state.jobs:
            if job.job not in delivered:
                receipt = state.places[job.job].delivered()
                if receipt is not None:
                    delivered[job.job] = receipt
                    state.failed.pop(job.job, None)  # a delivery counts over a failure
                    if on_site is not None:
                        on_site(job, receipt)
        _read_failures(broker, state, delivered, on_site)
        if state.over(delivered):
            return delivered
        _look_for_restart(broker, state, delivered)
        time.sleep(max(0.05, min(POLL_S, state.until - time.time())))


def _read_failures(broker: Broker, state: _Waiting, delivered: dict[str, Receipt],
                   on_site: SiteDone | None) -> None:
    """Settle the jobs whose worker left a failure receipt."""
    pending = [j for j in state.jobs if j.job not in delivered and j.job not in state.failed
               and j.job in state.sent]
    found = broker.failures([j.job for j in pending]) if pending else {}
    for job in pending:
        if job.job in found:
            state.failed[job.job] = found[job.job]
            if on_site is not None:
                on_site(job, found[job.job])


def _site_recordings(place: JobPlace, receipt: Receipt) -> dict[str, DeviceRecording]:
    bundle = place.run_folder(receipt) / "bundle"
    return {rec.device.name: rec for rec in read_bundle(bundle)}


@dataclass
class Undelivered:
    """Why the jobs without a delivery have none."""

    failed: dict[str, FailedJob] = field(default_factory=dict)
    never_sent: set[str] = field(default_factory=set)  # job ids the broker never took
    broker: str = ""  # the broker's URL, password masked

    def reason(self, job: Job, online: set[str], deadline_s: float) -> str:
        failed = self.failed.get(job.job)
        if failed is not None:
            return FAILED.format(site=job.site, worker=failed.worker, error=failed.error)
        if job.job in self.never_sent:
            return BROKER_AWAY.format(broker=self.broker)
        return (LATE if job.site in online else OFFLINE).format(site=job.site,
                                                                seconds=deadline_s)


def merge(jobs: list[Job], delivered: dict[str, Receipt], places: dict[str, JobPlace],
          online: set[str], deadline_s: float, undelivered: Undelivered | None = None
          ) -> tuple[list[DeviceRecording], bool]:
    """Every device of every job, in the jobs' order: as its site recorded it, or not
    reached with the reason; and whether the run is complete (every site delivered
    everything)."""
    why = undelivered or Undelivered()
    recordings: list[DeviceRecording] = []
    complete = True
    for job in jobs:
        receipt = delivered.get(job.job)
        found: dict[str, DeviceRecording] = {}
        reason = why.reason(job, online, deadline_s)
        if receipt is not None:
            try:
                found = _site_recordings(places[job.job], receipt)
            except BundleError as exc:
                reason = UNREADABLE.format(site=job.site, error=exc)
        complete = complete and receipt is not None and receipt.complete and bool(found)
        for host in job.hosts:
            recordings.append(found.get(host.name)
                              or DeviceRecording(device=host.device(), error=reason))
    return recordings, complete


def _online_sites(broker: Broker) -> set[str]:
    """The sites with a worker answering now; none when the broker is away (asked only if
    it answers: Celery would retry for seconds)."""
    if not broker.answers():
        return set()
    try:
        return set(workers_by_site(broker.app))
    except Exception:  # noqa: BLE001 - the broker gone meanwhile: no site can be said online
        return set()


def _tell_missing(jobs: list[Job], delivered: dict[str, Receipt], why: Undelivered,
                  on_site: SiteDone | None) -> None:
    """Tell `on_site` of the jobs that ended without a delivery or a failure receipt."""
    if on_site is None:
        return
    for job in jobs:
        if job.job not in delivered and job.job not in why.failed:
            on_site(job, NotSent(why.broker) if job.job in why.never_sent else None)


def run_fleet(hosts: list[Host], source: str, out: Path, options: FleetOptions,
              checks: CheckSettings | None = None, run_id: str | None = None,
              on_site: SiteDone | None = None) -> RunOutput:
    """One fleet run over `hosts` (each with its `site`), written as one run folder under
    `out`. `source`: the inventory, as `inspector run` records it."""
    settings = checks or CheckSettings()
    sites = by_site(hosts, source)  # every mistake before anything is written or sent
    started = datetime.now(UTC)
    run_id, _ = runfolder.claim_run_folder(out, run_id, started, settings.history)
    run = Run(run_id=run_id, mode="live", started=started, source=source,
              tool_version=__version__, profile=options.job.profile)
    deadline_s = options.deadline_s or fleet_deadline(sites, options.job.workers)
    deadline_at = time.time() + deadline_s
    jobs = [Job(fleet_run=run_id, job=job_id(run_id, site), site=site, hosts=site_hosts,
                deadline_at=deadline_at, options=options.job)
            for site, site_hosts in sites.items()]
    if settings.history is not None:  # a central side killed now leaves an incomplete run
        settings.history.begin_run(run, out / safe_name(run_id))
    broker = Broker(options.broker, options.timing)
    try:
        identity = broker.identity()
        state = _Waiting(jobs, {j.job: JobPlace.of(options.results, j) for j in jobs},
                         deadline_at + options.grace_s, broker.send(jobs), identity,
                         grace_s=options.grace_s)
        state.took(jobs, state.unsent)
        delivered = wait_for_sites(broker, state, on_site)
        online = _online_sites(broker) if len(delivered) < len(jobs) else set()
    finally:
        broker.close()
    why = Undelivered(failed=state.failed, broker=shown_url(options.broker),
                      never_sent={j.job for j in jobs if j.job not in state.sent})
    _tell_missing(jobs, delivered, why, on_site)
    recordings, complete = merge(jobs, delivered, state.places, online, deadline_s, why)
    run.complete = complete
    return finish_run(run, recordings, out, settings)
