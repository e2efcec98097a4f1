"""Real SSH to the lab's firewalls: a FortiGate (generic netmiko session, pager answered,
three `diagnose` reads and `show`) with an HA pair out of sync, an expired IPS contract and
a busy session table; a healthy Huawei USG HRP pair; an H3C SecPath RBM primary
(`RBM_P<...>` prompt) with an expired IPS update service and its session table near the
capacity its inventory gives. Each planted fault is found at its level; the healthy one
gives nothing above 四级; nothing but read-only commands reach any of them, and each
configuration is archived with its secrets masked."""

from __future__ import annotations

from pathlib import Path

from inspector.baseline import check_settings
from inspector.lab.profiles import lab_overrides
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus, FamilyStatus, Severity
from inspector.pipeline import collect
from inspector.redact import MASK
from tests.integration.conftest import host_for

FORTIGATE, USG, SECPATH = "bj-fw-fg600e", "sh-fw-usg6555e", "zj-fw-f1000"
FIREWALL_FAMILIES = ("facts", "cpu", "memory", "interfaces", "ha", "session_usage",
                     "licenses", "vpn_tunnels", "logs")


def test_firewall_faults_are_found_over_ssh(tmp_path: Path, serve: type[Lab],
                                            lab_password: str) -> None:
    devices = lab_devices(password=lab_password, names=(FORTIGATE, USG, SECPATH))
    serve(devices).start()
    # The lab's thresholds: the SecPath's session capacity, as demo.yaml gives it.
    checks = check_settings(None, None, out=tmp_path, history=None, no_history=True,
                            overrides=lab_overrides())
    run = collect([host_for(d) for d in devices], tmp_path, workers=3, run_id="fw",
                  checks=checks).run
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
    assert problems[(SECPATH, "firewall.licences")] == Severity.MAJOR  # IPS ended 2026-10-31
    assert problems[(SECPATH, "firewall.sessions")] == Severity.MAJOR  # 96.8% of 4 million
    secpath_ha = {f.check_id for f in run.findings if f.device == SECPATH and f.passed}
    assert {"firewall.ha_sync", "firewall.ha_standby", "firewall.vpn_tunnels"} <= secpath_ha
    above_info = {k: v for k, v in problems.items() if k[0] == USG and v != Severity.INFO}
    assert not above_info, above_info
    passed = {f.check_id for f in run.findings if f.device == USG and f.passed}
    assert {"firewall.ha_standby", "firewall.sessions", "firewall.licences",
            "firewall.vpn_tunnels"} <= passed
    fortigate = next(d for d in devices if d.name == FORTIGATE)
    # The pager was answered with a blank; every command line is a read.
    typed = [line for line in fortigate.received if line.strip()]
    assert all(line.split()[0] in ("get", "diagnose", "show", "exit", "quit")
               for line in typed), typed
    assert {line for line in typed if line.startswith(("diagnose", "show"))} == {
        "diagnose sys session stat", "diagnose autoupdate versions",
        "diagnose alertconsole list", "show"}
    for name in (USG, SECPATH):
        device = next(d for d in devices if d.name == name)
        assert all(line.split()[0] in ("display", "screen-length", "quit", "exit")
                   for line in device.received), device.received
    # Each configuration archived, its secrets masked.
    for name, secret in ((FORTIGATE, "SH2kQ3r8nW2v"), (USG, "v7Q2kR9mW4xT"),
                         (SECPATH, "$h$6$Zt9xW2qL")):
        kept = (tmp_path / "fw" / "configs" / f"{name}.cfg").read_text(encoding="utf-8")
        assert MASK in kept and secret not in kept
