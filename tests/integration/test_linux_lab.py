"""Linux hosts over real SSH exec channels: the lab's faulty RHEL host and healthy Kylin
host collected, parsed and checked; nothing outside the allow-list reaches them; a silent
host is cut by the run's scope."""

from __future__ import annotations

import threading
import time

import pytest

from inspector.checks import load_rules, run_checks
from inspector.inventory import Host, LinuxOptions
from inspector.lab.profiles import profiles
from inspector.lab.sshserver import Behaviour, Lab, LabDevice, lab_devices
from inspector.model import DeviceResult, DeviceStatus, FamilyStatus, Severity
from inspector.parsing.builders import build_snapshot
from inspector.transports import cutoff
from inspector.transports.guard import SHELL_COMMANDS
from inspector.transports.registry import collector_for
from tests.integration.conftest import PASSWORD, host_for

FAULTY, HEALTHY = "wh-web-rhel8", "wh-db-kylin10"
PERMITS = {p.name: p.linux_permit for p, _ in profiles() if p.platform == "linux"}


def _linux_host(device: LabDevice, permit: list[str] | None = None, **timeouts: float) -> Host:
    host = host_for(device, **timeouts)
    return host.model_copy(update={"linux": LinuxOptions.model_construct(
        permit=PERMITS[device.name] if permit is None else permit)})


@pytest.fixture
def linux_lab(serve: type[Lab], lab_password: str) -> Lab:
    return serve(lab_devices(password=PASSWORD, names=[FAULTY, HEALTHY])).start()


def _collect(lab: Lab, name: str, permit: list[str] | None = None) -> DeviceResult:
    device = next(d for d in lab.devices if d.name == name)
    recording = collector_for("linux")(_linux_host(device, permit), None)
    assert recording.error is None, recording.error
    snapshot = build_snapshot(recording.device, recording.captures)
    return DeviceResult(device=recording.device, snapshot=snapshot,
                        status=DeviceStatus.COMPLETE, reason="")


def test_the_faulty_host_is_collected_and_every_planted_fault_found(linux_lab: Lab) -> None:
    device = next(d for d in linux_lab.devices if d.name == FAULTY)
    recording = collector_for("linux")(_linux_host(device), None)
    assert recording.error is None
    assert all(c.error is None for c in recording.captures), recording.captures
    outputs = {c.command: c.output for c in recording.captures}
    assert outputs["cat /proc/mdstat"] == device.outputs["cat /proc/mdstat"]
    assert recording.device.ssh_algorithms["cipher"]
    snapshot = build_snapshot(recording.device, recording.captures)
    for family in ("facts", "os", "memory", "filesystems", "services", "logs", "ntp", "lag",
                   "storage"):
        assert snapshot.family(family).status is FamilyStatus.OK, family
    assert snapshot.device.kind == "server-os"
    result = DeviceResult(device=recording.device, snapshot=snapshot,
                          status=DeviceStatus.COMPLETE, reason="")
    findings = {f.check_id: f for f in run_checks([result], {FAULTY: outputs}, load_rules())}
    for check_id in ("os.filesystem_usage", "os.kernel_errors", "os.md_raid", "os.smart",
                     "os.bonds", "memory.utilization", "os.raid_volume"):
        assert findings[check_id].severity is Severity.MAJOR, findings[check_id]
        assert findings[check_id].evidence
    assert findings["os.failed_units"].severity is Severity.MINOR
    # The controller and its drives are read too, through sudo, and found without fault.
    assert "sudo -n storcli /call/eall/sall show" in outputs
    for check_id in ("os.raid_controller", "os.raid_disk"):
        assert findings[check_id].passed, findings[check_id]


def test_the_healthy_host_raises_nothing_above_info(linux_lab: Lab) -> None:
    result = _collect(linux_lab, HEALTHY)
    outputs: dict[str, dict[str, str]] = {HEALTHY: {}}
    findings = run_checks([result], outputs, load_rules())
    alarms = [(f.check_id, f.severity) for f in findings
              if f.severity not in (None, Severity.INFO)]
    assert not alarms
    assert next(f for f in findings if f.check_id == "os.filesystem_usage").passed
    # Its multipath paths are read through sudo and all active; it has no RAID controller
    # tool permitted: not applicable, never passed.
    assert next(f for f in findings if f.check_id == "os.multipath").passed
    unchecked = next(f for f in findings if f.check_id == "os.raid_volume")
    assert not unchecked.passed


def test_only_allow_listed_commands_reach_the_host(linux_lab: Lab) -> None:
    # A permit list that slipped past the inventory's validation (model_construct): the
    # guard still refuses every line of it that is not an exact read-only command.
    bad = ["sudo reboot", "sudo cat /etc/shadow", "smartctl -H -A /dev/sda; reboot",
           "sudo smartctl -s on /dev/sda", "sudo smartctl -H -A /dev/sda"]
    device = next(d for d in linux_lab.devices if d.name == HEALTHY)
    recording = collector_for("linux")(_linux_host(device, bad), None)
    refused = {c.command: c.error for c in recording.captures if c.error}
    assert set(refused) == {"sudo -n reboot", "sudo -n cat /etc/shadow",
                            "smartctl -H -A /dev/sda; reboot",
                            "sudo -n smartctl -s on /dev/sda"}
    assert all("refused to send" in (e or "") for e in refused.values())
    allowed = set(SHELL_COMMANDS) | {"sudo -n smartctl -H -A /dev/sda"}
    assert device.received and set(device.received) <= allowed
    # Not in the host's sudoers: sudo's own refusal, recorded as the output.
    sudo = next(c for c in recording.captures if c.command == "sudo -n smartctl -H -A /dev/sda")
    assert "a password is required" in sudo.output


def test_a_wrong_password_is_a_recorded_result(linux_lab: Lab) -> None:
    device = next(d for d in linux_lab.devices if d.name == HEALTHY)
    device.behaviour = Behaviour(reject_password=True)
    recording = collector_for("linux")(_linux_host(device), None)
    assert recording.error is not None and "authentication failed" in recording.error
    assert PASSWORD not in recording.error


def test_a_silent_host_is_cut_by_the_runs_scope(serve: type[Lab], lab_password: str) -> None:
    devices = lab_devices(password=PASSWORD, names=[HEALTHY])
    devices[0].behaviour = Behaviour(hang=True)
    lab = serve(devices).start()
    scope = cutoff.Scope()
    timer = threading.Timer(1.0, scope.cut, args=("the run's deadline of 1 s was reached",))
    started = time.monotonic()
    timer.start()
    with cutoff.entered(scope):
        recording = collector_for("linux")(_linux_host(lab.devices[0], read_timeout=60), None)
    timer.cancel()
    assert time.monotonic() - started < 15
    assert recording.captures and all(c.error for c in recording.captures)
    assert recording.captures[0].error.startswith("session lost")
