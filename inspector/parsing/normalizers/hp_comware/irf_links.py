"""hp_comware IRF links (`display irf link`) and the state of its multi-active detection
(`display mad verbose`)."""

from __future__ import annotations

from inspector.model import Stack, StackLink
from inspector.parsing.normalizers.common import ParseContext, Record, text
from inspector.parsing.normalizers.hp_comware.names import ifname


def irf_links(records: list[Record], ctx: ParseContext) -> Stack:
    links = []
    for row in (row for row in records if row.get("INTERFACE")):
        interface = str(row["INTERFACE"])
        # "disable  --": no physical interface bound to that IRF port, so no link.
        if interface.lower() == "disable":
            continue
        state = str(row["STATUS"]).lower()
        links.append(StackLink(member=str(row["MEMBER"]), port=text(row.get("PORT")),
                               interface=ifname(interface), up=state == "up", state=state))
    return Stack(technology="irf", links=links)


def _method(row: Record) -> str | None:
    """The MAD method of a row; Comware 5 names LACP MAD only by its "aggregation port"."""
    return text(row.get("METHOD")) or ("LACP" if row.get("AGGREGATION") else None)


def _method_fault(row: Record) -> str | None:
    status = text(row.get("STATUS")) or ""
    if row.get("STATE") != "enabled" or status.lower() in ("", "normal"):
        return None
    where = text(row.get("INTERFACE"))
    return f"MAD {_method(row)}{f' {where}' if where else ''}: {status}"


def mad_verbose(records: list[Record], ctx: ParseContext) -> Stack:
    methods = [row for row in records if _method(row)]
    detail = "; ".join(
        f"MAD {_method(row)} {row['STATE']}"
        + (f" ({', '.join(filter(None, (row['INTERFACE'], row.get('STATUS'))))})"
           if row.get("INTERFACE") else "")
        for row in methods)
    faults = [fault for fault in map(_method_fault, methods) if fault]
    # Recovery state: MAD found two masters and shut this fabric's ports (it split).
    if any(str(row.get("RECOVERY")).lower() == "yes" for row in records) or any(
            "recovery" in str(row.get("CURRENT") or "").lower() for row in records):
        faults.append("multi-active recovery state")
    return Stack(technology="irf", mad=any(row["STATE"] == "enabled" for row in methods),
                 mad_detail=detail or None, mad_faults=faults)
