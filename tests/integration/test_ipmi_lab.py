"""Real IPMI: the collector runs ipmitool against ipmi_sim serving the lab BMC."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.inventory import Host
from inspector.lab.ipmisim import IpmiSim, missing_binaries
from inspector.parsing.builders import build_snapshot
from inspector.transports.ipmi import Result, collect_device, run_ipmitool

pytestmark = pytest.mark.skipif(
    bool(missing_binaries()),
    reason=f"{', '.join(missing_binaries())} not installed (apt-get install openipmi ipmitool)")


@pytest.fixture(scope="module")
def bmc() -> Iterator[IpmiSim]:
    with IpmiSim() as sim:
        yield sim


@pytest.fixture
def host(bmc: IpmiSim, monkeypatch: pytest.MonkeyPatch) -> Host:
    monkeypatch.setenv("INSPECTOR_LAB_IPMI_PASSWORD", bmc.password)
    name, raw = next(iter(bmc.inventory_entry().items()))
    return Host.model_validate({"name": name, **raw})


def test_the_lab_server_shows_its_failed_psu_and_ecc_events(host: Host) -> None:
    recording = collect_device(host)
    assert recording.error is None
    assert all(c.error is None for c in recording.captures)
    snapshot = build_snapshot(host.device(), recording.captures)
    facts = snapshot.facts.data
    assert facts is not None
    assert (facts.vendor, facts.model, facts.serial, facts.os_version) == \
        ("Inspur", "NF5280M6", "218093312", "4.23")
    sensors = {s.name: s for s in snapshot.sensors.data or []}
    assert sensors["PSU1_Status"].status == "critical"
    assert sensors["PSU0_Status"].status == "ok"
    assert sensors["System Power"].status == "ok"
    assert sensors["P12V"].value == pytest.approx(12.12)
    logs = snapshot.logs.data or []
    assert sum("Correctable ECC" in e.message for e in logs) == 5
    assert any("Failure detected" in e.message and e.severity == 2 for e in logs)
    psus = [i for i in snapshot.inventory.data or [] if i.kind == "psu"]
    assert [p.serial for p in psus] == ["2KMC23A01234", "2KMC23A01288"]


def test_the_password_never_shows_in_a_process_list(host: Host, bmc: IpmiSim) -> None:
    """While each ipmitool child runs, its /proc/<pid>/cmdline is read: no password."""
    seen: list[str] = []

    def watching(argv: list[str], env: dict[str, str], timeout: float) -> Result:
        process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cmdline = Path(f"/proc/{process.pid}/cmdline")
        while process.poll() is None:
            try:
                seen.append(cmdline.read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                break
            time.sleep(0.005)
        stdout, stderr = process.communicate(timeout=timeout)
        return Result(stdout.decode(), stderr.decode(), process.returncode)

    recording = collect_device(host, runner=watching)
    assert recording.error is None
    assert any("ipmitool" in line for line in seen), "no ipmitool child was observed"
    assert not [line for line in seen if bmc.password in line]
    assert all(bmc.password not in c.output for c in recording.captures)


def test_a_wrong_password_is_reported_not_retried(host: Host,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LAB_IPMI_PASSWORD", "wrong-password")
    calls: list[list[str]] = []

    def counting(argv: list[str], env: dict[str, str], timeout: float) -> Result:
        calls.append(argv)
        return run_ipmitool(argv, env, timeout)

    started = time.monotonic()
    recording = collect_device(host, runner=counting)
    assert recording.error is not None and "no IPMI session" in recording.error
    assert len(calls) == 1 and time.monotonic() - started < 10


def test_nothing_listening_is_unreachable_within_the_timeout(host: Host) -> None:
    silent = host.model_copy(update={"ipmi": host.ipmi.model_copy(  # type: ignore[union-attr]
        update={"port": 9, "timeout": 3, "retries": 0})})
    started = time.monotonic()
    recording = collect_device(silent)
    assert recording.error is not None
    assert time.monotonic() - started < 15


def test_a_fresh_state_dir_per_start() -> None:
    with IpmiSim() as first:
        state = first.state
        assert state is not None and (state / "ipmi_sim" / "nf5280m6" / "sel.20").is_file()
    assert not state.exists()
