"""hp_comware facts (`display version`), CPU, memory, NTP and whether the configuration
is saved."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Config, Cpu, Facts, Memory, Ntp
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    pct,
    text,
    to_bytes,
    to_float,
    to_int,
    uptime_seconds,
)
from inspector.parsing.normalizers.hp_comware.names import none_if_dash


def _slot_name(header: Any) -> str:
    """'Slot 1 CPU 0' -> '1'; 'Slot 1 CPU 1' -> '1 cpu 1'; 'Chassis 1 Slot 0' -> '1/0';
    'Unit' or nothing -> '0' (single-CPU boxes)."""
    value = str(header or "").lower()
    chassis = re.search(r"chassis\s+(\d+)", value)
    slot = re.search(r"slot\s+(\d+)", value)
    cpu = re.search(r"cpu\s+(\d+)", value)
    name = slot.group(1) if slot else "0"
    if chassis:
        name = f"{chassis.group(1)}/{name}"
    if cpu and cpu.group(1) != "0":
        name = f"{name} cpu {cpu.group(1)}"
    return name


# --------------------------------------------------------------------------- facts


def comware_vendor(ctx: ParseContext) -> str:
    if re.search(r"Hewlett|^\s*HPE?\s", ctx.text, re.MULTILINE):
        return "HPE"
    return "H3C"


def version_facts(records: list[Record], ctx: ParseContext) -> Facts:
    row = records[0]
    model = text(row.get("MODEL"))
    if model:
        # "H3C S5500-28C-EI", "HPE 5130 24G 4SFP+ EI Switch JG932A",
        # "HP A5500-24G-4SFP HI Switch with 2 Interface Slots"
        model = re.sub(r"^(?:New\s+H3C|H3C|HPE|HP)\s+", "", model)
        model = re.sub(r"\s+with\s+\d+\s+\S+(?:\s+Slots?)?$", "", model)
    patch = none_if_dash(row.get("PATCH"))
    if patch and patch.lower() == "none":
        patch = None
    return Facts(
        hostname=None,  # display version does not print the sysname
        vendor=comware_vendor(ctx),
        model=model or text(row.get("BOARD")),
        os_version=text(row.get("OS_VERSION")),
        patch=patch,
        uptime_seconds=uptime_seconds(row.get("UPTIME")),
        image=text(row.get("IMAGE")),
    )


# --------------------------------------------------------------------------- cpu, memory


def cpu_usage(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    return [
        Cpu(
            slot=_slot_name(row.get("SLOT")),
            utilization_pct=pct(row.get("NOW_PCT")),
            avg_1m_pct=pct(row.get("M1_PCT")),
            avg_5m_pct=pct(row.get("M5_PCT")),
        )
        for row in records
    ]


def memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    result = []
    for row in records:
        unit = row.get("UNIT") or "bytes"
        total = to_bytes(row.get("TOTAL"), unit)
        used = to_bytes(row.get("USED"), unit)
        if row.get("USED_RATE"):
            utilization = pct(row.get("USED_RATE"))
        elif row.get("FREE_RATIO"):
            # Comware 7 prints FreeRatio (free + reclaimable); its complement is what the
            # device itself calls used. The "Used" column counts buffers/cache too.
            utilization = pct(round(100 - (to_float(row.get("FREE_RATIO")) or 0.0), 2))
        elif total:
            utilization = pct(100.0 * (used or 0) / total)
        else:
            utilization = None
        result.append(Memory(slot=_slot_name(row.get("SLOT")), total_bytes=total,
                             used_bytes=used, utilization_pct=utilization))
    return result


# --------------------------------------------------------------------------- ntp, config


def ntp_status(records: list[Record], ctx: ParseContext) -> Ntp:
    row = records[0]
    status = str(row.get("STATUS") or "").lower()
    offset = to_float(row.get("OFFSET"))
    if offset is not None:
        offset *= {"s": 1000.0, "us": 0.001}.get(str(row.get("OFFSET_UNIT")), 1.0)
    reference = none_if_dash(row.get("REFERENCE")) or none_if_dash(row.get("PEER"))
    return Ntp(
        synchronized=status == "synchronized" if status else None,
        stratum=to_int(row.get("STRATUM")),
        offset_ms=offset,
        reference=None if reference and reference.lower() == "none" else reference,
    )


def config_diff(records: list[Record], ctx: ParseContext) -> Config:
    added = sum(1 for row in records if row.get("SIGN") == "+")
    removed = sum(1 for row in records if row.get("SIGN") == "-")
    if not records:
        return Config(saved=True, detail="running configuration equals the startup one")
    # Which side "+" stands for depends on the command's argument order: count both.
    return Config(saved=False,
                  detail=f"running and startup configurations differ: {added} '+' lines, "
                      f"{removed} '-' lines")
