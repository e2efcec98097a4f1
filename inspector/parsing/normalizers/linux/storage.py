"""Linux: filesystems, software RAID (md), disks' SMART health and bonding."""

from __future__ import annotations

from inspector.model import Filesystem, Lag, LagMember, StoragePart
from inspector.parsing.normalizers.common import ParseContext, Record, to_float, to_int

# Filesystems that are always full, or not storage: a squashfs snap or a mounted ISO is
# 100% by construction, and memory-backed or kernel filesystems hold no data at rest.
PSEUDO_FSTYPES = frozenset({
    "tmpfs", "devtmpfs", "squashfs", "iso9660", "udf", "overlay", "proc", "sysfs",
    "devpts", "cgroup", "cgroup2", "ramfs", "efivarfs", "fuse.gvfsd-fuse", "fuse.portal",
    "fuse.snapfuse", "nsfs", "autofs", "rpc_pipefs", "tracefs", "debugfs", "securityfs",
})


def _real(row: Record) -> bool:
    return row["FSTYPE"] not in PSEUDO_FSTYPES


def df_bytes(rows: list[Record], ctx: ParseContext) -> list[Filesystem]:
    return [Filesystem(mount=r["MOUNT"], device=r["DEVICE"], fstype=r["FSTYPE"],
                       size_bytes=to_int(r["SIZE"]), used_bytes=to_int(r["USED"]),
                       utilization_pct=to_float(r["PCT"]))
            for r in rows if _real(r)]


def df_inodes(rows: list[Record], ctx: ParseContext) -> list[Filesystem]:
    # A filesystem without a fixed inode table prints 0 inodes and `-`: nothing to judge.
    return [Filesystem(mount=r["MOUNT"], device=r["DEVICE"], fstype=r["FSTYPE"],
                       inodes_total=to_int(r["INODES"]), inodes_used=to_int(r["IUSED"]),
                       inodes_pct=to_float(r["IPCT"]))
            for r in rows if _real(r) and to_int(r["INODES"])]


def _md_health(row: Record) -> str:
    if row["STATE"] == "inactive":
        return "inactive"
    if row["ACTION"] in ("recovery", "resync", "reshape"):
        return "rebuilding" if row["ACTION"] == "recovery" else row["ACTION"]
    total, working = to_int(row["TOTAL"]), to_int(row["WORKING"])
    if (total is not None and working is not None and working < total) or "_" in row["MAP"]:
        return "degraded"
    return "normal"


def mdstat(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """One `raid` part per md array: health normal, degraded, rebuilding (a recovery onto a
    spare), resync/reshape, or inactive; `running` is the kernel's state word; `location`
    lists the members as printed (`sdd[3](F)`: failed)."""
    parts = []
    for row in rows:
        blocks = to_int(row["BLOCKS"])
        parts.append(StoragePart(
            part="raid", name=row["NAME"], health=_md_health(row), running=row["STATE"],
            type=row["LEVEL"] or None, location=row["MEMBERS"] or None,
            capacity_bytes=blocks * 1024 if blocks is not None else None))
    return parts


def smart(rows: list[Record], ctx: ParseContext) -> list[StoragePart]:
    """The disk named in the command: health `ok` or `failed` (smartctl's PASSED/OK or
    FAILED), a failure predicted when the disk says so or has reallocated, pending or
    uncorrectable sectors, media life left for flash (100 - Percentage Used)."""
    row = rows[0]
    word = (row["HEALTH"] or "").upper().rstrip("!")
    if not word:
        raise ValueError("no SMART health line (the device may not support SMART)")
    counts = [to_int(row[k]) or 0 for k in ("REALLOCATED", "PENDING", "UNCORRECTABLE",
                                             "MEDIA_ERRORS", "GROWN_DEFECTS")]
    health = "ok" if word in ("PASSED", "OK") else "failed"
    used = to_int(row["PERCENT_USED"])
    # Disks behind a RAID controller share its device node: `-d megaraid,N` tells them apart.
    device, kind = ctx.placeholder("device") or ctx.command, ctx.placeholder("smart_type")
    return [StoragePart(
        part="disk", name=f"{device} -d {kind}" if kind else device, health=health,
        type=row["MODEL"] or None, location=row["SERIAL"] or None,
        failure_predicted=health == "failed" or any(counts),
        media_life_left_pct=max(0, 100 - used) if used is not None else None)]


def bonding(rows: list[Record], ctx: ParseContext) -> list[Lag]:
    """One aggregation per bond file; a slave is `selected` while its MII status is up.
    Lines before the first `Slave Interface` are the bond's own."""
    bonds: dict[str, Lag] = {}
    current: dict[str, LagMember | None] = {}
    for row in rows:
        name, key, value = row["BOND"], row["KEY"].strip(), row["VALUE"].strip()
        bond = bonds.setdefault(name, Lag(name=name))
        member = current.get(name)
        if key == "Slave Interface":
            member = LagMember(name=value, selected=False, state=None)
            bond.members.append(member)
            current[name] = member
        elif key == "Bonding Mode":
            bond.mode = value
        elif key == "MII Status" and member is None:
            bond.oper_up = value.lower() == "up"
        elif key == "MII Status" and member is not None:
            member.selected = value.lower() == "up"
            member.state = value.lower()
    return list(bonds.values())
