"""Real SSH to the lab's Nexus and Ruijie switches, through netmiko's `cisco_nxos` and
`ruijie_os` drivers: every family the platform files declare comes back as recorded."""

from __future__ import annotations

from pathlib import Path

from inspector.lab.profiles import LAB_BUNDLE
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import FAMILY_NAMES, DeviceStatus, FamilyStatus, Run
from inspector.parsing.platforms import Unsupported, get_platform
from inspector.pipeline import collect, replay
from tests.integration.conftest import host_for

NAMES = ("sz-dc-n93180", "wh-acc-s5750")


def test_nexus_and_ruijie_are_collected_over_ssh_as_recorded(
        tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    devices = lab_devices(password=lab_password, names=NAMES)
    serve(devices).start()
    live = collect([host_for(d) for d in devices], tmp_path, workers=2, run_id="live").run
    recorded = Run.model_validate_json(
        (replay(LAB_BUNDLE, tmp_path, run_id="replay").folder / "results.json").read_text())
    assert {d.device.name: d.device.platform for d in live.devices} == {
        "sz-dc-n93180": "cisco_nxos", "wh-acc-s5750": "ruijie_os"}
    by_name = {d.device.name: d for d in recorded.devices}
    for result in live.devices:
        assert result.status == DeviceStatus.COMPLETE, result.error
        platform = get_platform(result.device.platform)
        for family in FAMILY_NAMES:
            got = result.snapshot.family(family)
            expected = FamilyStatus.UNSUPPORTED if isinstance(
                platform.families[family], Unsupported) else FamilyStatus.OK
            assert got.status == expected, (result.device.name, family, got.reason)
            assert got.model_dump()["data"] == \
                by_name[result.device.name].snapshot.family(family).model_dump()["data"]
    for device in devices:  # read-only and paging commands only, each typed in full
        assert all(line.split()[0] in ("show", "terminal", "quit", "exit")
                   for line in device.received), device.received
    facts = {d.device.name: d.snapshot.facts.data for d in live.devices}
    nexus, ruijie = facts["sz-dc-n93180"], facts["wh-acc-s5750"]
    assert nexus is not None and ruijie is not None
    assert (nexus.vendor, nexus.serial, nexus.os_version) == ("Cisco", "FDO24270Q1L", "9.3(11)")
    assert (ruijie.vendor, ruijie.model, ruijie.serial) == (
        "Ruijie", "S5750-28GT4XS-H", "G1RP20A002313")
