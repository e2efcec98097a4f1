"""The designed state of a device's redundancy, as an inventory's `expect:` says it.

A host or group may say how its redundancy is meant to be, and the redundancy checks then
judge the device against that instead of (or as well as) its previous inspection::

    hosts:
      core-sw1:
        expect:
          vrrp_master: [Vlanif10, Vlanif20]   # this device is the VRRP/HSRP master there
          stp_root: true                      # the root bridge of its spanning tree
          stack_members: 2                    # members of its stack (iStack, CSS, IRF)
          lag_min_members: {Eth-Trunk1: 2}    # selected members each bundle needs at least
          uplinks: [GE1/0/47, GE1/0/48]       # its uplinks: every one must be up

Each key becomes a setting of the check it is for (`EXPECT_SETTINGS`), as a `thresholds:`
entry would be; an unknown key or a wrong value is an inventory error naming the file, the
line and the field (inventory.py validates the section with `Expect`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

# expect key -> (check id, that check's parameter).
EXPECT_SETTINGS: dict[str, tuple[str, str]] = {
    "vrrp_master": ("vrrp.master", "expected_master"),
    "vrrp_backup": ("vrrp.master", "expected_backup"),
    "stp_root": ("stp.root", "expected_root"),
    "stack_members": ("stack.members", "expected_members"),
    "lag_min_members": ("lag.minimum", "expected_min_members"),
    "uplinks": ("uplinks.dual", "expected_uplinks"),
}


class Expect(BaseModel):
    """An inventory's `expect:` section (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    vrrp_master: list[str] = Field(default_factory=list)
    vrrp_backup: list[str] = Field(default_factory=list)
    stp_root: bool | None = None
    stack_members: int | None = Field(default=None, ge=1, le=32)
    lag_min_members: dict[str, int] = Field(default_factory=dict)
    uplinks: list[str] = Field(default_factory=list)

    @field_validator("vrrp_master", "vrrp_backup", "uplinks")
    @classmethod
    def _interfaces(cls, value: list[str]) -> list[str]:
        names = [name.strip() for name in value]
        if any(not name for name in names):
            raise ValueError("an interface name is empty")
        return names

    @field_validator("lag_min_members")
    @classmethod
    def _minimums(cls, value: dict[str, int]) -> dict[str, int]:
        for name, count in value.items():
            if count < 1:
                raise ValueError(f"{name}: the minimum must be 1 or more, not {count}")
        return value

    def settings(self) -> dict[str, dict[str, Any]]:
        """The check settings this section stands for: ``{check id: {param: value}}``."""
        given = self.model_dump(exclude_defaults=True)
        result: dict[str, dict[str, Any]] = {}
        for key, value in given.items():
            check_id, param = EXPECT_SETTINGS[key]
            result.setdefault(check_id, {})[param] = value
        return result


class _Expecting(Protocol):
    """What `device_overrides` reads of an inventory host."""

    name: str
    thresholds: dict[str, Any]
    expect: Expect | None


def merged(thresholds: Mapping[str, Any], expect: Expect | None) -> dict[str, Any]:
    """A device's check settings: its `thresholds:`, with what its `expect:` says added."""
    result = {check: dict(values) if isinstance(values, Mapping) else values
              for check, values in thresholds.items()}
    for check_id, values in (expect.settings() if expect else {}).items():
        current = result.get(check_id)
        result[check_id] = {**(current if isinstance(current, dict) else {}), **values}
    return result


def device_overrides(hosts: Iterable[_Expecting]) -> dict[str, Any]:
    """The per-device check overrides of an inventory's hosts (`run_checks`' `overrides`)."""
    devices = {host.name: merged(host.thresholds, host.expect) for host in hosts}
    return {"devices": {name: settings for name, settings in devices.items() if settings}}
