"""An inventory host's `redfish:` section (beside inventory.py, which holds the others and
is at its size limit)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FINGERPRINT = r"^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$"


class RedfishOptions(BaseModel):
    """A server's BMC over its Redfish API (HTTPS). BMCs ship self-signed certificates:
    pin the one a BMC shows (`fingerprint`, its SHA-256), or give the CA that signed it
    (`ca_file`); `verify: false` accepts any certificate (a lab, never a customer's site)."""

    model_config = ConfigDict(extra="forbid")

    port: int = Field(default=443, ge=1, le=65535)
    verify: bool = True
    ca_file: Path | None = None
    # SHA-256 of the BMC's certificate (DER), hex, with or without colons.
    fingerprint: str | None = Field(default=None, pattern=FINGERPRINT)
    # "session": a Redfish session, deleted at the end; "basic": HTTP basic authentication
    # on every request, for BMCs whose session service is turned off.
    auth: Literal["session", "basic"] = "session"
    timeout: float = Field(default=15, gt=0)
    retries: int = Field(default=1, ge=0, le=5)
    # Bounds on what one BMC may send: an answer's size, the pages of one collection
    # (Members@odata.nextLink), and the event-log entries read.
    max_response_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024)
    max_pages: int = Field(default=20, ge=1, le=1000)
    max_log_entries: int = Field(default=500, ge=1, le=100000)
