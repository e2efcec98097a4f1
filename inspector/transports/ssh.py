"""Live collection over SSH with netmiko: one session per device, many devices at once.

Per device: connect (retrying with backoff on network errors, never on a refused
password), let netmiko disable paging the vendor's way, send each command of the platform
definition through the read-only guard, fall back to a source's alternatives when the
device rejects a command, and record every capture with its timing. Whatever fails
becomes a recorded error on that device or capture; the run goes on.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import paramiko
from netmiko import ConnectHandler
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from inspector.access import AUTODETECT
from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host
from inspector.model import Capture
from inspector.parsing.parse import clean, vendor_error
from inspector.parsing.platforms import Platform, get_platform
from inspector.parsing.sessionlog import detect_platform
from inspector.parsing.textclean import remove_pager_prompts
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff, legacy_ssh, telnet
from inspector.transports.guard import UnsafeCommandError, check_command
from inspector.transports.hostkeys import HostKeyError, host_key_error, key_policy
from inspector.transports.paging import disable_paging
from inspector.transports.prompts import session_prompt
from inspector.transports.secrets import cli_login

Send = Callable[[str], str]
# Jump-host clients by the id of the channel they carry, closed with the device session.
_BASTIONS: dict[int, paramiko.SSHClient] = {}


# A device's failure, recorded as its result, never raised to the CLI: not an InspectorError.
class SessionLostError(ConnectionError):
    """The SSH session ended while a command was running."""


def plan(platform: Platform) -> list[list[str]]:
    """What to send, in definition order: for each source, its command followed by the
    alternatives to try when the device rejects it; last, the configuration to archive. A
    `typed_only` command (`show ip route vrf {vrf}`) is read from session logs, never sent."""
    return [
        [p.command for p in source.parsers() if p.sendable]
        for family in platform.families
        for source in platform.sources(family)
    ] + ([[platform.archive.command]] if platform.archive is not None else [])


def run_commands(platform: Platform, device: str, send: Send) -> list[Capture]:
    """Send the platform's commands through `send`, each at most once, falling back to a
    source's alternatives on a rejection. A lost session fails the remaining commands."""
    captures: list[Capture] = []
    accepted: dict[str, bool] = {}
    lost: str | None = None
    for chain in plan(platform):
        for command in chain:
            if command not in accepted:
                if lost is not None:
                    captures.append(Capture(device=device, command=command, error=lost))
                    accepted[command] = False
                    break
                capture = _send_one(platform, device, command, send)
                captures.append(capture)
                if capture.error and capture.error.startswith("session lost"):
                    lost = capture.error
                # A rejection is in the first lines: no need to clean a long output whole.
                rejected = vendor_error(platform.name,
                                        clean(platform.name, capture.output[:4096]))
                accepted[command] = capture.error is None and rejected is None
            if accepted[command]:
                break
    return captures


def _send_one(platform: Platform, device: str, command: str, send: Send) -> Capture:
    started = datetime.now(UTC)
    try:
        output = send(check_command(platform, command))
        error = None
    except UnsafeCommandError as exc:
        output, error = "", str(exc)
    except ReadTimeout as exc:
        output, error = "", f"no prompt after the output (read timeout): {_first_line(exc)}"
    except (OSError, EOFError, SessionLostError) as exc:
        output, error = "", f"session lost: {type(exc).__name__}: {_first_line(exc)}"
    return Capture(device=device, command=command, output=redact(output), started=started,
                   ended=datetime.now(UTC), error=error)


POLL_S = 0.01  # between reads of an idle channel that cannot block (Telnet)
TAIL = 512  # characters at the end of the buffer searched for the prompt
# A pager waiting for a key at the end of what was read. FortiOS has no per-session way to
# turn its pager off (netmiko's driver writes `set output standard` into the configuration
# instead, which a read-only inspection must not do): a blank, which only shows the next
# page, answers it, and textclean.py removes the prompts from the output.
PAGER = re.compile(r"(?:^|\n)[ \t]*--[ \t]*More[ \t]*--[ \t]*$")
MAX_READ = 65536
LAST_READ = 80  # characters of what was read quoted in a read-timeout reason


class _Reader:
    """What a session sends, as text, as it arrives.

    Over SSH it blocks on the paramiko channel until data comes (or `wait` passes): 200
    sessions each polling every 10 ms, as netmiko's readers do, kept a core busy with
    nothing to read. Bytes are decoded incrementally, so a character split between two
    packets is not lost. Telnet sessions are polled through netmiko."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        channel = getattr(connection, "remote_conn", None)
        self.channel = channel if isinstance(
            channel, paramiko.Channel | legacy_ssh.LegacyChannel) else None
        self.decoder = codecs.getincrementaldecoder(connection.encoding)("ignore")
        self.pending = ""

    def read(self, wait: float) -> str:
        if self.channel is None:
            data: str = self.connection.read_channel()
            if not data:
                time.sleep(POLL_S)
            return data
        self.channel.settimeout(max(wait, 0.001))
        try:
            raw = self.channel.recv(MAX_READ)
        except TimeoutError:
            return ""
        if not raw:
            raise SessionLostError("the device closed the session mid-output")
        data = self.pending + self.decoder.decode(raw)
        # A line break split between two reads ("\r" now, "\n" next) is joined first.
        self.pending = "\r" if data.endswith("\r") else ""
        return data[:-1] if self.pending else data


def exchange(connection: Any, command: str, prompt: str, read_timeout: float) -> str:
    """Send one command and return its answer: everything after the echo of the command up
    to the prompt. Requiring the echo first makes a stray prompt left by a slow device
    (netmiko presses Enter while it looks for the prompt at login) harmless: reading does
    not stop at a prompt that came before the command.

    Reads as data arrives and looks for the prompt only at the end of what was read, so a
    long output costs linear time (netmiko's own reader re-searches the whole buffer at
    every read)."""
    reader = _Reader(connection)
    before = reader.channel.gettimeout() if reader.channel is not None else None
    # Whatever netmiko read and kept during login comes first.
    buffered: str = connection.read_channel()
    connection.write_channel(command + connection.RETURN)
    try:
        return _answer(reader, buffered, command, re.compile(prompt), read_timeout)
    finally:
        if reader.channel is not None:
            reader.channel.settimeout(before)


def _answer(reader: _Reader, buffered: str, command: str, ends_with_prompt: re.Pattern[str],
            read_timeout: float) -> str:
    chunks: list[str] = []
    tail = ""  # the last TAIL characters of the answer
    paged = False

    def answered(data: str) -> bool:
        nonlocal tail, paged
        chunks.append(data)
        tail = (tail + data)[-TAIL:]
        if PAGER.search(tail):
            reader.connection.write_channel(" ")
            paged = True
        return ends_with_prompt.search(tail) is not None

    seen = buffered.replace("\r\n", "\n")  # what was read before the echo of the command
    echoed = False
    deadline = time.monotonic() + read_timeout
    while True:
        if not echoed:
            at = seen.find(command)
            if at >= 0 and "\n" in seen[at:]:
                echoed = True
                if answered(seen[seen.index("\n", at) + 1:]):
                    break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            # What came last tells a prompt of another shape from a silent device.
            last = (tail if echoed else seen)[-LAST_READ:]
            raise ReadTimeout(f"no prompt within {read_timeout:g} s after `{command}`; "
                              f"last read: {last!r}")
        data = reader.read(min(remaining, 1.0)).replace("\r\n", "\n")
        if not data:
            continue
        if not echoed:
            seen += data
        elif answered(data):
            break
    text = ends_with_prompt.sub("", "".join(chunks))
    # A line after a page break would start with the pager's residue, where the masking
    # of secrets (anchored at the line's start) would not see it.
    return remove_pager_prompts(text) if paged else text


def _first_line(exc: BaseException) -> str:
    """The exception's first line, secrets masked: the values of a reason are redacted,
    never the reason's own words (a one-letter password must not rewrite "5 s")."""
    return redact((str(exc).strip().splitlines() or [type(exc).__name__])[0][:200])


def _connect_params(host: Host, platform: Platform, password: str, secret: str) -> dict[str, Any]:
    t = host.transport
    return {
        "device_type": platform.netmiko_device_type, "host": host.host, "port": t.port,
        "username": host.username, "password": password, "secret": secret,
        "conn_timeout": t.conn_timeout, "auth_timeout": t.conn_timeout,
        "banner_timeout": t.conn_timeout, "read_timeout_override": t.read_timeout,
        "fast_cli": True, "allow_agent": False, "use_keys": False,
        "ssh_strict": False, "system_host_keys": False, "alt_host_keys": False,
    }


def _through_bastion(host: Host) -> tuple[paramiko.SSHClient, Any]:
    """A TCP channel to the device through the group's jump host (direct-tcpip)."""
    t = host.transport
    user, _, address = (t.jump_host or "").partition("@")
    bastion, _, port = address.partition(":")
    password = resolve_secret(t.jump_password, f"{user}@{bastion}") if t.jump_password else ""
    register_secret(password)
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # noqa: S507 - as netmiko
    try:
        client.connect(bastion, port=int(port or 22), username=user, password=password,
                       timeout=t.conn_timeout, banner_timeout=t.conn_timeout,
                       auth_timeout=t.conn_timeout, allow_agent=False, look_for_keys=False)
        transport = client.get_transport()
        if transport is None:
            raise ConnectionError(f"jump host {bastion}: no transport")
        channel = transport.open_channel("direct-tcpip", (host.host, t.port),
                                         ("127.0.0.1", 0), timeout=t.conn_timeout)
    except BaseException:
        client.close()
        raise
    return client, channel


def _open_telnet(host: Host, platform: Platform, password: str, secret: str) -> Any:
    return telnet.open_telnet(_connect_params(host, platform, password, secret),
                              platform.netmiko_device_type, host.transport.telnet_port)


def _open(host: Host, platform: Platform, password: str, secret: str) -> Any:
    """A netmiko session (through the jump host when there is one), retried with
    exponential backoff on network errors; over Telnet when SSH cannot be reached and the
    inventory allows it (the session then says so: `connection.protocol == "telnet"`)."""
    try:
        return _open_ssh(host, platform, password, secret)
    except (NetmikoAuthenticationException, HostKeyError):
        raise
    except (NetmikoTimeoutException, OSError, EOFError, paramiko.SSHException):
        if not host.transport.telnet_fallback:
            raise
    return _open_telnet(host, platform, password, secret)


def _open_ssh(host: Host, platform: Platform, password: str, secret: str) -> Any:
    attempts = host.transport.retries + 1
    for attempt in range(attempts):
        try:
            params = _connect_params(host, platform, password, secret)
            bastion = None
            if host.transport.jump_host:
                bastion, params["sock"] = _through_bastion(host)
            # Opened in two steps so that a session netmiko gives up on during login (a
            # device that never shows a prompt) can still be closed, not left running.
            connection = ConnectHandler(**params, auto_connect=False)
            if host.transport.legacy_algorithms:
                legacy_ssh.use_legacy(connection)
            # The key is judged inside this session's handshake, before the password.
            connection.key_policy = key_policy(host.transport.host_keys,
                                               host.transport.known_hosts)
            try:
                connection._open()
            except BaseException as exc:
                with contextlib.suppress(Exception):
                    connection.disconnect()
                if bastion is not None:
                    bastion.close()
                refused = host_key_error(exc)
                if refused is not None:
                    raise refused from None
                raise
            if bastion is not None:
                _BASTIONS[id(params["sock"])] = bastion
            return connection
        except (NetmikoAuthenticationException, HostKeyError) as exc:
            # Retrying a wrong password only locks the account, and a changed key stays
            # changed; an authentication that merely timed out (a busy device) is retried.
            if "Authentication timeout" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(host.transport.backoff_s * 2**attempt)
        except (NetmikoTimeoutException, OSError, EOFError) as exc:
            # No algorithm in common stays so: not worth another attempt.
            if attempt == attempts - 1 or legacy_ssh.negotiation_failed(exc):
                raise
            time.sleep(host.transport.backoff_s * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _root_cause(exc: BaseException) -> BaseException:
    """netmiko wraps the socket error (refused, unresolvable) in its own exception."""
    seen = exc
    while (inner := seen.__cause__ or seen.__context__) is not None and inner is not seen:
        if isinstance(inner, (ConnectionRefusedError, socket.gaierror)):
            return inner
        # paramiko's NoValidConnectionsError holds one socket error per address tried.
        errors = list(getattr(inner, "errors", {}).values())
        if errors and all(isinstance(e, ConnectionRefusedError) for e in errors):
            return errors[0]  # type: ignore[no-any-return]
        seen = inner
    return exc


# paramiko's words for "the port answered TCP but no SSH conversation followed".
_NO_BANNER = ("Error reading SSH protocol banner", "No existing session")


def _unreachable_reason(exc: BaseException, host: Host) -> str:
    """Why no session could be opened, in the words an engineer acts on."""
    where = f"{host.host}:{host.transport.port}"
    refusal = legacy_ssh.negotiation_reason(exc, host)
    if refusal is not None:
        return refusal
    exc = _root_cause(exc)
    text = str(exc)
    if any(words in text for words in _NO_BANNER):
        return (f"no SSH session with {where} within {host.transport.conn_timeout:g} s: the "
                "port accepts connections but no SSH server answers")
    if "Authentication timeout" in text:
        return (f"no SSH session with {where}: authentication did not finish within "
                f"{host.transport.conn_timeout:g} s")
    reasons: list[tuple[type[BaseException], Callable[[], str]]] = [
        (UnknownPlatformError, lambda: redact(str(exc))),
        (HostKeyError, lambda: f"refused to log in: {redact(str(exc))}"),
        (NetmikoAuthenticationException,
         lambda: f"authentication failed for user {host.username!r} at {where}"),
        (ConnectionRefusedError, lambda: f"connection refused by {where}"),
        (socket.gaierror, lambda: f"cannot resolve {host.host}: {_first_line(exc)}"),
        (ReadTimeout, lambda: f"{where} accepted the login but never showed a prompt "
                              f"({_first_line(exc)})"),
        (NetmikoTimeoutException,
         lambda: f"no SSH session with {where} within {host.transport.conn_timeout:g} s "
                 f"(after {host.transport.retries + 1} attempts): {_first_line(exc)}"),
    ]
    for kind, reason in reasons:
        if isinstance(exc, kind):
            return reason()
    if host.transport.jump_host and isinstance(exc, paramiko.SSHException | OSError):
        return f"through jump host {host.transport.jump_host}: {_first_line(exc)}"
    return f"cannot open a session with {where}: {type(exc).__name__}: {_first_line(exc)}"


# A device's failure, recorded as its result, never raised to the CLI: not an InspectorError.
class UnknownPlatformError(LookupError):
    """Autodetection saw a device of no known platform."""


# What autodetection types (under the guard of a platform speaking that verb) until one output
# is recognized; FortiOS and OceanStor print their versions with neither `version` command.
_PROBES = (("huawei_vrp", "display version"), ("cisco_ios", "show version"),
           ("fortinet_fortios", "get system status"),
           ("huawei_oceanstor", "show system general"))


def detect(host: Host, password: str, secret: str) -> str:
    """The platform of `host`, from its version output (`platform: autodetect`).

    A generic session (no paging disabled: the first screen is enough), the probes above
    in turn through the read-only guard, and the definitions' `identify` patterns decide."""
    generic = get_platform(_PROBES[1][0]).model_copy(update={"netmiko_device_type": "generic"})
    connection = _open(host, generic, password, secret)
    seen = []
    try:
        for platform_name, command in _PROBES:
            check_command(get_platform(platform_name), command)
            output: str = connection.send_command_timing(
                command, read_timeout=host.transport.read_timeout, last_read=1.0,
                strip_prompt=False, strip_command=True)
            seen.append(output)
            found = detect_platform(output)
            if found is not None:
                return found
    finally:
        with contextlib.suppress(Exception):
            connection.disconnect()
    first = next((line for text in seen for line in text.splitlines() if line.strip()), "")
    raise UnknownPlatformError(f"autodetect: no known platform in the version output "
                               f"(first line: {first[:80]!r}); set `platform:` for this host")


def _leave(connection: Any) -> None:
    """End the session. netmiko first checks for configuration mode, which a session of
    this tool never enters (the guard refuses what would): for Huawei that check waits for
    2 s of silence on the line, per device, after every command was answered."""
    connection.check_config_mode = lambda *_args, **_kwargs: False
    connection.disconnect()


def collect_device(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Every capture of one device; never raises for a device-side problem."""
    device = host.device()
    recording = DeviceRecording(device=device)
    try:
        password, secret = cli_login(host)
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording
    if host.platform == AUTODETECT:
        try:
            host = host.model_copy(update={"platform": detect(host, password, secret)})
        except Exception as exc:  # noqa: BLE001 - a failed detection is this device's result
            recording.error = _unreachable_reason(exc, host)
            return recording
        recording.device = device = host.device()
    platform = get_platform(host.platform)
    try:
        connection = _open(host, platform, password, secret)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is this device's result
        recording.error = _unreachable_reason(exc, host)
        return recording
    if getattr(connection, "protocol", "ssh") == "telnet":
        recording.device = device = device.model_copy(update={"protocol": "telnet"})
    else:
        recording.device = device = device.model_copy(
            update={"ssh_algorithms": legacy_ssh.negotiated(connection)})
    # The run's deadline or a stop closes the socket from outside: a read blocked on a
    # silent device ends at once, not at its read timeout.
    withdraw = cutoff.current().on_cut(cutoff.netmiko_closer(connection))
    try:
        try:
            prompt = session_prompt(connection)
        except (ValueError, ReadTimeout) as exc:
            # A driver that does not wait for the prompt at login (FortiOS's, generic) meets
            # a device that never shows one here, not in `_open`.
            recording.error = (f"{host.host}:{host.transport.port} accepted the login but "
                               f"never showed a prompt ({_first_line(exc)})")
            return recording
        disable_paging(platform, lambda c: exchange(connection, c, prompt,
                                                    host.transport.read_timeout))

        def send(command: str) -> str:
            if stop is not None and stop.is_set():
                raise SessionLostError("run interrupted")
            try:
                return exchange(connection, command, prompt, host.transport.read_timeout)
            except ReadTimeout:
                if not connection.is_alive():
                    raise SessionLostError("the device closed the session mid-output") from None
                raise

        recording.captures = run_commands(platform, device.name, send)
    finally:
        withdraw()
        with contextlib.suppress(Exception):  # the captures are what matter now
            _leave(connection)
        bastion = _BASTIONS.pop(id(getattr(connection, "sock", None)), None)
        if bastion is not None:
            bastion.close()
    return recording
