"""Normalizers for h3c_secpath (SecPath F1000/F5000/M9000 firewalls on Comware 7): TextFSM
records -> contract models. System, CPU, memory, interfaces and the log buffer print as on
Comware 7 switches and reuse hp_comware's functions; RBM, redundancy groups, sessions,
licences, signature libraries and IKE are the firewall's own. `NORMALIZERS` is the
platform's registry (`h3c_secpath.<name>`)."""

from __future__ import annotations

import re

from inspector.model import HaMember, License, SessionUsage, VpnTunnel
from inspector.parsing.normalizers import hp_comware
from inspector.parsing.normalizers.common import Normalizer, ParseContext, Record, text, to_int
from inspector.parsing.normalizers.firewall import ha_role, licence

RBM_GROUP = "rbm"  # the remote backup group: this firewall and its peer
# Words of an RBM member's running status or role that say it is up and in the pair.
_SEEN = {"active", "standby", "primary", "secondary"}
# A licence whose description names a signature update service ends the updates of a
# signature library (IPS, AV, URL filtering, application recognition).
_UPDATE_SERVICE = re.compile(r"signature|update service|特征库|升级服务", re.IGNORECASE)


def _consistent(result: str | None) -> bool | None:
    """"Consistent (2026-12-04 21:30:12)" -> True, "Inconsistent ..." -> False, "Not
    performed" or nothing -> None (never checked is not a verdict)."""
    word = (result or "").strip().lower()
    if word.startswith("inconsistent"):
        return False
    return True if word.startswith("consistent") else None


def _rbm_member(name: str, row: Record, switched: str | None) -> HaMember:
    running = text(row.get("RUNNING"))
    role = ha_role(running or row.get("ROLE"))
    return HaMember(group=RBM_GROUP, name=name, role=role,
                    online=(running or "").lower() in _SEEN if running else True,
                    last_switchover=switched)


def _connected(row: Record) -> bool | None:
    control = str(row.get("CONTROL") or "").lower()
    return None if not control else control == "connected"


def rbm_status(records: list[Record], ctx: ParseContext) -> list[HaMember]:
    """This firewall and its peer. The peer's own block (newer releases) gives its role;
    otherwise it is seen when the control channel is connected, role unknown."""
    if any(r.get("UNCONFIGURED") for r in records):
        return [HaMember(group=RBM_GROUP, name="local", role="standalone", online=True)]
    blocks = [r for r in records if r.get("ROLE") or r.get("RUNNING")]
    if not blocks:
        raise ValueError("no `Device role` or `Device running status` line")
    times = sorted(t for r in records for t in r.get("SWITCHED") or [])
    switched = times[-1].replace("/", "-") if times else None
    local = next((r for r in blocks if r.get("BLOCK") != "Peer"), blocks[0])
    peer = next((r for r in blocks if r.get("BLOCK") == "Peer"), None)
    members = [_rbm_member("local", local, switched)]
    if peer is not None:
        seen = _rbm_member("peer", peer, switched)
        # Its last known block, printed although the control channel is down: not seen.
        members.append(seen.model_copy(update={"online": False})
                       if _connected(local) is False else seen)
    else:
        members.append(HaMember(group=RBM_GROUP, name="peer", online=_connected(local),
                                last_switchover=switched))
    # The consistency check compares the pair: one inconsistent result is the pair's.
    verdicts = {_consistent(text(r.get("CONSISTENCY"))) for r in blocks}
    pair = False if False in verdicts else True if True in verdicts else None
    return [m.model_copy(update={"synchronized": pair}) for m in members]


def redundancy_groups(records: list[Record], ctx: ParseContext) -> list[HaMember]:
    """Each redundancy group's nodes; a node in neither role (Faulty, Down) is not ready
    to take over."""
    return [HaMember(group=f"rg {row['GROUP']}", name=f"node {row['NODE']} ({row['SLOT']})",
                     role=ha_role(row["STATUS"]),
                     online=str(row["STATUS"]).lower() in _SEEN)
            for row in records]


def session_statistics(records: list[Record], ctx: ParseContext) -> SessionUsage:
    """The device's sessions: the sum over its slots (each service board keeps its own
    table on a distributed chassis)."""
    counts = [to_int(r.get("SESSIONS")) for r in records]
    if not records or any(c is None for c in counts):
        raise ValueError("no `Current sessions` line")
    rates = [to_int(r.get("RATE")) for r in records]
    rate = sum(r for r in rates if r is not None) if any(r is not None for r in rates) else None
    return SessionUsage(in_use=sum(c for c in counts if c is not None),
                        new_per_second=float(rate) if rate is not None else None)


def license_files(records: list[Record], ctx: ParseContext) -> list[License]:
    items = []
    for row in records:
        if not row.get("FEATURE"):
            raise ValueError(f"licence file {row.get('FILE')!r} names no feature")
        permanent = "permanent" in str(row.get("TYPE") or "").lower()
        description = str(row.get("DESCRIPTION") or "")
        signature = True if _UPDATE_SERVICE.search(description) else None
        items.append(licence(row["FEATURE"], "Permanent" if permanent else row.get("END"),
                             status=text(row.get("STATE")), signature=signature))
    return items


def signature_library(records: list[Record], ctx: ParseContext) -> list[License]:
    """The library in use ("Current") and its version. Its end is the update service's
    licence (`display license`)."""
    current = [r for r in records if r.get("TYPE") == "Current" and r.get("VERSION") != "-"]
    if not current:
        raise ValueError("no `Current` signature library row")
    return [License(name=f"{row['LIBRARY']} signature library", kind="signature",
                    version=row["VERSION"]) for row in current]


def ike_sa(records: list[Record], ctx: ParseContext) -> list[VpnTunnel]:
    # One tunnel per peer: the best of its SAs (a re-keying peer has a ready one beside a
    # negotiating one). The remote address may carry its port ("203.0.113.7/500").
    by_peer: dict[str, VpnTunnel] = {}
    for row in records:
        peer = str(row["PEER"]).rsplit("/", 1)[0] if "/" in str(row["PEER"]) else row["PEER"]
        ready = "RD" in str(row.get("FLAGS") or "").split("|")
        tunnel = VpnTunnel(name=peer, peer=peer, kind="ipsec", up=ready,
                           state=text(row.get("FLAGS")) or "negotiating")
        if peer not in by_peer or ready:
            by_peer[peer] = tunnel
    return list(by_peer.values())


_COMWARE = hp_comware.NORMALIZERS
NORMALIZERS: dict[str, Normalizer] = {
    "version_facts": _COMWARE["version_facts"],
    "manuinfo_facts": _COMWARE["manuinfo_facts"],
    "cpu_usage": _COMWARE["cpu_usage"],
    "memory": _COMWARE["memory"],
    "interface_brief": _COMWARE["interface_brief"],
    "logbuffer": _COMWARE["logbuffer"],
    "rbm_status": rbm_status,
    "redundancy_groups": redundancy_groups,
    "session_statistics": session_statistics,
    "license_files": license_files,
    "signature_library": signature_library,
    "ike_sa": ike_sa,
}
