"""How a device's captures become its snapshot, by transport: the parsing half of the
transport registry (transports/registry.py), importable without any transport.

A transport whose outputs are CLI text is read through its OS's definition file
(`build_cli_snapshot`) and is not named here; one that maps its own data (SNMP walks,
NAPALM getters, Redfish resources) names its builder below. `tests/unit/test_registry.py`
holds the two lists together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from inspector.access import access
from inspector.model import Capture, Device, Snapshot
from inspector.parsing import napalm as napalm_parsing
from inspector.parsing import redfish as redfish_parsing
from inspector.parsing.snapshot import build_cli_snapshot
from inspector.parsing.snmp_parse import build_snmp_snapshot

SnapshotBuilder = Callable[[Device, Iterable[Capture], "datetime | None"], Snapshot]

SNAPSHOT_BUILDERS: dict[str, SnapshotBuilder] = {
    "snmp": build_snmp_snapshot,
    "napalm": napalm_parsing.build_snapshot,
    "redfish": redfish_parsing.build_snapshot,
    "bmc": redfish_parsing.build_auto_snapshot,
}


def build_snapshot(device: Device, captures: Iterable[Capture],
                   taken_at: datetime | None = None) -> Snapshot:
    """The normalized state of `device` from its captures (pure), by its transport."""
    builder = SNAPSHOT_BUILDERS.get(access(device.platform).transport, build_cli_snapshot)
    return builder(device, captures, taken_at)
