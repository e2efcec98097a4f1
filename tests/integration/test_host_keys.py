"""Host keys: remembered on first use; a changed key fails the device before any password."""

from __future__ import annotations

from pathlib import Path

from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
from tests.integration.conftest import host_for


def test_trust_on_first_use_then_refuse_a_changed_key(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    device, = lab_devices(password=lab_password, names=["gz-agg-s6520x"])
    first_lab = serve([device])
    first_lab.start()
    first = collect([host_for(device)], tmp_path, workers=1, run_id="one").run
    assert first.devices[0].status == DeviceStatus.COMPLETE
    known = (tmp_path / "known_hosts").read_text(encoding="utf-8")
    assert f"[127.0.0.1]:{device.port}" in known
    again = collect([host_for(device)], tmp_path, workers=1, run_id="two").run
    assert again.devices[0].status == DeviceStatus.COMPLETE  # same key: fine
    first_lab.stop()
    # the "same device" comes back with another key (the lab makes a new one per start)
    replacement, = lab_devices(password=lab_password, names=["gz-agg-s6520x"])
    serve([replacement], base_port=device.port).start()
    received_before = list(replacement.received)
    third = collect([host_for(replacement)], tmp_path, workers=1, run_id="three").run
    result = third.devices[0]
    assert result.status == DeviceStatus.UNREACHABLE
    assert "host key" in result.reason and "changed" in result.reason
    assert replacement.received == received_before  # never logged in, nothing typed
