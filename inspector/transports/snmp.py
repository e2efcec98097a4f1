"""Live collection over SNMP (pysnmp 7, asyncio): UPS units, room sensors, switches, BMCs.

Per device: GET the system group (sysDescr, sysObjectID, ...) to choose the device's
profiles, then one GET per profile for its exact OIDs and one (bulk) walk per table column
the profiles read. Every operation is one capture whose output is snmprec lines
(``OID|TAG|VALUE``), so a bundle replays exactly and snmpsim can serve it back. A device
that does not answer the first GET is unreachable (a wrong community looks exactly like
that: SNMP agents stay silent); later failures are recorded on their capture and the run
goes on.

The pipeline calls `collect_device` from its thread pool; each call runs its own event loop
and SNMP engine and closes the engine's dispatcher when done.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    bulk_walk_cmd,
    get_cmd,
    usm3DESEDEPrivProtocol,
    usmAesCfb128Protocol,
    usmAesCfb192Protocol,
    usmAesCfb256Protocol,
    usmDESPrivProtocol,
    usmHMAC128SHA224AuthProtocol,
    usmHMAC192SHA256AuthProtocol,
    usmHMAC256SHA384AuthProtocol,
    usmHMAC384SHA512AuthProtocol,
    usmHMACMD5AuthProtocol,
    usmHMACSHAAuthProtocol,
    usmNoAuthProtocol,
    usmNoPrivProtocol,
    walk_cmd,
)
from pysnmp.smi.builder import MibBuilder
from pysnmp.smi.view import MibViewController

from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host, SnmpOptions
from inspector.model import Capture
from inspector.parsing.snmp_parse import GET, WALK, Varbinds
from inspector.parsing.snmpprofile import (
    IDENTITY_OIDS,
    SYS_DESCR,
    SYS_OBJECT_ID,
    SnmpProfile,
    select_profiles,
)
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff

GET_CHUNK = 10  # OIDs per GET: small enough for any agent's PDU size
MAX_REPETITIONS = 25
MAX_WALK_VARBINDS = 50_000  # a runaway agent must not hold the run forever

_AUTH = {
    "MD5": usmHMACMD5AuthProtocol, "SHA": usmHMACSHAAuthProtocol,
    "SHA224": usmHMAC128SHA224AuthProtocol, "SHA256": usmHMAC192SHA256AuthProtocol,
    "SHA384": usmHMAC256SHA384AuthProtocol, "SHA512": usmHMAC384SHA512AuthProtocol,
}
_PRIV = {
    "DES": usmDESPrivProtocol, "3DES": usm3DESEDEPrivProtocol, "AES": usmAesCfb128Protocol,
    "AES192": usmAesCfb192Protocol, "AES256": usmAesCfb256Protocol,
}
# pysnmp value classes -> snmprec tags (snmpsim's numbering).
_TAGS = {
    "Integer": "2", "Integer32": "2", "OctetString": "4", "Bits": "4", "Null": "5",
    "ObjectIdentifier": "6", "ObjectName": "6", "IpAddress": "64", "Counter32": "65",
    "Gauge32": "66", "Unsigned32": "66", "TimeTicks": "67", "Opaque": "68",
    "Counter64": "70", "NoSuchObject": "128", "NoSuchInstance": "129", "EndOfMibView": "130",
}
_PRINTABLE = frozenset(range(0x20, 0x7F))


# A capture's failure, recorded as its error, never raised to the CLI: not an InspectorError.
class SnmpError(Exception):
    """An SNMP operation that failed; the message is the capture's error."""


# --------------------------------------------------------------------------- encoding


def _tag(value: Any) -> str:
    for cls in type(value).__mro__:
        if cls.__name__ in _TAGS:
            return _TAGS[cls.__name__]
    return "4"


def snmprec_line(oid: str, value: Any) -> str:
    """One varbind as snmpsim's `OID|TAG|VALUE` (hex `4x` for non-printable strings)."""
    tag = _tag(value)
    if tag in ("128", "129", "130", "5"):
        return f"{oid}|{tag}|"
    if tag in ("4", "68"):
        data = bytes(value.asOctets())
        if data and all(b in _PRINTABLE for b in data):
            return f"{oid}|{tag}|{data.decode('ascii')}"
        return f"{oid}|{tag}x|{data.hex()}" if data else f"{oid}|{tag}|"
    if tag == "64":
        return f"{oid}|64|{'.'.join(str(b) for b in bytes(value.asOctets()))}"
    if tag == "6":
        return f"{oid}|6|{value.prettyPrint()}"
    return f"{oid}|{tag}|{int(value)}"


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Plan:
    gets: list[tuple[str, ...]]
    walks: list[str]


def plan(profiles: Iterable[SnmpProfile]) -> Plan:
    """What to ask a device: each profile's exact OIDs in GETs of at most GET_CHUNK, and
    each column once (a column under another walked one is not walked again)."""
    gets: list[tuple[str, ...]] = []
    seen: set[str] = set(IDENTITY_OIDS)
    columns: set[str] = set()
    for profile in profiles:
        exact, cols = profile.oids()
        fresh = sorted(exact - seen, key=_key)
        seen |= exact
        gets += [tuple(fresh[i:i + GET_CHUNK]) for i in range(0, len(fresh), GET_CHUNK)]
        columns |= cols
    walks = [c for c in sorted(columns, key=_key)
             if not any(c.startswith(other + ".") for other in columns)]
    return Plan(gets, walks)


def _key(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.split("."))


# --------------------------------------------------------------------------- transport


@dataclass
class _Session:
    engine: SnmpEngine
    auth: CommunityData | UsmUserData
    target: UdpTransportTarget
    options: SnmpOptions
    where: str

    def indication(self, error: object) -> str:
        text = str(error)
        if "timeout" in text.lower() or "no snmp response" in text.lower():
            return (f"no SNMP answer from {self.where} within {self.options.timeout:g} s "
                    f"({self.options.retries + 1} attempts): wrong community or v3 "
                    "credentials, SNMP disabled, or the device is unreachable")
        if any(w in text.lower() for w in ("digest", "usm user", "username", "security level",
                                           "securitylevel", "decrypt", "engineid",
                                           "time window")):
            return f"SNMPv3 authentication with {self.where} failed: {text}"
        return f"SNMP error from {self.where}: {text}"

    async def get(self, oids: tuple[str, ...]) -> list[str]:
        """snmprec lines of a GET; in SNMPv1 an absent OID fails the whole request, so it
        is recorded as noSuchName and the rest asked again."""
        lines: list[str] = []
        pending = list(oids)
        while pending:
            error, status, index, binds = await get_cmd(
                self.engine, self.auth, self.target, ContextData(),
                *[ObjectType(ObjectIdentity(o)) for o in pending], lookupMib=False)
            if error:
                raise SnmpError(self.indication(error))
            if status:
                bad = int(index) - 1 if index else -1
                if str(status) == "noSuchName" and 0 <= bad < len(pending):
                    lines.append(f"{pending.pop(bad)}|128|")
                    continue
                raise SnmpError(f"{self.where} answered {status}")
            lines += [snmprec_line(str(name), value) for name, value in binds]
            break
        return lines

    async def walk(self, root: str) -> list[str]:
        """snmprec lines of a subtree (GETBULK in v2c/v3, GETNEXT in v1)."""
        lines: list[str] = []
        start = ObjectType(ObjectIdentity(root))
        if self.options.version == "1":
            walker = walk_cmd(self.engine, self.auth, self.target, ContextData(), start,
                              lexicographicMode=False, lookupMib=False)
        else:
            walker = bulk_walk_cmd(self.engine, self.auth, self.target, ContextData(), 0,
                                   MAX_REPETITIONS, start, lexicographicMode=False,
                                   lookupMib=False)
        async for error, status, _, binds in walker:
            if error:
                raise _PartialWalkError(self.indication(error), lines)
            if status:
                if str(status) == "noSuchName":  # v1's end of the MIB
                    break
                raise _PartialWalkError(f"{self.where} answered {status}", lines)
            for name, value in binds:
                if _tag(value) in ("128", "129", "130"):
                    continue
                lines.append(snmprec_line(str(name), value))
            if len(lines) > MAX_WALK_VARBINDS:
                raise _PartialWalkError(f"walk stopped after {MAX_WALK_VARBINDS} values", lines)
        return lines


class _PartialWalkError(SnmpError):
    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


def _auth(host: Host, options: SnmpOptions) -> CommunityData | UsmUserData:
    """pysnmp credentials; every secret resolved is registered with the redactor."""
    if options.version in ("1", "2c"):
        if options.community is None:
            raise CredentialError("no SNMP community reference (snmp.community)")
        community = resolve_secret(options.community, f"snmp community@{host.name}")
        register_secret(community)
        return CommunityData(community, mpModel=0 if options.version == "1" else 1)
    if not options.user:
        raise CredentialError("SNMPv3 needs snmp.user")
    auth_key = resolve_secret(options.auth_key, f"snmp auth key@{host.name}") \
        if options.auth_key else None
    priv_key = resolve_secret(options.priv_key, f"snmp priv key@{host.name}") \
        if options.priv_key else None
    register_secret(auth_key)
    register_secret(priv_key)
    auth_proto = _AUTH[options.auth_protocol or "SHA"] if auth_key else usmNoAuthProtocol
    priv_proto = _PRIV[options.priv_protocol or "AES"] if priv_key else usmNoPrivProtocol
    return UsmUserData(options.user, authKey=auth_key, privKey=priv_key,
                       authProtocol=auth_proto, privProtocol=priv_proto)


# --------------------------------------------------------------------------- collection


async def _capture(device: str, command: str, work: Any) -> Capture:
    started = datetime.now(UTC)
    try:
        lines, error = await work, None
    except _PartialWalkError as exc:
        lines, error = exc.lines, str(exc)
    except SnmpError as exc:
        lines, error = [], str(exc)
    except Exception as exc:  # noqa: BLE001 - pysnmp raises many kinds; it is this capture's
        lines, error = [], f"SNMP failure: {type(exc).__name__}: {exc}"
    output = redact("".join(line + "\n" for line in lines))
    return Capture(device=device, command=command, output=output, started=started,
                   ended=datetime.now(UTC), error=redact(error) if error else None)


def _identity(output: str) -> tuple[str, str]:
    data = Varbinds()
    data.add_lines(output)
    object_id, descr = data.get(SYS_OBJECT_ID), data.get(SYS_DESCR)
    return (str(object_id) if isinstance(object_id, str) else "",
            str(descr) if isinstance(descr, str) else "")


_MIB_LOCK = threading.Lock()
_mib_view: list[MibViewController] = []


def _shared_mib_view() -> MibViewController:
    """One MIB view for every engine of the process. pysnmp gives each new engine its own,
    and with pysmi installed (the lab's agent needs it) each builds a MIB compiler, whose
    grammar alone costs half a CPU second: per device, for OIDs that are all numeric here.
    Built and warmed under a lock, then only read (numeric OIDs load no further MIB)."""
    with _MIB_LOCK:
        if not _mib_view:
            view = MibViewController(MibBuilder())
            ObjectType(ObjectIdentity(SYS_DESCR)).resolve_with_mib(view, ignoreErrors=False)
            _mib_view.append(view)
        return _mib_view[0]


async def _collect(host: Host, options: SnmpOptions, auth: CommunityData | UsmUserData,
                   stop: threading.Event | None, recording: DeviceRecording) -> None:
    engine = SnmpEngine()
    # Where pysnmp's command generators look for the engine's MIB view.
    engine.cache["mibViewController"] = _shared_mib_view()
    # The run's deadline or a stop cancels the request under way (transports/cutoff.py).
    loop, task = asyncio.get_running_loop(), asyncio.current_task()

    def cancel() -> None:
        if task is not None:
            loop.call_soon_threadsafe(task.cancel)

    withdraw = cutoff.current().on_cut(cancel)
    try:
        target = await UdpTransportTarget.create(
            (host.host, options.port), timeout=options.timeout, retries=options.retries)
        session = _Session(engine, auth, target, options, f"{host.host}:{options.port}")
        name = recording.device.name
        first = await _capture(name, f"{GET} {' '.join(IDENTITY_OIDS)}",
                               session.get(IDENTITY_OIDS))
        if first.error and not first.output:
            recording.error = first.error
            return
        recording.captures.append(first)
        todo = plan(select_profiles(*_identity(first.output)))
        operations = [(f"{GET} {' '.join(oids)}", partial(session.get, oids))
                      for oids in todo.gets]
        operations += [(f"{WALK} {root}", partial(session.walk, root)) for root in todo.walks]
        for command, work in operations:
            if stop is not None and stop.is_set():
                recording.captures.append(Capture(device=name, command=command,
                                                  error="run interrupted"))
                continue
            try:
                recording.captures.append(await _capture(name, command, work()))
            except asyncio.CancelledError:  # cut: the rest see `stop` set
                recording.captures.append(Capture(device=name, command=command,
                                                  error="run interrupted"))
    finally:
        withdraw()
        engine.close_dispatcher()


def collect_device(host: Host, stop: threading.Event | None = None) -> DeviceRecording:
    """Every SNMP capture of one device; never raises for a device-side problem."""
    recording = DeviceRecording(device=host.device())
    options = host.snmp
    if options is None:
        recording.error = "no `snmp` options for this device in the inventory"
        return recording
    try:
        auth = _auth(host, options)
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording
    try:
        asyncio.run(_collect(host, options, auth, stop, recording))
    except asyncio.CancelledError:  # cut before the device identified itself
        recording.error = "run interrupted"
    except Exception as exc:  # noqa: BLE001 - whatever broke is this device's result
        recording.error = redact(f"SNMP collection failed: {type(exc).__name__}: {exc}")
    return recording
