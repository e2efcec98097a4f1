"""Real SSH to the lab's firewalls: a FortiGate (generic netmiko session, pager answered,
two `diagnose` reads) with an HA pair out of sync, an expired IPS contract and a busy
session table, and a healthy Huawei USG HRP pair. Each planted fault is found at its level;
the healthy one gives nothing above 四级; nothing but read-only commands reach either."""

from __future__ import annotations

from pathlib import Path

from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus, FamilyStatus, Severity
from inspector.pipeline import collect
from tests.integration.conftest import host_for

FORTIGATE, USG = "bj-fw-fg600e", "sh-fw-usg6555e"
FIREWALL_FAMILIES = ("facts", "cpu", "memory", "interfaces", "ha", "session_usage",
                     "licenses", "vpn_tunnels")


def test_firewall_faults_are_found_over_ssh(tmp_path: Path, serve: type[Lab],
                                            lab_password: str) -> None:
    devices = lab_devices(password=lab_password, names=(FORTIGATE, USG))
    serve(devices).start()
    run = collect([host_for(d) for d in devices], tmp_path, workers=2, run_id="fw").run
    results = {r.device.name: r for r in run.devices}
    for name, result in results.items():
        assert result.status == DeviceStatus.COMPLETE, (name, result.reason)
        assert result.device.kind == "firewall"
        for family in FIREWALL_FAMILIES:
            got = result.snapshot.family(family)
            assert got.status == FamilyStatus.OK, (name, family, got.reason)
    problems = {(f.device, f.check_id): f.severity for f in run.findings if f.is_problem}
    assert problems[(FORTIGATE, "firewall.ha_sync")] == Severity.MAJOR
    assert problems[(FORTIGATE, "firewall.licences")] == Severity.MAJOR
    assert problems[(FORTIGATE, "firewall.sessions")] == Severity.MINOR
    above_info = {k: v for k, v in problems.items() if k[0] == USG and v != Severity.INFO}
    assert not above_info, above_info
    passed = {f.check_id for f in run.findings if f.device == USG and f.passed}
    assert {"firewall.ha_standby", "firewall.sessions", "firewall.licences",
            "firewall.vpn_tunnels"} <= passed
    fortigate = next(d for d in devices if d.name == FORTIGATE)
    # The pager was answered with a blank; every command line is a read.
    typed = [line for line in fortigate.received if line.strip()]
    assert all(line.split()[0] in ("get", "diagnose", "exit", "quit") for line in typed), typed
    assert {line for line in typed if line.startswith("diagnose")} == {
        "diagnose sys session stat", "diagnose autoupdate versions"}
    usg = next(d for d in devices if d.name == USG)
    assert all(line.split()[0] in ("display", "screen-length", "quit", "exit")
               for line in usg.received), usg.received
