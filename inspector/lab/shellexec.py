"""A simulated Linux host's answer to an SSH exec request (one command, no shell session):
its recorded output and exit status 0, or what bash and sudo print when the command is not
there: `bash: line 1: X: command not found` (127), `sudo: a password is required` (1).

Every command is recorded in the device's `received` list, as typed lines are, so tests
check what the read-only guard let through.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol

import asyncssh


class LabDevice(Protocol):
    """What of a simulated device (sshserver.LabDevice) an exec request reads and writes."""

    outputs: dict[str, str]
    received: list[str]
    behaviour: Any  # sshserver.Behaviour: hang, latency_s, drop_after_commands

NOT_FOUND = 127
SUDO_REFUSED = 1


def answer(device: LabDevice, command: str) -> tuple[str, int]:
    """(what the command prints, its exit status)."""
    device.received.append(command)
    output = device.outputs.get(command)
    if output is not None:
        return output, 0
    words = command.split()
    if words[:1] == ["sudo"]:
        return "sudo: a password is required\n", SUDO_REFUSED
    return f"bash: line 1: {words[0] if words else ''}: command not found\n", NOT_FOUND


async def serve(device: LabDevice, process: asyncssh.SSHServerProcess[str]) -> None:
    """Answer one exec request and close the channel with the command's exit status."""
    behaviour = device.behaviour
    if behaviour.hang:
        await asyncio.sleep(3600)
        return
    if behaviour.latency_s:
        await asyncio.sleep(behaviour.latency_s)
    output, status = answer(device, process.command or "")
    answered = len(device.received)
    with contextlib.suppress(asyncssh.Error, OSError, BrokenPipeError):
        if behaviour.drop_after_commands is not None and \
                answered >= behaviour.drop_after_commands:
            process.stdout.write(output[: len(output) // 2])
            await process.stdout.drain()
            process.get_extra_info("connection").abort()  # the host went away mid-output
            return
        (process.stderr if status else process.stdout).write(output)
    process.exit(status)
