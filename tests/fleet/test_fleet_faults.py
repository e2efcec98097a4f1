"""Fleet runs against a real Redis, real worker processes and lab devices over real SSH:
a worker killed mid-job, a site with no worker, a job delivered twice, the broker restarted.
Each device of the inventory ends in the run exactly once, whatever happened."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from typer.testing import CliRunner

from inspector.cli import app as cli
from inspector.cli.results import exit_code
from inspector.fleet.broker import Broker
from inspector.fleet.central import FleetOptions, run_fleet
from inspector.fleet.delivery import JobPlace
from inspector.fleet.job import JobOptions, job_id
from inspector.lab.sshserver import Lab, LabDevice, clone, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import RunOutput
from inspector.store.bundle import read_bundle
from inspector.store.history import History
from tests.fleet.workers import TEST_LEASE_S, Workers, attempts, site_hosts, site_workers, wait_for
from tests.integration.conftest import PASSWORD, PASSWORD_ENV
from tests.services import RedisServer


@pytest.fixture(autouse=True)
def _lab_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # In this process (the lab) and in the workers started from it: never in a job.
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def _devices(prefix: str, count: int, latency_s: float = 0.0) -> list[LabDevice]:
    model = lab_devices(password=PASSWORD, names=["bj-core-c9300"])[0]
    devices = [clone(model, f"{prefix}-{n}") for n in range(count)]
    for device in devices:
        device.behaviour.latency_s = latency_s
    return devices


def _site(name: str) -> str:
    return f"{name}-{os.getpid()}"  # the session's Redis is shared: queues of this test only


# The workers of the tests sharing the session's Redis, started together once: a worker
# process takes seconds to start on a busy machine.
SITES = {"kill": 2, "here": 1, "twice": 1}


@pytest.fixture(scope="module")
def fleet(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    env = {**os.environ, PASSWORD_ENV: PASSWORD}
    with site_workers(redis_url, tmp_path_factory.mktemp("fleet"), env) as workers:
        for name, count in SITES.items():
            workers.start(_site(name), count, wait=False)
        for name, count in SITES.items():
            workers.wait_ready(_site(name), count)
        yield workers


class _Central:
    """`run_fleet` in a thread, so that the test can break things while it waits."""

    def __init__(self, **kwargs: Any) -> None:
        self.output: RunOutput | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, kwargs=kwargs, daemon=True)
        self._thread.start()

    def _run(self, **kwargs: Any) -> None:
        try:
            self.output = run_fleet(**kwargs)
        except BaseException as exc:  # noqa: BLE001 - given to the test
            self.error = exc

    def result(self, timeout: float = 90) -> RunOutput:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the central side did not end"
        if self.error is not None:
            raise self.error
        assert self.output is not None
        return self.output


def _options(broker: str, results: Path, deadline_s: float, **kwargs: Any) -> FleetOptions:
    return FleetOptions(broker=broker, results=results, deadline_s=deadline_s,
                        job=JobOptions(workers=8), **kwargs)


def _each_once(output: RunOutput, devices: list[LabDevice]) -> None:
    names = [d.device.name for d in output.run.devices]
    assert sorted(names) == sorted(d.name for d in devices)
    assert sorted(r.device.name for r in read_bundle(output.folder / "bundle")) == sorted(names)


def test_a_worker_killed_mid_job_has_its_job_redelivered_and_each_device_counted_once(
        tmp_path: Path, fleet: Workers) -> None:
    site = run_id = _site("kill")
    devices = _devices("kill", 3, latency_s=0.05)  # a job of about two seconds
    pair = fleet.of_site[site]
    with Lab(devices):
        running = _Central(hosts=site_hosts(devices, site), source="fleet.yaml",
                           out=tmp_path / "out", run_id=run_id,
                           options=_options(fleet.broker, fleet.results, 30))
        wait_for(lambda: attempts(fleet.results, run_id), 30, "a worker to start the job")
        first = attempts(fleet.results, run_id)[0]
        victim = next(p for p in pair if f"-{p.pid}-" in first.name)
        survivor = next(p for p in pair if p is not victim)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        output = running.result()
    _each_once(output, devices)
    assert all(d.status == DeviceStatus.COMPLETE for d in output.run.devices), fleet.logs()
    assert output.run.complete
    receipt = JobPlace(fleet.results, run_id, site, job_id(run_id, site)).delivered()
    assert receipt is not None
    assert receipt.worker.endswith(f"-{survivor.pid}")  # the redelivered job's worker
    assert first.exists()  # the dead attempt is left, and never read
    assert receipt.attempt != first.name


@contextmanager
def _monitor(url: str) -> Iterator[list[str]]:
    """Every command Redis receives meanwhile (MONITOR), as text."""
    seen: list[str] = []
    ready = threading.Event()
    end = f"end-of-monitor-{os.getpid()}"

    def watch() -> None:
        client = redis.Redis.from_url(url, socket_timeout=60)
        try:
            with client.monitor() as monitor:  # type: ignore[no-untyped-call]
                ready.set()
                while end not in (command := str(monitor.next_command()["command"])):
                    seen.append(command)
        finally:
            ready.set()
            client.close()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield seen
    finally:
        with redis.Redis.from_url(url, socket_timeout=5) as client:
            client.echo(end)
        thread.join(timeout=10)


_BODY = re.compile(r'body\\?"\s*:\s*\\?"([A-Za-z0-9+/=]{16,})')


def _job_bodies(commands: list[str]) -> list[str]:
    """The decoded bodies of the job messages among `commands`."""
    bodies = []
    for command in commands:
        for encoded in _BODY.findall(command):
            text = base64.b64decode(encoded).decode("utf-8")
            if '"fleet_run"' in text:
                bodies.append(text)
    return bodies


def test_a_site_without_a_worker_is_recorded_not_reached_and_no_secret_travels(
        tmp_path: Path, fleet: Workers) -> None:
    here, away = _site("here"), _site("away")
    near, far = _devices("here", 2), _devices("away", 2)
    with Lab(near + far), _monitor(fleet.broker) as commands:
        output = run_fleet(site_hosts(near, here) + site_hosts(far, away), "fleet.yaml",
                           tmp_path / "out", _options(fleet.broker, fleet.results, 5,
                                                      grace_s=0.5))
        status = CliRunner().invoke(cli, ["fleet", "status", "--broker", fleet.broker,
                                          "--json"])
    _each_once(output, near + far)
    by_name = {d.device.name: d for d in output.run.devices}
    for device in near:
        assert by_name[device.name].status == DeviceStatus.COMPLETE
    for device in far:
        result = by_name[device.name]
        assert result.status == DeviceStatus.UNREACHABLE
        assert result.reason == (f"not reached: no worker of site {away} was online "
                                 "(site worker offline)")
        mine = [f for f in output.run.findings if f.device == device.name]
        assert any(f.check_id == "collection.unreachable" and not f.passed for f in mine)
        # Never "healthy": every check of the device's state is not checked, with the cause.
        assert all(not f.passed and f.not_checked_reason for f in mine
                   if not f.check_id.startswith("collection."))
    assert not output.run.complete
    assert exit_code(output, "critical") == 2
    # The jobs went through Redis with the secret's reference, never the secret.
    bodies = _job_bodies(commands)
    assert {json.loads(b)[0][0]["site"] for b in bodies} == {here, away}
    assert all(f"env:{PASSWORD_ENV}" in body for body in bodies)
    assert not any(PASSWORD in command for command in commands)
    assert not any(PASSWORD in body for body in bodies)
    # `fleet status`: the worker of one site, the job left waiting for the other.
    assert status.exit_code == 0, status.output
    sites = {s["site"]: s for s in json.loads(status.stdout)["sites"]}
    assert len(sites[here]["workers"]) == 1
    assert sites[away]["workers"] == []
    assert sites[away]["queued"] == 1


def test_a_job_delivered_twice_is_collected_and_counted_once(
        tmp_path: Path, fleet: Workers, monkeypatch: pytest.MonkeyPatch) -> None:
    site = run_id = _site("twice")
    devices = _devices("twice", 2)
    send = Broker.send
    monkeypatch.setattr(Broker, "send", lambda self, jobs: send(self, jobs + jobs))
    with Lab(devices):
        output = run_fleet(site_hosts(devices, site), "fleet.yaml", tmp_path / "out",
                           _options(fleet.broker, fleet.results, 30), run_id=run_id)
        wait_for(lambda: f"job {job_id(run_id, site)}: already delivered" in fleet.logs(), 20,
                 "the second delivery to be refused")
        typed = {d.name: len(d.received) for d in devices}
    _each_once(output, devices)
    assert all(d.status == DeviceStatus.COMPLETE for d in output.run.devices)
    assert len(attempts(fleet.results, run_id)) == 1  # collected once
    # Nothing more was typed into the devices after the first collection.
    assert typed == {d.name: len(d.received) for d in devices}


def test_fleet_run_command_writes_one_run_report_and_history_row(
        tmp_path: Path, fleet: Workers) -> None:
    site = _site("here")
    devices = _devices("cli", 2)
    inventory = tmp_path / "fleet.yaml"
    with Lab(devices):
        inventory.write_text(json.dumps({
            "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                         "site": site, "transport": {"retries": 0}},
            "hosts": {d.name: {"host": "127.0.0.1", "platform": d.platform,
                               "transport": {"port": d.port}} for d in devices}}))
        result = CliRunner().invoke(cli, [
            "fleet", "run", str(inventory), "--broker", fleet.broker,
            "--results", str(fleet.results), "--out", str(tmp_path / "out"),
            "--deadline", "30s", "--format", "md", "--lang", "en", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert f"site {site}: results of 2 devices delivered" in result.output
    folders = [p for p in (tmp_path / "out").iterdir() if (p / "results.json").exists()]
    assert len(folders) == 1
    run = json.loads((folders[0] / "results.json").read_text())
    assert sorted(d["device"]["name"] for d in run["devices"]) == sorted(d.name for d in devices)
    assert list(folders[0].glob("*.md"))
    with History(tmp_path / "out" / "history.sqlite") as store:
        assert [r.run_id for r in store.runs()] == [run["run_id"]]


@pytest.mark.slow
def test_the_broker_restarted_mid_run_the_run_completes(
        tmp_path: Path, private_redis: RedisServer) -> None:
    site = _site("restart")
    devices = _devices("restart", 3, latency_s=0.1)
    with Lab(devices), site_workers(private_redis.url, tmp_path) as workers:
        workers.start(site, 1)
        running = _Central(hosts=site_hosts(devices, site), source="fleet.yaml",
                           out=tmp_path / "out",
                           options=_options(private_redis.url, workers.results, 60))
        wait_for(lambda: attempts(workers.results), 30, "the worker to start the job")
        private_redis.restart()  # in memory only: every queue and lease is gone
        output = running.result()
    _each_once(output, devices)
    assert all(d.status == DeviceStatus.COMPLETE for d in output.run.devices), workers.logs()
    assert output.run.complete


@pytest.mark.slow
def test_jobs_a_restarted_broker_forgot_are_sent_again(
        tmp_path: Path, private_redis: RedisServer) -> None:
    """The broker keeps its queues in memory: a job waiting in it when it restarts is gone,
    and the central side sends it again."""
    site = _site("forgot")
    devices = _devices("forgot", 2)
    queue = redis.Redis.from_url(private_redis.url, socket_timeout=5)
    with Lab(devices), site_workers(private_redis.url, tmp_path) as workers:
        running = _Central(hosts=site_hosts(devices, site), source="fleet.yaml",
                           out=tmp_path / "out",
                           options=_options(private_redis.url, workers.results, 60))
        wait_for(lambda: queue.llen(f"site.{site}") == 1, 10, "the job to be queued")
        private_redis.restart()
        assert queue.llen(f"site.{site}") == 0
        workers.start(site, 1)
        output = running.result()
    queue.close()
    _each_once(output, devices)
    assert all(d.status == DeviceStatus.COMPLETE for d in output.run.devices), workers.logs()
    assert output.run.complete


@pytest.mark.slow
def test_a_job_longer_than_the_lease_stays_with_its_living_worker(
        tmp_path: Path, redis_url: str) -> None:
    """The visibility timeout is short (seconds here); a worker renews its lease while it
    works, so an idle worker of the site never gets the job a second time."""
    site = run_id = _site("long")
    devices = _devices("long", 3, latency_s=0.15)  # several leases long
    with Lab(devices), site_workers(redis_url, tmp_path) as workers:
        workers.start(site, 2)
        started = time.monotonic()
        output = run_fleet(site_hosts(devices, site), "fleet.yaml", tmp_path / "out",
                           _options(redis_url, workers.results, 60), run_id=run_id)
        took = time.monotonic() - started
    _each_once(output, devices)
    assert took > 2 * TEST_LEASE_S, took  # the job did outlive its lease
    assert len(attempts(workers.results, run_id)) == 1, workers.logs()
    assert workers.logs().count("collect_site[") == 2  # received, succeeded: by one worker
