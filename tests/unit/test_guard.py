"""The read-only guard: nothing that changes a device can be sent, whatever the data says."""

from __future__ import annotations

import pytest

from inspector.parsing.commands import is_template
from inspector.parsing.platforms import Platform, platforms
from inspector.transports.guard import (
    DANGEROUS,
    PAGING_COMMANDS,
    READ_ONLY_COMMANDS,
    READ_ONLY_VERBS,
    SHELL_OPTIONAL,
    SHELL_PLATFORMS,
    UnsafeCommandError,
    check_command,
)

PLATFORMS = sorted(platforms())
REFUSED = [
    "reload", "reload in 5", "reboot", "reset saved-configuration", "system-view", "sys",
    "configure terminal", "conf t", "delete flash:/vrpcfg.zip", "format flash:",
    "write erase", "wr", "write memory", "undo info-center enable", "save", "copy run start",
    "clear counters", "debug all", "startup saved-configuration x.cfg", "shutdown",
    "show version\nreload", "show version; reload", "display version\r\nreboot",
    "show running-config > flash:x.txt", "show run | redirect flash:x", "show run | tee x",
    "sh ver", "dis cur", "terminal monitor", "screen-length 100", "",
    "compare configuration | include x",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("command", REFUSED)
def test_dangerous_commands_are_refused(platform: str, command: str) -> None:
    with pytest.raises(UnsafeCommandError, match="refused to send"):
        check_command(platforms()[platform], command)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("verb", DANGEROUS)
def test_every_listed_dangerous_verb_is_refused(platform: str, verb: str) -> None:
    with pytest.raises(UnsafeCommandError):
        check_command(platforms()[platform], f"{verb} all")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_definition_command_passes_the_guard(platform: str) -> None:
    definition = platforms()[platform]
    for command in [*definition.commands(), *definition.paging.disable]:
        if platform in SHELL_PLATFORMS and (is_template(command) or command.startswith("sudo")
                                            or command in SHELL_OPTIONAL):
            continue  # sent only where an inventory permits it (tests/unit/test_linux_guard.py)
        assert check_command(definition, command) == command


@pytest.mark.parametrize("platform", PLATFORMS)
def test_definitions_narrow_but_never_widen_the_allow_list(platform: str) -> None:
    known = {*READ_ONLY_VERBS, *(c.lower() for c in READ_ONLY_COMMANDS),
             *(" ".join(c.split()[:2]) for c in PAGING_COMMANDS),
             *(c.split()[0] for c in PAGING_COMMANDS)}
    for entry in platforms()[platform].read_only:
        assert entry.lower() in known, f"{platform}: read_only entry {entry!r}"


def test_a_definition_that_lists_reload_still_cannot_send_it() -> None:
    base = platforms()["cisco_ios"]
    widened = Platform.model_validate({**base.model_dump(), "read_only": ["show", "reload"]})
    with pytest.raises(UnsafeCommandError, match="reload"):
        check_command(widened, "reload")


def test_read_only_filters_are_allowed() -> None:
    cisco = platforms()["cisco_ios"]
    assert check_command(cisco, "show running-config | include hostname")
    assert check_command(cisco, "show logging | begin Log Buffer")


IPMITOOL_WRITES = [
    "ipmitool chassis power off", "ipmitool chassis power reset", "ipmitool sel clear",
    "ipmitool mc reset cold", "ipmitool raw 0x00 0x02 0x00", "ipmitool lan set 1 ipsrc dhcp",
    "ipmitool user set password 2 x", "ipmitool chassis bootdev pxe", "ipmitool sdr elist all",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("command", IPMITOOL_WRITES)
def test_ipmitool_subcommands_outside_the_allow_list_are_refused(platform: str,
                                                                 command: str) -> None:
    with pytest.raises(UnsafeCommandError, match="ipmitool"):
        check_command(platforms()[platform], command)


def test_ipmitool_read_commands_pass_only_where_the_platform_lists_them() -> None:
    assert check_command(platforms()["ipmi"], "ipmitool sensor list") == "ipmitool sensor list"
    with pytest.raises(UnsafeCommandError):
        check_command(platforms()["cisco_ios"], "ipmitool sensor list")
    with pytest.raises(UnsafeCommandError):
        check_command(platforms()["ipmi"], "ipmitool sensor list | include FAN")
