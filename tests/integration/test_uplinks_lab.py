"""Stack links, MAD and dual uplinks over real SSH to the lab: an IRF whose MAD is not
configured (三级) with its IRF links down (二级), a switch with one of its two designed
uplinks down (二级), and the healthy IRF and iStack with MAD working found clean."""

from __future__ import annotations

from pathlib import Path

from inspector.baseline import check_settings
from inspector.expect import device_overrides
from inspector.inventory import Host
from inspector.lab.profiles import profiles
from inspector.lab.sshserver import Lab, LabDevice, lab_devices
from inspector.model import Finding, Severity
from inspector.pipeline import collect
from tests.integration.conftest import host_for

NAMES = ("gz-acc-s5130", "gz-agg-s6520x", "sh-acc-s5735", "cd-acc-s5350")


def _inspect(devices: list[LabDevice], out: Path) -> dict[tuple[str, str], Finding]:
    designed = {p.name: p.expect for p, _ in profiles()}
    hosts: list[Host] = [host_for(d).model_copy(update={"expect": designed.get(d.name)})
                         for d in devices]
    checks = check_settings(None, None, out=out, history=None, no_history=False,
                            overrides=device_overrides(hosts))
    findings = collect(hosts, out, workers=4, run_id="uplinks", checks=checks).run.findings
    return {(f.device, f.check_id): f for f in findings}


def test_mad_stack_links_and_dual_uplinks_over_ssh(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    devices = [d for d in lab_devices(password=lab_password) if d.name in NAMES]
    serve(devices).start()
    found = _inspect(devices, tmp_path)

    brain = found["gz-acc-s5130", "stack.split_brain"]
    assert brain.severity is Severity.MINOR and "LACP disabled" in (brain.observed or "")
    links = found["gz-acc-s5130", "stack.members"]
    assert links.severity is Severity.MAJOR
    assert {"Ten-GigabitEthernet1/0/27", "Ten-GigabitEthernet1/0/28"} <= {
        r.subject for r in links.readings if r.severity}

    uplinks = found["cd-acc-s5350", "uplinks.dual"]
    assert uplinks.severity is Severity.MAJOR
    assert {r.subject for r in uplinks.readings if r.severity} == {"eth-0-50"}
    assert uplinks.evidence

    for device in ("gz-agg-s6520x", "sh-acc-s5735"):
        assert found[device, "stack.split_brain"].passed, found[device, "stack.split_brain"]
    assert found["gz-agg-s6520x", "stack.members"].passed
