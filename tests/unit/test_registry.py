"""One registry of transports, and the inventory's `platform:` word resolved into a
transport and an OS in one place."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inspector.access import AUTODETECT, PLATFORM_TRANSPORTS, SSH, Access, access
from inspector.inventory import known_platforms
from inspector.parsing.builders import SNAPSHOT_BUILDERS
from inspector.parsing.platforms import platforms
from inspector.transports import ipmi, snmp, ssh
from inspector.transports.registry import TRANSPORTS, collector_for, transport_for
from inspector.vocabulary import NAMED_PLATFORMS


def test_the_light_list_names_every_registered_transport() -> None:
    # access.py is what the inventory reads without loading a transport: the two agree.
    assert set(TRANSPORTS) == {SSH, *PLATFORM_TRANSPORTS}
    assert {*PLATFORM_TRANSPORTS, AUTODETECT} == NAMED_PLATFORMS


@pytest.mark.parametrize("name", sorted(PLATFORM_TRANSPORTS))
def test_a_transport_either_builds_its_snapshot_or_names_a_definition(name: str) -> None:
    os_name = PLATFORM_TRANSPORTS[name]
    assert (name in SNAPSHOT_BUILDERS) == (os_name is None)
    assert os_name is None or os_name in platforms()


def test_every_snapshot_builder_is_a_registered_transport() -> None:
    assert set(SNAPSHOT_BUILDERS) <= set(TRANSPORTS)


def test_a_parsing_process_loads_no_transport() -> None:
    # The processes that parse a large run import parsing/device.py only: no SSH, SNMP or
    # HTTP library, no report or history code (their imports cost a second a process).
    code = ("import sys; import inspector.parsing.device; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pysnmp', 'paramiko', 'asyncssh', 'netmiko', 'openpyxl', 'alembic', 'jinja2')"
            " or m.startswith(('inspector.transports', 'inspector.report', "
            "'inspector.store.history'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_a_platform_word_resolves_to_transport_and_os() -> None:
    assert access("huawei_vrp") == Access(transport="ssh", os="huawei_vrp")
    assert access(AUTODETECT) == Access(transport="ssh", os=AUTODETECT)
    assert access("ipmi") == Access(transport="ipmi", os="ipmi")
    assert access("snmp") == Access(transport="snmp", os=None)
    assert transport_for("cisco_ios") is TRANSPORTS["ssh"]
    assert collector_for("hp_comware") is ssh.collect_device
    assert collector_for("snmp") is snmp.collect_device
    assert collector_for("ipmi") is ipmi.collect_device


def test_the_inventory_knows_definitions_and_named_transports() -> None:
    assert known_platforms() == set(platforms()) | set(PLATFORM_TRANSPORTS)
    assert SSH not in known_platforms()  # `platform: ssh` says nothing about the OS
