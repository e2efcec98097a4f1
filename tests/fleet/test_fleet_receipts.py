"""A worker serving several sites, a job that fails inside its worker, and a broker that never
answers: real worker processes on a real Redis, lab devices over real SSH."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app as cli
from inspector.fleet.central import FleetOptions, run_fleet
from inspector.fleet.delivery import JobPlace
from inspector.fleet.job import JobOptions, job_id
from inspector.lab.sshserver import Lab, LabDevice, clone, lab_devices
from inspector.model import DeviceStatus
from inspector.store.bundle import safe_name
from tests.fleet.workers import site_hosts, site_workers
from tests.integration.conftest import PASSWORD, PASSWORD_ENV
from tests.services import free_port


@pytest.fixture(autouse=True)
def _lab_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def _devices(prefix: str, count: int) -> list[LabDevice]:
    model = lab_devices(password=PASSWORD, names=["bj-core-c9300"])[0]
    return [clone(model, f"{prefix}-{n}") for n in range(count)]


def _site(name: str) -> str:
    return f"{name}-{os.getpid()}"  # the session's Redis is shared: queues of this test only


def _options(broker: str, results: Path, deadline_s: float) -> FleetOptions:
    return FleetOptions(broker=broker, results=results, deadline_s=deadline_s,
                        job=JobOptions(workers=8), grace_s=1.0)


@pytest.mark.slow  # a worker started for this test alone: about ten seconds
def test_one_worker_serves_several_sites_and_is_listed_under_each(
        tmp_path: Path, redis_url: str) -> None:
    north, south = _site("north"), _site("south")
    near, far = _devices("north", 2), _devices("south", 2)
    run_id = _site("multi")
    with Lab(near + far), site_workers(redis_url, tmp_path) as workers:
        worker = workers.serve([north, south])
        status = CliRunner().invoke(cli, ["fleet", "status", "--broker", redis_url, "--json"])
        output = run_fleet(site_hosts(near, north) + site_hosts(far, south), "fleet.yaml",
                           tmp_path / "out", _options(redis_url, workers.results, 60),
                           run_id=run_id)
    assert status.exit_code == 0, status.output
    sites = {s["site"]: s for s in json.loads(status.stdout)["sites"]}
    assert sites[north]["workers"] == sites[south]["workers"]
    assert len(sites[north]["workers"]) == 1
    assert f"-{worker.pid}@" in sites[north]["workers"][0]
    names = sorted(d.device.name for d in output.run.devices)
    assert names == sorted(d.name for d in near + far)  # each device once
    assert all(d.status == DeviceStatus.COMPLETE for d in output.run.devices), workers.logs()
    for site in (north, south):
        receipt = JobPlace(workers.results, run_id, site, job_id(run_id, site)).delivered()
        assert receipt is not None
        assert receipt.worker.endswith(f"-{worker.pid}")


def test_a_job_that_fails_in_its_worker_is_recorded_failed_at_once(
        tmp_path: Path, redis_url: str) -> None:
    site = run_id = _site("fails")
    devices = _devices("fails", 2)
    deadline_s = 45.0
    with Lab(devices), site_workers(redis_url, tmp_path) as workers:
        workers.start(site, 1)
        # The run's results folder cannot be made: a file holds its name (a full or broken
        # share fails the same way, with an OSError while the job writes).
        workers.results.mkdir(parents=True, exist_ok=True)
        (workers.results / safe_name(run_id)).write_text("in the way\n")
        started = time.monotonic()
        output = run_fleet(site_hosts(devices, site), "fleet.yaml", tmp_path / "out",
                           _options(redis_url, workers.results, deadline_s), run_id=run_id)
        took = time.monotonic() - started
        logs = workers.logs()
    assert took < deadline_s / 2, (took, logs)  # not waited for until the deadline
    assert sorted(d.device.name for d in output.run.devices) == sorted(d.name for d in devices)
    for device in output.run.devices:
        assert device.status == DeviceStatus.UNREACHABLE
        assert device.reason.startswith(f"not inspected: the job of site {site} failed on "
                                        "worker "), device.reason
        assert "NotADirectoryError: [Errno 20] Not a directory" in device.reason
        assert PASSWORD not in device.reason
    assert not output.run.complete
    assert PASSWORD not in logs


def test_fleet_run_with_the_broker_unreachable_for_the_whole_run_says_so(
        tmp_path: Path) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    inventory = tmp_path / "fleet.yaml"
    inventory.write_text(json.dumps({
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "platform": "cisco_ios", "transport": {"retries": 0}},
        "hosts": {"sh-core": {"host": "127.0.0.1", "site": "SH"},
                  "bj-core": {"host": "127.0.0.1", "site": "BJ"}}}))
    started = time.monotonic()
    result = CliRunner().invoke(cli, [
        "fleet", "run", str(inventory), "--broker", closed, "--deadline", "2s",
        "--results", str(tmp_path / "results"), "--out", str(tmp_path / "out"),
        "--format", "md", "--lang", "en", "--fail-on", "none"])
    took = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert (f"the broker {closed} could not be reached during the whole run: no site "
            "received its job (broker unreachable)") in result.output
    assert "site worker offline" not in result.output
    assert took < 30, took  # the deadline, no grace: nothing was sent that could land
    [run] = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*/results.json")]
    reasons = {d["device"]["name"]: d["reason"] for d in run["devices"]}
    assert reasons == dict.fromkeys(
        ("sh-core", "bj-core"),
        f"not reached: the broker {closed} could not be reached during the run "
        "(broker unreachable)")
