"""Storage metrics for threshold rules (metrics.py registers them): how full each pool is.
Apart from checks/code/storage.py so that metrics.py need not import the code checks."""

from __future__ import annotations

from inspector.catalog import Phrase, Term
from inspector.checks.base import Context, Hit, NotChecked, fmt
from inspector.model import StoragePart


def storage_parts(ctx: Context, part: str) -> list[StoragePart]:
    """The array's parts of one kind (disk, pool ...); not checked when it reports none."""
    records: list[StoragePart] = ctx.data("storage")
    found = [record for record in records if record.part == part]
    if not found:
        raise NotChecked(Phrase("check.storage_no_part", part=Term("part", part)))
    return found


def _usage(pool: StoragePart) -> float | None:
    """The pool's usage %, else used / total (an SNMP table gives the capacities only)."""
    if pool.usage_pct is not None:
        return pool.usage_pct
    if pool.capacity_bytes and pool.used_bytes is not None:
        return round(100.0 * pool.used_bytes / pool.capacity_bytes, 1)
    return None


def pool_usage_pct(ctx: Context) -> list[Hit]:
    """Metric: how full each storage pool is (used / total capacity)."""
    pools = [(p, usage) for p in storage_parts(ctx, "pool")
             if (usage := _usage(p)) is not None]
    if not pools:
        raise NotChecked(Phrase("check.storage_no_usage"))
    return [Hit(p.name, usage,
                Phrase("check.storage_pool_usage", name=p.name, value=fmt(usage)),
                anchor=p.name, keywords=(p.name,), span=1)
            for p, usage in pools]
