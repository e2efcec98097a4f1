"""Host keys: remembered on first use; a changed key fails the device before any password."""

from __future__ import annotations

from pathlib import Path

from inspector.inventory import Host
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
    assert replacement.password_attempts == 0


def _with_policy(host: Host, policy: str) -> Host:
    return host.model_copy(update={"transport": host.transport.model_copy(
        update={"host_keys": policy})})


def test_strict_refuses_an_unknown_device_and_accepts_a_known_one(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    device, = lab_devices(password=lab_password, names=["sh-core-ce6881"])
    serve([device]).start()
    host = host_for(device)
    refused = collect([_with_policy(host, "strict")], tmp_path, workers=1, run_id="a").run
    result = refused.devices[0]
    assert result.status == DeviceStatus.UNREACHABLE
    assert "not in" in result.reason and "strict" in result.reason
    assert device.password_attempts == 0  # refused inside the handshake, before login
    assert device.received == []
    assert not (tmp_path / "known_hosts").exists()  # strict never adds a key
    collect([host], tmp_path, workers=1, run_id="b")  # accept-new remembers it
    again = collect([_with_policy(host, "strict")], tmp_path, workers=1, run_id="c").run
    assert again.devices[0].status == DeviceStatus.COMPLETE


def test_off_remembers_nothing(tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    device, = lab_devices(password=lab_password, names=["gz-agg-s6520x"])
    serve([device]).start()
    run = collect([_with_policy(host_for(device), "off")], tmp_path, workers=1).run
    assert run.devices[0].status == DeviceStatus.COMPLETE
    assert not (tmp_path / "known_hosts").exists()


def test_a_line_removed_by_hand_is_honoured_in_the_same_process(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    """The store is read once per process, but re-read when the file changes: removing a
    changed device's line (what the refusal message says to do) works without a restart."""
    device, = lab_devices(password=lab_password, names=["gz-agg-s6520x"])
    lab = serve([device])
    lab.start()
    collect([host_for(device)], tmp_path, workers=1, run_id="one")
    lab.stop()
    replacement, = lab_devices(password=lab_password, names=["gz-agg-s6520x"])
    serve([replacement], base_port=device.port).start()
    refused = collect([host_for(replacement)], tmp_path, workers=1, run_id="two").run
    assert "changed" in refused.devices[0].reason
    (tmp_path / "known_hosts").write_text("", encoding="utf-8")  # the engineer's decision
    accepted = collect([host_for(replacement)], tmp_path, workers=1, run_id="three").run
    assert accepted.devices[0].status == DeviceStatus.COMPLETE
