"""Real HTTPS: the Redfish transport against the lab's BMCs (lab/redfish.py), and the `bmc`
platform choosing Redfish where it answers and IPMI (ipmi_sim) where it does not."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.baseline import check_settings
from inspector.cli.results import live
from inspector.inventory import Host
from inspector.lab.ipmisim import IpmiSim, missing_binaries
from inspector.lab.redfish import SESSIONS, RedfishBmc
from inspector.lab.redfish_tree import V1
from inspector.model import Finding, Severity
from inspector.parsing.builders import build_snapshot
from inspector.pipeline import replay
from inspector.transports import cutoff
from inspector.transports.redfish import collect_auto, collect_device

PASSWORD_ENV = "INSPECTOR_TEST_REDFISH_PASSWORD"  # noqa: S105 - a variable name
PASSWORD = "Rf-Canary-51c0a7"  # noqa: S105 - the lab BMC's made-up password


@pytest.fixture(scope="module")
def faulty() -> Iterator[RedfishBmc]:
    with RedfishBmc(profile="faulty", password=PASSWORD) as bmc:
        yield bmc


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return PASSWORD


def host_of(bmc: RedfishBmc, **redfish: Any) -> Host:
    (name, entry), = bmc.inventory_entry(f"env:{PASSWORD_ENV}").items()
    entry["redfish"] = {**entry["redfish"], **redfish}
    return Host.model_validate({"name": name, **entry})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_pinned_bmc_is_read_with_gets_and_its_session_deleted(
        faulty: RedfishBmc, password: str) -> None:
    faulty.requests.clear()
    recording = collect_device(host_of(faulty))
    assert recording.error is None
    assert recording.captures and all(c.error is None for c in recording.captures)
    methods = [m for m, _ in faulty.requests]
    assert set(methods) == {"GET", "POST", "DELETE"}
    assert methods.count("POST") == 1 and methods.count("DELETE") == 1
    assert [p for m, p in faulty.requests if m == "POST"] == [SESSIONS]
    assert faulty.sessions == {}  # deleted, not left open on the BMC
    # The log was paged (two entries a page) and every entry read.
    assert sum("$skip" in c.command for c in recording.captures) == 2
    texts = [c.output + (c.error or "") for c in recording.captures]
    assert not any(password in text for text in texts)
    snapshot = build_snapshot(host_of(faulty).device(), recording.captures)
    parts = {p.name: p for p in snapshot.storage.data or []}
    assert parts["LogicalDrive0"].running == "degraded"
    assert parts["Disk2"].failure_predicted is True
    assert len(snapshot.logs.data or []) == 5


def test_the_pages_of_a_collection_are_capped(faulty: RedfishBmc, password: str) -> None:
    recording = collect_device(host_of(faulty, max_pages=1))
    assert sum("$skip" in c.command for c in recording.captures) == 0
    snapshot = build_snapshot(host_of(faulty).device(), recording.captures)
    assert len(snapshot.logs.data or []) == 2


def test_a_certificate_that_does_not_match_the_pin_sends_no_password(
        faulty: RedfishBmc, password: str) -> None:
    faulty.requests.clear()
    recording = collect_device(host_of(faulty, fingerprint="AB" * 32))
    assert recording.error is not None and "no Redfish" in recording.error
    assert recording.captures == []
    assert faulty.requests == []  # the handshake failed: not one request, no password sent


def test_tls_is_verified_unless_told_otherwise(faulty: RedfishBmc, password: str) -> None:
    # The system's CAs do not know the BMC's self-signed certificate: refused.
    assert collect_device(host_of(faulty, fingerprint=None, retries=0)).error is not None
    # Its CA file (the certificate itself, for 127.0.0.1) is accepted, and so is `verify:
    # false` (a lab).
    assert collect_device(host_of(faulty, fingerprint=None,
                                  ca_file=str(faulty.cert_file))).error is None
    assert collect_device(host_of(faulty, fingerprint=None, verify=False)).error is None


def test_a_wrong_password_is_a_recorded_failure_not_a_fallback(
        faulty: RedfishBmc, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "not-the-password")
    recording = collect_auto(host_of(faulty).model_copy(update={"platform": "bmc"}))
    assert recording.error is not None and "no Redfish session" in recording.error
    assert recording.device.protocol == "redfish"  # IPMI was not tried
    assert "not-the-password" not in recording.error


def test_an_answer_past_the_bound_fails_only_that_request(password: str) -> None:
    with RedfishBmc(profile="healthy", password=PASSWORD) as bmc:
        path = f"{V1}/Systems/1/Processors/CPU1"
        bmc.resources[path] = {**bmc.resources[path], "Padding": "x" * 200_000}
        recording = collect_device(host_of(bmc, max_response_bytes=64 * 1024))
        failed = [c for c in recording.captures if c.error]
        assert [c.command for c in failed] == [f"GET {path}"]
        assert "bound" in (failed[0].error or "")
        assert bmc.sessions == {}


def test_the_auto_platform_speaks_redfish_where_it_answers(
        faulty: RedfishBmc, password: str) -> None:
    host = host_of(faulty).model_copy(update={"platform": "bmc"})
    recording = collect_auto(host)
    assert recording.error is None and recording.device.protocol == "redfish"
    snapshot = build_snapshot(recording.device, recording.captures)
    assert snapshot.memory_modules.data


@pytest.mark.skipif(bool(missing_binaries()),
                    reason=f"{', '.join(missing_binaries())} not installed")
def test_the_auto_platform_falls_back_to_ipmi_where_redfish_does_not_answer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with IpmiSim() as sim:
        monkeypatch.setenv("INSPECTOR_LAB_IPMI_PASSWORD", sim.password)
        (name, entry), = sim.inventory_entry().items()
        entry.update(platform="bmc", username=entry.get("username") or "admin",
                     redfish={"port": _free_port(), "timeout": 2, "retries": 0})
        host = Host.model_validate({"name": name, **entry})
        recording = collect_auto(host)
    assert recording.error is None and recording.device.protocol == "ipmi"
    assert all(c.command.startswith("ipmitool") for c in recording.captures)
    snapshot = build_snapshot(recording.device, recording.captures)
    assert snapshot.device.platform == "bmc"
    assert {s.name for s in snapshot.sensors.data or []} >= {"PSU1_Status"}


def _failing(findings: list[Finding], device: str) -> dict[str, Severity | None]:
    return {f.check_id: f.severity for f in findings
            if f.device == device and f.is_problem}


def test_every_planted_fault_is_found_at_its_level(tmp_path: Path, password: str) -> None:
    with RedfishBmc(name="srv-faulty", profile="faulty", password=PASSWORD) as bad, \
            RedfishBmc(name="srv-healthy", profile="healthy", password=PASSWORD) as good:
        hosts = [host_of(bad), host_of(good)]
        checks = check_settings(None, None, out=tmp_path, history=None, no_history=True)
        output = live(hosts, tmp_path, workers=2, run_id="rf", record=None, mode="live",
                      source="test", checks=checks)
    findings = output.run.findings
    assert _failing(findings, "srv-faulty") == {
        "server.raid_volume": Severity.MAJOR, "server.drives": Severity.MINOR,
        "server.memory": Severity.MAJOR, "server.sel_events": Severity.MAJOR}
    rollup = next(f for f in findings
                  if f.device == "srv-faulty" and f.check_id == "server.health_rollup")
    assert rollup.part_of is not None  # the same faults, counted once
    assert _failing(findings, "srv-healthy") == {}
    checked = {f.check_id for f in findings if f.device == "srv-healthy" and f.passed}
    assert {"server.raid_volume", "server.drives", "server.memory", "server.raid_controller",
            "server.health_rollup", "power.redundancy", "hardware.fan"} <= checked
    results = json.loads((tmp_path / "rf" / "results.json").read_text(encoding="utf-8"))
    assert PASSWORD not in json.dumps(results)
    # The recorded answers replay into the same verdicts, offline.
    again = replay(tmp_path / "rf" / "bundle", tmp_path / "replayed", "again", checks).run
    assert _failing(again.findings, "srv-faulty") == _failing(findings, "srv-faulty")


def test_the_runs_deadline_cuts_a_silent_bmc_at_once(password: str) -> None:
    with RedfishBmc(profile="healthy", password=PASSWORD) as bmc:
        memory = f"{V1}/Systems/1/Memory"
        bmc.delays[memory] = 30  # silent far past the deadline
        scope = cutoff.Scope()
        timer = threading.Timer(1.0, scope.cut, args=("the run's deadline of 1 s",))
        timer.start()
        started = time.monotonic()
        with cutoff.entered(scope):
            recording = collect_device(host_of(bmc, timeout=60, retries=0))
        timer.cancel()
        assert time.monotonic() - started < 10
    errors = {c.command: c.error for c in recording.captures if c.error}
    assert (errors[f"GET {memory}"] or "").startswith("cut short: the run's deadline")
    answered = [c for c in recording.captures if c.error is None]
    assert answered  # what came before the cut is kept
