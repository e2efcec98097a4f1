"""NAPALM as a transport, through napalm's ios driver against the lab's IOS devices."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.inventory import NapalmOptions
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import DeviceStatus
from inspector.pipeline import collect, replay
from tests.integration.conftest import host_for

pytestmark = pytest.mark.filterwarnings(
    # napalm's junos driver (imported with napalm) uses pkg_resources / old-style names
    "ignore::DeprecationWarning", "ignore::UserWarning")


def test_ios_through_napalm_getters(tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    device, = lab_devices(password=lab_password, names=["bj-core-c9300"])
    serve([device]).start()
    host = host_for(device).model_copy(update={
        "platform": "napalm", "napalm": NapalmOptions(driver="ios")})
    output = collect([host], tmp_path, workers=1, run_id="n", record=tmp_path / "rec")
    result, = output.run.devices
    assert result.status == DeviceStatus.COMPLETE, result.reason
    snapshot = result.snapshot
    assert snapshot.facts.data is not None
    assert (snapshot.facts.data.serial, snapshot.facts.data.model) == ("FOC2418X1QK",
                                                                       "C9300-24UX")
    names = {i.name: i for i in snapshot.interfaces.data or []}
    assert names["TenGigabitEthernet1/0/5"].oper_up is False
    assert names["TenGigabitEthernet1/0/1"].in_errors == 0
    assert snapshot.memory.status == "ok" and snapshot.memory.data
    assert snapshot.memory.data[0].used_bytes == 412337640 + 6294296  # napalm sums pools
    assert snapshot.routes.status == "unsupported"
    # every command napalm sent went through the read-only guard
    assert all(line.split()[0] in ("show", "terminal", "exit") for line in device.received)
    again = replay(tmp_path / "rec", tmp_path, run_id="again")
    assert again.run.devices[0].snapshot.model_dump(exclude={"taken_at"}) == \
        snapshot.model_dump(exclude={"taken_at"})
