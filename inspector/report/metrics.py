"""Single numbers per device that charts, trends and tables share."""

from __future__ import annotations

from inspector.model import FamilyStatus, Memory, Sensor, Snapshot


def _usable(status: FamilyStatus) -> bool:
    return status in (FamilyStatus.OK, FamilyStatus.PARTIAL)


def cpu_pct(snapshot: Snapshot) -> float | None:
    """The busiest slot's 5-minute average (the steadier figure), else its current value."""
    if not _usable(snapshot.cpu.status) or not snapshot.cpu.data:
        return None
    values = [c.avg_5m_pct if c.avg_5m_pct is not None else c.utilization_pct
              for c in snapshot.cpu.data]
    known = [v for v in values if v is not None]
    return max(known) if known else None


def memory_row_pct(memory: Memory) -> float | None:
    if memory.utilization_pct is not None:
        return memory.utilization_pct
    if memory.total_bytes and memory.used_bytes is not None:
        return round(100 * memory.used_bytes / memory.total_bytes, 1)
    return None


def memory_pct(snapshot: Snapshot) -> float | None:
    if not _usable(snapshot.memory.status) or not snapshot.memory.data:
        return None
    known = [v for v in map(memory_row_pct, snapshot.memory.data) if v is not None]
    return max(known) if known else None


def sensors(snapshot: Snapshot) -> list[Sensor]:
    if not _usable(snapshot.sensors.status) or not snapshot.sensors.data:
        return []
    return snapshot.sensors.data


def max_temperature(snapshot: Snapshot) -> Sensor | None:
    """The hottest temperature sensor with a reading."""
    temps = [s for s in sensors(snapshot) if s.kind == "temperature" and s.value is not None]
    return max(temps, key=lambda s: s.value or 0.0) if temps else None
