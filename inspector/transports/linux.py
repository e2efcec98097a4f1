"""Live collection from a Linux host over SSH exec channels: one channel per command.

Why exec channels and not an interactive shell through netmiko's `linux` driver: a shell
needs its prompt recognized, and a Linux prompt is whatever PS1, the distribution's
profile scripts or a `motd` make of it (colours, the working directory, a second line); an
exec channel has no prompt, no echo and no paging, returns each command's output whole and
ends with the command. Stderr is merged into the output as a terminal shows it, so "command
not found" and "Permission denied" read the same as in an engineer's session log.

Per host: one SSH connection (through the group's jump host when there is one), the host
key judged in the handshake (transports/hostkeys.py), every command through the read-only
guard (transports/guard.py: exact commands only; the optional ones, and `sudo -n`, only
where the inventory's `linux.permit` lists them), each output redacted and recorded with
its timing. The run's deadline or a stop shuts the connection's socket
(transports/cutoff.py). Like every collector, `collect_device` never raises for a
device-side problem.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import paramiko

from inspector.credentials import CredentialError
from inspector.inventory import Host, LinuxOptions
from inspector.model import Capture
from inspector.parsing.parse import clean, vendor_error
from inspector.parsing.platforms import Platform, get_platform
from inspector.redact import redact
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff, ssh
from inspector.transports.guard import (
    SHELL_COMMANDS,
    UnsafeCommandError,
    check_command,
    permitted_commands,
)
from inspector.transports.hostkeys import HostKeyError, host_key_error, key_policy
from inspector.transports.secrets import cli_login

# What one command may print before it is cut off (a runaway journal, a huge package list).
MAX_OUTPUT_BYTES = 16 * 2**20
READ_CHUNK = 65536

# (command, timeout in seconds) -> (output, error or None). Injectable so tests run offline.
Exec = Callable[[str, float], tuple[str, str | None]]


# A host's failure, recorded as its result, never raised to the CLI: not an InspectorError.
class ExecLostError(ConnectionError):
    """The SSH connection ended while a command was running."""


def run_exec(transport: paramiko.Transport, command: str, timeout: float) -> tuple[str, str | None]:
    """Run one command on its own channel; its output (stderr merged) and why it is not
    whole, if it is not."""
    try:
        channel = transport.open_session(timeout=timeout)
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise ExecLostError(f"no channel: {type(exc).__name__}: {exc}") from exc
    with contextlib.closing(channel):
        channel.set_combine_stderr(True)
        channel.settimeout(timeout)
        channel.exec_command(command)
        channel.shutdown_write()  # nothing is ever typed into a command
        received = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while chunk := channel.recv(READ_CHUNK):
                received += chunk
                if len(received) > MAX_OUTPUT_BYTES:
                    return _text(received), f"output cut after {MAX_OUTPUT_BYTES} bytes"
                if time.monotonic() > deadline:
                    raise TimeoutError
        except TimeoutError:
            return _text(received), f"no complete answer within {timeout:g} s"
        except OSError as exc:
            raise ExecLostError(f"{type(exc).__name__}: {exc}") from exc
        if not transport.is_active():
            raise ExecLostError("the host closed the connection mid-output")
    return _text(received), None


def _text(data: bytes | bytearray) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


@dataclass
class _Host:
    """One host being collected: how to run a command, its permits, the run's stop."""

    platform: Platform
    device: str
    run: Exec
    timeout: float
    permitted: Collection[str]
    stop: threading.Event | None = None
    lost: str | None = None

    def capture(self, command: str) -> Capture:
        started = datetime.now(UTC)
        if self.lost is not None or (self.stop is not None and self.stop.is_set()):
            return Capture(device=self.device, command=command,
                           error=self.lost or "not run: the run was interrupted")
        output, error = "", None
        try:
            output, error = self.run(check_command(self.platform, command, self.permitted),
                                     self.timeout)
        except UnsafeCommandError as exc:
            error = str(exc)
        except (ExecLostError, EOFError, OSError, paramiko.SSHException) as exc:
            error = self.lost = f"session lost: {redact(str(exc))[:200]}"
        return Capture(device=self.device, command=command, output=redact(output),
                       started=started, ended=datetime.now(UTC),
                       error=redact(error) if error else None)


def plan(platform: Platform, permit: Collection[str]) -> list[list[str]]:
    """What to send: the definition's commands every host is asked (each source with its
    alternatives, in order), then each command the inventory permits, as it permits it."""
    chains = [[c for c in chain if c in SHELL_COMMANDS] for chain in ssh.plan(platform)]
    return [chain for chain in chains if chain] + [[c] for c in permitted_commands(permit)]


def run_plan(host: _Host, chains: list[list[str]]) -> list[Capture]:
    """Every command at most once, falling back to a source's alternatives when the host
    says it has no such command (`chronyc` absent: `ntpq -pn`, then `timedatectl show`)."""
    captures: list[Capture] = []
    accepted: dict[str, bool] = {}
    for chain in chains:
        for command in chain:
            if command not in accepted:
                capture = host.capture(command)
                captures.append(capture)
                rejected = vendor_error(host.platform.name,
                                        clean(host.platform.name, capture.output[:4096]))
                accepted[command] = capture.error is None and rejected is None
            if accepted[command]:
                break
    return captures


def _connect(host: Host, password: str) -> tuple[paramiko.SSHClient, Any]:
    """An authenticated client (and the jump host's client, to close with it)."""
    t = host.transport
    bastion, sock = ssh._through_bastion(host) if t.jump_host else (None, None)
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(key_policy(t.host_keys, t.known_hosts))
    try:
        client.connect(host.host, port=t.port, username=host.username, password=password,
                       timeout=t.conn_timeout, banner_timeout=t.conn_timeout,
                       auth_timeout=t.conn_timeout, allow_agent=False, look_for_keys=False,
                       sock=sock)
    except BaseException:
        client.close()
        if bastion is not None:
            bastion.close()
        raise
    return client, bastion


def unreachable_reason(exc: BaseException, host: Host) -> str:
    """Why no session could be opened, in the words an engineer acts on."""
    where = f"{host.host}:{host.transport.port}"
    refused = host_key_error(exc)
    reasons: list[tuple[type[BaseException], str]] = [
        (HostKeyError, f"refused to log in: {redact(str(refused or exc))}"),
        (paramiko.AuthenticationException,
         f"authentication failed for user {host.username!r} at {where}"),
        (ConnectionRefusedError, f"connection refused by {where}"),
        (socket.gaierror, f"cannot resolve {host.host}"),
        (TimeoutError, f"no SSH session with {where} within "
                       f"{host.transport.conn_timeout:g} s"),
    ]
    found = refused if refused is not None else exc
    for kind, reason in reasons:
        if isinstance(found, kind):
            return reason
    errors = list(getattr(exc, "errors", {}).values())  # NoValidConnectionsError
    if errors and all(isinstance(e, ConnectionRefusedError) for e in errors):
        return f"connection refused by {where}"
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return f"cannot open a session with {where}: {type(exc).__name__}: {redact(first)}"


def _algorithms(transport: paramiko.Transport) -> dict[str, str]:
    # paramiko forgets the key exchange once it is done; it implements no weak one anyway.
    return {"kex": "", "host_key": transport.host_key_type or "",
            "cipher": transport.local_cipher or "", "mac": transport.local_mac or ""}


def collect_device(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Every capture of one Linux host; never raises for a device-side problem."""
    device = host.device()
    recording = DeviceRecording(device=device)
    try:
        # The enable secret is never sent (a shell has no enable mode), but an inventory may
        # give one (a shared defaults line) and the host may print it: cli_login masks it.
        password, _enable = cli_login(host)
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording
    platform = get_platform(host.platform)
    options = host.linux or LinuxOptions()
    try:
        client, bastion = _connect(host, password)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is this host's result
        recording.error = unreachable_reason(exc, host)
        return recording
    transport = client.get_transport()
    if transport is None:  # pragma: no cover - connect() succeeded
        client.close()
        recording.error = "no SSH transport after login"
        return recording
    recording.device = device.model_copy(update={"ssh_algorithms": _algorithms(transport)})
    withdraw = cutoff.current().on_cut(lambda: cutoff.shutdown(transport.sock))
    try:
        target = _Host(platform=platform, device=device.name, timeout=host.transport.read_timeout,
                       run=lambda command, timeout: run_exec(transport, command, timeout),
                       permitted=options.permit, stop=stop)
        recording.captures = run_plan(target, plan(platform, options.permit))
    finally:
        withdraw()
        client.close()
        if bastion is not None:
            bastion.close()
    return recording
