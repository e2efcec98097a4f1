"""HTTPS to a BMC's Redfish service: the one adapter every request of the Redfish transport
passes through, underneath DMTF's client (python-redfish-library).

The client is used for what it does well (the service root, session login and logout,
headers, the X-Auth-Token); what must hold whatever the client does is enforced here, at
the last step before a byte leaves:

- **read-only**: GET, and exactly the two requests of a session's life: one POST to the
  session collection to log in, one DELETE of the session that login created. Any other
  method or target is refused (`RequestGuard`), the way the CLI guard refuses a command;
- **TLS as the inventory says** (`Tls`): the system's CAs, a CA file, or a pinned
  certificate fingerprint (BMCs ship self-signed certificates). The client's own default,
  no verification unless a CA file is given, is overridden here;
- **bounded answers**: a body larger than the limit is refused, compressed or not;
- **cuttable**: each connection's socket is registered with the device's scope
  (transports/cutoff.py), so the run's deadline or a signal ends a read at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from inspector.transports import cutoff
from inspector.transports.guard import UnsafeCommandError

SESSIONS = "/redfish/v1/SessionService/Sessions"
_CHUNK = 64 * 1024


class ResponseTooLargeError(ConnectionError):
    """An answer past the inventory's bound; recorded as that request's failure."""


def _refuse(method: str, path: str, why: str) -> UnsafeCommandError:
    return UnsafeCommandError(f"refused to send {method} {path}: {why}")


@dataclass
class RequestGuard:
    """What may be sent to one BMC: GET on its own address; one login; one logout.

    >>> guard = RequestGuard("bmc.example", 443)
    >>> guard.check("GET", "https://bmc.example/redfish/v1/Systems")
    >>> guard.check("PATCH", "https://bmc.example/redfish/v1/Systems/1")
    Traceback (most recent call last):
    ...
    inspector.transports.guard.UnsafeCommandError: refused to send PATCH ...
    """

    host: str
    port: int
    logged_in: bool = False
    session_path: str | None = None  # the session login created: the only DELETE allowed

    def check(self, method: str, url: str) -> None:
        parts = urlsplit(url)
        path = parts.path
        if parts.scheme != "https":
            raise _refuse(method, path, "Redfish is spoken over HTTPS only")
        if (parts.hostname or "").lower() != self.host.lower() or \
                (parts.port or 443) != self.port:
            raise _refuse(method, path, f"{parts.netloc} is not the BMC {self.host}")
        if not path.startswith("/redfish/"):
            raise _refuse(method, path, "only the Redfish tree (/redfish/...) is read")
        self._check_method(method.upper(), path.rstrip("/"))

    def _check_method(self, method: str, path: str) -> None:
        if method == "GET":
            return
        if method == "POST" and path == SESSIONS and not self.logged_in:
            self.logged_in = True
            return
        if method == "DELETE" and self.session_path and path == self.session_path.rstrip("/"):
            self.session_path = None  # once
            return
        raise _refuse(method, path, "only GET is sent to a BMC, besides logging in and "
                                    "deleting the session that login created")


@dataclass(frozen=True)
class Tls:
    """How a BMC's certificate is checked.

    `fingerprint`: the SHA-256 of its certificate, pinned (chain and name are then not
    checked: the fingerprint is stronger); else `ca_file`, else the system's CAs when
    `verify`; `verify` False accepts any certificate.
    """

    verify: bool = True
    ca_file: Path | None = None
    fingerprint: str | None = None

    def requests_verify(self) -> bool | str:
        if self.fingerprint:
            return False  # the pool checks the pinned fingerprint instead
        if self.ca_file is not None:
            return str(self.ca_file)
        return self.verify

    def pinned(self) -> str | None:
        return self.fingerprint.replace(":", "").lower() if self.fingerprint else None


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as BMC web pages and `openssl x509 -fingerprint
    -sha256` show it: upper-case hex pairs joined by colons."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


class _CuttableConnection(HTTPSConnection):
    """A connection whose socket the device's scope can shut from another thread."""

    _withdraw: Any = None

    def connect(self) -> None:
        super().connect()
        sock = self.sock
        self._withdraw = cutoff.current().on_cut(lambda: cutoff.shutdown(sock))

    def close(self) -> None:
        if self._withdraw is not None:
            self._withdraw()
            self._withdraw = None
        super().close()


class _CuttablePool(HTTPSConnectionPool):
    ConnectionCls = _CuttableConnection

    def _validate_conn(self, conn: Any) -> None:
        # urllib3's own, without its warning on every request to an unverified host: an
        # inventory's `verify: false` is a deliberate choice (a lab), said once in the docs.
        HTTPConnectionPool._validate_conn(self, conn)
        if conn.is_closed:
            conn.connect()


class GuardedAdapter(HTTPAdapter):
    """The transport adapter of the client's requests session (see the module's
    docstring); `guard` and `tls` are the device's, `max_bytes` bounds one answer."""

    def __init__(self, guard: RequestGuard, tls: Tls, max_bytes: int) -> None:
        self.guard = guard
        self.tls = tls
        self.max_bytes = max_bytes
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pinned = self.tls.pinned()
        if pinned:
            pool_kwargs["assert_fingerprint"] = pinned
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {"https": _CuttablePool}

    def send(self, request: PreparedRequest, stream: bool = False,
             timeout: Any = None, verify: bool | str = True, cert: Any = None,
             proxies: Any = None) -> Response:
        self.guard.check(request.method or "", request.url or "")
        # Our TLS settings, never the client's (it turns verification off by default), and
        # no proxy from the environment between us and a management network.
        response = super().send(request, stream=True, timeout=timeout,
                                verify=self.tls.requests_verify(), cert=None, proxies={})
        read_bounded(response, self.max_bytes)
        return response


def read_bounded(response: Response, max_bytes: int) -> None:
    """Read the body into the response, refusing it past `max_bytes` (after decoding,
    so a compressed body cannot expand past the bound either)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise ResponseTooLargeError(
            f"the answer is {int(declared)} bytes, more than the bound of {max_bytes}")
    chunks: list[bytes] = []
    total = 0
    for chunk in response.raw.stream(_CHUNK, decode_content=True):
        total += len(chunk)
        if total > max_bytes:
            response.close()
            raise ResponseTooLargeError(f"the answer exceeds the bound of {max_bytes} bytes")
        chunks.append(chunk)
    response._content = b"".join(chunks)
    response._content_consumed = True
