"""Devices behind an SSH jump host (bastion), reached with direct-tcpip forwarding."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.inventory import Transport
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect
from tests.integration.conftest import host_for

JUMP_ENV = "INSPECTOR_TEST_JUMP_PASSWORD"
CANARY = "Jump-Canary-3141"


def test_collection_through_a_bastion(
    tmp_path: Path, serve: type[Lab], lab_password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JUMP_ENV, CANARY)
    device, = lab_devices(password=lab_password, names=["sh-core-ce6881"])
    lab = serve([device], bastion_password=CANARY).start()
    direct = host_for(device)
    hosts = [
        direct.model_copy(update={"name": "via-bastion", "transport": Transport(
            port=device.port, retries=0, conn_timeout=5,
            jump_host=f"jump@127.0.0.1:{lab.bastion_port}", jump_password=f"env:{JUMP_ENV}")}),
        direct.model_copy(update={"name": "wrong-bastion-password", "transport": Transport(
            port=device.port, retries=0, conn_timeout=5,
            jump_host=f"nobody@127.0.0.1:{lab.bastion_port}", jump_password=f"env:{JUMP_ENV}")}),
    ]
    output = collect(hosts, tmp_path, workers=2, run_id="r")
    results = {d.device.name: d for d in output.run.devices}
    assert results["via-bastion"].status == DeviceStatus.COMPLETE, results["via-bastion"].reason
    assert results["via-bastion"].snapshot.facts.status == "ok"
    assert results["wrong-bastion-password"].status == DeviceStatus.UNREACHABLE
    assert "jump host" in results["wrong-bastion-password"].reason
    for path in output.folder.rglob("*"):
        if path.is_file():
            assert CANARY not in path.read_text(encoding="utf-8", errors="replace")
