"""What an SSH server offers: its banner and the algorithm lists of its KEXINIT message.

Read without logging in, to say why a negotiation failed: connect, read the server's
identification line, send ours, read its first binary packet (KEXINIT, sent in clear before
any key exchange) and hang up. Every read is bounded in size and by a deadline.

The KEXINIT payload (RFC 4253 §7.1): byte 20, a 16-byte cookie, ten name-lists (key
exchange, host key, ciphers and MACs in each direction, compression, languages), a boolean
and a reserved word.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import time
from dataclasses import dataclass, field

MSG_KEXINIT = 20
MAX_BANNER_BYTES = 8192  # RFC 4253 allows lines before the identification; bound them
MAX_PACKET = 35000  # RFC 4253 §6.1: what every implementation must accept
OUR_BANNER = b"SSH-2.0-inspector_probe\r\n"
# The name-lists by position; the client-to-server lists stand for both directions (a
# device offers the same lists both ways).
_LIST_KINDS = {0: "kex", 1: "host_key", 2: "cipher", 4: "mac"}
# Markers some servers add to their key-exchange list that are not algorithms.
_NOT_ALGORITHMS = ("ext-info-", "kex-strict-")


class ProbeError(OSError):
    """The server's offer could not be read (no SSH server, a truncated or odd packet)."""


@dataclass
class Offer:
    """A server's identification and its algorithm lists per kind (ssh_algorithms.KINDS)."""

    banner: str = ""
    algorithms: dict[str, list[str]] = field(default_factory=dict)


def parse_kexinit(payload: bytes) -> dict[str, list[str]]:
    """The algorithm lists of a KEXINIT payload (starting with its message number)."""
    if not payload or payload[0] != MSG_KEXINIT:
        raise ProbeError("the server's first packet is not a KEXINIT")
    at = 1 + 16
    lists: dict[str, list[str]] = {}
    for position in range(10):
        if at + 4 > len(payload):
            raise ProbeError("truncated KEXINIT")
        (length,) = struct.unpack_from(">I", payload, at)
        at += 4
        if at + length > len(payload):
            raise ProbeError("truncated KEXINIT")
        names = payload[at:at + length].decode("ascii", "replace")
        at += length
        kind = _LIST_KINDS.get(position)
        if kind is not None:
            lists[kind] = [n for n in names.split(",")
                           if n and not n.startswith(_NOT_ALGORITHMS)]
    return lists


class _Deadline:
    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.sock = sock
        self.end = time.monotonic() + seconds

    def recv(self, size: int) -> bytes:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no KEXINIT within the connection timeout")
        self.sock.settimeout(remaining)
        data = self.sock.recv(size)
        if not data:
            raise ProbeError("the server closed the connection before its KEXINIT")
        return data


def _read_banner(reader: _Deadline) -> tuple[str, bytes]:
    """The identification line and whatever came after it."""
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if line.startswith(b"SSH-"):
                return line.rstrip(b"\r").decode("ascii", "replace")[:255], buffer
        if len(buffer) > MAX_BANNER_BYTES:
            raise ProbeError("no SSH identification line")
        buffer += reader.recv(4096)


def _read_packet(reader: _Deadline, buffer: bytes) -> bytes:
    while len(buffer) < 5:
        buffer += reader.recv(4096)
    length, padding = struct.unpack_from(">IB", buffer)
    if not 1 < length <= MAX_PACKET or padding >= length:
        raise ProbeError("the server's first packet is not a plain KEXINIT")
    while len(buffer) < 4 + length:
        buffer += reader.recv(min(4096, 4 + length - len(buffer)))
    return buffer[5:4 + length - padding]


def probe(host: str, port: int, timeout: float) -> Offer:
    """What the SSH server at host:port offers. Raises OSError (ProbeError included) when
    it cannot be read within `timeout` seconds."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        reader = _Deadline(sock, timeout)
        banner, rest = _read_banner(reader)
        with contextlib.suppress(OSError):  # the server's KEXINIT may come anyway
            sock.sendall(OUR_BANNER)
        return Offer(banner=banner, algorithms=parse_kexinit(_read_packet(reader, rest)))
