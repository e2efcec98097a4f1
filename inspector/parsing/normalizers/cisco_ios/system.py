"""cisco_ios facts, CPU, memory, NTP and whether the configuration is saved."""

from __future__ import annotations

import re
from typing import Any

from inspector.model import Config, Cpu, Facts, Memory, Ntp
from inspector.parsing.normalizers.common import (
    ParseContext,
    Record,
    first,
    pct,
    text,
    to_bytes,
    to_float,
    to_int,
    uptime_seconds,
)

# --------------------------------------------------------------------------- facts


def version_facts(records: list[Record], ctx: ParseContext) -> Facts:
    row = records[0]
    hardware = row.get("HARDWARE") or []
    serial = row.get("SERIAL") or []
    return Facts(
        hostname=text(row.get("HOSTNAME")),
        vendor="Cisco",
        model=text(hardware[0]) if hardware else None,
        serial=text(serial[0]) if serial else None,
        os_version=text(row.get("VERSION")),
        uptime_seconds=uptime_seconds(row.get("UPTIME")),
        image=text(first(row, "RUNNING_IMAGE", "SOFTWARE_IMAGE")),
    )


# --------------------------------------------------------------------------- cpu, memory


def cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    total = [r for r in records if not r.get("CORE")]
    rows = total[:1]
    if not rows and records:
        # IOS-XE `sorted` prints only per-core lines: their mean is the box's load, the
        # same figure the classic total line gives.
        def mean(key: str) -> float | None:
            values = [v for r in records if (v := to_float(r.get(key))) is not None]
            return round(sum(values) / len(values), 2) if values else None

        return [Cpu(slot="0", utilization_pct=pct(mean("FIVE_SEC")),
                    avg_1m_pct=pct(mean("ONE_MIN")), avg_5m_pct=pct(mean("FIVE_MIN")))]
    return [
        Cpu(slot="0", utilization_pct=pct(r.get("FIVE_SEC")),
            avg_1m_pct=pct(r.get("ONE_MIN")), avg_5m_pct=pct(r.get("FIVE_MIN")))
        for r in rows
    ]


def platform_resources_cpu(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    return [
        Cpu(slot=r.get("SLOT") or "0", utilization_pct=pct(r.get("USAGE")))
        for r in records if r.get("RESOURCE") == "Control Processor"
    ]


def _memory_record(slot: str, total: int | None, used: int | None) -> Memory:
    utilization = pct(used * 100 / total) if total and used is not None else None
    return Memory(slot=slot, total_bytes=total, used_bytes=used,
                  utilization_pct=round(utilization, 2) if utilization is not None else None)


def memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    # The Processor pool is the IOS heap; I/O and lsmpi pools are packet buffers that are
    # full by design (lsmpi_io always shows ~100 % used).
    for row in records:
        if row.get("POOL") in ("Processor", "System"):
            unit = "KB" if row.get("UNIT") == "K" else ""
            total = to_bytes(row.get("TOTAL"), unit)
            used = to_bytes(row.get("USED"), unit)
            return [_memory_record("0", total, used)]
    return []


def platform_resources_memory(records: list[Record], ctx: ParseContext) -> list[Memory]:
    return [
        _memory_record(r.get("SLOT") or "0", to_bytes(r.get("MAX"), r.get("MAX_UNIT", "")),
                       to_bytes(r.get("USAGE"), r.get("UNIT", "")))
        for r in records if r.get("RESOURCE") == "DRAM"
    ]


# --------------------------------------------------------------------------- ntp, config


def ntp_status(records: list[Record], ctx: ParseContext) -> Ntp:
    row = records[0]
    return Ntp(synchronized=row.get("STATE") == "synchronized" if row.get("STATE") else None,
               stratum=to_int(row.get("STRATUM")), offset_ms=to_float(row.get("OFFSET")),
               reference=text(row.get("REFERENCE")))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_STAMP = re.compile(
    r"\*?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s+\S+\s+\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{4})")


def _when(value: Any) -> tuple[int, ...] | None:
    """'14:24:31 CST Tue Dec 24 2019' -> (2019, 12, 24, 14, 24, 31); both stamps of the
    header are printed in the device's own time zone, so they compare as they are."""
    match = _STAMP.search(str(value or ""))
    if not match or match.group(4).lower() not in _MONTHS:
        return None
    hour, minute, second, month, day, year = match.groups()
    return (int(year), _MONTHS.index(month.lower()) + 1, int(day), int(hour), int(minute),
            int(second))


def config_saved(records: list[Record], ctx: ParseContext) -> Config:
    row = records[0]
    changed, written = row.get("LAST_CHANGE"), row.get("NVRAM_UPDATE")
    if row.get("NO_CHANGE") and not changed:
        return Config(saved=True, detail="no configuration change since last restart")
    if changed and not written:
        return Config(saved=False,
                      detail=f"changed at {changed}; not written to NVRAM since")
    if written and not changed:
        return Config(saved=True, detail=f"NVRAM config last updated at {written}")
    change_time, write_time = _when(changed), _when(written)
    if change_time is None or write_time is None:
        return Config(saved=None, detail=f"changed at {changed}; saved at {written}")
    saved = write_time >= change_time
    detail = (f"saved at {written}" if saved
              else f"changed at {changed}, after the last save at {written}")
    return Config(saved=saved, detail=detail)
