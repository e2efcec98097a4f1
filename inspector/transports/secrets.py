"""The secrets each transport resolves, under the labels its collector asks them by:
what the pre-flight check resolves (or asks at a prompt) before the first connection.
A transport names its function in transports/registry.py."""

from __future__ import annotations

from inspector.credentials import SecretUse, resolve_secret
from inspector.inventory import Host
from inspector.redact import register_secret

# The CLI transports log in with a user and a password (keys and agents are not used):
# without them every device would be recorded "unreachable" for a mistake of the inventory.
_NO_LOGIN = "a CLI login needs a username and a password reference (env:NAME, file:PATH, " \
            "keyring:SERVICE/USER or prompt)"


def _login(host: Host, transport: str) -> SecretUse:
    user = host.username or "(no user)"
    if not host.username:
        return SecretUse(host.name, "username", None, "", "", missing=_NO_LOGIN)
    return SecretUse(host.name, "password", host.password, f"{host.username}@{host.name}",
                     f"{transport} password for {user}", missing=_NO_LOGIN)


def cli_login(host: Host) -> tuple[str, str]:
    """The password and enable secret of a CLI login (SSH, Telnet, a Linux shell), resolved
    under the labels `ssh` names, and masked in every output from now on: a host may print
    its enable secret even where it is never sent. Raises CredentialError."""
    password = resolve_secret(host.password, f"{host.username}@{host.name}") \
        if host.password else ""
    secret = resolve_secret(host.enable, f"enable@{host.name}") if host.enable else ""
    register_secret(password)
    register_secret(secret)
    return password, secret


def ssh(host: Host) -> list[SecretUse]:
    uses = [_login(host, "SSH")]
    if host.enable:
        uses.append(SecretUse(host.name, "enable", host.enable, f"enable@{host.name}",
                              "enable password"))
    t = host.transport
    if t.jump_host and t.jump_password:
        # The label as transports/ssh.py builds it: user@bastion, without the port.
        jump_user, _, address = t.jump_host.partition("@")
        bastion = address.partition(":")[0]
        uses.append(SecretUse(host.name, "transport.jump_password", t.jump_password,
                              f"{jump_user}@{bastion}",
                              f"jump host password for {jump_user}@{bastion}"))
    return uses


def napalm(host: Host) -> list[SecretUse]:
    return [_login(host, "NAPALM")]


def ipmi(host: Host) -> list[SecretUse]:
    if not host.password:
        return []
    user = host.username or "ipmi"
    return [SecretUse(host.name, "password", host.password, f"{user}@{host.name}",
                      f"BMC password for {user}")]


def snmp(host: Host) -> list[SecretUse]:
    options = host.snmp
    if options is None:
        return [SecretUse(host.name, "snmp", None, "", "",
                          missing="no `snmp:` options (community, or v3 user and keys)")]
    if options.version in ("1", "2c"):
        return [SecretUse(host.name, "snmp.community", options.community,
                          f"snmp community@{host.name}", "SNMP community",
                          missing=f"SNMPv{options.version} needs a community reference")]
    if not options.user:
        return [SecretUse(host.name, "snmp.user", None, "", "", missing="SNMPv3 needs a user")]
    keys = (("auth_key", options.auth_key, "auth key"), ("priv_key", options.priv_key,
                                                         "priv key"))
    return [SecretUse(host.name, f"snmp.{field}", ref, f"snmp {what}@{host.name}",
                      f"SNMPv3 {what} for {options.user}")
            for field, ref, what in keys if ref]


def redfish(host: Host) -> list[SecretUse]:
    """A Redfish session needs a user and a password (the same labels as IPMI: platform
    `bmc` may speak either with them)."""
    if not host.username:
        return [SecretUse(host.name, "username", None, "", "",
                          missing="a Redfish login needs a username and a password reference")]
    return [SecretUse(host.name, "password", host.password, f"{host.username}@{host.name}",
                      f"BMC password for {host.username}",
                      missing="a Redfish login needs a username and a password reference")]
