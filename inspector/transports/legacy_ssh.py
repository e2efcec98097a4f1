"""SSH for old devices (`transport.legacy_algorithms: true`): asyncssh in place of paramiko.

paramiko 5 implements none of the SHA-1 key exchanges nor `ssh-rsa` host keys, which are
all that a 10-year-old Catalyst, Quidway or Comware 5 switch offers. asyncssh still does.
`LegacyClient` stands in for the paramiko client netmiko drives (connect, invoke_shell,
close) and `LegacyChannel` for the paramiko channel, so netmiko's login, prompt and paging
handling, the read-only guard, redaction, recording and the host-key policy above the
transport stay exactly as they are; only these devices get the weak algorithms, listed
after the modern ones so a device that offers both still gets the modern ones.

asyncssh is asynchronous: every legacy session runs on one background event loop, and the
channel hands its bytes to the collecting thread through a condition variable. Closing the
client or the channel (from any thread: a run deadline) wakes a blocked read at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import warnings
from collections.abc import Coroutine
from typing import Any, TypeVar

import asyncssh
import paramiko
from cryptography.utils import CryptographyDeprecationWarning

from inspector.inventory import Host
from inspector.ssh_algorithms import KINDS, LEGACY, refusal
from inspector.transports.hostkeys import HostKeyError
from inspector.transports.kexinit import parse_kexinit, probe

T = TypeVar("T")
# The SHA-1 key exchanges are finite-field Diffie-Hellman, which `cryptography` warns about
# at every session: chosen knowingly, for these devices only, and graded in the report.
warnings.filterwarnings("ignore", message="Diffie-Hellman over finite fields",
                        category=CryptographyDeprecationWarning)
MAX_BUFFERED = 4 * 1024 * 1024  # unread bytes held before the device is told to wait


class LegacyNegotiationError(paramiko.SSHException):  # type: ignore[misc]  # untyped library
    """No algorithm in common with the device, even with the legacy ones."""


def _names(algorithms: list[bytes]) -> list[str]:
    return [a.decode("ascii") for a in algorithms if not a.startswith(b"gss-")]


def accepted(legacy: bool) -> dict[str, list[str]]:
    """What a session accepts per kind: paramiko's lists on the default path; asyncssh's
    defaults and the legacy additions on this one."""
    if not legacy:
        prefs = paramiko.Transport
        return {"kex": list(prefs._preferred_kex), "host_key": list(prefs._preferred_keys),
                "cipher": list(prefs._preferred_ciphers), "mac": list(prefs._preferred_macs)}
    from asyncssh import encryption, kex, mac, public_key  # noqa: PLC0415 - only here

    defaults = {"kex": _names(kex.get_default_kex_algs()),
                "host_key": _names(public_key.get_default_public_key_algs()),
                "cipher": _names(encryption.get_default_encryption_algs()),
                "mac": _names(mac.get_default_mac_algs())}
    return {kind: defaults[kind] + [a for a in LEGACY[kind] if a not in defaults[kind]]
            for kind in KINDS}


class _Loop:
    """The one event loop of this process's legacy sessions, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
                threading.Thread(target=self.loop.run_forever, name="legacy-ssh",
                                 daemon=True).start()
            return self.loop

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.get())
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def call(self, function: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # a loop already stopped at exit
            self.get().call_soon_threadsafe(function, *args)


_LOOP = _Loop()


class _Session(asyncssh.SSHClientSession[bytes]):
    """Bytes from the device, kept until the collecting thread reads them."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.ended = False
        self.ready = threading.Condition()
        self.channel: asyncssh.SSHClientChannel[bytes] | None = None

    def connection_made(self, chan: asyncssh.SSHClientChannel[bytes]) -> None:
        self.channel = chan

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        with self.ready:
            self.buffer += data
            self.ready.notify_all()
            full = len(self.buffer) > MAX_BUFFERED
        if full and self.channel is not None:
            self.channel.pause_reading()  # resumed as the reader catches up

    def end(self) -> None:
        with self.ready:
            self.ended = True
            self.ready.notify_all()

    def eof_received(self) -> bool:
        self.end()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.end()


class _Active:
    """The session's transport as netmiko (`is_active()`) and the run's cut-off
    (`.sock`, closed to end the session from another thread) use it."""

    def __init__(self, client: LegacyClient) -> None:
        self.client = client
        self.sock = client

    def is_active(self) -> bool:
        return self.client.is_active()


class LegacyChannel:
    """The part of paramiko's Channel that netmiko and ssh._Reader use."""

    def __init__(self, client: LegacyClient, session: _Session) -> None:
        self.client = client
        self.session = session
        self.timeout: float | None = None
        self.transport = _Active(client)
        self.closed = False

    def settimeout(self, timeout: float | None) -> None:
        self.timeout = timeout

    def get_transport(self) -> _Active:
        return self.transport

    def gettimeout(self) -> float | None:
        return self.timeout

    def recv_ready(self) -> bool:
        with self.session.ready:
            return bool(self.session.buffer) or self.session.ended

    def recv(self, size: int) -> bytes:
        """Up to `size` bytes; b"" once the session ended; TimeoutError after the timeout."""
        session = self.session
        with session.ready:
            if not session.ready.wait_for(lambda: session.buffer or session.ended,
                                          self.timeout):
                raise TimeoutError("no data from the device within the timeout")
            data = bytes(session.buffer[:size])
            del session.buffer[:size]
            resume = len(session.buffer) <= MAX_BUFFERED // 2
        if resume and session.channel is not None:
            _LOOP.call(session.channel.resume_reading)
        return data

    def sendall(self, data: bytes) -> None:
        if self.closed or self.session.ended or self.session.channel is None:
            raise OSError("the SSH session is closed")
        _LOOP.call(_write, self.session.channel, data)

    def close(self) -> None:
        self.closed = True
        if self.session.channel is not None:
            _LOOP.call(self.session.channel.close)
        self.session.end()


def _write(channel: asyncssh.SSHClientChannel[bytes], data: bytes) -> None:
    with contextlib.suppress(asyncssh.Error, OSError):  # the device hung up: reads say so
        channel.write(data)


class _Trust(asyncssh.SSHClient):
    """Judges the device's key with the session's host-key policy (transports/hostkeys.py),
    inside the handshake, before the password is sent."""

    def __init__(self, policy: paramiko.MissingHostKeyPolicy, name: str) -> None:
        self.policy = policy
        self.name = name
        self.refused: HostKeyError | None = None

    def validate_host_public_key(self, host: str, addr: str, port: int,
                                 key: asyncssh.SSHKey) -> bool:
        if isinstance(self.policy, paramiko.AutoAddPolicy):
            return True  # `host_keys: off`: any key, remembered nowhere
        as_paramiko = paramiko.PKey.from_type_string(key.get_algorithm(), key.public_data)
        try:
            self.policy.missing_host_key(None, self.name, as_paramiko)
        except HostKeyError as exc:
            self.refused = exc
            return False
        return True


class LegacyClient:
    """The part of paramiko's SSHClient that netmiko's establish_connection uses."""

    def __init__(self) -> None:
        self.policy: paramiko.MissingHostKeyPolicy = paramiko.AutoAddPolicy()
        self.conn: asyncssh.SSHClientConnection | None = None
        self.channel: LegacyChannel | None = None
        self.algorithms: dict[str, str] = {}
        self.timeout = 15.0

    def set_missing_host_key_policy(self, policy: paramiko.MissingHostKeyPolicy) -> None:
        self.policy = policy

    def load_system_host_keys(self) -> None:  # the policy alone decides (hostkeys.py)
        return

    def load_host_keys(self, filename: str) -> None:
        return

    def connect(self, hostname: str, port: int = 22, username: str = "", password: str = "",
                timeout: float | None = None, auth_timeout: float | None = None,
                sock: Any = None, **_unused: Any) -> None:
        self.timeout = timeout or 15.0
        name = hostname if port == 22 else f"[{hostname}]:{port}"
        trust = _Trust(self.policy, name)
        ours = accepted(legacy=True)
        options = asyncssh.SSHClientConnectionOptions(
            username=username, password=password, known_hosts=([], [], []),
            kex_algs=ours["kex"], server_host_key_algs=ours["host_key"],
            encryption_algs=ours["cipher"], mac_algs=ours["mac"], client_keys=None,
            agent_path=None, preferred_auth="password,keyboard-interactive",
            connect_timeout=self.timeout, login_timeout=self.timeout + (auth_timeout or 0),
            keepalive_interval=0)
        bridge = _bridge(sock) if sock is not None else None

        async def connect() -> asyncssh.SSHClientConnection:
            return await asyncssh.connect(
                hostname if bridge is None else None, port, sock=bridge, options=options,
                client_factory=lambda: trust, config=None)

        try:
            self.conn = _LOOP.run(connect(), self.timeout * 2 + (auth_timeout or 0))
        except asyncssh.PermissionDenied as exc:
            raise paramiko.AuthenticationException(f"Authentication failed: {exc}") from exc
        except asyncssh.KeyExchangeFailed as exc:
            raise LegacyNegotiationError(str(exc)) from exc
        except (asyncssh.HostKeyNotVerifiable, asyncssh.DisconnectError) as exc:
            if trust.refused is not None:
                raise trust.refused from None
            raise paramiko.SSHException(str(exc)) from exc
        self.algorithms = _negotiated(self.conn, ours)

    def invoke_shell(self, term: str = "vt100", width: int = 80,
                     height: int = 24) -> LegacyChannel:
        if self.conn is None:
            raise paramiko.SSHException("No existing session")
        conn = self.conn

        async def open_shell() -> _Session:
            _chan, session = await conn.create_session(
                _Session, term_type=term, term_size=(width, height), encoding=None)
            assert isinstance(session, _Session)  # noqa: S101 - what the factory makes
            return session

        self.channel = LegacyChannel(self, _LOOP.run(open_shell(), self.timeout))
        return self.channel

    def get_transport(self) -> _Active:
        return _Active(self)

    def is_active(self) -> bool:
        return self.conn is not None and not self.conn.is_closed()

    def close(self) -> None:
        """Close the session and its connection; safe from any thread, more than once."""
        if self.channel is not None:
            self.channel.close()
        if self.conn is not None:
            _LOOP.call(self.conn.close)


def _negotiated(conn: asyncssh.SSHClientConnection, ours: dict[str, list[str]]
                ) -> dict[str, str]:
    """What the session uses: the first of ours the server offered (RFC 4253 §7.1), and
    the cipher and MAC asyncssh keeps on the connection without a public accessor; read
    defensively, an unknown value stays empty."""
    def text(value: object) -> str:
        return value.decode("ascii", "replace") if isinstance(value, bytes) else ""

    cipher = text(getattr(conn, "_enc_alg_cs", b""))
    mac = text(getattr(conn, "_mac_alg_cs", b""))
    offered: dict[str, list[str]] = {}
    with contextlib.suppress(Exception):
        offered = parse_kexinit(bytes(getattr(conn, "_server_kexinit", b"")))
    first = {kind: next((a for a in ours[kind] if a in offered.get(kind, ())), "")
             for kind in ("kex", "host_key")}
    return {"kex": first["kex"], "host_key": first["host_key"], "cipher": cipher,
            "mac": "" if mac == cipher else mac}  # an AEAD cipher has no separate MAC


def _bridge(channel: Any) -> socket.socket:
    """A socket for asyncssh carrying a paramiko channel (a jump host's direct-tcpip)."""
    ours, theirs = socket.socketpair()

    def pump(read: Any, write: Any) -> None:
        with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
            while data := read(65536):
                write(data)
        with contextlib.suppress(OSError):
            theirs.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(Exception):
            channel.close()

    for read, write in ((channel.recv, theirs.sendall), (theirs.recv, channel.sendall)):
        threading.Thread(target=pump, args=(read, write), daemon=True,
                         name="legacy-ssh-bridge").start()
    return ours


def use_legacy(connection: Any) -> None:
    """Make a netmiko connection (not yet opened) log in through asyncssh. netmiko builds
    its SSH client through this method, meant to be overridden."""
    connection._get_ssh_client_instance = LegacyClient


def negotiated(connection: Any) -> dict[str, str]:
    """The algorithms an open netmiko session uses ({kind: name}); empty over Telnet."""
    client = getattr(connection, "remote_conn_pre", None)
    if isinstance(client, LegacyClient):
        return dict(client.algorithms)
    transport = client.get_transport() if isinstance(client, paramiko.SSHClient) else None
    if transport is None:
        return {}
    # paramiko forgets the key exchange once it is done; it implements no weak one anyway.
    return {"kex": "", "host_key": transport.host_key_type or "",
            "cipher": transport.local_cipher or "", "mac": transport.local_mac or ""}


def negotiation_failed(exc: BaseException) -> bool:
    """Whether `exc` (netmiko wraps the cause) says no algorithm was in common."""
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        if isinstance(seen, paramiko.IncompatiblePeer | LegacyNegotiationError):
            return True
        visited.add(id(seen))
        seen = seen.__cause__ or seen.__context__
    return False


def negotiation_reason(exc: BaseException, host: Host) -> str | None:
    """When no algorithm was in common: what the device offers that we do not accept, read
    from its KEXINIT (not through a jump host: the probe connects directly). None when the
    failure was another one or the offer cannot be read."""
    if not negotiation_failed(exc) or host.transport.jump_host:
        return None
    t = host.transport
    try:
        offer = probe(host.host, t.port, t.conn_timeout)
    except OSError:
        return None
    return refusal(offer.algorithms, accepted(t.legacy_algorithms), t.legacy_algorithms)
