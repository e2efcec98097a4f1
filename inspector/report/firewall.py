"""The report's 防火墙 section and workbook sheet: per firewall its HA role, peer and
synchronisation, its sessions against the capacity the check used, its licences and
signature databases with their end dates (the nearest first), and its VPN tunnels that are
down. Each row is coloured by the level the firewall checks gave it; the words are the
catalog's (`firewall_view.*`, `fw_role.*`), device names and licence names as printed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspector.model import (
    DeviceResult,
    Finding,
    HaMember,
    License,
    SessionUsage,
    VpnTunnel,
)
from inspector.report.devices import Row
from inspector.report.findings import localized
from inspector.report.fmt import DASH, Formatter
from inspector.report.grades import level_status, reading_for, row_status, worst
from inspector.report.i18n import Translator

KIND = "firewall"


@dataclass
class FirewallView:
    rows: list[Row] = field(default_factory=list)  # one per firewall
    licences: list[Row] = field(default_factory=list)  # every dated licence or database
    tunnels_down: list[Row] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)  # name, why no data


def _status(findings: Sequence[Finding], prefix: str) -> str:
    return level_status(worst(findings, prefix))


def _graded(findings: Sequence[Finding], check_id: str, subject: str) -> str:
    """The colour the check gave this item (a licence, a tunnel): its reading's level."""
    reading = reading_for(findings, (check_id,), subject)
    return row_status(reading) if reading is not None else "ok"


def _role(members: list[HaMember], fmt: Formatter) -> str:
    local = next((m for m in members if m.name == "local"), members[0] if members else None)
    if local is None:
        return DASH
    return fmt.term("fw_role", local.role or "unknown")


def _peers(members: list[HaMember], fmt: Formatter) -> str:
    """The other members: "peer（备，在线）"; a standalone firewall has none."""
    if not members or all(m.role == "standalone" for m in members):
        return fmt.t("firewall_view.standalone")
    others = [m for m in members if m.name != "local"] or members[1:]
    said = []
    for member in others:
        online = {True: "online", False: "offline", None: "unknown"}[member.online]
        state = fmt.t("common.sep").join([fmt.term("fw_role", member.role or "unknown"),
                                          fmt.t(f"firewall_view.{online}")])
        said.append(fmt.t("firewall_view.member", name=member.name, state=state))
    return fmt.t("common.sep").join(said) if said else fmt.t("firewall_view.no_peer")


def _synced(members: list[HaMember], fmt: Formatter) -> str:
    states = {m.synchronized for m in members if m.role != "standalone"}
    if not states or states == {None}:
        return DASH
    return fmt.yes_no(False not in states)


def _sessions(usage: SessionUsage | None, findings: Sequence[Finding], fmt: Formatter) -> str:
    """What the sessions check said (in use against the capacity it used), else the count."""
    judged = next((f for f in findings if f.check_id == "firewall.sessions"
                   and f.not_checked_reason is None), None)
    if judged is not None:
        return localized(judged, fmt.t.lang, "observed") or DASH
    if usage is None or usage.in_use is None:
        return DASH
    return fmt.t("firewall_view.in_use", n=usage.in_use)


def _nearest(items: list[License]) -> License | None:
    dated = [i for i in items if i.expires is not None]
    return min(dated, key=lambda i: i.expires or date.max) if dated else None


def _licence_cell(items: list[License], fmt: Formatter) -> str:
    nearest = _nearest(items)
    if nearest is None:
        return DASH if not items else fmt.t("firewall_view.no_end")
    return fmt.t("firewall_view.ends", name=nearest.name, date=str(nearest.expires))


def _expiry(item: License, fmt: Formatter) -> str:
    if item.expires is not None:
        return str(item.expires)
    return fmt.t("firewall_view.permanent") if item.permanent else DASH


def _licence_rows(device: str, items: list[License], findings: Sequence[Finding],
                  fmt: Formatter, taken: date | None) -> list[Row]:
    """Licences and databases with an end (or permanent), the nearest end first, each
    coloured by the level the licence check gave it."""
    shown = sorted((i for i in items if i.expires is not None or i.permanent),
                   key=lambda i: (i.expires or date.max, i.name))
    rows = []
    for item in shown:
        graded = _graded(findings, "firewall.licences", item.name)
        rows.append(Row([device, item.name, fmt.t(f"firewall_view.kind_{item.kind}"),
                         fmt.text(item.version), _expiry(item, fmt),
                         fmt.term("licence_state", _state(item, graded, taken))], graded))
    return rows


def _state(item: License, graded: str, taken: date | None) -> str | None:
    """The device's own word for the licence; where it prints none (FortiOS lists dates
    only), what the date says on the day of the inspection: expired, or expiring when the
    licence check graded it, else valid."""
    if item.status or item.expires is None or taken is None:
        return item.status
    if item.expires < taken:
        return "expired"
    return "expiring" if graded != "ok" else "valid"


def _tunnel_rows(device: str, tunnels: list[VpnTunnel], findings: Sequence[Finding],
                 fmt: Formatter) -> list[Row]:
    return [Row([device, t.name, fmt.text(t.peer), fmt.text(t.state)],
                _graded(findings, "firewall.vpn_tunnels", t.name))
            for t in tunnels if not t.up]


def _firewall_row(result: DeviceResult, findings: Sequence[Finding], fmt: Formatter) -> Row:
    snap = result.snapshot
    members: list[HaMember] = snap.ha.data or []
    licences: list[License] = snap.licenses.data or []
    tunnels: list[VpnTunnel] = snap.vpn_tunnels.data or []
    down = sum(1 for t in tunnels if not t.up)
    cells = [result.device.name, _role(members, fmt), _peers(members, fmt),
             _synced(members, fmt), _sessions(snap.session_usage.data, findings, fmt),
             _licence_cell(licences, fmt),
             fmt.t("firewall_view.tunnels_count", down=down, total=len(tunnels)) if tunnels
             else DASH]
    return Row(cells, _status(findings, "firewall."))


def _has_data(result: DeviceResult) -> bool:
    snap = result.snapshot
    return any(getattr(snap, name).data is not None
               for name in ("ha", "session_usage", "licenses", "vpn_tunnels"))


def build_firewall(devices: Sequence[DeviceResult], fmt: Formatter,
                   by_device: Mapping[str, Sequence[Finding]] | None = None
                   ) -> FirewallView | None:
    """The section, or None when the run inspected no firewall."""
    by_device = by_device or {}
    view = FirewallView()
    for result in devices:
        if result.device.kind != KIND:
            continue
        name = result.device.name
        if not _has_data(result):
            why = result.snapshot.ha.reason or result.reason
            view.unavailable.append((name, fmt.reason(why) if why else
                                     fmt.t(f"device_status.{result.status.value}")))
            continue
        findings = by_device.get(name, ())
        view.rows.append(_firewall_row(result, findings, fmt))
        taken = result.snapshot.taken_at
        view.licences += _licence_rows(name, result.snapshot.licenses.data or [],
                                       findings, fmt, taken.date() if taken else None)
        view.tunnels_down += _tunnel_rows(name, result.snapshot.vpn_tunnels.data or [],
                                          findings, fmt)
    return view if view.rows or view.unavailable else None


KEYS = ("device", "role", "peers", "synced", "sessions", "licence", "tunnels_head")
LICENCE_KEYS = ("device", "name", "kind", "version", "expires", "state")


def firewall_rows(view: FirewallView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 防火墙 sheet: one row per firewall, then its dated licences."""
    columns = [t(f"firewall_view.{key}") for key in KEYS]
    return [dict(zip(columns, row.cells, strict=True)) for row in view.rows], columns


def licence_rows(view: FirewallView, t: Translator) -> tuple[list[dict[str, Any]], list[str]]:
    """The workbook's 许可证 sheet: every dated licence and signature database."""
    columns = [t(f"firewall_view.{key}") for key in LICENCE_KEYS]
    return [dict(zip(columns, row.cells, strict=True)) for row in view.licences], columns
