"""cisco_nxos and ruijie_os beside the other ways in: NX-OS through NAPALM keeps the guard of
its own platform, and the vendors' words pick the platforms."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.transports.guard import UnsafeCommandError
from inspector.transports.napalm import GUARDED, _guarded
from inspector.vocabulary import vendor_of


class _Connection:
    """What napalm's nxos_ssh driver holds: a netmiko connection (only what it sends)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_command(self, command: str, *args: Any, **kwargs: Any) -> str:
        self.sent.append(command)
        return ""


def test_napalm_nxos_ssh_is_guarded_by_the_nxos_platform() -> None:
    assert GUARDED["nxos_ssh"] == "cisco_nxos"
    connection = _Connection()
    _guarded(connection, GUARDED["nxos_ssh"])
    connection.send_command("show version")
    connection.send_command("show interface status")
    with pytest.raises(UnsafeCommandError):
        connection.send_command("copy running-config startup-config")
    assert connection.sent == ["show version", "show interface status"]


@pytest.mark.parametrize(("vendor", "model", "platform"), [
    ("思科", "N9K-C93180YC-FX", "cisco_nxos"),
    ("Cisco", "Nexus 7010", "cisco_nxos"),
    ("cisco systems", "N5K-C5548UP", "cisco_nxos"),
    ("思科", "WS-C2960X-48FPD-L", "cisco_ios"),
    ("思科", "", "cisco_ios"),
    ("锐捷", "S5750-28GT4XS-H", "ruijie_os"),
    ("锐捷网络股份有限公司", "", "ruijie_os"),
])
def test_vendor_and_model_pick_the_platform(vendor: str, model: str, platform: str) -> None:
    found = vendor_of(vendor)
    assert found is not None
    assert found.platform_for("network", model) == platform


def test_no_platform_for_a_kind_the_vendor_has_none_for() -> None:
    cisco = vendor_of("思科")
    assert cisco is not None
    assert cisco.platform_for("firewall", "N9K-C93180YC-FX") is None
