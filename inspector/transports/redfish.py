"""Live collection from a server's BMC over Redfish (HTTPS), with DMTF's client.

Each GET is one capture: `GET <path>` as its command, the exact JSON text as its output, so
a run records and replays like any other and parsing/redfish.py reads the captures alone.
What is read, from the service root down (docs/redfish.md):

- Systems: the system (health rollup), Processors, Memory (and each DIMM's metrics),
  Storage (controllers, drives, volumes), EthernetInterfaces, LogServices' entries;
- Chassis: Power and Thermal (or PowerSubsystem / ThermalSubsystem / Sensors on BMCs
  that publish only those);
- Managers (the BMC, its firmware, its logs); UpdateService's FirmwareInventory.

A session is created at the start and always deleted at the end (a BMC keeps only a few
sessions: one left behind at every inspection locks the next out). Only GET otherwise:
transports/redfish_http.py refuses anything else below the client. Collections are paged
through `Members@odata.nextLink` up to `max_pages`; members read one by one are capped too.

`collect_device` never raises for a device-side problem; `collect_auto` (platform `bmc`)
falls back to IPMI when no Redfish service answers.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import redfish
from redfish.rest.v1 import (
    InvalidCredentialsError,
    RetriesExhaustedError,
    ServerDownOrUnreachableError,
    SessionCreationError,
)

from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host
from inspector.inventory_redfish import RedfishOptions
from inspector.model import Capture
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff, ipmi
from inspector.transports.guard import UnsafeCommandError
from inspector.transports.redfish_http import GuardedAdapter, RequestGuard, Tls

ROOT = "/redfish/v1"
MEMBER_CAP = 128  # members of one collection read one by one (a 24-bay server: 24 drives)
LOG_ENTRY_CAP = 64  # log entries read one by one when a BMC does not inline them
# The client logs request and response headers at DEBUG, the session token among them.
logging.getLogger("redfish").setLevel(logging.WARNING)

Json = dict[str, Any]


class RedfishAbsentError(ConnectionError):
    """No Redfish service answered at the address (nothing listening, or not Redfish)."""


class RedfishLoginError(ConnectionError):
    """A Redfish service answered but no session was opened (credentials, TLS, refusal)."""


def _cause(exc: BaseException) -> BaseException:
    """The first error under the client's retry wrapper."""
    while isinstance(exc, RetriesExhaustedError) and exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def describe(exc: BaseException) -> str:
    cause = _cause(exc)
    text = str(cause).strip() or type(cause).__name__
    return text.splitlines()[0][:300] if text else type(cause).__name__


def base_url(host: Host, options: RedfishOptions) -> str:
    address = f"[{host.host}]" if ":" in host.host else host.host
    return f"https://{address}:{options.port}"


def tls_of(options: RedfishOptions) -> Tls:
    return Tls(verify=options.verify, ca_file=options.ca_file, fingerprint=options.fingerprint)


@dataclass
class Session:
    """One BMC being read: the client, the guard below it, what was read."""

    client: Any
    guard: RequestGuard
    device: str
    options: RedfishOptions
    stop: threading.Event | None = None
    captures: list[Capture] = field(default_factory=list)
    read: dict[str, Json | None] = field(default_factory=dict)

    def get(self, path: str | None) -> Json | None:
        """The resource at `path` (each path read once), or None when it failed."""
        if not path:
            return None
        parts = urlsplit(path)  # a link may carry the host; a next page, its query
        path = f"{parts.path}?{parts.query}" if parts.query else (parts.path or path)
        if path in self.read:
            return self.read[path]
        started = datetime.now(UTC)
        if self.stop is not None and self.stop.is_set():
            self._record(path, started, "", "not run: the run was interrupted")
            return None
        if cutoff.current().reason is not None:
            self._record(path, started, "", f"cut short: {cutoff.current().reason}")
            return None
        output, error, data = "", None, None
        try:
            response = self.client.get(path)
        except (RetriesExhaustedError, UnsafeCommandError, OSError, ValueError) as exc:
            cut = cutoff.current().reason  # the deadline or a signal shut the socket
            error = f"cut short: {cut}" if cut is not None else describe(exc)
        else:
            output = response.text or ""
            data, error = _json_of(response.status, output)
        self._record(path, started, output, error)
        self.read[path] = data
        return data

    def _record(self, path: str, started: datetime, output: str, error: str | None) -> None:
        self.captures.append(Capture(device=self.device, command=f"GET {path}",
                                     output=redact(output), started=started,
                                     ended=datetime.now(UTC),
                                     error=redact(error) if error else None))

    def members(self, path: str | None, fetch: bool = True, cap: int = MEMBER_CAP
                ) -> Iterator[Json]:
        """The members of a collection, page after page (up to `max_pages`): inlined ones
        as they are, the others read one by one (up to `cap`)."""
        page, pages, fetched = self.get(path), 1, 0
        while page is not None:
            for member in page.get("Members") or []:
                if not isinstance(member, dict):
                    continue
                if set(member) - {"@odata.id"}:
                    yield member
                elif fetch and fetched < cap:
                    fetched += 1
                    resource = self.get(member.get("@odata.id"))
                    if resource is not None:
                        yield resource
            following = page.get("Members@odata.nextLink")
            if not isinstance(following, str) or pages >= self.options.max_pages:
                return
            page, pages = self.get(following), pages + 1


def _json_of(status: int, output: str) -> tuple[Json | None, str | None]:
    if status != 200:
        return None, f"HTTP {status}: {_message(output)}"
    try:
        data = json.loads(output)
    except ValueError:
        return None, "the answer is not JSON"
    if not isinstance(data, dict):
        return None, "the answer is not a JSON object"
    return data, None


def _message(output: str) -> str:
    """The Redfish error message of a failed request, else the start of its body."""
    try:
        error = json.loads(output).get("error", {})
        text = error.get("message") or ""
        extended = error.get("@Message.ExtendedInfo") or []
        if extended and isinstance(extended[0], dict):
            text = extended[0].get("Message") or text
    except (ValueError, AttributeError):
        text = output
    return " ".join(str(text).split())[:200] or "no message"


def link(resource: Json | None, key: str) -> str | None:
    """The `@odata.id` a resource's property `key` points to."""
    value = (resource or {}).get(key)
    if isinstance(value, dict) and isinstance(value.get("@odata.id"), str):
        return str(value["@odata.id"])
    return None


# --------------------------------------------------------------------------- the plan


def crawl(session: Session) -> None:
    """Read everything the transport reads (see the module's docstring)."""
    root = session.get(ROOT)
    for system in session.members(link(root, "Systems"), cap=8):
        _system(session, system)
    for chassis in session.members(link(root, "Chassis"), cap=8):
        _chassis(session, chassis)
    for manager in session.members(link(root, "Managers"), cap=4):
        _logs(session, link(manager, "LogServices"))
    update = session.get(link(root, "UpdateService"))
    list(session.members(link(update, "FirmwareInventory")))


def _system(session: Session, system: Json) -> None:
    list(session.members(link(system, "Processors")))
    for dimm in session.members(link(system, "Memory")):
        session.get(link(dimm, "Metrics"))
    for storage in session.members(link(system, "Storage"), cap=16):
        _storage(session, storage)
    list(session.members(link(system, "EthernetInterfaces")))
    _logs(session, link(system, "LogServices"))


def _storage(session: Session, storage: Json) -> None:
    list(session.members(link(storage, "Controllers")))
    drives = [d.get("@odata.id") for d in storage.get("Drives") or [] if isinstance(d, dict)]
    for path in drives[:MEMBER_CAP]:
        session.get(path if isinstance(path, str) else None)
    list(session.members(link(storage, "Volumes")))


def _chassis(session: Session, chassis: Json) -> None:
    if not session.get(link(chassis, "Power")):
        power = session.get(link(chassis, "PowerSubsystem"))
        list(session.members(link(power, "PowerSupplies")))
    if not session.get(link(chassis, "Thermal")):
        thermal = session.get(link(chassis, "ThermalSubsystem"))
        list(session.members(link(thermal, "Fans")))
        list(session.members(link(chassis, "Sensors")))


def _logs(session: Session, path: str | None) -> None:
    for service in session.members(path, cap=8):
        entries = link(service, "Entries")
        for read, _ in enumerate(session.members(entries, cap=LOG_ENTRY_CAP), start=1):
            if read >= session.options.max_log_entries:
                break


# --------------------------------------------------------------------------- sessions


def open_session(host: Host, options: RedfishOptions, password: str,
                 stop: threading.Event | None = None) -> Session:
    """Log in (the service root first): RedfishAbsentError when nothing Redfish answers,
    RedfishLoginError when it answers but no session opens."""
    guard = RequestGuard(host.host, options.port)
    adapter = GuardedAdapter(guard, tls_of(options), options.max_response_bytes)
    client = redfish.redfish_client(
        base_url=base_url(host, options), username=host.username or "", password=password,
        timeout=options.timeout, max_retry=options.retries, https_adapter=adapter,
        check_connectivity=False)
    try:
        client.get_root_object()
    except (RetriesExhaustedError, ServerDownOrUnreachableError, OSError, ValueError) as exc:
        client._session.close()
        raise RedfishAbsentError(describe(exc)) from None
    try:
        client.login(auth=options.auth)
    except (InvalidCredentialsError, SessionCreationError, RetriesExhaustedError,
            OSError, ValueError) as exc:
        client._session.close()
        raise RedfishLoginError(describe(exc)) from None
    token = client.get_session_key()
    if token:
        register_secret(token)
    location = client.get_session_location()
    guard.session_path = urlsplit(location).path if location else None
    return Session(client=client, guard=guard, device=host.name, options=options, stop=stop)


def close_session(session: Session) -> Capture | None:
    """Delete the session; a capture of the DELETE when it failed (a session left open on
    the BMC is worth a note in the run)."""
    path = session.guard.session_path
    started = datetime.now(UTC)
    try:
        session.client.logout()
    except Exception as exc:  # noqa: BLE001 - whatever it was, the session may be left open
        return Capture(device=session.device, command=f"DELETE {path or 'session'}",
                       started=started, ended=datetime.now(UTC),
                       error=redact(f"the session could not be deleted: {describe(exc)}"))
    return None


def _password(host: Host) -> str:
    if not host.password:
        return ""
    return resolve_secret(host.password, f"{host.username or 'redfish'}@{host.name}")


def _collect(host: Host, stop: threading.Event | None) -> tuple[DeviceRecording, bool]:
    """The device's recording, and whether a Redfish service answered at all."""
    recording = DeviceRecording(device=host.device())
    options = host.redfish or RedfishOptions()
    try:
        password = _password(host)
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording, True  # nothing was tried: no other protocol either
    register_secret(password)
    where = f"{host.host}:{options.port}"
    try:
        session = open_session(host, options, password, stop)
    except RedfishAbsentError as exc:
        recording.error = redact(f"no Redfish service answered at {where}: {exc}")
        return recording, False
    except RedfishLoginError as exc:
        recording.error = redact(f"no Redfish session with {where} (wrong user or password, "
                                 f"a certificate that does not match, or sessions refused): "
                                 f"{exc}")
        return recording, True
    try:
        crawl(session)
    finally:
        failed = close_session(session)
        recording.captures = session.captures + ([failed] if failed else [])
    return recording, True


def collect_device(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Every capture of one BMC over Redfish; never raises for a device-side problem."""
    return _collect(host, stop)[0]


def collect_auto(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Platform `bmc`: Redfish where a Redfish service answers, IPMI otherwise. A service
    that answers but refuses the login is no reason to try IPMI (the same account would be
    refused again, and locked sooner): its error is the device's. The device's `protocol`
    says which was spoken."""
    recording, answered = _collect(host, stop)
    if answered:
        recording.device = recording.device.model_copy(update={"protocol": "redfish"})
        return recording
    recording = ipmi.collect_device(host.model_copy(update={"platform": "ipmi"}), stop)
    recording.device = host.device().model_copy(update={"protocol": "ipmi"})
    return recording
