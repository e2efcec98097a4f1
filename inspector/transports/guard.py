"""The read-only guard: the only way a command reaches a device's CLI.

A command passes only if it is a single line that starts with a read-only verb spelled in
full (`show`, `display`, `dir`) or is one of the paging commands, and any pipe filters only
(`| include`, `| exclude`, `| begin`, `| section`, `| count`). Abbreviations are refused
(`sh` could be read as `shutdown` on some CLIs, `sys` is `system-view`). Whole read-only
commands without such a verb (`compare configuration`, the ipmitool subcommands the IPMI
collector runs) pass only as exact matches listed in the platform's read_only. The allow-list is
code, not data: a platform definition may narrow it but never widen it, and nothing in an
inventory can change it.

A shell host (Linux, `check_shell_command`) gets exact command lines only: no shell syntax
at all, and an optional command (SMART, RAID controller tools, multipath) or `sudo -n` only
for a line its inventory permits (`linux.permit`) that is also one of the lines listed here.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from inspector.errors import InspectorError
from inspector.parsing.platforms import Platform

# `get` is FortiOS's verb for printing state (`get system status`); a platform must list it.
READ_ONLY_VERBS = ("show", "display", "dir", "get")
# ipmitool subcommands that only read from a BMC (the IPMI collector runs each as its own
# ipmitool process). Exact match only: `ipmitool chassis power off`, `sel clear`, `mc reset`,
# `raw`, `lan set`, `user set` and every other subcommand are refused.
IPMITOOL_COMMANDS = (
    "ipmitool sensor list", "ipmitool sdr elist full", "ipmitool sdr elist",
    "ipmitool sel elist", "ipmitool sel info", "ipmitool fru print", "ipmitool mc info",
    "ipmitool chassis status",
)
# A Linux host's shell (transports/linux.py), read through exec channels. Each command is a
# whole line matched exactly: no option, path or argument of another form ever passes, and
# no name read from a device is put into a command. Sent to every Linux host as the login
# user (none needs root; the journal needs the `systemd-journal` or `adm` group).
SHELL_COMMANDS = (
    "uname -n", "uname -r", "cat /etc/os-release", "cat /proc/uptime", "cat /proc/loadavg",
    "nproc", "cat /proc/meminfo", "df -P -T -B1", "df -P -T -i",
    "systemctl --failed --no-legend --plain",
    "journalctl -k -p err --since=-31d --no-pager -o short-iso -n 500",
    "dmesg --level=emerg,alert,crit,err",
    "chronyc tracking", "ntpq -pn", "timedatectl show",
    "grep -r . /proc/net/bonding", "cat /proc/mdstat",
    "rpm -qa --last", "ls -l --time-style=full-iso /var/lib/dpkg/status",
)
# Sent only to a host whose inventory permits each one (`linux.permit`), most through
# `sudo -n` (never a password prompt). A word in braces is filled from the inventory's
# line and must match SHELL_PLACEHOLDERS.
SHELL_OPTIONAL = (
    "smartctl -H -A {device}", "smartctl -H -A -d {smart_type} {device}",
    # RAID controllers: `show` of all controllers, their virtual drives and their physical
    # drives, the shortest forms that print state. Every other storcli/perccli object or
    # verb (`set`, `add`, `delete`, `start`, `/c0 show all` ...) and every other ssacli
    # command (`modify`, `create`, `delete`) is refused by the exact match.
    "storcli /call show", "storcli /call/vall show", "storcli /call/eall/sall show",
    "perccli /call show", "perccli /call/vall show", "perccli /call/eall/sall show",
    "ssacli ctrl all show status", "ssacli ctrl all show config",
    # Path states of device-mapper multipath; it asks multipathd, which wants root.
    "multipath -ll",
)
SHELL_PLACEHOLDERS = {
    "device": re.compile(r"/dev/[A-Za-z0-9][A-Za-z0-9_-]{0,31}(?:/[A-Za-z0-9_:.-]{1,96}){0,2}"),
    "smart_type": re.compile(r"[a-z]{2,10}(?:,\d{1,3})?"),
}
SHELL_PLATFORMS = ("linux",)
SUDO = "sudo -n"
# Anything but these characters is shell syntax (`;`, `|`, `&`, `$`, quotes, globs,
# redirections, `~`, braces) or a line break, and never sent to a shell.
_SHELL_CHARS = re.compile(r"[A-Za-z0-9 _./,=:-]+")
# Whole commands that read but are not spelled with a read-only verb. Exact match only.
READ_ONLY_COMMANDS = (
    "compare configuration",  # Huawei VRP: running vs next-startup config, prints the diff
    # FortiOS: the session table's counters, and the FortiGuard objects' versions and
    # contract dates. Every other `diagnose` (debug, sniffer, session clear) is refused.
    "diagnose sys session stat", "diagnose autoupdate versions",
    # FortiOS: the alert console's messages (`clear`, `test`, `fgd-retrieve` are refused).
    "diagnose alertconsole list",
    *IPMITOOL_COMMANDS,
    *SHELL_COMMANDS,
    *SHELL_OPTIONAL,
)
PAGING_COMMANDS = (
    "terminal length 0", "terminal width 511", "terminal width 0",
    "terminal width 256",  # netmiko's ruijie_os driver sets this width before paging
    "screen-length 0 temporary", "screen-length disable",
    # OceanStor: turns the CLI's "more" pager off, a display setting of the CLI user's
    # session, not of the array (no pool, LUN, host or port changes); OceanStor has no
    # other way to print a whole table unpaused.
    "change cli more_enabled=no",
)
_WRITING_PIPES = re.compile(r"\|\s*(?:redirect|tee|append|save|file)\b", re.IGNORECASE)
_FILTERS = re.compile(r"^\s*(include|exclude|begin|section|count|no-more)\b")
# Refused anywhere in a command: redirection, command chaining, line breaks.
_UNSAFE_CHARS = re.compile(r"[\r\n\x00-\x08\x0b-\x1f;>`]")
# Verbs that change something. Listed so that the refusal says what it saw; the allow-list
# above would refuse them anyway.
DANGEROUS = (
    "reload", "reboot", "reset", "system-view", "configure", "config", "delete", "format",
    "write", "erase", "undo", "no", "copy", "clear", "debug", "shutdown", "save", "startup",
    "boot", "rename", "move", "mkdir", "rmdir", "install", "upgrade", "patch", "commit",
    "rollback", "request", "set", "license", "crypto", "ftp", "tftp", "scp", "ssh", "telnet",
    "execute", "diagnose", "unset", "purge",
)


class UnsafeCommandError(InspectorError, PermissionError):
    """A command the guard refuses to send."""


def _refuse(command: str, why: str) -> UnsafeCommandError:
    return UnsafeCommandError(f"refused to send {command!r}: {why}")


def check_command(platform: Platform, command: str, permitted: Collection[str] = ()) -> str:
    """Return `command` if it may be sent to a device of `platform`, else raise.
    `permitted`: a shell host's optional commands its inventory allows (`linux.permit`)."""
    if platform.name in SHELL_PLATFORMS:
        return check_shell_command(platform, command, permitted)
    if _UNSAFE_CHARS.search(command):
        raise _refuse(command, "line breaks, control characters, `;`, `>` and backquotes "
                               "are never sent")
    # A pipe is `|` after whitespace; `a|b` inside an include pattern is regex alternation.
    main, *filters = re.split(r"\s\|", command)
    if _WRITING_PIPES.search(command):
        raise _refuse(command, "output redirection to a file is never sent")
    words = main.lower().split()
    if not words:
        raise _refuse(command, "empty command")
    normalized = " ".join(words)
    if normalized in PAGING_COMMANDS and normalized in {
            " ".join(c.lower().split()) for c in platform.paging.disable}:
        return command
    if normalized in READ_ONLY_COMMANDS and not filters and normalized in {
            " ".join(c.lower().split()) for c in platform.read_only}:
        return command
    verb = words[0]
    if verb == "ipmitool":
        raise _refuse(command, "only these exact ipmitool subcommands are sent, each listed "
                               f"in the platform's read_only: {', '.join(IPMITOOL_COMMANDS)}")
    if verb not in READ_ONLY_VERBS:
        known = next((d for d in DANGEROUS if d.startswith(verb) or verb.startswith(d)), None)
        why = f"`{verb}` is (or abbreviates) `{known}`, which changes the device" if known \
            else f"`{verb}` is not a read-only verb ({', '.join(READ_ONLY_VERBS)})"
        raise _refuse(command, why)
    if verb not in [v.lower() for v in platform.read_only]:
        raise _refuse(command, f"`{verb}` is not in {platform.name}'s read_only list")
    for part in filters:
        if not _FILTERS.match(part):
            raise _refuse(command, f"pipe `|{part}` is not a read-only filter")
    return command


def _form_matches(form: str, command: str) -> bool:
    """`command` is `form` with each placeholder filled by one word of its pattern."""
    wanted, given = form.split(), command.split()
    if len(wanted) != len(given):
        return False
    for word, typed in zip(wanted, given, strict=True):
        pattern = SHELL_PLACEHOLDERS.get(word[1:-1]) if word.startswith("{") else None
        if pattern is None and word != typed:
            return False
        if pattern is not None and (not pattern.fullmatch(typed) or ".." in typed):
            return False
    return True


def permitted_commands(permit: Collection[str]) -> list[str]:
    """The inventory's `linux.permit` lines as sent: `sudo X` becomes `sudo -n X`."""
    return [f"{SUDO} {line.split(maxsplit=1)[1]}" if line.split()[:1] == ["sudo"] else line
            for line in (" ".join(p.split()) for p in permit) if line]


def check_shell_command(platform: Platform, command: str, permitted: Collection[str] = ()
                        ) -> str:
    """A shell host's command: one of SHELL_COMMANDS, or an optional one the inventory
    permits (SHELL_OPTIONAL, through `sudo -n` only when permitted so), each also listed
    in the platform's read_only. Never shell syntax, never another sudo form."""
    if not command.strip():
        raise _refuse(command, "empty command")
    if not _SHELL_CHARS.fullmatch(command):
        raise _refuse(command, "shell syntax (`;` `|` `&` `$` quotes, globs, redirection, "
                               "line breaks) is never sent to a shell")
    if command != " ".join(command.split()):
        raise _refuse(command, "only the exact spelling of a listed command is sent")
    plain = command.removeprefix(f"{SUDO} ")
    if command.split(maxsplit=1)[0] == "sudo" and plain == command:
        raise _refuse(command, f"sudo is sent only as `{SUDO} <a permitted command>`")
    listed = [" ".join(c.split()) for c in platform.read_only]
    if not any(_form_matches(form, plain) for form in listed):
        raise _refuse(command, f"`{plain}` is not in {platform.name}'s read_only list")
    if plain == command and plain in SHELL_COMMANDS:
        return command
    if not any(_form_matches(form, plain) for form in SHELL_OPTIONAL) \
            and plain not in SHELL_COMMANDS:
        raise _refuse(command, f"`{plain}` is not one of the read-only commands sent to "
                               "a shell")
    if command not in permitted_commands(permitted):
        how = "with sudo " if plain != command else ""
        raise _refuse(command, f"the inventory does not permit `{plain}` {how}on this host "
                               "(linux.permit)")
    return command
