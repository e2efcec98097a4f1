"""Firewall checks whose verdict depends on the inspection's date or on data files: licence
and signature-database expiry relative to the run's time, the session capacity from the
model table. Pure logic over built snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from inspector.checks import load_rules, run_checks
from inspector.checks.code.firewall import model_capacity
from inspector.model import (
    Device,
    DeviceResult,
    DeviceStatus,
    Facts,
    Family,
    FamilyStatus,
    Finding,
    License,
    SessionUsage,
    Snapshot,
    SourceResult,
)

RULES = load_rules()
RUN = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def _ok(data: Any) -> Family[Any]:
    return Family[Any](status=FamilyStatus.OK, data=data,
                       sources=[SourceResult(command="x", status="ok", records=1)])


def _finding(check_id: str, taken_at: datetime | None, **families: Any) -> Finding:
    device = Device(name="fw1", platform="fortinet_fortios")
    snap = Snapshot(device=device, taken_at=taken_at,
                    **{name: _ok(data) for name, data in families.items()})
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snap)
    return next(f for f in run_checks([result], {"fw1": {}}, RULES) if f.check_id == check_id)


def _sig(name: str, expires: date) -> License:
    return License(name=name, kind="signature", expires=expires)


def test_a_fortigate_is_a_firewall_and_gets_the_firewall_checks() -> None:
    assert Device(name="fw1", platform="fortinet_fortios").kind == "firewall"
    assert Device(name="fw2", platform="huawei_usg").kind == "firewall"


def test_expired_signature_is_major_and_expiring_is_minor_relative_to_the_run() -> None:
    expired = _finding("firewall.licences", RUN, licenses=[_sig("IPS", date(2026, 6, 30))])
    assert expired.severity == "major" and "2026-06-30" in (expired.observed or "")
    soon = _finding("firewall.licences", RUN, licenses=[_sig("AV", date(2026, 12, 20))])
    assert soon.severity == "minor" and "15" in (soon.observed or "")
    later = _finding("firewall.licences", RUN, licenses=[_sig("AV", date(2027, 3, 1))])
    assert later.passed
    # The same dates judged on the day of an older run: nothing had expired yet.
    old_run = _finding("firewall.licences", datetime(2026, 1, 5, tzinfo=UTC),
                       licenses=[_sig("IPS", date(2026, 6, 30))])
    assert old_run.passed


def test_permanent_licence_passes_and_no_run_time_is_not_checked() -> None:
    permanent = License(name="SSL VPN users", permanent=True)
    assert _finding("firewall.licences", RUN, licenses=[permanent]).passed
    unknown = _finding("firewall.licences", None, licenses=[_sig("IPS", date(2026, 6, 30))])
    assert unknown.not_checked_cause == "no_data" and not unknown.passed


def test_session_capacity_comes_from_the_device_else_the_model_table() -> None:
    assert model_capacity("FortiGate-600E") == 8_000_000
    assert model_capacity("USG6555E-AC") == 3_000_000
    assert model_capacity("FortiGate-9999Z") is None
    by_model = _finding("firewall.sessions", RUN, session_usage=SessionUsage(in_use=6_712_388),
                        facts=Facts(model="FortiGate-600E"))
    assert by_model.severity == "minor"  # 84% of 8 million
    unknown = _finding("firewall.sessions", RUN, session_usage=SessionUsage(in_use=10),
                       facts=Facts(model="FortiGate-9999Z"))
    assert unknown.not_checked_cause == "not_configured"
