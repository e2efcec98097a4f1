"""How a device is reached: the inventory's one `platform:` word resolved into a transport
and an OS, separately.

    access("huawei_vrp")  -> Access(transport="ssh", os="huawei_vrp")
    access("ipmi")        -> Access(transport="ipmi", os="ipmi")
    access("snmp")        -> Access(transport="snmp", os=None)

Light on purpose (no import): the inventory and the vocabularies validate `platform:` with
it without loading a transport. transports/registry.py holds what each transport does; a
test keeps the names here and there in step.
"""

from __future__ import annotations

from dataclasses import dataclass

SSH = "ssh"
AUTODETECT = "autodetect"  # a CLI OS found at login from the version output

# The transports an inventory names as a device's platform, each with the CLI platform
# definition its captures are read through (None: the transport maps its own data into
# families — SNMP through its profiles, NAPALM from its getters). Every other platform word
# is a CLI OS spoken over SSH.
PLATFORM_TRANSPORTS: dict[str, str | None] = {
    "snmp": None,
    "ipmi": "ipmi",  # ipmitool's text, parsed like a CLI through ipmi.yaml
    "napalm": None,
    "linux": "linux",  # a Linux shell over SSH exec channels, parsed through linux.yaml
    # A server's BMC over Redfish; `bmc`: Redfish where it answers, IPMI otherwise (the
    # captures say which, and are read accordingly).
    "redfish": None,
    "bmc": None,
}


@dataclass(frozen=True)
class Access:
    transport: str  # a key of transports/registry.TRANSPORTS
    os: str | None  # the CLI platform definition (parsing/definitions/<os>.yaml), if any


def access(platform: str) -> Access:
    """The transport and OS behind an inventory's `platform:` word."""
    if platform in PLATFORM_TRANSPORTS:
        return Access(transport=platform, os=PLATFORM_TRANSPORTS[platform])
    return Access(transport=SSH, os=platform)
