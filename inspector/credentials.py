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
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

SCHEMES = ("env:", "file:", "keyring:")


class CredentialError(ValueError):
    """A reference that cannot be resolved; the message says which and why."""


def _check_ref(value: str) -> str:
    if value == "prompt" or (value.startswith(SCHEMES) and value.split(":", 1)[1]):
        return value
    raise ValueError(
        "a secret must be a reference (env:NAME, file:PATH, keyring:SERVICE/USER or prompt), "
        "never the secret itself"
    )


SecretRef = Annotated[str, AfterValidator(_check_ref)]


def _from_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise CredentialError(f"file:{path}: {exc.strerror}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialError(
            f"file:{path}: readable by others (mode {stat.filemode(mode)}); "
            f"run `chmod 600 {path}` first")
    return path.read_text(encoding="utf-8").strip()


def _from_keyring(spec: str) -> str:
    service, _, user = spec.partition("/")
    try:
        import keyring  # type: ignore[import-not-found]  # noqa: PLC0415 - optional
    except ImportError:
        raise CredentialError(f"keyring:{spec}: the `keyring` package is not installed") from None
    secret = keyring.get_password(service, user)
    if secret is None:
        raise CredentialError(f"keyring:{spec}: no such entry in the keyring")
    return str(secret)


_prompted: dict[str, str] = {}


def resolve_secret(ref: str, label: str) -> str:
    """The secret `ref` points to. `label` says whose it is, for prompts and errors."""
    if ref == "prompt":
        if label not in _prompted:
            _prompted[label] = getpass.getpass(f"password for {label}: ")
        return _prompted[label]
    scheme, _, rest = ref.partition(":")
    if scheme == "env":
        value = os.environ.get(rest)
        if value is None:
            raise CredentialError(f"env:{rest} ({label}): the environment variable is not set")
        return value
    if scheme == "file":
        return _from_file(Path(rest).expanduser())
    if scheme == "keyring":
        return _from_keyring(rest)
    raise CredentialError(f"{label}: unknown secret reference scheme {scheme!r}")
