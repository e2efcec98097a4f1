"""A site worker: `inspector fleet worker --site SITE`.

A Celery worker consuming only `site.SITE`, one job at a time. A job is collected exactly as
`inspector run` collects (pipeline.collect: same transports, guard, deadline, redaction), with
the secrets resolved here from the job's references, into a fresh attempt folder of the
results location; the attempt then becomes the job's delivery (delivery.py). The attempt's
results.json is checked with the built-in rules, for reading at the site: the run's findings
are those the central side makes. A secret that cannot be resolved here is its device's
recorded result, naming the reference. A job already delivered is not collected again; a
job past its deadline is not started (the central side records its devices as not reached).
A job that raises (a full disk, a bug) is acknowledged and leaves a failure receipt
(failure.py): the central side records its devices as failed at once.

One worker may serve several sites (`--site A --site B`: a collector on a jump host that
reaches several customers' networks): it consumes each site's queue, still one job at a time.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.errors import ConfigurationError
from inspector.fleet.delivery import JobPlace, worker_name
from inspector.fleet.failure import FailedJob, error_text, report_failure
from inspector.fleet.job import Job, Receipt
from inspector.fleet.lease import Lease
from inspector.fleet.settings import TASK_NAME, Timing, make_app, queue_name, valid_site
from inspector.inventory import Host
from inspector.pipeline import KNOWN_HOSTS, CheckSettings, collect
from inspector.store.bundle import safe_name

log = logging.getLogger("inspector.fleet")

# Kept from the deadline to write the site's results: the bundle and results.json of a
# large site take seconds on a shared folder. A fifth of a short deadline at most.
WRITE_MARGIN_S = 15.0


@dataclass(frozen=True)
class WorkerConfig:
    sites: tuple[str, ...]  # the sites whose queues this worker consumes
    broker: str
    results: Path  # the shared results location
    spool: Path  # this worker's own state: SSH known_hosts
    timing: Timing = field(default_factory=Timing)


def _margin(remaining_s: float) -> float:
    return min(WRITE_MARGIN_S, remaining_s / 5)


def _local(host: Host, spool: Path) -> Host:
    """The host with this worker's known_hosts unless the inventory names one."""
    if host.transport.known_hosts is not None:
        return host
    return host.model_copy(update={"transport": host.transport.model_copy(
        update={"known_hosts": spool / KNOWN_HOSTS})})


def _skipped(job: Job, why: str) -> dict[str, Any]:
    log.info("job %s: %s", job.job, why)
    return {"fleet_run": job.fleet_run, "job": job.job, "site": job.site, "skipped": why}


def run_job(payload: Any, config: WorkerConfig, task_id: str | None = None) -> dict[str, Any]:
    """Collect one job and deliver its results; the receipt (or why nothing was done)."""
    job = Job.model_validate(payload)
    if job.site not in config.sites:  # a queue shared by mistake: never collect another site
        return _skipped(job, f"for site {job.site}, not this worker's "
                             f"{', '.join(config.sites)}")
    place = JobPlace.of(config.results, job)
    if place.delivered() is not None:
        return _skipped(job, "already delivered")  # a duplicate delivery
    remaining = job.deadline_at - time.time()
    if remaining <= 1:
        return _skipped(job, "past its deadline")
    try:
        return _deliver(job, place, remaining, config, task_id)
    except Exception as exc:  # noqa: BLE001 - any failure is the job's receipt, not a loss
        return _failed(job, exc, config)


def _failed(job: Job, exc: Exception, config: WorkerConfig) -> dict[str, Any]:
    """Leave the failure receipt of a job that raised; what the task returns."""
    failed = FailedJob(fleet_run=job.fleet_run, job=job.job, site=job.site,
                       worker=worker_name(), error=error_text(exc), at=datetime.now(UTC))
    # The frames, and the message masked: a message may quote a secret, a frame does not.
    log.error("job %s failed: %s\n%s", job.job, failed.error,
              "".join(traceback.format_tb(exc.__traceback__)))
    left = report_failure(config.broker, failed, job.deadline_at,
                          config.timing.socket_timeout_s)
    return {**failed.model_dump(mode="json"), "receipt_left": left}


def _deliver(job: Job, place: JobPlace, remaining: float, config: WorkerConfig,
             task_id: str | None) -> dict[str, Any]:
    """Collect the job into a new attempt and make it the job's delivery."""
    attempt = place.new_attempt()
    started = datetime.now(UTC)
    with Lease(config.broker, task_id, config.timing):
        output = collect([_local(h, config.spool) for h in job.hosts], attempt,
                         workers=job.options.workers, run_id=safe_name(job.job), mode="live",
                         source=f"fleet {job.fleet_run} site {job.site}",
                         checks=CheckSettings(), profile=job.options.profile,
                         deadline_s=remaining - _margin(remaining),
                         processes=job.options.processes)
    receipt = Receipt(fleet_run=job.fleet_run, job=job.job, site=job.site,
                      attempt=attempt.name, run_folder=output.folder.name,
                      worker=worker_name(), devices=len(output.run.devices),
                      complete=output.run.complete, started=started,
                      ended=datetime.now(UTC))
    if not place.commit(attempt, receipt):
        return _skipped(job, "delivered meanwhile by another worker")
    log.info("job %s delivered: %d devices", job.job, receipt.devices)
    return receipt.model_dump(mode="json")


def build_app(config: WorkerConfig) -> Any:
    """The Celery application of this worker, with its one task registered."""
    app = make_app(config.broker, config.timing)

    @app.task(name=TASK_NAME, bind=True)  # type: ignore[untyped-decorator]
    def collect_site(self: Any, payload: Any) -> dict[str, Any]:
        return run_job(payload, config, self.request.id)

    return app


def _host_label(sites: tuple[str, ...]) -> str:
    """The first site, and how many more: a worker's name stays short with many sites."""
    more = f"+{len(sites) - 1}" if len(sites) > 1 else ""
    return f"{safe_name(sites[0])}{more}"


def start_worker(config: WorkerConfig, loglevel: str = "INFO") -> None:
    """Run the worker until it is stopped (SIGTERM: once the job under way is delivered;
    a second SIGTERM or SIGQUIT: at once, the job going back to the site's queue)."""
    if not config.sites:
        raise ConfigurationError("a worker serves at least one site: give --site SITE")
    for site in config.sites:
        valid_site(site)
    config.results.mkdir(parents=True, exist_ok=True, mode=0o700)
    config.spool.mkdir(parents=True, exist_ok=True, mode=0o700)
    app = build_app(config)
    # Threads, one: a job is parallel inside (its own sessions and processes), and a thread
    # leaves the worker's main loop free to answer `fleet status` while a job runs.
    # One job at a time whatever the number of sites: a job of each site would compete for
    # the same machine, and the other workers of a site take its jobs meanwhile.
    worker = app.Worker(
        queues=[queue_name(site) for site in config.sites], pool="threads", concurrency=1,
        hostname=f"{_host_label(config.sites)}-{os.getpid()}@{socket.gethostname()}",
        loglevel=loglevel, without_mingle=True, without_gossip=True, without_heartbeat=True,
        optimization="fair")
    worker.start()
