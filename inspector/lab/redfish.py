"""A simulated BMC speaking Redfish over real HTTPS on 127.0.0.1, for the demo and tests.

It serves a tree of lab/redfish_tree.py with a self-signed certificate made at start (its
SHA-256 fingerprint is what an inventory pins), opens and deletes sessions as a BMC does
(`POST /redfish/v1/SessionService/Sessions` -> X-Auth-Token and Location), pages its event
log (`Members@odata.nextLink`, two entries a page) and answers every other method with 405.
It remembers every request it was sent, so a test can prove what the transport did.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import secrets
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.lab.process import remove_tree
from inspector.lab.redfish_tree import V1, Json, tree

SESSIONS = f"{V1}/SessionService/Sessions"
PAGE = 2  # log entries per page: small, so that paging is exercised
USERNAME = "inspector"


def self_signed(directory: Path) -> tuple[Path, Path, str]:
    """A fresh certificate for 127.0.0.1 and its key, written to `directory`; and its
    SHA-256 fingerprint as BMC pages print it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lab-bmc")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "bmc.crt", directory / "bmc.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return cert_path, key_path, ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


@dataclass
class RedfishBmc:
    """One simulated BMC. `profile`: faulty or healthy (lab/redfish_tree.py)."""

    name: str = "bj-srv-2288hv6"
    profile: str = "faulty"
    port: int = 0
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    username: str = USERNAME
    resources: dict[str, Json] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path) received
    sessions: dict[str, str] = field(default_factory=dict)  # token -> session path
    delays: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    fingerprint: str = ""
    cert_file: Path | None = None
    _server: ThreadingHTTPServer | None = None
    _folder: Path | None = None

    def start(self) -> RedfishBmc:
        self.resources = self.resources or tree(self.profile)
        self._folder = Path(tempfile.mkdtemp(prefix="inspector-redfish-"))
        self.cert_file, key_file, self.fingerprint = self_signed(self._folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, key_file)
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, name=f"redfish-{self.name}",
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        remove_tree(self._folder)

    def __enter__(self) -> RedfishBmc:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def inventory_entry(self, password_ref: str) -> dict[str, Any]:
        """The BMC as an inventory host, its certificate pinned."""
        vendor, model = ("Huawei", "2288H V6") if self.profile == "faulty" else \
            ("Inspur", "NF5280M6")
        return {self.name: {"host": "127.0.0.1", "platform": "redfish", "role": "server",
                            "vendor": vendor, "model": model, "username": self.username,
                            "password": password_ref,
                            "redfish": {"port": self.port, "fingerprint": self.fingerprint,
                                        "timeout": 10}}}

    # ---- what the handler asks

    def authorized(self, headers: Any) -> bool:
        return headers.get("X-Auth-Token", "") in self.sessions

    def login(self, body: bytes) -> tuple[str, str] | None:
        try:
            sent = json.loads(body or b"{}")
        except ValueError:
            return None
        if sent.get("UserName") != self.username or sent.get("Password") != self.password:
            return None
        token = secrets.token_hex(16)
        path = f"{SESSIONS}/{secrets.token_hex(4)}"
        self.sessions[token] = path
        return token, path

    def answer(self, path: str, query: str) -> Json | None:
        if path == SESSIONS:
            return {"@odata.type": "#SessionCollection.SessionCollection", "@odata.id": path,
                    "Members": [{"@odata.id": p} for p in self.sessions.values()]}
        resource = self.resources.get(path)
        if resource is None or "Members" not in resource or not path.endswith("/Entries"):
            return resource
        return _page(resource, path, query)


def _page(resource: Json, path: str, query: str) -> Json:
    """One page of an inlined collection, with the link to the next."""
    skip = int((parse_qs(query).get("$skip") or ["0"])[0] or 0)
    members = resource["Members"]
    page = {**resource, "Members": members[skip:skip + PAGE],
            "Members@odata.count": len(members)}
    if skip + PAGE < len(members):
        page["Members@odata.nextLink"] = f"{path}?$skip={skip + PAGE}"
    return page


class _Handler(BaseHTTPRequestHandler):
    """The BMC's HTTP side; `bmc` is set per server by `_handler`."""

    bmc: RedfishBmc
    protocol_version = "HTTP/1.1"
    server_version = "LabBMC/1.0"
    # Headers and body in one write: two small writes on a kept-alive connection wait for a
    # delayed ACK (40 ms a request).
    wbufsize = 1 << 16

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: tests read `bmc.requests`

    def _send(self, status: int, body: Json | None = None,
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _path(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        self.bmc.requests.append((self.command, parts.path))
        return parts.path.rstrip("/") or "/", parts.query

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 65536)) if length else b""

    def do_GET(self) -> None:
        path, query = self._path()
        if path != V1 and not self.bmc.authorized(self.headers):
            self._send(401, _error("Unauthorized"))
            return
        time.sleep(self.bmc.delays.get(path, 0))  # a slow (or silent) BMC, for tests
        resource = self.bmc.answer(path, query)
        if resource is None:
            self._send(404, _error(f"{path} not found"))
        else:
            self._send(200, resource)

    def do_POST(self) -> None:
        path, _ = self._path()
        body = self._body()
        if path != SESSIONS:
            self._send(405, _error("the lab BMC changes nothing"))
            return
        opened = self.bmc.login(body)
        if opened is None:
            self._send(401, _error("Invalid username or password"))
            return
        token, location = opened
        self._send(201, {"@odata.id": location, "Id": location.rsplit("/", 1)[1],
                         "UserName": self.bmc.username},
                   {"X-Auth-Token": token, "Location": location})

    def do_DELETE(self) -> None:
        path, _ = self._path()
        token = self.headers.get("X-Auth-Token", "")
        if self.bmc.sessions.get(token) != path:
            self._send(405, _error("only the caller's own session may be deleted"))
            return
        del self.bmc.sessions[token]
        self._send(204)

    def _refuse(self) -> None:
        self._path()
        self._body()
        self._send(405, _error("the lab BMC changes nothing"))

    do_PUT = do_PATCH = _refuse  # noqa: N815


def _handler(bmc: RedfishBmc) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"bmc": bmc})


def _error(message: str) -> Json:
    return {"error": {"code": "Base.1.8.GeneralError", "message": message}}


@contextlib.contextmanager
def lab_bmcs(password: str) -> Any:
    """The faulty and the healthy BMC, running; stopped on exit."""
    with RedfishBmc(name="bj-srv-2288hv6", profile="faulty", password=password) as faulty, \
            RedfishBmc(name="sh-srv-nf5280m6", profile="healthy", password=password) as healthy:
        yield [faulty, healthy]
