"""The read-only guard: the only way a command reaches a device's CLI.

A command passes only if it is a single line that starts with a read-only verb spelled in
full (`show`, `display`, `dir`) or is one of the paging commands, and any pipe filters only
(`| include`, `| exclude`, `| begin`, `| section`, `| count`). Abbreviations are refused
(`sh` could be read as `shutdown` on some CLIs, `sys` is `system-view`). Whole read-only
commands without such a verb (`compare configuration`, the ipmitool subcommands the IPMI
collector runs) pass only as exact matches listed in the platform's read_only. The allow-list is
code, not data: a platform definition may narrow it but never widen it, and nothing in an
inventory can change it.
"""

from __future__ import annotations

import re

from inspector.errors import InspectorError
from inspector.parsing.platforms import Platform

READ_ONLY_VERBS = ("show", "display", "dir")
# ipmitool subcommands that only read from a BMC (the IPMI collector runs each as its own
# ipmitool process). Exact match only: `ipmitool chassis power off`, `sel clear`, `mc reset`,
# `raw`, `lan set`, `user set` and every other subcommand are refused.
IPMITOOL_COMMANDS = (
    "ipmitool sensor list", "ipmitool sdr elist full", "ipmitool sdr elist",
    "ipmitool sel elist", "ipmitool sel info", "ipmitool fru print", "ipmitool mc info",
    "ipmitool chassis status",
)
# Whole commands that read but are not spelled with a read-only verb. Exact match only.
READ_ONLY_COMMANDS = (
    "compare configuration",  # Huawei VRP: running vs next-startup config, prints the diff
    *IPMITOOL_COMMANDS,
)
PAGING_COMMANDS = (
    "terminal length 0", "terminal width 511", "terminal width 0",
    "terminal width 256",  # netmiko's ruijie_os driver sets this width before paging
    "screen-length 0 temporary", "screen-length disable",
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
)


class UnsafeCommandError(InspectorError, PermissionError):
    """A command the guard refuses to send."""


def _refuse(command: str, why: str) -> UnsafeCommandError:
    return UnsafeCommandError(f"refused to send {command!r}: {why}")


def check_command(platform: Platform, command: str) -> str:
    """Return `command` if it may be sent to a device of `platform`, else raise."""
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
