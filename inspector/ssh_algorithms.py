"""SSH algorithms by kind: which are weak, which the legacy path adds, and how a failed
negotiation is said.

Old switches (IOS 12.2/15.0, VRP 5, Comware 5) offer only SHA-1 key exchanges, `ssh-rsa`
host keys, CBC/3DES ciphers and SHA-1/MD5 MACs. The default SSH path (paramiko) accepts none
of the SHA-1 key exchanges nor `ssh-rsa`; `transport.legacy_algorithms: true` adds them for
the devices that need them (transports/legacy_ssh.py). Pure data and functions: transports
record what a session used, checks grade it, reasons.py says a refusal in both languages.

A device offering only group1-sha1 and ssh-rsa, to the default path, is refused with
"the device offers only diffie-hellman-group1-sha1 (key exchange) and ssh-rsa (host key);
set transport.legacy_algorithms: true for it" (`refusal`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from inspector.catalog import Phrase, Term

# The negotiated kinds, in the order of the KEXINIT message; and their English names in the
# sentences transports record (reasons.py says them again from the catalogs).
KINDS: tuple[str, ...] = ("kex", "host_key", "cipher", "mac")
KIND_WORDS: dict[str, str] = {"kex": "key exchange", "host_key": "host key",
                              "cipher": "cipher", "mac": "MAC"}

# What `legacy_algorithms: true` adds, per kind, after the modern ones (a device that
# offers both still gets the modern ones: the client's order decides).
LEGACY: dict[str, tuple[str, ...]] = {
    "kex": ("diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
            "diffie-hellman-group1-sha1"),
    "host_key": ("ssh-rsa",),
    "cipher": ("aes256-cbc", "aes192-cbc", "aes128-cbc", "3des-cbc"),
    "mac": ("hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96"),
}

# Weak: SHA-1 in the key exchange or the host-key signature, a DSA key, a CBC or RC4
# cipher, a SHA-1 or MD5 MAC.
_WEAK: dict[str, re.Pattern[str]] = {
    "kex": re.compile(r".*-sha1(?:@.*)?$|^rsa1024-sha1$"),
    "host_key": re.compile(r"^(?:ssh-rsa|ssh-dss)$"),
    "cipher": re.compile(r".*-cbc(?:@.*)?$|^arcfour.*|^3des.*"),
    "mac": re.compile(r"^hmac-(?:sha1|md5)(?:-.*)?$"),
}

NEEDS_LEGACY = "set transport.legacy_algorithms: true for it"
NONE_ACCEPTED = "none of which inspector accepts, even with transport.legacy_algorithms"


def is_weak(kind: str, algorithm: str) -> bool:
    pattern = _WEAK.get(kind)
    return pattern is not None and pattern.match(algorithm) is not None


def weak_in_use(used: Mapping[str, str]) -> dict[str, str]:
    """The weak algorithms among those a session used ({kind: algorithm})."""
    return {kind: name for kind, name in used.items() if name and is_weak(kind, name)}


def _listed(algorithms: Sequence[str]) -> str:
    return ", ".join(algorithms)


def refusal(offered: Mapping[str, Sequence[str]], ours: Mapping[str, Sequence[str]],
            legacy: bool) -> str | None:
    """Why no session can be agreed, naming what the device offers in each kind where
    nothing matches; None when every kind has a match (the failure was something else)."""
    missing = [kind for kind in KINDS
               if offered.get(kind) and not set(offered[kind]) & set(ours.get(kind, ()))]
    if not missing:
        return None
    parts = [f"{_listed(offered[kind])} ({KIND_WORDS[kind]})" for kind in missing]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    ending = NONE_ACCEPTED if legacy else NEEDS_LEGACY
    separator = ", " if legacy else "; "
    return f"the device offers only {said}{separator}{ending}"


_OFFER = re.compile(r"(?P<algorithms>[^()]+?) \((?P<kind>key exchange|host key|cipher|MAC)\)")
_KIND_OF_WORD = {word: kind for kind, word in KIND_WORDS.items()}


def said_offers(text: str) -> Any:
    """The offers of a refusal sentence ("a, b (key exchange) and c (host key)") as catalog
    text: each kind's name said in the reader's language, the algorithms as they are."""
    found = [(m.group("algorithms").strip(" ,").removeprefix("and "), m.group("kind"))
             for m in _OFFER.finditer(text)]
    if not found:
        return text
    phrases = [Phrase("ssh_negotiation.offer", algorithms=algorithms,
                      kind=Term("ssh_negotiation.kind", _KIND_OF_WORD[word]))
               for algorithms, word in found]
    said: Any = phrases[-1]
    for position, phrase in reversed(list(enumerate(phrases[:-1]))):
        key = "ssh_negotiation.last" if position == len(phrases) - 2 else "ssh_negotiation.more"
        said = Phrase(key, first=phrase, rest=said)
    return said


def described(used: Mapping[str, str]) -> list[str]:
    """Evidence lines: one per weak algorithm a session used, "kind: algorithm"."""
    return [f"{KIND_WORDS[kind]}: {name}" for kind, name in weak_in_use(used).items()]
