"""Pre-flight: what a run needs from its configuration, checked before it touches a device.

An unset variable, a missing or world-readable file, an absent keyring entry are mistakes
in the configuration, not devices that cannot be reached: the run stops with one line per
problem, naming the inventory, the host(s) and the field, and records nothing. Secrets
typed at a prompt are asked here, once per field and user, before the first connection;
the collectors then find them already answered.

`inventory validate` reports the same problems, and one more: a device listed twice under
different names (same address, transport, port and credentials).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from inspector.access import access
from inspector.credentials import (
    SCHEMES,
    CredentialError,
    SecretUse,
    ask,
    lookup,
    remember,
    resolve_secret,
)
from inspector.inventory import Host, IpmiOptions, SnmpOptions
from inspector.inventory_redfish import RedfishOptions
from inspector.notify import Settings
from inspector.transports.registry import transport_for

SHOWN_HOSTS = 3  # hosts named in one line; the rest are counted


def secret_uses(host: Host) -> list[SecretUse]:
    """The secrets `host`'s transport will resolve (and only those: an SNMP device's
    inherited login password is never used, so never checked)."""
    return transport_for(host.platform).secrets(host)


def _hosts(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_HOSTS])
    if len(names) == 1:
        return f"host {shown}"
    more = len(names) - SHOWN_HOSTS
    return f"hosts {shown}" + (f" and {more} more" if more > 0 else "")


def _lines(source: str, failures: dict[tuple[str, str], list[str]]) -> list[str]:
    return [f"{source}: {_hosts(names)}, field {field}: {message}"
            for (field, message), names in failures.items()]


def _unresolved(uses: Iterable[SecretUse]) -> dict[tuple[str, str], list[str]]:
    """(field, problem) -> hosts, for every reference that cannot be resolved; each
    distinct reference is looked up once."""
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    looked_up: dict[str, str] = {}
    for use in uses:
        if use.ref is None:
            failures[(use.field, use.missing)].append(use.host)
            continue
        if use.ref == "prompt":
            continue
        if use.ref not in looked_up:
            try:
                lookup(use.ref)
                looked_up[use.ref] = ""
            except CredentialError as exc:
                looked_up[use.ref] = str(exc)
        if looked_up[use.ref]:
            failures[(use.field, looked_up[use.ref])].append(use.host)
    return failures


def _ask_prompts(uses: Iterable[SecretUse]) -> dict[tuple[str, str], list[str]]:
    """Ask each prompted secret once per question; remember the answer for every device
    that shares it. A prompt that cannot be asked (no terminal) is a problem."""
    by_question: dict[str, list[SecretUse]] = defaultdict(list)
    for use in uses:
        if use.ref == "prompt":
            by_question[use.question].append(use)
    failures: dict[tuple[str, str], list[str]] = defaultdict(list)
    for question, sharing in by_question.items():
        devices = sorted({u.host for u in sharing})
        suffix = f" ({len(devices)} devices)" if len(devices) > 1 else f" ({devices[0]})"
        try:
            secret = ask(f"{question}{suffix}: ")
        except CredentialError as exc:
            failures[(sharing[0].field, str(exc))] += devices
            continue
        for use in sharing:
            remember(use.label, secret)
    return failures


def check_secrets(hosts: Iterable[Host], source: str, *, prompt: bool = True) -> list[str]:
    """One line per credential problem of `hosts` (empty: all resolved). With `prompt`,
    secrets to be typed are asked now, once each, but only when nothing else is wrong."""
    uses = [use for host in hosts for use in secret_uses(host)]
    failures = _unresolved(uses)
    if prompt and not failures:
        failures = _ask_prompts(uses)
    return _lines(source, failures)


# --------------------------------------------------------------------------- duplicates


@dataclass(frozen=True)
class _Endpoint:
    transport: str
    host: str
    port: int
    credentials: str  # the references (never secrets), as the message shows them


def _snmp_credentials(options: SnmpOptions) -> str:
    if options.version in ("1", "2c"):
        return f"SNMPv{options.version} community {options.community}"
    return (f"SNMPv3 user {options.user}, auth key {options.auth_key}, "
            f"priv key {options.priv_key}")


def _endpoint(host: Host) -> _Endpoint | None:
    address = host.host.lower()
    transport = access(host.platform).transport
    login = f"user {host.username or '-'}, password {host.password or '-'}"
    if transport == "snmp":
        if host.snmp is None:
            return None
        return _Endpoint("SNMP", address, host.snmp.port, _snmp_credentials(host.snmp))
    if transport == "ipmi":
        return _Endpoint("IPMI", address, (host.ipmi or IpmiOptions()).port, login)
    if transport in ("redfish", "bmc"):
        return _Endpoint("Redfish", address, (host.redfish or RedfishOptions()).port, login)
    if transport == "napalm" and host.napalm is not None:
        port = host.napalm.optional_args.get("port", host.transport.port)
        return _Endpoint("NAPALM", address, port if isinstance(port, int) else 0, login)
    return _Endpoint("SSH", address, host.transport.port, login)


def duplicate_devices(hosts: Iterable[Host], source: str) -> list[str]:
    """One line per device listed under several names: the same address, transport, port
    and credential references. The same address and port with other credentials is not a
    duplicate: one SNMP agent may answer several communities, each a different device."""
    names: dict[_Endpoint, list[str]] = defaultdict(list)
    for host in hosts:
        endpoint = _endpoint(host)
        if endpoint is not None:
            names[endpoint].append(host.name)
    return [
        f"{source}: hosts {', '.join(listed)}: one device under {len(listed)} names "
        f"(same address, transport, port and credentials: {e.transport} {e.host}:{e.port}, "
        f"{e.credentials}); it would be inspected and reported {len(listed)} times"
        for e, listed in names.items() if len(listed) > 1
    ]


# --------------------------------------------------------------------------- notifications

# Webhook kind -> the label notify.py resolves its signing secret under.
_SIGNING_LABELS = {"dingtalk": "dingtalk secret", "feishu": "feishu secret"}


def _notify_refs(settings: Settings) -> list[tuple[str, str, str]]:
    """(field, reference, label as notify.py asks for it) of every secret it will use."""
    refs = []
    if settings.email is not None and settings.email.password:
        refs.append(("email.password", settings.email.password, "smtp"))
    for number, hook in enumerate(settings.webhooks):
        if hook.url.startswith(SCHEMES):
            refs.append((f"webhooks[{number}].url", hook.url, "webhook url"))
        if hook.secret and hook.kind in _SIGNING_LABELS:
            refs.append((f"webhooks[{number}].secret", hook.secret, _SIGNING_LABELS[hook.kind]))
    return refs


def check_notify_secrets(settings: Settings, source: str) -> list[str]:
    """One line per secret of the notification settings that cannot be resolved: found
    out after the run, it would lose the notification the run was for. Prompted ones are
    asked now, once."""
    problems = []
    for field, ref, label in _notify_refs(settings):
        try:
            if ref == "prompt":
                resolve_secret(ref, label)  # asked now, remembered for the notifier
            else:
                lookup(ref)
        except CredentialError as exc:
            problems.append(f"{source}: field {field}: {exc}")
    return problems
