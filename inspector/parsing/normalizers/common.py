"""Helpers shared by the vendors' normalizers: numbers, units, durations, names, states.

Every helper takes what a template captured (a string, possibly empty) and returns a
typed value or None; none of them raises on odd input, because devices print odd things.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from inspector.model import Strict
from inspector.parsing.commands import placeholders

Record = dict[str, Any]  # one row of a TextFSM template, keyed by its Value names


@dataclass(frozen=True)
class ParseContext:
    """What a normalizer may know besides the template's records."""

    platform: str
    command: str
    text: str
    # The command as typed, when it differs (`sh ip ro vrf CUST-A` for `show ip route vrf
    # {vrf}`): what a placeholder stood for is read from it (`placeholder`).
    typed: str = ""

    def placeholder(self, name: str) -> str | None:
        """What the engineer typed for `{name}` in the command, or None."""
        return placeholders(self.command, self.typed).get(name)


# A normalizer: a template's rows in, its family's model (facts, ntp...) or list of models
# (cpu, interfaces...) out. A value the model rejects raises: the parse then fails with why.
Normalizer = Callable[[list[Record], ParseContext], Strict | Sequence[Strict]]


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def to_int(value: Any) -> int | None:
    """'1,234' -> 1234; '' / '-' / 'N/A' -> None."""
    if value is None:
        return None
    match = _NUMBER.search(str(value).replace(",", ""))
    return int(float(match.group())) if match else None


def to_float(value: Any) -> float | None:
    """'12.5%' -> 12.5; '' -> None."""
    if value is None:
        return None
    match = _NUMBER.search(str(value).replace(",", ""))
    return float(match.group()) if match else None


def pct(value: Any) -> float | None:
    """A percentage clamped to the contract's 0..100 (devices round 100.4 up sometimes)."""
    number = to_float(value)
    if number is None:
        return None
    return max(0.0, min(100.0, number))


_UNITS = {
    "": 1, "b": 1, "byte": 1, "bytes": 1,
    "k": 1024, "kb": 1024, "kbyte": 1024, "kbytes": 1024, "kib": 1024,
    "m": 1024**2, "mb": 1024**2, "mbyte": 1024**2, "mbytes": 1024**2, "mib": 1024**2,
    "g": 1024**3, "gb": 1024**3, "gbyte": 1024**3, "gbytes": 1024**3, "gib": 1024**3,
}


def to_bytes(value: Any, unit: str = "") -> int | None:
    """'2048 M' -> 2147483648, ('512', 'KB') -> 524288. Memory sizes on network devices are
    binary multiples whatever the label says."""
    number = to_float(value)
    if number is None:
        return None
    if not unit:
        match = re.search(r"[A-Za-z]+", str(value))
        unit = match.group() if match else ""
    factor = _UNITS.get(unit.strip().lower())
    if factor is None:
        return None
    return int(number * factor)


_DURATION = {
    "year": 365 * 86400, "week": 7 * 86400, "day": 86400, "hour": 3600,
    "minute": 60, "min": 60, "second": 1, "sec": 1,
}


_DURATION_WORDS = re.compile(
    r"(\d+)\s*(years?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?)"
)


def uptime_seconds(text: Any) -> int | None:
    """'1 year, 2 weeks, 3 days, 4 hours, 5 minutes' -> seconds; also '3d4h', '12:34:56'."""
    if not text:
        return None
    text = str(text).lower()
    total = 0
    found = False
    for number, unit in _DURATION_WORDS.findall(text):
        total += int(number) * _DURATION[unit.rstrip("s") if unit != "secs" else "sec"]
        found = True
    for number, unit in re.findall(r"(\d+)([ywdhms])(?![a-z])", text):
        total += int(number) * {"y": 31536000, "w": 604800, "d": 86400, "h": 3600,
                                "m": 60, "s": 1}[unit]
        found = True
    clock = re.search(r"(\d+):(\d\d):(\d\d)", text)
    if clock and not found:
        hours, minutes, seconds = (int(g) for g in clock.groups())
        total += hours * 3600 + minutes * 60 + seconds
        found = True
    return total if found else None


def speed_mbps(value: Any) -> int | None:
    """'1000Mb/s', '10Gbps', '100M', 'a-1000', '1G', 'auto' -> Mb/s or None."""
    if not value:
        return None
    text = str(value).lower().replace(" ", "")
    match = re.search(r"(\d+(?:\.\d+)?)([kmgt]?)", text)
    if not match:
        return None
    number = float(match.group(1))
    unit = match.group(2)
    if unit == "":
        # Bare numbers: Cisco "BW 1000000 Kbit" is handled by callers; 'a-1000' is Mb/s.
        return int(number)
    return int(number * {"k": 0.001, "m": 1, "g": 1000, "t": 1_000_000}[unit])


def duplex(value: Any) -> str | None:
    """'Full-duplex', 'a-full', 'FULL', 'F' -> 'full'; 'half'; 'auto'; None."""
    if not value:
        return None
    text = str(value).lower()
    if "full" in text or text in {"f", "(f)"}:
        return "full"
    if "half" in text or text in {"h", "(h)"}:
        return "half"
    if "auto" in text or text in {"a", "(a)"}:
        return "auto"
    return None


_UP = {"up", "connected", "connect", "enabled", "enable", "on", "active", "yes", "true"}
_DOWN = {
    "down", "notconnect", "notconnected", "disabled", "disable", "off", "no", "false",
    "admin-down", "administratively", "*down", "adm", "deactivated", "inactive",
    "err-disabled", "monitoring", "lowerlayerdown", "notpresent", "dormant", "stby",
}


def is_up(value: Any) -> bool | None:
    """'up' / 'UP(s)' / 'connected' -> True; 'down' / '*down' / 'administratively' ->
    False; anything else -> None."""
    if value is None:
        return None
    text = str(value).strip().lower()
    text = re.sub(r"\(.*\)$", "", text).strip()
    if text in _UP:
        return True
    if text in _DOWN or text.startswith(("down", "admin", "*down", "^down")):
        return False
    return None


_IFNAME_PREFIXES = (
    ("hundredgige", "HundredGigE"), ("fortygige", "FortyGigE"),
    ("twentyfivegige", "TwentyFiveGigE"), ("tengigabitethernet", "TenGigabitEthernet"),
    ("xgigabitethernet", "XGigabitEthernet"), ("gigabitethernet", "GigabitEthernet"),
    ("fastethernet", "FastEthernet"), ("ethernet", "Ethernet"),
    ("port-channel", "Port-channel"), ("eth-trunk", "Eth-Trunk"),
    ("bridge-aggregation", "Bridge-Aggregation"), ("vlanif", "Vlanif"),
    ("vlan-interface", "Vlan-interface"), ("loopback", "LoopBack"),
)
_IFNAME_SHORT = {
    "ge": "GigabitEthernet", "gi": "GigabitEthernet", "xge": "XGigabitEthernet",
    "te": "TenGigabitEthernet", "fa": "FastEthernet", "fe": "FastEthernet",
    "eth": "Ethernet", "10ge": "10GE", "25ge": "25GE", "40ge": "40GE", "100ge": "100GE",
    "hge": "HundredGigE", "fge": "FortyGigE", "wge": "TwentyFiveGigE",
    "bagg": "Bridge-Aggregation", "vlan": "Vlan-interface", "po": "Port-channel",
    "lo": "LoopBack", "mge": "M-GigabitEthernet",
}


def expand_ifname(name: str, short: dict[str, str] | None = None) -> str:
    """'GE0/0/1' -> 'GigabitEthernet0/0/1' with the vendor's own abbreviation table (the same
    letters mean different things per vendor: Comware 'XGE' vs Huawei 'XGE')."""
    match = re.fullmatch(r"([A-Za-z][A-Za-z-]*?|\d+GE)(\d[\d/:.]*)", name.strip())
    if not match:
        return name.strip()
    prefix, rest = match.groups()
    table = short if short is not None else _IFNAME_SHORT
    full = table.get(prefix.lower())
    return f"{full}{rest}" if full else name.strip()


def first(record: Record, *keys: str) -> Any:
    """The first non-empty value among `keys` of a TextFSM record."""
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def text(value: Any) -> str | None:
    """A stripped string, or None when empty (TextFSM gives '' for missing values)."""
    if value is None:
        return None
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    value = " ".join(str(value).split())
    return value or None


_SYSLOG_NAMES = {
    "emergencies": 0, "emergency": 0, "emerg": 0, "alerts": 1, "alert": 1,
    "critical": 2, "crit": 2, "errors": 3, "error": 3, "err": 3, "warnings": 4,
    "warning": 4, "warn": 4, "notifications": 5, "notification": 5, "notice": 5,
    "informational": 6, "info": 6, "debugging": 7, "debug": 7,
}


def syslog_severity(value: Any) -> int | None:
    """'3' / 'errors' / 'Critical' -> syslog severity 0..7."""
    if value is None or value == "":
        return None
    text_value = str(value).strip().lower()
    if text_value.isdigit():
        number = int(text_value)
        return number if 0 <= number <= 7 else None
    return _SYSLOG_NAMES.get(text_value)


def alarm_severity(value: Any) -> int | None:
    """Alarm levels (Critical/Major/Minor/Warning/Indeterminate/Cleared) -> syslog 0..7."""
    levels = {"critical": 2, "major": 3, "minor": 4, "warning": 4, "indeterminate": 5,
              "cleared": 6}
    if value is None:
        return None
    return levels.get(str(value).strip().lower(), syslog_severity(value))


# First match wins: "not present" must be read as absent before "present" reads as ok.
_STATE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("absent", re.compile(r"absent|not ?present|not ?exist|not-present|not ?installed|"
                          r"unplug|empty|no ?power supply")),
    ("critical", re.compile(r"fail|fault|abnormal|bad|error|critical|shutdown|alarm|down|"
                            r"not ?ok|offline|off$|no ?input|noinput|stopped|over")),
    ("warning", re.compile(r"warn|minor|degraded|high|low")),
    ("ok", re.compile(r"^(ok|normal|good|green|on|up|present|supply|running|active|powered|"
                      r"registered|yes)\b|normal|ok$")),
)


def sensor_status(value: Any) -> str:
    """Normalize a device's state word for a fan/PSU/temperature to the contract's
    ok/warning/critical/absent/unknown."""
    text_value = "" if value is None else str(value).strip().lower()
    for status, pattern in _STATE_WORDS:
        if text_value and pattern.search(text_value):
            return status
    return "unknown"


def worst_status(*statuses: str) -> str:
    order = ["critical", "warning", "absent", "unknown", "ok"]
    present = [s for s in statuses if s in order]
    return min(present, key=order.index) if present else "unknown"


def ospf_established(state: Any) -> bool:
    """Full, or 2-Way: the steady state between two DROther routers on a LAN (they never
    become Full with each other). Init, ExStart, Exchange, Loading, Down are not."""
    text_value = re.sub(r"[^a-z0-9]", "", str(state or "").lower())
    return text_value.startswith(("full", "2way"))
