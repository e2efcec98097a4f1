"""What the run can cut in one device's collection, from outside the thread collecting it.

A session blocked on a silent device waits for its own read timeout (a minute by default)
and would not see the run's deadline or a Ctrl-C until then. So the runner gives each
device's collection a `Scope`, and a transport registers there what ends its session at
once: the SSH socket, the ipmitool process, the SNMP task. When the run's deadline passes
(or the run is interrupted) the runner cuts the scopes still open: their session fails at
the next read, and the collection returns with what the device had already answered.

    >>> scope = Scope()
    >>> with entered(scope):
    ...     withdraw = current().on_cut(lambda: print("closed"))
    >>> scope.cut("the run's deadline of 5 s was reached")
    closed
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

Closer = Callable[[], None]


class Scope:
    """One device's collection: what closes its session, and whether it was cut."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closers: dict[int, Closer] = {}
        self._next = 0
        self.reason: str | None = None  # why it was cut (None: not cut)
        self.cut_at: datetime | None = None

    def on_cut(self, close: Closer) -> Closer:
        """Call `close` when the scope is cut (at once when it already was); returns what
        withdraws it, for a session closed the ordinary way."""
        with self._lock:
            if self.reason is None:
                key = self._next
                self._next += 1
                self._closers[key] = close
                return lambda: self._withdraw(key)
        _call(close)
        return lambda: None

    def _withdraw(self, key: int) -> None:
        with self._lock:
            self._closers.pop(key, None)

    def cut(self, reason: str) -> None:
        """Close everything registered; later registrations are closed as they come."""
        with self._lock:
            if self.reason is not None:
                return
            self.reason = reason
            self.cut_at = datetime.now(UTC)
            closers = list(self._closers.values())
            self._closers.clear()
        for close in closers:
            _call(close)


def _call(close: Closer) -> None:
    # Closing a session that is already going away may fail in many ways: it is going.
    with contextlib.suppress(Exception):
        close()


_local = threading.local()
_NOWHERE = Scope()  # outside a run (a test calling a collector): nothing ever cuts it


def current() -> Scope:
    """The scope of the collection running in this thread."""
    scope: Scope = getattr(_local, "scope", _NOWHERE)
    return scope


@contextlib.contextmanager
def entered(scope: Scope) -> Iterator[Scope]:
    """Make `scope` this thread's current one while a collector runs."""
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = _NOWHERE


def shutdown(endpoint: Any) -> None:
    """End a socket (or a paramiko channel) in both directions without freeing its file
    descriptor under the thread still using it: its next read sees the end."""
    if isinstance(endpoint, socket.socket):
        with contextlib.suppress(OSError):
            endpoint.shutdown(socket.SHUT_RDWR)
        return
    close = getattr(endpoint, "close", None)
    if callable(close):
        close()


def netmiko_closer(connection: Any) -> Closer:
    """What cuts a netmiko session, SSH (through a jump host too) or Telnet."""
    def close() -> None:
        for holder in (getattr(connection, "remote_conn", None),
                       getattr(connection, "remote_conn_pre", None)):
            if holder is None:
                continue
            transport = holder.get_transport() if hasattr(holder, "get_transport") else None
            if transport is not None:
                shutdown(transport.sock)
            elif isinstance(getattr(holder, "sock", None), socket.socket):
                shutdown(holder.sock)  # telnetlib
    return close
