"""Metrics over time for one device: the values `inspector trend` tabulates and charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspector.model import FamilyStatus, Snapshot


def _usable(snapshot: Snapshot, family: str) -> bool:
    return snapshot.family(family).status in (FamilyStatus.OK, FamilyStatus.PARTIAL)


def _cpu(s: Snapshot) -> float | None:
    if not _usable(s, "cpu"):
        return None
    values = [c.avg_5m_pct if c.avg_5m_pct is not None else c.utilization_pct
              for c in s.cpu.data or []]
    return max((v for v in values if v is not None), default=None)


def _memory(s: Snapshot) -> float | None:
    if not _usable(s, "memory"):
        return None
    return max((m.utilization_pct for m in s.memory.data or [] if m.utilization_pct is not None),
               default=None)


def _temperature(s: Snapshot) -> float | None:
    if not _usable(s, "sensors"):
        return None
    return max((x.value for x in s.sensors.data or []
                if x.kind == "temperature" and x.value is not None), default=None)


def _routes(s: Snapshot) -> float | None:
    if not _usable(s, "routes") or s.routes.data is None or s.routes.data.total is None:
        return None
    return float(s.routes.data.total)


def _crc(s: Snapshot) -> float | None:
    if not _usable(s, "interfaces"):
        return None
    return float(sum(i.crc_errors or 0 for i in s.interfaces.data or []))


# Metric name -> (label, unit, extractor). Explicit, so `--metric` can list them.
METRICS: dict[str, tuple[str, str, Callable[[Snapshot], float | None]]] = {
    "cpu": ("CPU (5 min, busiest slot)", "%", _cpu),
    "memory": ("memory (busiest slot)", "%", _memory),
    "temperature": ("hottest temperature sensor", "°C", _temperature),
    "routes": ("route count", "", _routes),
    "crc": ("CRC errors, all ports", "", _crc),
}


def write_svg(path: Path, title: str, unit: str, labels: list[str],
              values: list[float | None]) -> Path:
    """A small line chart, legible in print and grayscale."""
    import matplotlib  # noqa: PLC0415 - only when a chart is asked for

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(7, 3))
    points = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color="black")
    ax.set_title(title)
    ax.set_ylabel(unit)
    ax.grid(True, color="#cccccc", linewidth=0.5)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)
    return path
