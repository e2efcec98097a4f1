"""Normalizers for huawei_oceanstor (OceanStor V3 / V5 / Dorado CLI): lines -> contract models.

Every command hands its lines over whole (textfsm/huawei_oceanstor_lines.textfsm); the
tables and blocks are read by oceanstor_tables. Parts keep the array's own state words,
lower-cased ("normal", "fault", "pre-fail"; "online", "offline"): the checks judge them.
A table without the columns a family needs fails the parse, naming the columns it has.
"""

from __future__ import annotations

from typing import Literal

from inspector.model import (
    Facts,
    HaMember,
    Interface,
    InventoryItem,
    LogEntry,
    Sensor,
    StoragePart,
)
from inspector.parsing.normalizers.common import (
    Normalizer,
    ParseContext,
    Record,
    alarm_severity,
    sensor_status,
    speed_mbps,
)
from inspector.parsing.normalizers.oceanstor_tables import (
    blocks,
    cell,
    lines_of,
    size_bytes,
    table_rows,
    word,
)

VENDOR = "Huawei"
ID = ("id",)
HEALTH = ("health status",)
RUNNING = ("running status",)
# The controllers of one array back each other up: one HA group.
CONTROLLER_GROUP = "controllers"


def _rows(records: list[Record], *required: tuple[str, ...]) -> list[dict[str, str]]:
    return table_rows(lines_of(records), [ID, *required])


def _blocks(records: list[Record], key: str) -> list[dict[str, str]]:
    found = [block for block in blocks(lines_of(records)) if key in block]
    if not found and any(blocks(lines_of(records))):
        raise ValueError(f"no {key!r} line in the blocks of the output")
    return found


def system_facts(records: list[Record], ctx: ParseContext) -> Facts:
    """`show system general`: System Name, SN, Product Model, Product Version, Patch Version."""
    found = _blocks(records, "product model")
    if not found:
        raise ValueError("no 'Product Model' line")
    block = found[0]
    model = cell(block, "product model")
    return Facts(hostname=cell(block, "system name"), vendor=VENDOR,
                 model=f"OceanStor {model}" if model and "ocean" not in model.lower()
                 else model,
                 serial=cell(block, "sn", "serial number"),
                 os_version=cell(block, "product version"),
                 patch=cell(block, "patch version"))


def _controller(block: dict[str, str]) -> StoragePart:
    name = cell(block, "controller", "id") or ""
    return StoragePart(part="controller", name=name, health=word(block, *HEALTH),
                       running=word(block, *RUNNING), role=word(block, "role"),
                       location=cell(block, "location"))


def controllers(records: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`show controller general`: one block per controller (0A / CTE0.A ...)."""
    return [_controller(block) for block in _blocks(records, "controller")]


def controller_ha(records: list[Record], ctx: ParseContext) -> list[HaMember]:
    """The controllers as the array's HA group: role master/slave, online or not."""
    members = []
    for part in controllers(records, ctx):
        online = None if part.running is None else part.running == "online"
        members.append(HaMember(group=CONTROLLER_GROUP, name=part.name, role=part.role,
                                online=online, health=part.health))
    return members


def disks(records: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`show disk general`: ID (the slot, CTE0.5 / DAE010.12), health, running, type."""
    return [StoragePart(part="disk", name=cell(row, *ID) or "", health=word(row, *HEALTH),
                        running=word(row, *RUNNING), type=cell(row, "type"),
                        role=word(row, "role"), location=cell(row, *ID),
                        capacity_bytes=size_bytes(cell(row, "capacity")),
                        parent=cell(row, "disk domain id"))
            for row in _rows(records, HEALTH, RUNNING)]


def _usage(row: dict[str, str]) -> tuple[int | None, int | None, float | None]:
    """(total, used, usage %) of a pool: its usage column, else total and free capacity."""
    total = size_bytes(cell(row, "total capacity", "capacity"))
    free = size_bytes(cell(row, "free capacity", "available capacity"))
    used = None if total is None or free is None else max(total - free, 0)
    ratio = cell(row, "capacity usage(%)", "usage(%)", "used capacity ratio(%)")
    if ratio is not None:
        return total, used, max(0.0, min(100.0, float(ratio.rstrip("%"))))
    if used is None or not total:
        return total, used, None
    return total, used, round(100.0 * used / total, 1)


def pools(records: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`show storage_pool general`: health, running and how full each pool is."""
    found = []
    for row in _rows(records, HEALTH, RUNNING, ("total capacity", "capacity")):
        total, used, usage = _usage(row)
        found.append(StoragePart(part="pool", name=cell(row, "name") or cell(row, *ID) or "",
                                 health=word(row, *HEALTH), running=word(row, *RUNNING),
                                 capacity_bytes=total, used_bytes=used, usage_pct=usage,
                                 parent=cell(row, "disk domain id"),
                                 location=cell(row, *ID)))
    return found


def luns(records: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`show lun general`: health and running state of each LUN, and its pool."""
    return [StoragePart(part="lun", name=cell(row, "name") or cell(row, *ID) or "",
                        health=word(row, *HEALTH), running=word(row, *RUNNING),
                        type=cell(row, "type"), location=cell(row, *ID),
                        capacity_bytes=size_bytes(cell(row, "capacity")),
                        parent=cell(row, "pool id"))
            for row in _rows(records, HEALTH, RUNNING)]


def bbus(records: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """`show bbu general`: the controllers' backup batteries (cache protection)."""
    return [StoragePart(part="bbu", name=cell(row, *ID) or "", health=word(row, *HEALTH),
                        running=word(row, *RUNNING), location=cell(row, *ID))
            for row in _rows(records, HEALTH, RUNNING)]


def _part_status(row: dict[str, str]) -> str:
    """A PSU's or fan's state in sensor words: its health, but offline is never ok."""
    health, running = word(row, *HEALTH), word(row, *RUNNING)
    status = sensor_status(health)
    if running in ("offline", "absent", "not present") and status == "ok":
        return sensor_status(running)
    return status


def _sensors(records: list[Record], kind: Literal["psu", "fan"]) -> list[Sensor]:
    return [Sensor(name=cell(row, *ID) or "", kind=kind, status=_part_status(row))
            for row in _rows(records, HEALTH, RUNNING)]


def power_supplies(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """`show power_supply`: one row per PSU of every enclosure (CTE0.PSU0 ...)."""
    return _sensors(records, "psu")


def fans(records: list[Record], ctx: ParseContext) -> list[Sensor]:
    """`show fan`: one row per fan module (CTE0.FAN0 ...)."""
    return _sensors(records, "fan")


def _items(records: list[Record], kind: str) -> list[InventoryItem]:
    return [InventoryItem(name=cell(row, *ID) or "", kind=kind,
                          model=cell(row, "model", "type"),
                          status=word(row, *HEALTH) if word(row, *RUNNING) != "offline"
                          else "offline",
                          description=cell(row, "logic type", "role"))
            for row in _rows(records, HEALTH, RUNNING)]


def enclosures(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show enclosure`: the controller enclosures (CTE) and disk enclosures (DAE)."""
    return _items(records, "chassis")


def interface_modules(records: list[Record], ctx: ParseContext) -> list[InventoryItem]:
    """`show interface_module`: the I/O modules of each controller."""
    return _items(records, "module")


def ports(records: list[Record], ctx: ParseContext) -> list[Interface]:
    """`show port general`: one table per port type; running "Link Up" / "Link Down"."""
    found = []
    for row in _rows(records, RUNNING):
        running = word(row, *RUNNING)
        found.append(Interface(name=cell(row, *ID) or "",
                               oper_up=None if running is None else running == "link up",
                               speed_mbps=speed_mbps(cell(row, "working rate(mbps)",
                                                          "working rate")),
                               description=cell(row, "type", "role")))
    return found


def alarms(records: list[Record], ctx: ParseContext) -> list[LogEntry]:
    """`show alarm`: the current (uncleared) alarms; Level Critical / Major / Warning."""
    return [LogEntry(timestamp=cell(row, "occurred on", "occur time", "time"),
                     severity=alarm_severity(cell(row, "level", "severity")),
                     source="alarm", mnemonic=cell(row, "alarm id", "id"),
                     message=cell(row, "name", "description") or "")
            for row in table_rows(lines_of(records), [("level", "severity"),
                                                      ("name", "description")])]


NORMALIZERS: dict[str, Normalizer] = {
    "system_facts": system_facts,
    "controllers": controllers,
    "controller_ha": controller_ha,
    "disks": disks,
    "pools": pools,
    "luns": luns,
    "bbus": bbus,
    "power_supplies": power_supplies,
    "fans": fans,
    "enclosures": enclosures,
    "interface_modules": interface_modules,
    "ports": ports,
    "alarms": alarms,
}
