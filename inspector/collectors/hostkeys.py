"""Host keys: trust on first use, then refuse a device whose key changed.

Before any password is sent, a bare SSH handshake (no authentication) fetches the device's
host key and compares it with the tool's own known-hosts file (OpenSSH format, next to the
history database unless the inventory says otherwise). An unknown device is remembered; a
changed key fails that device with a clear message — a replaced supervisor card and a
man-in-the-middle look the same from here, and an engineer must decide which it is.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import paramiko

_lock = threading.Lock()  # one writer of the known-hosts file at a time


class HostKeyChangedError(ConnectionError):
    """The device presents another key than the one remembered for it."""


def _entry(host: str, port: int) -> str:
    return host if port == 22 else f"[{host}]:{port}"


def fetch_key(host: str, port: int, timeout: float, sock: object | None = None) -> paramiko.PKey:
    """The device's host key from a bare handshake (no authentication). Our own socket, so
    a refused or unreachable device raises the plain socket error."""
    own = socket.create_connection((host, port), timeout=timeout) if sock is None else None
    transport = paramiko.Transport(own if own is not None else sock)
    try:
        transport.banner_timeout = timeout
        transport.start_client(timeout=timeout)
        return transport.get_remote_server_key()
    finally:
        transport.close()
        if own is not None:
            own.close()


def verify(known_hosts: Path, host: str, port: int, key: paramiko.PKey) -> bool:
    """True when `key` is the remembered one or was just remembered (first use); raise
    HostKeyChangedError when another key is on file."""
    name = _entry(host, port)
    with _lock:
        keys = paramiko.HostKeys()
        if known_hosts.is_file():
            keys.load(str(known_hosts))
        known = keys.lookup(name)
        if known is not None and key.get_name() in known:
            if known[key.get_name()] != key:
                raise HostKeyChangedError(
                    f"the host key of {name} changed ({key.get_name()} "
                    f"{key.fingerprint}); if the device was replaced on purpose, remove its "
                    f"line from {known_hosts} and run again")
            return True
        keys.add(name, key.get_name(), key)
        known_hosts.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        keys.save(str(known_hosts))
        known_hosts.chmod(0o600)
    return False
