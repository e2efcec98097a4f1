"""Credentials by reference: an inventory names where a secret lives, never the secret.

- ``env:NAME``           an environment variable;
- ``file:PATH``          a file readable by its owner only (mode 0600 or stricter);
- ``keyring:SERVICE/USER`` the OS keyring (when the `keyring` package is installed);
- ``prompt``             asked once, hidden, on the terminal.

Resolved secrets are kept in memory only and registered with the redactor so that they
are masked in everything the run writes.
"""

from __future__ import annotations

import getpass
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

from inspector.errors import ConfigurationError

SCHEMES = ("env:", "file:", "keyring:")


class CredentialError(ConfigurationError):
    """A reference that cannot be resolved; the message says which and why."""


def check_reference(value: str) -> str:
    """`value` if it is a reference to a secret; ValueError (saying why) if it is not."""
    if value == "prompt" or (value.startswith(SCHEMES) and value.split(":", 1)[1]):
        return value
    raise ValueError(
        "a secret must be a reference (env:NAME, file:PATH, keyring:SERVICE/USER or prompt), "
        "never the secret itself"
    )


SecretRef = Annotated[str, AfterValidator(check_reference)]


def _from_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise CredentialError(f"file:{path}: {exc.strerror}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialError(
            f"file:{path} is readable by others (mode {stat.filemode(mode)}); "
            f"run `chmod 600 {path}` first")
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"file:{path}: cannot read it: {exc}") from exc


def _from_keyring(spec: str) -> str:
    service, _, user = spec.partition("/")
    try:
        import keyring  # type: ignore[import-not-found]  # noqa: PLC0415 - optional
    except ImportError:
        raise CredentialError(f"keyring:{spec}: the `keyring` package is not installed") from None
    try:
        secret = keyring.get_password(service, user)
    except Exception as exc:  # each keyring backend raises its own kinds
        raise CredentialError(f"keyring:{spec}: the keyring cannot be read: {exc}") from exc
    if secret is None:
        raise CredentialError(f"keyring:{spec}: no such entry in the keyring")
    return str(secret)


def lookup(ref: str) -> str:
    """The secret behind an env:, file: or keyring: reference. The error names the
    reference only (the caller names whose it is). An empty secret is refused: it is an
    `export VAR=` or an empty file by mistake, and would fail at every device alike."""
    scheme, _, rest = ref.partition(":")
    if scheme == "env":
        value = os.environ.get(rest)
        if value is None:
            raise CredentialError(f"env:{rest} is not set")
    elif scheme == "file":
        value = _from_file(Path(rest).expanduser())
    elif scheme == "keyring":
        value = _from_keyring(rest)
    else:
        raise CredentialError(f"unknown secret reference scheme {scheme!r} (known: env:, "
                              "file:, keyring:, prompt)")
    if not value:
        raise CredentialError(f"{ref} is empty")
    return value


_prompted: dict[str, str] = {}


def ask(question: str) -> str:
    """Read a secret on the terminal, hidden."""
    try:
        return getpass.getpass(question)
    except (EOFError, OSError) as exc:
        raise CredentialError("prompt: no terminal to ask on (use env:, file: or keyring: for "
                              "unattended runs)") from exc


def remember(label: str, secret: str) -> None:
    """Keep a secret typed at a prompt for `label`, so that it is not asked again."""
    _prompted[label] = secret


def resolve_secret(ref: str, label: str) -> str:
    """The secret `ref` points to. `label` says whose it is, for prompts and errors."""
    if ref == "prompt":
        if label not in _prompted:
            _prompted[label] = ask(f"password for {label}: ")
        return _prompted[label]
    try:
        return lookup(ref)
    except CredentialError as exc:
        raise CredentialError(f"{label}: {exc}") from None


@dataclass(frozen=True)
class SecretUse:
    """One secret a device's transport will ask for.

    Example: SecretUse(host="sh-core-ce6881", field="password", ref="env:INSPECTOR_PW",
    label="ops@sh-core-ce6881", question="SSH password for ops")
    """

    host: str
    field: str  # where the inventory sets it: password, snmp.community, transport.jump_password
    ref: str | None  # None: the transport needs a reference and none is given
    label: str  # whose it is, exactly as the collector asks (the prompt's memory key)
    question: str  # devices sharing it share one answer at a prompt
    missing: str = ""  # why a reference is needed, when `ref` is None
