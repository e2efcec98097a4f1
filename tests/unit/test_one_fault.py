"""One value, one verdict; one physical fault, one problem (checks engine and report)."""

from __future__ import annotations

from typing import Any

from inspector.checks import load_rules, run_checks
from inspector.checks.faults import fold_same_faults
from inspector.model import (
    Device,
    DeviceResult,
    DeviceStatus,
    Family,
    FamilyStatus,
    Finding,
    Sensor,
    Severity,
    Snapshot,
    SourceResult,
    Ups,
)
from inspector.report.findings import device_score, failing, level_counts

RULES = load_rules()


def _fam(data: Any, command: str = "snmpwalk 1.3.6.1.4.1.3854.1.2.2.1.16") -> Family[Any]:
    return Family[Any](status=FamilyStatus.OK, data=data,
                       sources=[SourceResult(command=command, status="ok", records=1)])


def _run(role: str, platform: str = "snmp", outputs: dict[str, str] | None = None,
         **families: Any) -> list[Finding]:
    device = Device(name="dev1", platform=platform, role=role)
    snap = Snapshot(device=device, **{k: v if isinstance(v, Family) else _fam(v)
                                      for k, v in families.items()})
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snap)
    return run_checks([result], {"dev1": outputs or {}}, RULES)


def _one(findings: list[Finding], check_id: str) -> Finding:
    (found,) = [f for f in findings if f.check_id == check_id]
    return found


def _probe(name: str, kind: str, value: float, **limits: float) -> Sensor:
    return Sensor(name=name, kind=kind, value=value, unit="C" if kind == "temperature"
                  else "%", status="unknown", **limits)  # type: ignore[arg-type]


# ------------------------------------------------------------------ room sensors


def test_room_sensor_without_own_limits_is_judged_by_the_room_rule() -> None:
    findings = _run("env-sensor", sensors=[_probe("Aisle", "temperature", 34)])
    room = _one(findings, "env.room_temperature")
    assert room.severity is Severity.MAJOR  # outside 15–30, inside 10–35
    (reading,) = room.readings
    assert (reading.subject, reading.value, reading.severity) == ("Aisle", 34, Severity.MAJOR)
    assert not reading.own_limits
    assert reading.bounds[Severity.CRITICAL] == [10, 35]


def test_room_sensor_with_own_limits_is_judged_by_them_only() -> None:
    # A hot aisle allowed up to 38 °C (warning) / 42 °C (critical) by whoever set the probe:
    # 36 °C is a warning there, though the generic room rule would call it 一级.
    hot = _probe("Hot aisle", "temperature", 36, high_warn=35, high_crit=42)
    cool = _probe("Cold aisle", "temperature", 24, high_warn=27, high_crit=32)
    room = _one(_run("env-sensor", sensors=[hot, cool]), "env.room_temperature")
    assert room.severity is Severity.MAJOR
    by_subject = {r.subject: r for r in room.readings}
    assert by_subject["Hot aisle"].severity is Severity.MAJOR
    assert by_subject["Hot aisle"].own_limits
    assert by_subject["Hot aisle"].bounds == {Severity.CRITICAL: [None, 42],
                                              Severity.MAJOR: [None, 35]}
    assert by_subject["Cold aisle"].severity is None
    assert "own limits" in (room.observed or "")


def test_room_sensor_beyond_its_own_critical_limit_is_critical() -> None:
    dry = _probe("Humidity", "humidity", 18, low_warn=30, low_crit=20, high_warn=70,
                 high_crit=80)
    room = _one(_run("env-sensor", sensors=[dry]), "env.room_humidity")
    assert room.severity is Severity.CRITICAL


def test_room_sensor_within_own_limits_passes_even_outside_the_generic_range() -> None:
    warm = _probe("Hot aisle", "temperature", 33, high_warn=35, high_crit=40)
    room = _one(_run("env-sensor", sensors=[warm]), "env.room_temperature")
    assert room.passed
    assert room.readings[0].severity is None


# ------------------------------------------------------------------ one fault, one problem


def _psus(*states: str) -> list[Sensor]:
    return [Sensor(name=f"PSU{i}", kind="psu", status=s)  # type: ignore[arg-type]
            for i, s in enumerate(states, 1)]


def test_failed_psu_and_lost_redundancy_are_one_problem() -> None:
    findings = _run("server", platform="ipmi", sensors=_psus("critical", "ok"))
    failed = _one(findings, "power.psu_failed")
    redundancy = _one(findings, "power.redundancy")
    assert failed.is_problem and failed.severity is Severity.MAJOR
    assert redundancy.part_of == "power.psu_failed" and not redundancy.is_problem
    assert "need 2" in (failed.observed or "") or "PSU1" in (failed.observed or "")
    assert [f.check_id for f in failing(findings)].count("power.redundancy") == 0
    assert level_counts(findings)["major"] == 1
    assert device_score(level_counts(findings)) == 85


def test_absent_psu_alone_is_still_a_redundancy_problem() -> None:
    findings = _run("server", platform="ipmi", sensors=_psus("absent", "ok"))
    redundancy = _one(findings, "power.redundancy")
    assert redundancy.is_problem and redundancy.part_of is None
    assert _one(findings, "power.psu_failed").passed


def test_ups_outage_facts_fold_into_the_on_battery_and_battery_findings() -> None:
    ups = Ups(status="on_battery", on_battery=True, battery_status="low", charge_pct=18,
              runtime_min=6, input_voltage_v=0, output_load_pct=30)
    findings = _run("ups", ups=ups)
    problems = {f.check_id: f for f in findings if f.is_problem}
    assert "ups.input_voltage" not in problems and "ups.charge" not in problems
    assert "ups.runtime" not in problems
    assert problems["ups.on_battery"].severity is Severity.CRITICAL
    assert "input voltage: 0 V" in (problems["ups.on_battery"].observed or "")
    battery = problems["ups.battery_status"]
    # graded at the worst of its facts: 18 % charge is 一级 though "low" alone is 二级
    assert battery.severity is Severity.CRITICAL
    assert "18%" in (battery.observed or "") and "6 min" in (battery.observed or "")
    assert _one(findings, "ups.runtime").part_of == "ups.battery_status"


def test_fold_leaves_rules_that_name_each_other_standing() -> None:
    a = Finding(check_id="a.x", category="c", device="d", severity=Severity.MINOR)
    b = Finding(check_id="b.x", category="c", device="d", severity=Severity.MAJOR)
    other = Finding(check_id="b.x", category="c", device="e", severity=Severity.MAJOR)
    folded = fold_same_faults([a, b, other], {"a.x": ["b.x"], "b.x": ["a.x"]})
    assert all(f.part_of is None for f in folded)
    folded = fold_same_faults([a, b, other], {"a.x": ["b.x"]})
    assert folded[0].part_of == "b.x" and folded[1].severity is Severity.MAJOR
    assert folded[2] == other  # another device's finding is not touched


# ------------------------------------------------------------------ evidence from SNMP

UPS_GET = ("snmpget 1.3.6.1.2.1.33.1.2.1.0 1.3.6.1.2.1.33.1.2.4.0 1.3.6.1.2.1.33.1.3.3.1.3.1 "
           "1.3.6.1.2.1.33.1.4.1.0")
UPS_OUT = ("1.3.6.1.2.1.33.1.2.1.0|2|3\n1.3.6.1.2.1.33.1.2.4.0|2|18\n"
           "1.3.6.1.2.1.33.1.3.3.1.3.1|2|0\n1.3.6.1.2.1.33.1.4.1.0|2|5\n")


def test_ups_findings_show_the_varbinds_they_were_graded_on() -> None:
    ups = Ups(status="on_battery", on_battery=True, battery_status="low", charge_pct=18,
              input_voltage_v=0)
    findings = _run("ups", outputs={UPS_GET: UPS_OUT}, ups=_fam(ups, UPS_GET))
    battery = _one(findings, "ups.battery_status")
    lines = [line for e in battery.evidence for line in e.lines]
    assert "1.3.6.1.2.1.33.1.2.1.0 = 3" in lines  # upsBatteryStatus: batteryLow
    assert "1.3.6.1.2.1.33.1.2.4.0 = 18" in lines  # the charge folded into it
    on_battery = _one(findings, "ups.on_battery")
    lines = [line for e in on_battery.evidence for line in e.lines]
    assert "1.3.6.1.2.1.33.1.4.1.0 = 5" in lines  # upsOutputSource: battery
    assert "1.3.6.1.2.1.33.1.3.3.1.3.1 = 0" in lines  # 0 V input
    assert [e.command for e in on_battery.evidence] == [UPS_GET]  # one block per query
    charge = next(r for r in battery.readings if r.value == 18)
    assert charge.limit and "20" in charge.limit


PROBE = "1.3.6.1.4.1.3854.1.2.2.1.16.1"


def test_room_finding_shows_the_row_of_its_sensor_in_every_column() -> None:
    walks = {f"snmpwalk {PROBE}.1": f"{PROBE}.1.0|4|Cold aisle\n{PROBE}.1.1|4|Hot aisle\n",
             f"snmpwalk {PROBE}.3": f"{PROBE}.3.0|2|22\n{PROBE}.3.1|2|41\n",
             f"snmpwalk {PROBE}.8": f"{PROBE}.8.0|2|32\n{PROBE}.8.1|2|38\n"}
    hot = _probe("Hot aisle", "temperature", 41, high_warn=35, high_crit=38)
    cold = _probe("Cold aisle", "temperature", 22, high_warn=27, high_crit=32)
    sensors = Family[Any](status=FamilyStatus.OK, data=[cold, hot], sources=[
        SourceResult(command=c, status="ok") for c in walks])
    room = _one(_run("env-sensor", outputs=walks, sensors=sensors), "env.room_temperature")
    assert room.severity is Severity.CRITICAL
    lines = [line for e in room.evidence for line in e.lines]
    assert lines == [f"{PROBE}.1.1 = Hot aisle", f"{PROBE}.3.1 = 41", f"{PROBE}.8.1 = 38"]
