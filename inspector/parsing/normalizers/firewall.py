"""Helpers shared by the firewall platforms' normalizers: dates as licences print them,
which licence items are signature databases, HA role words."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from inspector.model import License

_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%a %b %d %Y", "%b %d %Y", "%d %b %Y", "%Y%m%d")
# Words that say a licence or contract never ends, or that the device has none to say.
_PERMANENT = re.compile(r"^(?:permanent|unlimited|never|perpetual|永久)", re.IGNORECASE)
_NONE = re.compile(r"^(?:n/?a|--+|-|none|unknown|)$", re.IGNORECASE)
# Licence items that are the update services of a signature database (IPS, antivirus, URL
# categories, applications): their end is when the signatures stop being updated.
_SIGNATURE = re.compile(
    r"\b(?:sdb|signature|definitions?|engine|ips|av|anti-?virus|url|application|app-?db|"
    r"cloud\s*sandbox|threat|botnet|malicious)\b", re.IGNORECASE)


def expiry(value: Any) -> tuple[date | None, bool | None]:
    """'2027-03-23' / 'Sat Mar 23 2027' / '2027/03/23 00:00:00' -> (the date, False);
    'Permanent' -> (None, True); 'n/a', '--' -> (None, None). An unreadable date raises,
    so the parse fails with the text quoted rather than passing it for "never ends"."""
    text = re.sub(r"\s+", " ", str(value or "").strip())
    if _PERMANENT.match(text):
        return None, True
    if _NONE.match(text):
        return None, None
    candidates = [text, text.split(" ")[0], " ".join(text.split(" ")[:4])]
    for candidate in candidates:
        for pattern in _FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date(), False
            except ValueError:
                continue
    raise ValueError(f"unreadable expiry date {text!r}")


def licence(name: str, expires: Any, *, version: str | None = None,
            status: str | None = None, signature: bool | None = None) -> License:
    """A licence record; a signature database when `signature` says so or its name does."""
    end, permanent = expiry(expires)
    is_signature = bool(_SIGNATURE.search(name)) if signature is None else signature
    return License(name=name, kind="signature" if is_signature else "license",
                   version=version, expires=end, permanent=permanent, status=status)


_ROLES = {"master": "active", "primary": "active", "active": "active",
          "slave": "standby", "secondary": "standby", "backup": "standby",
          "standby": "standby"}


def ha_role(word: Any) -> str | None:
    """A vendor's role word as active / standby (anything else kept, lower-cased)."""
    text = str(word or "").strip().lower()
    return _ROLES.get(text, text or None)
