"""Mask secrets in everything a run writes: outputs, the command log, results, reports.

Two layers: the exact secrets this process knows (passwords resolved from the inventory,
SNMP communities) are replaced wherever they appear (a short one only as a whole token: a
two-character password must not rewrite "SSHException" or "5 s"); and configuration lines
that carry a secret by their shape (`password cipher ...`, `enable secret 5 ...`, `snmp-agent
community read ...`, `pre-shared-key ...`) have the secret part replaced, whatever it is.
"""

from __future__ import annotations

import re
import threading

MASK = "<redacted>"

# Keyword, then optional qualifiers (a type number, cipher/simple words), then the secret.
_KEYWORDS = (
    r"password|passwd|secret|irreversible-cipher|cipher|pre-shared-key|"
    r"authentication-key|key-string|md5|sha|auth-password|priv-password|"
    r"community|(?:tacacs|radius)(?:-server)?\s+(?:\S+\s+)*?key|key"
)
_QUALIFIERS = r"(?:\s+(?:\d{1,2}|cipher|simple|plain|irreversible-cipher|encrypted|"
_QUALIFIERS += r"hash|read|write|ro|rw|level\s+\d+|sha|md5|aes\d*|des|privilege\s+\d+))*"
_SECRET = re.compile(
    rf"(?P<head>(?:^|[\s(])(?:{_KEYWORDS}){_QUALIFIERS}\s+)(?P<secret>[^\s]+)",
    re.IGNORECASE,
)
# Only configuration lines carry secrets by shape; a log message saying "password
# incorrect" must stay as it is (its words feed the checks).
_CONFIG_LINE = re.compile(
    r"^[ \t]*(?:no\s+|undo\s+)?(?:username|enable|local-user|snmp-server|snmp-agent|"
    r"password|super|radius-server|tacacs-server|hwtacacs-server|pre-shared-key|key|"
    r"key-string|authentication-key|ntp|ntp-service|neighbor|peer|ip|ipv6|ospf|isis|set|"
    r"user|crypto|wpa-psk|authentication-mode|snmp|community|local-user|"
    r"user-interface|secret|cipher)\b.*$",
    re.IGNORECASE | re.MULTILINE,
)
# Words after the keyword that are part of the syntax, not a secret.
_SYNTAX_WORDS = {
    "cipher", "simple", "irreversible-cipher", "encrypted", "plain", "hash", "read", "write",
    "ro", "rw", "0", "5", "7", "8", "9", "level", "required", "mode", "complexity-check",
    "policy", "expired", "alert", "change", "recovery", "min-length", "history",
    "encryption", "aging", "lockout", "lock", "authentication", "restriction",
}

# Words one of which every secret-carrying configuration line contains.
_HINTS = ("password", "passwd", "secret", "cipher", "key", "community", "md5", "sha")

# Secrets up to this length are masked only where they stand alone (not inside a longer
# run of letters and digits): anywhere, they would rewrite ordinary words.
SHORT_SECRET = 5

_known: set[str] = set()
_short: dict[str, re.Pattern[str]] = {}
_lock = threading.Lock()


def register_secret(secret: str | None) -> None:
    """Mask `secret` wherever it appears from now on (short ones too: a 3-character
    community is still a community)."""
    if secret:
        with _lock:
            _known.add(secret)
            if len(secret) <= SHORT_SECRET:
                _short[secret] = _token(secret)


def _token(secret: str) -> re.Pattern[str]:
    """`secret` not preceded or followed by a letter or digit where it begins or ends
    with one."""
    before = r"(?<!\w)" if re.match(r"\w", secret[0]) else ""
    after = r"(?!\w)" if re.match(r"\w", secret[-1]) else ""
    return re.compile(before + re.escape(secret) + after)


def _mask_line(match: re.Match[str]) -> str:
    secret = match.group("secret")
    if secret.lower() in _SYNTAX_WORDS or secret == MASK:
        return match.group(0)
    return f"{match.group('head')}{MASK}"


def redact(text: str) -> str:
    """`text` with every known secret and every secret-shaped configuration value masked."""
    if not text:
        return text
    with _lock:
        known = sorted(_known, key=len, reverse=True)
        short = dict(_short)
    for secret in known:
        pattern = short.get(secret)
        text = pattern.sub(MASK, text) if pattern is not None else text.replace(secret, MASK)
    lowered = text.lower()
    if not any(word in lowered for word in _HINTS):  # most outputs hold no secret line
        return text
    return _CONFIG_LINE.sub(lambda line: _SECRET.sub(_mask_line, line.group(0)), text)
