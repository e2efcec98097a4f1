"""Paging turned off by the session itself, for the CLIs whose netmiko driver does not know
how (OceanStor under netmiko's `huawei` driver): the platform's `paging.disable` commands,
sent through the read-only guard like every command, when its `paging.send` says so."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from netmiko.exceptions import ReadTimeout

from inspector.parsing.platforms import Platform
from inspector.transports.guard import check_command


def disable_paging(platform: Platform, send: Callable[[str], str]) -> None:
    """Send the platform's paging commands through `send` when netmiko did not."""
    if not platform.paging.send:
        return
    for command in platform.paging.disable:
        # A device that does not take it still answers the commands, their first screens
        # paused at its pager: each such capture then records its own failure.
        with contextlib.suppress(ReadTimeout, OSError, EOFError):
            send(check_command(platform, command))
