"""huawei_vrp facts (`display version`, `display esn`), CPU, memory, NTP and whether the
configuration is saved."""

from __future__ import annotations

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
    product = text(row.get("PRODUCT_VERSION")) or ""
    # "(S5735 V200R021C10SPC600)" / "(CE6800 V200R019C10SPC800)": the release is the
    # last word; the VRP number ("5.170", "8.180") is only the platform generation.
    release = product.split()[-1] if product else None
    model = text(row.get("MODEL"))
    return Facts(
        hostname=None,  # VRP prints no sysname in `display version`
        vendor="Huawei",
        model=model,
        os_version=release or text(row.get("VRP_VERSION")),
        patch=text(row.get("PATCH")),
        uptime_seconds=uptime_seconds(row.get("UPTIME")),
    )


def esn_facts(records: list[Record], ctx: ParseContext) -> Facts:
    # The master's (or slot 0's / the first member's) ESN is the device serial.
    preferred = [r for r in records if str(r.get("SLOT", "")).lower() in {"master", "slot 0"}]
    row = (preferred or records)[0]
    return Facts(serial=text(row.get("ESN")))


# --------------------------------------------------------------------------- cpu / memory


def cpu_usage(records: list[Record], ctx: ParseContext) -> list[Cpu]:
    result = []
    for row in records:
        current = first(row, "CURRENT", "FIVE_SEC")
        result.append(Cpu(
            slot=text(row.get("SLOT")) or "0",
            utilization_pct=pct(current),
            avg_1m_pct=pct(row.get("ONE_MIN")),
            avg_5m_pct=pct(row.get("FIVE_MIN")),
        ))
    return result


def memory_usage(records: list[Record], ctx: ParseContext) -> list[Memory]:
    result = []
    for row in records:
        total = to_bytes(row.get("TOTAL"), row.get("TOTAL_UNIT") or "")
        used = to_bytes(row.get("USED"), row.get("USED_UNIT") or "")
        percent = pct(row.get("PERCENT"))
        if percent is None and total and used is not None:
            percent = round(used * 100 / total, 1)
        result.append(Memory(slot=text(row.get("SLOT")) or "0", total_bytes=total,
                             used_bytes=used, utilization_pct=percent))
    return result


# --------------------------------------------------------------------------- ntp, config


def ntp_status(records: list[Record], ctx: ParseContext) -> Ntp:
    row = records[0]
    status = str(row.get("STATUS") or "").lower()
    offset = to_float(row.get("OFFSET"))
    if offset is not None and str(row.get("OFFSET_UNIT", "")).lower() in {"s", "sec"}:
        offset *= 1000
    reference = text(row.get("REFERENCE"))
    return Ntp(
        synchronized=status == "synchronized" if status else None,
        stratum=to_int(row.get("STRATUM")),
        offset_ms=offset,
        reference=None if reference in (None, "none") else reference,
    )


def compare_configuration(records: list[Record], ctx: ParseContext) -> Config:
    saved = not records[0].get("NEGATION")
    detail = ("running configuration equals the next-startup configuration file" if saved
              else "running configuration differs from the next-startup configuration file")
    return Config(saved=saved, detail=detail)
