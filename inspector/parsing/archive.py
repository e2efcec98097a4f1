"""How a platform's running configuration is archived: the `archive:` block of its
definition file.

Example::

    archive:
      command: display current-configuration
      # Lines that change without anyone changing the configuration: left out of diffs.
      volatile:
        - '^!Software Version '
      # Secrets the shared redaction (inspector/redact.py) cannot tell by shape: the group
      # `secret` is masked, the rest of the line kept.
      secrets:
        - '^\\s*set password ENC (?P<secret>\\S+)'

A platform without the block (a BMC, an SNMP profile) has no configuration to archive.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    return value


class Archive(BaseModel):
    """The read-only command printing the whole running configuration, the lines a diff
    ignores, and the vendor's secret-carrying lines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    command: str
    volatile: list[str] = Field(default_factory=list)
    secrets: list[str] = Field(default_factory=list)

    @field_validator("volatile")
    @classmethod
    def _volatile(cls, values: list[str]) -> list[str]:
        return [_pattern(v) for v in values]

    @field_validator("secrets")
    @classmethod
    def _secrets(cls, values: list[str]) -> list[str]:
        for value in values:
            if "secret" not in re.compile(_pattern(value)).groupindex:
                raise ValueError(f"{value!r}: a secret pattern needs a (?P<secret>...) group "
                                 "naming the part to mask")
        return values
