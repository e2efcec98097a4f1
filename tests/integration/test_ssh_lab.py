"""Real SSH: netmiko on one side, the simulated lab on the other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.inventory import Host, LinuxOptions
from inspector.lab.profiles import LAB_BUNDLE, profiles
from inspector.lab.sshserver import Behaviour, Lab, LabDevice, clone, lab_devices
from inspector.model import DeviceStatus, Run
from inspector.parsing.textclean import clean_output
from inspector.pipeline import collect, replay
from inspector.redact import redact
from inspector.runner import collect_all
from inspector.store.bundle import read_bundle
from inspector.transports.guard import SHELL_COMMANDS
from tests.integration.conftest import PASSWORD, host_for

# The optional commands (SMART through `sudo -n`) each lab Linux host's inventory permits.
PERMITS = {p.name: p.linux_permit for p, _ in profiles() if p.linux_permit}


def _one_per_platform(password: str) -> list:  # type: ignore[type-arg]
    chosen: dict[str, object] = {}
    for device in lab_devices(password=password):
        chosen.setdefault(device.platform, device)
    return list(chosen.values())


def _lab_host(device: LabDevice) -> Host:
    """The host as the lab's inventory has it (a Linux host with its `linux.permit`)."""
    host = host_for(device)
    if device.name in PERMITS:
        host = host.model_copy(update={"linux": LinuxOptions(permit=PERMITS[device.name])})
    return host


def _read_only(device: LabDevice, line: str) -> bool:
    """A line the lab saw typed (or run in an exec channel) that only reads or sets paging."""
    if device.platform == "linux":  # exact read-only lines, and the SMART reads permitted
        return line in SHELL_COMMANDS or line in {
            c.replace("sudo ", "sudo -n ", 1) for c in PERMITS.get(device.name, [])}
    return (line.split(maxsplit=1)[0] in ("show", "display", "dir", "terminal", "screen-length",
                                "compare", "quit", "exit", "return")
            # OceanStor's pager setting (a session setting the guard allows by its whole line).
            or line == "change cli more_enabled=no"
            # FortiOS: `get` prints state; only these `diagnose` lines read counters and the
            # alert console.
            or (device.platform == "fortinet_fortios"
                and (line.split(maxsplit=1)[0] == "get"
                     or line in ("diagnose sys session stat", "diagnose autoupdate versions",
                                 "diagnose alertconsole list"))))


def _snapshots(run: Run) -> dict[str, object]:
    return {d.device.name: d.snapshot.model_dump(exclude={"taken_at", "device"})
            for d in run.devices}


def test_ssh_collection_equals_the_recorded_lab(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    devices = lab_devices(password=lab_password)
    serve(devices).start()
    live = collect([_lab_host(d) for d in devices], tmp_path, workers=8, run_id="live").run
    recorded = Run.model_validate_json(
        (replay(LAB_BUNDLE, tmp_path, run_id="replay").folder / "results.json").read_text())
    assert {d.device.platform for d in live.devices} == {
        "cisco_ios", "huawei_vrp", "hp_comware", "inspur_cnos", "cisco_nxos", "ruijie_os",
        "huawei_oceanstor", "huawei_usg", "fortinet_fortios", "h3c_secpath", "linux"}
    assert _snapshots(live) == _snapshots(recorded)
    for device in devices:  # nothing but read-only and paging commands was ever typed
        assert device.received
        assert all(_read_only(device, line) for line in device.received), device.received


def test_fifty_devices_at_once_never_mix_outputs(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    templates = _one_per_platform(lab_password)
    devices = [clone(templates[i % len(templates)], f"node{i:03d}") for i in range(56)]
    for device in devices:  # a USG prints its hostname in none of these outputs: mark one
        if not any(device.name in o.lower() for o in device.outputs.values()):
            first = next(iter(device.outputs))
            device.outputs[first] += f"\n{device.name}\n"
    serve(devices).start()
    collection = collect_all([host_for(d) for d in devices], workers=50)
    assert not collection.interrupted
    for device, rec in zip(devices, collection.recordings, strict=True):
        assert rec.error is None, rec.error
        assert rec.device.name == device.name
        # Every capture is exactly this device's own answer (clones differ in the outputs
        # that carry their hostname, so a mix-up between clones would show).
        assert any(device.name in o.lower() for o in device.outputs.values())
        answered = [c for c in rec.captures if c.command in device.outputs]
        # (a FortiGate is asked 7 commands; SMART is read only where permitted)
        assert len(answered) >= min(10, len(device.outputs)), (device.name, len(answered))
        for capture in answered:  # (the others are the lab's "unknown command" errors)
            # A capture is redacted as it is taken (the configurations carry secrets).
            # A FortiGate pages (no per-session way to turn its pager off): the answered
            # `--More--` prompts are cleaned away as for parsing.
            expected = redact(device.outputs[capture.command])
            assert clean_output(capture.output).split() == expected.split(), \
                (device.name, capture.command)


@pytest.mark.parametrize(("behaviour", "status", "reason"), [
    (Behaviour(reject_password=True), DeviceStatus.UNREACHABLE, "authentication failed"),
    (Behaviour(hang=True), DeviceStatus.UNREACHABLE, "never showed a prompt"),
    (Behaviour(drop_after_commands=2), DeviceStatus.PARTIAL, "session"),
    (Behaviour(garbage=True), DeviceStatus.PARTIAL, "matched no record"),
])
def test_each_failure_is_a_recorded_result(
    tmp_path: Path, serve: type[Lab], lab_password: str,
    behaviour: Behaviour, status: DeviceStatus, reason: str,
) -> None:
    good, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    bad = clone(good, "faulty")
    bad.behaviour = behaviour
    serve([good, bad]).start()
    hosts = [host_for(good), host_for(bad, conn_timeout=2, read_timeout=3)]
    run = collect(hosts, tmp_path, workers=2, run_id="r").run
    results = {d.device.name: d for d in run.devices}
    assert results["bj-core-c9300"].status == DeviceStatus.COMPLETE
    assert results["faulty"].status in (status, DeviceStatus.FAILED)
    assert reason in results["faulty"].reason


def test_refused_connection_and_slow_device(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    slow, = lab_devices(password=lab_password, names=["sh-core-ce6881"])
    slow.behaviour = Behaviour(latency_s=0.3)
    serve([slow]).start()
    closed = clone(slow, "closed")
    closed.port = 1  # nothing listens there
    run = collect([host_for(slow), host_for(closed)], tmp_path, workers=2, run_id="r").run
    results = {d.device.name: d for d in run.devices}
    assert results["sh-core-ce6881"].status == DeviceStatus.COMPLETE
    assert results["closed"].status == DeviceStatus.UNREACHABLE
    assert "connection refused" in results["closed"].reason


def test_secrets_never_reach_the_run_folder(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    device, = lab_devices(password=lab_password, names=["sh-acc-s5735"])
    community = "Community-Canary-55aa"
    version = next(c for c in device.outputs if c == "display version")
    device.outputs[version] += (f"\n snmp-agent community read cipher {community}\n"
                                f" local-user admin password irreversible-cipher {PASSWORD}\n")
    serve([device]).start()
    output = collect([host_for(device)], tmp_path, workers=1, run_id="r",
                     record=tmp_path / "recorded")
    for path in [*output.folder.rglob("*"), *(tmp_path / "recorded").rglob("*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PASSWORD not in text, path
            assert community not in text, path


def test_record_then_replay_reproduces_the_run(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    devices = _one_per_platform(lab_password)
    serve(devices).start()
    live = collect([host_for(d) for d in devices], tmp_path / "out", workers=4, run_id="live",
                   record=tmp_path / "rec")
    again = replay(tmp_path / "rec", tmp_path / "out", run_id="again")
    assert _snapshots(live.run) == _snapshots(again.run)
    recorded = read_bundle(tmp_path / "rec")
    assert [[c.output for c in r.captures] for r in recorded] == [
        [c.output for c in r.captures] for r in read_bundle(again.folder / "bundle")]
    results = json.loads((again.folder / "results.json").read_text())
    assert results["mode"] == "replay"
    assert (live.folder / "commands.log").read_text().count("=====") >= sum(
        len(r.captures) for r in recorded)


def test_long_hostnames_are_not_cut(tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    """netmiko keeps only 16 characters of an IOS prompt; the reader must not wait for it."""
    device = clone(lab_devices(password=lab_password, names=["bj-core-c9300"])[0],
                   "bj-core-c9300-building-b-floor-3")
    serve([device]).start()
    run = collect([host_for(device, read_timeout=5)], tmp_path, workers=1, run_id="r").run
    assert run.devices[0].status == DeviceStatus.COMPLETE, run.devices[0].reason
    assert run.devices[0].snapshot.facts.data is not None
    assert run.devices[0].snapshot.facts.data.hostname == "BJ-CORE-C9300-BUILDING-B-FLOOR-3"
