"""The read-only guard for a Linux shell: exact commands only, no shell syntax, and sudo or
an optional command only where the inventory permits that very line."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from inspector.inventory import Host
from inspector.parsing.platforms import Platform, platforms
from inspector.transports.guard import (
    SHELL_COMMANDS,
    UnsafeCommandError,
    check_command,
    permitted_commands,
)

LINUX = platforms()["linux"]
PERMIT = ["sudo smartctl -H -A /dev/sda", "smartctl -H -A -d megaraid,2 /dev/sdb"]

REFUSED = [
    "reboot", "shutdown -h now", "rm -rf /", "cat /etc/shadow", "cat /proc/meminfo; reboot",
    "cat /proc/meminfo | sh", "df -P -T -B1 && reboot", "df -P -T -B1 || reboot",
    "cat /proc/meminfo > /tmp/x", "cat $(reboot)", "cat `reboot`", "uname -n\nreboot",
    "cat /proc/mem*", "cat ~/.ssh/id_rsa", "df  -P -T -B1", " uname -n", "uname -n ",
    "df -P -T -h", "dmesg -c", "dmesg --clear", "journalctl --vacuum-time=1d",
    "journalctl --rotate", "systemctl restart sshd", "systemctl --failed", "chronyc makestep",
    "timedatectl set-ntp true", "smartctl -t long /dev/sda", "smartctl -s on /dev/sda",
    "smartctl -H -A /dev/../etc/passwd", "sudo reboot", "sudo -n reboot", "sudo -S uname -n",
    "sudo -n -u root uname -n", "sudo uname -n", "sudo -n uname -n", "bash -c uname",
    "show version", "display version", "ipmitool chassis power off", "",
]


@pytest.mark.parametrize("command", SHELL_COMMANDS)
def test_every_base_command_passes_without_a_permit(command: str) -> None:
    assert check_command(LINUX, command) == command


@pytest.mark.parametrize("command", REFUSED)
def test_writes_shell_syntax_and_other_forms_are_refused(command: str) -> None:
    with pytest.raises(UnsafeCommandError, match="refused to send"):
        check_command(LINUX, command, PERMIT)


def test_an_optional_command_needs_the_inventory_to_permit_that_very_line() -> None:
    with pytest.raises(UnsafeCommandError, match=r"linux\.permit"):
        check_command(LINUX, "sudo -n smartctl -H -A /dev/sda")
    assert check_command(LINUX, "sudo -n smartctl -H -A /dev/sda", PERMIT)
    # Permitted with sudo is not permitted without, nor for another disk.
    with pytest.raises(UnsafeCommandError, match=r"linux\.permit"):
        check_command(LINUX, "smartctl -H -A /dev/sda", PERMIT)
    with pytest.raises(UnsafeCommandError, match=r"linux\.permit"):
        check_command(LINUX, "sudo -n smartctl -H -A /dev/sdc", PERMIT)
    assert check_command(LINUX, "smartctl -H -A -d megaraid,2 /dev/sdb", PERMIT)


def test_a_permit_cannot_widen_the_allow_list() -> None:
    for line in ("sudo cat /etc/shadow", "sudo reboot", "sudo smartctl -s on /dev/sda",
                 "sudo bash"):
        sent = permitted_commands([line])[0]
        with pytest.raises(UnsafeCommandError):
            check_command(LINUX, sent, [line])


def test_a_permitted_base_command_may_run_through_sudo() -> None:
    line = "sudo journalctl -k -p err --since=-31d --no-pager -o short-iso -n 500"
    sent, = permitted_commands([line])
    assert sent.startswith("sudo -n journalctl")
    assert check_command(LINUX, sent, [line]) == sent


def test_a_definition_that_lists_reboot_still_cannot_send_it() -> None:
    widened = Platform.model_validate({**LINUX.model_dump(),
                                       "read_only": [*LINUX.read_only, "reboot", "rm -rf /"]})
    for command in ("reboot", "rm -rf /"):
        with pytest.raises(UnsafeCommandError):
            check_command(widened, command, ["reboot", "rm -rf /"])


def test_a_definition_narrows_the_allow_list() -> None:
    narrowed = Platform.model_validate({**LINUX.model_dump(), "read_only": ["uname -n"]})
    assert check_command(narrowed, "uname -n")
    with pytest.raises(UnsafeCommandError, match="read_only"):
        check_command(narrowed, "uname -r")


def test_shell_commands_never_pass_on_a_network_platform() -> None:
    for command in ("cat /proc/meminfo", "uname -r", "df -P -T -B1"):
        with pytest.raises(UnsafeCommandError):
            check_command(platforms()["cisco_ios"], command)


def test_sudo_permits_are_sent_with_n_so_sudo_never_prompts() -> None:
    assert permitted_commands(["sudo  smartctl -H -A /dev/sda", "multipath -ll", " "]) == [
        "sudo -n smartctl -H -A /dev/sda", "multipath -ll"]


@pytest.mark.parametrize("line", ["smartctl -H -A /dev/sda; reboot", "uname -n | sh",
                                  "cat $(x)", "smartctl -H -A /dev/sda\nreboot"])
def test_an_inventory_permit_with_shell_syntax_is_refused_when_read(line: str) -> None:
    with pytest.raises(ValidationError, match=r"linux\.permit"):
        Host.model_validate({"name": "h", "host": "10.0.0.1", "platform": "linux",
                             "linux": {"permit": [line]}})


RAID_PERMIT = ["sudo storcli /call show", "sudo storcli /call/vall show",
               "sudo storcli /call/eall/sall show", "perccli /call show",
               "sudo ssacli ctrl all show status", "sudo ssacli ctrl all show config",
               "sudo multipath -ll"]
# What a permit of the RAID tools' show forms must never let through: their verbs that
# change the controller, other objects, and the same words with another argument.
RAID_REFUSED = [
    "sudo -n storcli /c0 set jbod=on", "sudo -n storcli /call/vall delete",
    "sudo -n storcli /c0/v0 delete force", "sudo -n storcli /c0/e252/s2 set offline",
    "sudo -n storcli /c0/e252/s2 start rebuild", "sudo -n storcli /call show all",
    "sudo -n storcli /c0 show", "sudo -n storcli /call/vall show all",
    "sudo -n storcli /call/fall import", "sudo -n storcli /call/eall/sall show;reboot",
    "sudo -n perccli /call/vall delete", "sudo -n perccli /c0 set alarm=off",
    "sudo -n ssacli ctrl slot=0 modify cacheratio=0/100",
    "sudo -n ssacli ctrl slot=0 ld 1 delete forced", "sudo -n ssacli ctrl all show",
    "sudo -n ssacli ctrl slot=0 create type=ld drives=allunassigned raid=0",
    "sudo -n ssacli ctrl all show config detail", "sudo -n ssacli",
    "sudo -n multipath -F", "sudo -n multipath -f mpatha", "sudo -n multipath -r",
    "sudo -n multipath -ll mpatha", "sudo -n multipath", "sudo -n multipathd show paths",
    "sudo storcli /call show", "storcli /call show",
]


@pytest.mark.parametrize("command", RAID_REFUSED)
def test_raid_tools_pass_only_their_exact_show_forms(command: str) -> None:
    with pytest.raises(UnsafeCommandError, match="refused to send"):
        check_command(LINUX, command, RAID_PERMIT)


def test_raid_tools_and_multipath_are_sent_only_as_permitted() -> None:
    for sent in permitted_commands(RAID_PERMIT):
        assert check_command(LINUX, sent, RAID_PERMIT) == sent
    # Not permitted at all, or permitted through sudo only: refused.
    for command in ("sudo -n perccli /call/vall show", "multipath -ll",
                    "ssacli ctrl all show config", "sudo -n perccli /call show"):
        with pytest.raises(UnsafeCommandError, match=r"linux\.permit"):
            check_command(LINUX, command, RAID_PERMIT)
    assert check_command(LINUX, "perccli /call show", RAID_PERMIT) == "perccli /call show"
