"""SSH host keys: the policy that decides whether a device's key is trusted.

The key is checked inside the SSH handshake of the session itself (paramiko asks the
policy after key exchange and before authentication), so no password is ever sent to a
device whose key is not trusted, and no second connection is opened to fetch the key.

Policies (inventory `host_keys:`, or `inspector run --host-key-policy`):
- `accept-new` (default): a device seen for the first time is remembered in the tool's own
  known-hosts file (OpenSSH format, beside the history database unless the inventory says
  otherwise); a changed key fails that device with a clear message — a replaced
  supervisor card and a man-in-the-middle look the same from here, and an engineer must
  decide which it is.
- `strict`: only devices already in the known-hosts file are logged in to.
- `off`: any key is accepted and nothing is remembered (labs whose keys change at every
  start).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import paramiko

from inspector.inventory import HostKeyPolicy


# A device's failure, recorded as its result, never raised to the CLI; and it must stay an
# SSHException (see the docstring): not an InspectorError.
class HostKeyError(paramiko.SSHException):  # type: ignore[misc]  # untyped library
    """The device's host key is not trusted; nothing was sent to it.

    An SSHException, not an OSError: netmiko reports socket errors as "TCP connection
    failed", which would hide the reason."""


class HostKeyChangedError(HostKeyError):
    """The device presents another key than the one remembered for it."""


class HostKeyUnknownError(HostKeyError):
    """`strict`: the device is not in the known-hosts file."""


class KnownHosts:
    """One known-hosts file, read once per process and again only when it changes on disk
    (an engineer removed a line); new keys are appended, never the file rewritten."""

    # Off in a collecting process of a split run (runner.py): the others
    # append keys of devices this one never sees, and each append would mean a re-read.
    reload_on_change = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._keys = paramiko.HostKeys()
        self._seen: tuple[int, int] | None = None  # (mtime_ns, size) of what _keys holds
        self._loaded = False

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size

    def _refresh(self) -> None:
        if self._loaded and not self.reload_on_change:
            return
        now = self._stat()
        if not self._loaded or now != self._seen:
            self._keys = paramiko.HostKeys()
            if now is not None:
                self._keys.load(str(self.path))
            self._seen, self._loaded = now, True

    def check(self, name: str, key: paramiko.PKey, policy: HostKeyPolicy) -> bool:
        """True when `key` is the one on file for `name` ("host" or "[host]:port"); False
        when it was just remembered (first use). Raises HostKeyChangedError for another
        key of the same type, HostKeyUnknownError for an unknown device under `strict`."""
        with self._lock:
            self._refresh()
            known = self._keys.lookup(name)
            if known is not None and key.get_name() in known:
                if known[key.get_name()] != key:
                    raise HostKeyChangedError(
                        f"the host key of {name} changed ({key.get_name()} "
                        f"{key.fingerprint}); if the device was replaced on purpose, remove "
                        f"its line from {self.path} and run again")
                return True
            if policy == "strict":
                raise HostKeyUnknownError(
                    f"the host key of {name} ({key.get_name()} {key.fingerprint}) is not in "
                    f"{self.path} and the host-key policy is strict; add it there, or run "
                    f"once with --host-key-policy accept-new")
            self._append(name, key)
        return False

    def _append(self, name: str, key: paramiko.PKey) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="ascii") as handle:
            handle.write(f"{name} {key.get_name()} {key.get_base64()}\n")
        self._keys.add(name, key.get_name(), key)
        self._seen = self._stat()


_stores: dict[Path, KnownHosts] = {}
_stores_lock = threading.Lock()


def known_hosts(path: Path) -> KnownHosts:
    """The process's one reader/writer of `path` (sessions on many threads share it)."""
    with _stores_lock:
        return _stores.setdefault(path.resolve(), KnownHosts(path))


class TrustPolicy(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]  # untyped library
    """Asked by paramiko for every key (the session's client loads no keys of its own)."""

    def __init__(self, store: KnownHosts, policy: HostKeyPolicy) -> None:
        self.store = store
        self.policy = policy

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str,
                         key: paramiko.PKey) -> None:
        self.store.check(hostname, key, self.policy)


def key_policy(policy: HostKeyPolicy, path: Path | None) -> paramiko.MissingHostKeyPolicy:
    """What a session's SSH client does with the device's key."""
    if policy == "off" or path is None:
        return paramiko.AutoAddPolicy()  # kept in memory for this session only
    return TrustPolicy(known_hosts(path), policy)


def host_key_error(exc: BaseException) -> HostKeyError | None:
    """The host-key refusal behind `exc`, if any (netmiko wraps it in its own exception)."""
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        if isinstance(seen, HostKeyError):
            return seen
        visited.add(id(seen))
        seen = seen.__cause__ or seen.__context__
    return None
