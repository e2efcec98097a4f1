"""How the inspection itself reached a device: weak SSH algorithms, or Telnet in clear."""

from __future__ import annotations

from inspector.access import access
from inspector.catalog import Joined, Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, Outcome
from inspector.model import Evidence
from inspector.ssh_algorithms import KINDS, weak_in_use

# The KEXINIT fields (RFC 4253 §7.1) each kind is negotiated in: the evidence's lines.
_FIELDS = {"kex": "kex_algorithms", "host_key": "server_host_key_algorithms",
           "cipher": "encryption_algorithms", "mac": "mac_algorithms"}
EVIDENCE_COMMAND = "SSH_MSG_KEXINIT"
# SHA-1 in the key exchange or the host-key signature weakens the handshake itself.
_HANDSHAKE = ("kex", "host_key")


def _kind(kind: str) -> Term:
    return Term("ssh_negotiation.kind", kind)


def ssh_algorithms(ctx: Context) -> Outcome:
    """The weak algorithms the session used (SHA-1 key exchange, ssh-rsa, CBC, SHA-1/MD5
    MACs), each a hit; a Telnet session, one hit."""
    device = ctx.result.device
    levels = ctx.resolved.levels
    if access(device.platform).transport != "ssh" or device.source:
        raise NotChecked(Phrase("ssh_negotiation.not_ssh"), "not_applicable")
    if device.protocol == "telnet":
        hit = Hit("telnet", "telnet", Phrase("ssh_negotiation.telnet"),
                  severity=levels["telnet"])
        return Outcome([hit], Phrase("ssh_negotiation.telnet"))
    used = device.ssh_algorithms
    if not used:
        # A replay of an older bundle, a session log: how it logged in is not known here.
        raise NotChecked(Phrase("ssh_negotiation.not_recorded"), "not_applicable")
    weak = weak_in_use(used)
    hits = [Hit(kind, name, Phrase("ssh_negotiation.weak", kind=_kind(kind), algorithm=name),
                severity=levels["weak_handshake" if kind in _HANDSHAKE else "weak_cipher"])
            for kind, name in weak.items()]
    summary = Phrase("ssh_negotiation.used", algorithms=Joined(
        [Phrase("ssh_negotiation.offer", algorithms=used[k], kind=_kind(k))
         for k in KINDS if used.get(k)], sep="list_sep"))
    evidence = [Evidence(command=EVIDENCE_COMMAND,
                         lines=[f"{_FIELDS[k]}: {used[k]}" for k in KINDS if used.get(k)])]
    return Outcome(hits, summary, extra_evidence=evidence if hits else [])
