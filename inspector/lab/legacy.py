"""Old devices for the lab: SSH servers that speak only what a 10-year-old switch speaks.

Each legacy profile offers one SHA-1 key exchange, an `ssh-rsa` (SHA-1) host key, CBC/3DES
ciphers and SHA-1/MD5 MACs, and nothing newer, as IOS 12.2/15.0, VRP 5 and Comware 5 do.
The default SSH path refuses them; `transport.legacy_algorithms: true` logs in.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import asyncssh

from inspector.inventory import Host, Transport
from inspector.lab.profiles import profiles
from inspector.lab.sshserver import Lab, LabDevice, clone

_OLD_CIPHERS = ["aes128-cbc", "aes256-cbc", "3des-cbc"]
_OLD_MACS = ["hmac-sha1", "hmac-md5"]

# Lab profile -> the only key exchange it offers.
PROFILES: dict[str, str] = {
    "group1": "diffie-hellman-group1-sha1",
    "group14": "diffie-hellman-group14-sha1",
    "gex": "diffie-hellman-group-exchange-sha1",
}

# (lab device cloned, name of the old one, profile, keyboard-interactive login only)
OLD_DEVICES: tuple[tuple[str, str, str, bool], ...] = (
    ("bj-acc-c2960x", "bj-acc-c2960-old", "group1", False),
    ("sh-acc-s5735", "sh-acc-s3700-old", "group14", True),
    ("gz-acc-s5130", "gz-acc-s5120-old", "gex", True),
)


@cache
def _rsa_host_key() -> asyncssh.SSHKeyPair:
    """An RSA host key offered with SHA-1 signatures only (`ssh-rsa`, no rsa-sha2-*), as
    on devices older than RFC 8332; 2048 bits like theirs, made once per process."""
    keypair = asyncssh.load_keypairs([asyncssh.generate_private_key("ssh-rsa",
                                                                    key_size=2048)])[0]
    keypair.host_key_algorithms = [b"ssh-rsa"]
    return keypair


def server_options(profile: str) -> dict[str, Any]:
    """asyncssh server options of a legacy profile ({} for a modern device)."""
    if not profile:
        return {}
    return {"kex_algs": [PROFILES[profile]], "server_host_keys": [_rsa_host_key()],
            "encryption_algs": _OLD_CIPHERS,
            "mac_algs": _OLD_MACS}


def old_devices(devices: list[LabDevice]) -> list[LabDevice]:
    """Legacy-only copies of the lab's access switches (those among `devices`)."""
    by_name = {d.name: d for d in devices}
    found = []
    for source, name, profile, keyboard_interactive in OLD_DEVICES:
        if source in by_name:
            device = clone(by_name[source], name)
            device.ssh_options = server_options(profile)
            device.keyboard_interactive = keyboard_interactive
            found.append(device)
    return found


def legacy_hosts(lab: Lab, devices: list[LabDevice], password_env: str) -> list[Host]:
    """The old devices as inventory hosts, `legacy_algorithms: true`, with the role, site
    and model of the device each copies."""
    copied = {name: source for source, name, _, _ in OLD_DEVICES}
    by_name = {p.name: p for p, _ in profiles()}
    hosts = []
    for d in devices:
        p = by_name[copied[d.name]]
        hosts.append(Host(
            name=d.name, host=lab.host, platform=d.platform, username=d.username,
            password=f"env:{password_env}", role=p.role, site=p.site, room=p.room,
            model=p.model, transport=Transport(port=d.port, retries=0, conn_timeout=10,
                                               read_timeout=30, host_keys="off",
                                               legacy_algorithms=True)))
    return hosts
