"""Simulated network devices speaking real SSH on 127.0.0.1, one port per device.

Each device prints its vendor's prompt, echoes what is typed (asyncssh's own line editor
echoes ahead of the prompt and upsets netmiko, so we echo ourselves), answers its recorded
outputs to full or abbreviated commands, prints the vendor's error for anything else, pages
long outputs until paging is disabled, and can be told to misbehave: refuse the password,
answer slowly, never show a prompt, drop the connection mid-output, or print garbage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncssh

from inspector.lab import shellexec
from inspector.lab.profiles import profile_outputs, profiles
from inspector.parsing.commands import resolve
from inspector.parsing.platforms import get_platform

PAGE_LINES = 24
_LOGOUT = {"quit", "exit", "logout"}
_BRACKET_PROMPTS = {"huawei_vrp", "hp_comware", "h3c_secpath"}
# Prompts of their own: an HRP pair's active USG ("HRP_M<fw>"), FortiOS ("FGT # "), an RBM
# pair's primary SecPath ("RBM_P<fw>").
_OWN_PROMPTS = {"huawei_usg": "HRP_M<{name}>", "fortinet_fortios": "{name} # ",
                "h3c_secpath": "RBM_P<{name}>"}
_REJECT = {
    "huawei_vrp": "Error: Unrecognized command found at '^' position.",
    "hp_comware": " % Unrecognized command found at '^' position.",
    "h3c_secpath": " % Unrecognized command found at '^' position.",
    "cisco_ios": "% Invalid input detected at '^' marker.",
    "inspur_cnos": "% Invalid input detected at '^' marker.",
    "cisco_nxos": "% Invalid command at '^' marker.",
    "ruijie_os": "% Invalid input detected at '^' marker.",
    "huawei_oceanstor": "Error: Unknown command.",
    "huawei_usg": "Error: Unrecognized command found at '^' position.",
    "fortinet_fortios": "Command fail. Return code -61",
}
_PAGING_REPLY = {
    "screen-length 0 temporary": "Info: The configuration takes effect on the current user "
                                 "terminal interface only.",
    "screen-length disable": "% Screen-length configuration is disabled for current user.",
    "change cli more_enabled=no": "Command executed successfully.",
}
# CLIs whose prompt is the logged-in user, not the device: OceanStor's `admin:/>`.
_USER_PROMPTS = {"huawei_oceanstor"}


@dataclass
class Behaviour:
    """How a simulated device misbehaves (all off: a well-behaved device)."""

    latency_s: float = 0.0  # before each answer
    reject_password: bool = False
    hang: bool = False  # logs in, then never shows a prompt
    drop_after_commands: int | None = None  # close mid-output of the Nth command
    garbage: bool = False  # answers every command with binary junk
    # Answers this many commands (paging aside), then goes silent for good while keeping
    # the session open: a device hung after login.
    silent_after_commands: int | None = None


@dataclass
class LabDevice:
    name: str
    platform: str
    outputs: dict[str, str]
    username: str = "inspector"
    password: str = "lab"  # noqa: S105 - a simulated device's password
    behaviour: Behaviour = field(default_factory=Behaviour)
    port: int = 0
    telnet_port: int = 0
    # Every line typed into this device, in order: what tests check the guard against.
    received: list[str] = field(default_factory=list)
    # Passwords offered to this device: a host-key refusal must happen before any.
    password_attempts: int = 0
    # An old device (lab/legacy.py): the asyncssh server options that limit its algorithms,
    # and a login by keyboard-interactive only, as many Huawei and H3C devices ask it.
    ssh_options: dict[str, Any] = field(default_factory=dict)
    keyboard_interactive: bool = False

    @property
    def prompt(self) -> str:
        if self.platform in _USER_PROMPTS:
            return f"{self.username}:/>"
        if self.platform in _OWN_PROMPTS:
            return _OWN_PROMPTS[self.platform].format(name=self.name)
        return f"<{self.name}>" if self.platform in _BRACKET_PROMPTS else f"{self.name}#"


def lab_devices(password: str = "lab", names: Iterable[str] | None = None) -> list[LabDevice]:  # noqa: S107
    """The built-in lab's devices (all, or those named)."""
    wanted = set(names) if names is not None else None
    return [
        LabDevice(name=profile.name, platform=profile.platform,
                  outputs=profile_outputs(folder), password=password)
        for profile, folder in profiles()
        if wanted is None or profile.name in wanted
    ]


def clone(device: LabDevice, name: str) -> LabDevice:
    """A copy of `device` under another name, its hostname replaced in every output, so
    that outputs of two clones can never be confused."""
    outputs = {
        c: o.replace(device.name, name).replace(device.name.upper(), name.upper())
        for c, o in device.outputs.items()
    }
    return LabDevice(name=name, platform=device.platform, outputs=outputs,
                     username=device.username, password=device.password,
                     behaviour=Behaviour(**vars(device.behaviour)))


class _Server(asyncssh.SSHServer):
    def __init__(self, device: LabDevice, connections: set[asyncssh.SSHServerConnection]
                 ) -> None:
        self.device = device
        self.connections = connections
        self.connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.connection = conn
        self.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.connection is not None:
            self.connections.discard(self.connection)

    def begin_auth(self, username: str) -> bool:
        if self.device.keyboard_interactive and self.connection is not None:
            # paramiko, refused a password, asks for the authentication service again
            # before falling back to keyboard-interactive; devices allow it, asyncssh
            # would hang up.
            self.connection._next_service = b"ssh-userauth"
        return True

    def password_auth_supported(self) -> bool:
        return not self.device.keyboard_interactive

    def validate_password(self, username: str, password: str) -> bool:
        self.device.password_attempts += 1
        if self.device.behaviour.reject_password:
            return False
        return username == self.device.username and password == self.device.password

    def kbdint_auth_supported(self) -> bool:
        return self.device.keyboard_interactive

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str
                             ) -> tuple[str, str, str, list[tuple[str, bool]]]:
        return "", "", "en-US", [("Password:", False)]

    def validate_kbdint_response(self, username: str, responses: Sequence[str]) -> bool:
        return len(responses) == 1 and self.validate_password(username, responses[0])


class _Bastion(asyncssh.SSHServer):
    """A jump host: password login, then direct-tcpip forwarding to 127.0.0.1 only."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == self.username and password == self.password

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str,
                             orig_port: int) -> bool:
        return dest_host == "127.0.0.1"


class _Session:
    """One shell session: read keystrokes, echo, answer commands."""

    def __init__(self, device: LabDevice, process: asyncssh.SSHServerProcess[str]) -> None:
        self.device = device
        self.process = process
        self.paging = True
        self.commands_answered = 0
        definition = get_platform(device.platform)
        self.paging_commands = [" ".join(c.split()) for c in definition.paging.disable]
        self.known = list(device.outputs) + self.paging_commands

    def write(self, text: str) -> None:
        if self.process.is_closing():
            return
        self.process.stdout.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    async def run(self) -> None:
        if self.device.behaviour.hang:
            await asyncio.sleep(3600)
            return
        self.write(f"\n{self.device.prompt}")
        line = ""
        while True:
            data = await self.process.stdin.read(1024)
            if not data:
                return
            # What was typed is echoed as one piece per read, as a device's terminal
            # does, not a packet per character.
            echo = ""
            for char in data:
                if char in "\r\n":
                    if char == "\n" and line == "" and getattr(self, "_last_cr", False):
                        self._last_cr = False
                        continue
                    self._last_cr = char == "\r"
                    self.write(echo + "\n")
                    echo = ""
                    if not await self.answer(line.strip()):
                        return
                    line = ""
                    self.write(self.device.prompt)
                elif char in "\x08\x7f":
                    line = line[:-1]
                    echo += "\x08 \x08"
                else:
                    self._last_cr = False
                    line += char
                    echo += char
            if echo:
                self.write(echo)

    async def answer(self, typed: str) -> bool:
        """Print the answer to one command; False when the connection was dropped."""
        if not typed:
            return True
        self.device.received.append(typed)
        if typed.lower() in _LOGOUT:
            self.process.close()
            return False
        behaviour = self.device.behaviour
        if behaviour.latency_s:
            await asyncio.sleep(behaviour.latency_s)
        command = resolve(typed, self.known)
        if command in self.paging_commands:
            self.paging = False
            reply = _PAGING_REPLY.get(command)
            if reply:
                self.write(reply + "\n")
            return True
        if command is None:
            self.write(" " * (len(self.device.prompt) + 1) + "^\n"
                       + _REJECT[self.device.platform] + "\n")
            return True
        if behaviour.silent_after_commands is not None and \
                self.commands_answered >= behaviour.silent_after_commands:
            await asyncio.Event().wait()  # until the client or the lab closes the session
        self.commands_answered += 1
        output = self.device.outputs[command]
        if behaviour.garbage:
            output = "".join(chr(random.randint(0x20, 0x2FF)) for _ in range(400))  # noqa: S311
        if behaviour.drop_after_commands is not None and \
                self.commands_answered >= behaviour.drop_after_commands:
            self.write(output[: len(output) // 2])
            await self.process.stdout.drain()
            self.process.close()
            return False
        await self.page(output)
        return True

    async def page(self, output: str) -> None:
        lines = output.rstrip("\n").split("\n")
        if not self.paging or len(lines) <= PAGE_LINES:
            self.write("\n".join(lines) + "\n")
            return
        bracket = self.device.platform in _BRACKET_PROMPTS
        more = "  ---- More ----" if bracket else " --More-- "
        erase = "\x1b[42D" + " " * 42 + "\x1b[42D" if bracket else "\x08" * 10 + " " * 10 + \
            "\x08" * 10
        for start in range(0, len(lines), PAGE_LINES):
            self.write("\n".join(lines[start:start + PAGE_LINES]) + "\n")
            if start + PAGE_LINES >= len(lines):
                return
            self.write(more)
            key = await self.process.stdin.read(1)
            self.write(erase)
            if key in ("q", "Q", ""):
                return


class _ClosedPeerFilter(logging.Filter):
    """netmiko closes its socket right after sending `quit`, while the simulated device is
    still answering; asyncio then logs each late write. Expected, so not worth a line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "socket.send() raised exception."


class _TelnetStdin:
    """The reading side of a Telnet connection, shaped like asyncssh's process.stdin.
    Telnet option negotiation (IAC sequences) is skipped: the lab offers no options."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self.reader = reader

    async def read(self, size: int) -> str:
        data = await self.reader.read(size)
        data = re.sub(rb"\xff[\xfb-\xfe].|\xff[\xf0-\xfa]", b"", data, flags=re.S)
        return data.replace(b"\r\x00", b"\r").decode("utf-8", errors="replace")


class _TelnetStdout:
    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer

    def write(self, text: str) -> None:
        self.writer.write(text.encode("utf-8"))

    async def drain(self) -> None:
        await self.writer.drain()


class _TelnetProcess:
    """Enough of asyncssh's SSHServerProcess for _Session to serve a Telnet client."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stdin = _TelnetStdin(reader)
        self.stdout = _TelnetStdout(writer)
        self.writer = writer

    def is_closing(self) -> bool:
        return self.writer.is_closing()

    def close(self) -> None:
        self.writer.close()


async def _telnet_login(process: _TelnetProcess, device: LabDevice) -> bool:
    """Username and password prompts in the vendor's words; False when refused."""
    async def ask(prompt: str, echo: bool) -> str:
        process.stdout.write(prompt)
        typed = ""
        while not typed.endswith(("\r", "\n")):
            chunk = await process.stdin.read(64)
            if not chunk:
                return ""
            typed += chunk
            if echo:
                process.stdout.write(chunk)
        return typed.strip()

    user = await ask("\r\nUsername: ", echo=True)
    password = await ask("\r\nPassword: ", echo=False)
    process.stdout.write("\r\n")
    if device.behaviour.reject_password or (user, password) != (device.username,
                                                                device.password):
        process.stdout.write("% Authentication failed\r\n")
        return False
    return True


class Lab:
    """A set of simulated devices served from a background event loop.

    >>> with Lab(lab_devices()) as lab:          # doctest: +SKIP
    ...     lab.devices[0].port
    """

    def __init__(self, devices: list[LabDevice], host: str = "127.0.0.1",
                 base_port: int = 0, bastion_password: str | None = None,
                 telnet: bool = False) -> None:
        self.devices = devices
        # Also serve each device over Telnet (device.telnet_port), for the fallback.
        self.telnet = telnet
        self._telnet_servers: list[asyncio.Server] = []
        # With a password: also a jump host (user `jump`) forwarding to the devices.
        self.bastion_password = bastion_password
        self.bastion_port = 0
        self.host = host
        self.base_port = base_port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="lab",
                                        daemon=True)
        self._servers: list[asyncssh.SSHAcceptor] = []
        self._connections: set[asyncssh.SSHServerConnection] = set()

    async def _start(self) -> None:
        key = asyncssh.generate_private_key("ssh-ed25519")
        for number, device in enumerate(self.devices):
            port = self.base_port + number if self.base_port else 0

            def server_factory(device: LabDevice = device) -> _Server:
                return _Server(device, self._connections)

            async def handle(process: asyncssh.SSHServerProcess[str],
                             device: LabDevice = device) -> None:
                if process.command is not None:  # an exec request: a Linux host's
                    await shellexec.serve(device, process)
                    return
                with contextlib.suppress(asyncssh.Error, OSError, BrokenPipeError):
                    await _Session(device, process).run()
                process.exit(0)

            options: dict[str, Any] = {"server_host_keys": [key], **device.ssh_options}
            acceptor = await asyncssh.create_server(
                server_factory, self.host, port, process_factory=handle, line_editor=False,
                encoding="utf-8", keepalive_interval=0, login_timeout=30, **options)
            device.port = acceptor.sockets[0].getsockname()[1]
            self._servers.append(acceptor)
        if self.telnet:
            for device in self.devices:
                async def serve_telnet(reader: asyncio.StreamReader,
                                       writer: asyncio.StreamWriter,
                                       device: LabDevice = device) -> None:
                    process = _TelnetProcess(reader, writer)
                    with contextlib.suppress(OSError, ConnectionError):
                        if await _telnet_login(process, device):
                            await _Session(device, process).run()  # type: ignore[arg-type]
                    writer.close()

                server = await asyncio.start_server(serve_telnet, self.host, 0)
                device.telnet_port = server.sockets[0].getsockname()[1]
                self._telnet_servers.append(server)
        if self.bastion_password is not None:
            password = self.bastion_password
            acceptor = await asyncssh.create_server(
                lambda: _Bastion("jump", password), self.host, 0, server_host_keys=[key],
                keepalive_interval=0, login_timeout=30)
            self.bastion_port = acceptor.sockets[0].getsockname()[1]
            self._servers.append(acceptor)

    def start(self) -> Lab:
        logging.getLogger("asyncio").addFilter(_ClosedPeerFilter())
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=60)
        return self

    def stop(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()
            for server in self._servers:
                await server.wait_closed()
            for telnet_server in self._telnet_servers:
                telnet_server.close()
            connections = list(self._connections)
            for conn in connections:
                conn.close()
            for conn in connections:
                await conn.wait_closed()

        async def cancel_sessions() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(cancel_sessions(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
