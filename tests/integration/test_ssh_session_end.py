"""A session ends as soon as its last command is answered: netmiko's check for
configuration mode on the way out (2 s of waiting for silence on a Huawei device, per
device) is skipped, since this tool never enters it."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.lab.sshserver import Lab, lab_devices
from inspector.transports.ssh import collect_device
from tests.integration.conftest import host_for


def test_every_platform_leaves_at_once_after_its_last_answer(
        serve: type[Lab], lab_password: str) -> None:
    chosen = {}
    for device in lab_devices(password=lab_password):
        chosen.setdefault(device.platform, device)
    serve(list(chosen.values())).start()
    for platform, device in chosen.items():
        rec = collect_device(host_for(device))
        left = datetime.now(UTC)
        assert rec.error is None and rec.captures, platform
        last_answer = max(c.ended for c in rec.captures if c.ended is not None)
        assert (left - last_answer).total_seconds() < 1.0, platform
