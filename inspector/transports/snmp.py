"""Live collection over SNMP (pysnmp 7, asyncio): UPS units, room sensors, switches, BMCs.

Per device: GET the system group (sysDescr, sysObjectID, ...) to choose the device's
profiles, then the profiles' exact OIDs (a capture per profile and ten OIDs, asked in as
few GETs as fit) and the table columns they read (a capture per column, all walked
together with GETBULK: transports/snmp_walk.py). Every capture's output is snmprec lines
(``OID|TAG|VALUE``), so a bundle replays exactly and snmpsim can serve it back. A device
that does not answer the first GET is unreachable (a wrong community looks exactly like
that: SNMP agents stay silent); later failures are recorded on their capture and the run
goes on.

The pipeline calls `collect_device` from its thread pool; the device's requests run on the
process's SNMP event loop with its one shared engine (an SNMPv3 device with an engine of
its own): transports/snmp_engine.py says why.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
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
)

from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host, SnmpOptions
from inspector.model import Capture
from inspector.parsing.snmp_parse import GET, WALK, Varbinds, build_snmp_snapshot
from inspector.parsing.snmp_shape import SHAPE_VALUES, enterprise_root
from inspector.parsing.snmpprofile import (
    IDENTITY_OIDS,
    SYS_DESCR,
    SYS_OBJECT_ID,
    SnmpProfile,
    select_profiles,
    snmp_profiles,
)
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports.snmp_engine import SnmpAnswerError, Target, shared_loop
from inspector.transports.snmp_walk import (
    BULK_BUDGET,
    MAX_COLUMN_VALUES,
    EndOfColumnError,
    TooBigError,
    get_batches,
    walk_columns,
)

GET_CHUNK = 10  # OIDs per GET capture (one request asks several: snmp_walk.GET_BUDGET)
GETNEXT = "snmpgetnext"  # the table probe: recorded, not parsed (snmprec.operation)
# Device kinds whose readings a walk by shape may find, and the most interfaces a device of
# no known kind may have to be taken for a probe (a switch has dozens).
SHAPE_KINDS = frozenset({"env-sensor", "air-conditioner"})
SHAPE_MAX_INTERFACES = 4
ROOM_READINGS = frozenset({"temperature", "humidity"})

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
    target: Target
    options: SnmpOptions
    where: str

    def message(self, error: SnmpAnswerError) -> str:
        if error.status:
            return f"{self.where} answered {error.status}"
        text = error.indication
        if "timeout" in text.lower() or "no snmp response" in text.lower():
            return (f"no SNMP answer from {self.where} within {self.options.timeout:g} s "
                    f"({self.options.retries + 1} attempts): wrong community or v3 "
                    "credentials, SNMP disabled, or the device is unreachable")
        if any(w in text.lower() for w in ("digest", "usm user", "username", "security level",
                                           "securitylevel", "decrypt", "engineid",
                                           "time window")):
            return f"SNMPv3 authentication with {self.where} failed: {text}"
        return f"SNMP error from {self.where}: {text}"

    async def get(self, oids: Sequence[str]) -> list[str]:
        """snmprec lines of a GET; in SNMPv1 an absent OID fails the whole request, so it
        is recorded as noSuchName and the rest asked again; tooBig asks in halves."""
        lines: list[str] = []
        pending = list(oids)
        while pending:
            try:
                binds = await self.target.get(pending)
            except SnmpAnswerError as exc:
                if exc.status == "noSuchName" and 0 < exc.index <= len(pending):
                    lines.append(f"{pending.pop(exc.index - 1)}|128|")
                    continue
                if exc.status == "tooBig" and len(pending) > 1:
                    half = len(pending) // 2
                    return lines + await self.get(pending[:half]) + await self.get(
                        pending[half:])
                raise SnmpError(self.message(exc)) from None
            lines += [snmprec_line(name, value) for name, value in binds]
            break
        return lines

    async def fetch(self, oids: Sequence[str], repetitions: int) -> list[tuple[str, Any]]:
        """One step of a walk: GETBULK in v2c/v3, GETNEXT (one row) in v1."""
        try:
            if self.options.version == "1":
                return await self.target.next(oids)
            return await self.target.bulk(oids, repetitions)
        except SnmpAnswerError as exc:
            if exc.status == "noSuchName":  # v1's end of the MIB for that OID
                raise EndOfColumnError(exc.index - 1) from None
            if exc.status == "tooBig":
                raise TooBigError(self.message(exc)) from None
            raise SnmpError(self.message(exc)) from None


def _is_end(value: Any) -> bool:
    return _tag(value) in ("128", "129", "130")


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


def _capture(device: str, command: str, lines: list[str], error: str | None,
             started: datetime, ended: datetime) -> Capture:
    output = redact("".join(line + "\n" for line in lines))
    return Capture(device=device, command=command, output=output, started=started,
                   ended=ended, error=redact(error) if error else None)


async def _answered(work: Awaitable[list[str]]) -> tuple[list[str], str | None]:
    try:
        return await work, None
    except SnmpError as exc:
        return [], str(exc)
    except Exception as exc:  # noqa: BLE001 - pysnmp raises many kinds; it is this capture's
        return [], f"SNMP failure: {type(exc).__name__}: {exc}"


def _identity(output: str) -> tuple[str, str]:
    data = Varbinds()
    data.add_lines(output)
    object_id, descr = data.get(SYS_OBJECT_ID), data.get(SYS_DESCR)
    return (str(object_id) if isinstance(object_id, str) else "",
            str(descr) if isinstance(descr, str) else "")


async def _gets(session: _Session, name: str, groups: list[tuple[str, ...]]) -> list[Capture]:
    """Every profile's GET (a capture each, as planned) asked in as few requests as fit."""
    found: dict[str, str] = {}
    failed: dict[str, str] = {}
    started = datetime.now(UTC)
    for batch in get_batches(groups):
        lines, error = await _answered(session.get(batch))
        found.update((line.split("|", 1)[0], line) for line in lines)
        failed.update((oid, error) for oid in batch if error)
    ended = datetime.now(UTC)
    captures = []
    for oids in groups:
        error = next((failed[o] for o in oids if o in failed), None)
        captures.append(_capture(name, f"{GET} {' '.join(oids)}",
                                 [found[o] for o in oids if o in found], error, started, ended))
    return captures


async def _walks(session: _Session, name: str, roots: list[str],
                 limit: int = MAX_COLUMN_VALUES) -> list[Capture]:
    """Every column, walked together (snmp_walk.py), a capture each."""
    started = datetime.now(UTC)
    columns = await walk_columns(session.fetch, roots, _is_end, limit=limit)
    ended = datetime.now(UTC)
    return [_capture(name, f"{WALK} {column.root}",
                     [snmprec_line(oid, value) for oid, value in column.binds],
                     column.error, started, ended)
            for column in columns]


def _cut(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()


async def _probe_tables(session: _Session, name: str, profiles: list[SnmpProfile],
                        recording: DeviceRecording) -> list[SnmpProfile]:
    """A device no vendor profile knows by its sysObjectID: one GETNEXT of every table a
    profile declares (`match.tables`); the profiles of the tables it answers are added.
    The probe is recorded (commands.log) but the parse stage selects by the walks that
    follow, so a replay chooses the same profiles."""
    tables = sorted({t for p in snmp_profiles().values() if p not in profiles
                     for t in p.match.tables}, key=_key)
    if not tables:
        return profiles
    started = datetime.now(UTC)
    answered: set[str] = set()
    lines: list[str] = []
    error = None
    for chunk in (tables[i:i + BULK_BUDGET] for i in range(0, len(tables), BULK_BUDGET)):
        binds, error = await _next_of(session, chunk)
        for oid, value in binds:
            lines.append(snmprec_line(str(oid), value))
            answered.update(t for t in chunk if str(oid).startswith(t + "."))
    recording.captures.append(_capture(name, f"{GETNEXT} {' '.join(tables)}", lines, error,
                                       started, datetime.now(UTC)))
    added = [p for p in snmp_profiles().values()
             if p not in profiles and p.match.answered_by(answered.__contains__)]
    return [*added, *profiles]


async def _next_of(session: _Session, oids: list[str]) -> tuple[list[tuple[str, Any]], str | None]:
    """One successor of each OID; in SNMPv1 an OID past the agent's last one fails the
    request (noSuchName): it and every OID after it have no successor, the others are
    asked again."""
    pending = list(oids)
    while pending:
        try:
            return [(str(o), v) for o, v in await session.fetch(pending, 1)], None
        except EndOfColumnError as end:
            if not 0 <= end.index < len(pending):
                return [], str(end)
            last = _key(pending[end.index])
            pending = [o for o in pending if _key(o) < last]
        except (SnmpError, TooBigError) as exc:
            return [], str(exc)
    return [], None


def wants_shape_walk(recording: DeviceRecording, bulk: bool = True) -> bool:
    """Walk the enterprise subtree by shape (parsing/snmp_shape.py): on a room device (a
    known vendor's product line we have no profile for still shows its tables; in SNMPv1,
    without GETBULK, only when its profiles found no reading), and on a device of no kind
    whose profiles found no room reading and that has nothing of a switch, a UPS or a
    server (few interfaces, no UPS data, no entity inventory)."""
    snap = build_snmp_snapshot(recording.device, recording.captures)
    kind = recording.device.kind or snap.device.kind
    read = any(s.kind in ROOM_READINGS and s.value is not None for s in snap.sensors.data or [])
    if kind in SHAPE_KINDS:
        return bulk or not read
    if recording.device.kind or read:
        return False
    return (kind in ("", "network") and snap.ups.data is None and not snap.inventory.data
            and len(snap.interfaces.data or []) <= SHAPE_MAX_INTERFACES)


def _interrupted(name: str, commands: Iterable[str]) -> list[Capture]:
    return [Capture(device=name, command=command, error="run interrupted")
            for command in commands]


async def _collect(host: Host, options: SnmpOptions, auth: CommunityData | UsmUserData,
                   stop: threading.Event | None, recording: DeviceRecording) -> None:
    # Community-based devices share the process's engine; a v3 device has its own.
    own = SnmpEngine() if isinstance(auth, UsmUserData) else None
    try:
        address = await UdpTransportTarget.create(
            (host.host, options.port), timeout=options.timeout, retries=options.retries)
        session = _Session(Target(own or shared_loop().shared, auth, address), options,
                           f"{host.host}:{options.port}")
        name = recording.device.name
        started = datetime.now(UTC)
        lines, error = await _answered(session.get(IDENTITY_OIDS))
        first = _capture(name, f"{GET} {' '.join(IDENTITY_OIDS)}", lines, error, started,
                         datetime.now(UTC))
        if first.error and not first.output:
            recording.error = first.error
            return
        recording.captures.append(first)
        object_id, descr = _identity(first.output)
        profiles = select_profiles(object_id, descr)
        if not any(not p.match.generic for p in profiles) and not _cut(stop):
            profiles = await _probe_tables(session, name, profiles, recording)
        await _collect_planned(session, name, plan(profiles), stop, recording)
        root = enterprise_root(object_id)
        if root is not None and not _cut(stop) and wants_shape_walk(
                recording, bulk=options.version != "1"):
            recording.captures += await _walks(session, name, [root], limit=SHAPE_VALUES)
    finally:
        if own is not None:
            own.close_dispatcher()


async def _collect_planned(session: _Session, name: str, todo: Plan,
                           stop: threading.Event | None, recording: DeviceRecording) -> None:
    steps: list[tuple[list[str], Callable[[], Awaitable[list[Capture]]]]] = [
        ([f"{GET} {' '.join(oids)}" for oids in todo.gets],
         partial(_gets, session, name, todo.gets)),
        ([f"{WALK} {root}" for root in todo.walks], partial(_walks, session, name, todo.walks)),
    ]
    cut = False
    for commands, step in steps:
        if cut or (stop is not None and stop.is_set()):
            recording.captures += _interrupted(name, commands)
            continue
        try:
            recording.captures += await step()
        except asyncio.CancelledError:  # cut: what is left is not asked
            recording.captures += _interrupted(name, commands)
            cut = True


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
        shared_loop().run(partial(_collect, host, options, auth, stop, recording))
    except asyncio.CancelledError:  # cut before the device identified itself
        recording.error = "run interrupted"
    except Exception as exc:  # noqa: BLE001 - whatever broke is this device's result
        recording.error = redact(f"SNMP collection failed: {type(exc).__name__}: {exc}")
    return recording
