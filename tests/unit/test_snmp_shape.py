"""Probes over SNMP by MIB family: profiles chosen by enterprise and by the tables a device
answers, no sensor counted twice, and the walk by shape for tables no profile knows
(tests/fixtures/snmp_shape/<case>/walk.snmprec, our own recordings in snmprec format)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector.checks.engine import run_checks
from inspector.checks.loader import load_rules
from inspector.model import Capture, Device, DeviceResult, DeviceStatus, Snapshot
from inspector.parsing.snmp_parse import build_snmp_snapshot
from inspector.parsing.snmp_shape import (
    MAX_ROWS,
    enterprise_root,
    shape_readings,
    unit_of,
)
from inspector.parsing.snmpprofile import (
    IDENTITY_OIDS,
    ProfileError,
    load_profile,
    select_profiles,
)
from inspector.parsing.snmprec import Varbinds
from inspector.report.environment import build_environment
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.store.bundle import DeviceRecording
from inspector.transports.snmp import wants_shape_walk
from tests.conftest import FIXTURES

SHAPE = FIXTURES / "snmp_shape"
AT = datetime(2026, 11, 22, tzinfo=UTC)


def _walk(case: str) -> str:
    return (SHAPE / case / "walk.snmprec").read_text(encoding="utf-8")


def _captures(text: str, root: str | None) -> list[Capture]:
    """What the collector records: the identity GET, then the enterprise walk (if any)."""
    identity = "".join(line + "\n" for line in text.splitlines()
                       if line.split("|", 1)[0] in IDENTITY_OIDS)
    captures = [Capture(device="d", command=f"snmpget {' '.join(IDENTITY_OIDS)}",
                        output=identity, started=AT)]
    if root is not None:
        walked = "".join(line + "\n" for line in text.splitlines()
                         if line.startswith(root + "."))
        captures.append(Capture(device="d", command=f"snmpwalk {root}", output=walked,
                                started=AT))
    return captures


def _snapshot(case: str, kind: str = "") -> Snapshot:
    text = _walk(case)
    object_id = next(line.split("|")[2] for line in text.splitlines()
                     if line.startswith("1.3.6.1.2.1.1.2.0|"))
    device = Device(name=case, platform="snmp", kind=kind)
    return build_snmp_snapshot(device, _captures(text, enterprise_root(object_id)), AT)


def _readings(snap: Snapshot) -> list[dict[str, Any]]:
    return [{k: v for k, v in s.model_dump().items() if k in ("name", "kind", "value", "unit",
                                                               "generic")}
            for s in snap.sensors.data or []]


# --------------------------------------------------------------------------- selection


def test_a_vendor_family_is_chosen_by_its_enterprise_not_one_model() -> None:
    """A HW-group product we have never seen (sysObjectID 21796.4.99) gets every HW-group
    profile; the tables it answers decide which one reads."""
    names = [p.name for p in select_profiles("1.3.6.1.4.1.21796.4.99", "HWg-Ares 12")]
    assert {"hwg_ste", "hwg_poseidon"} <= set(names)
    assert names.index("hwg_ste") < names.index("entity_sensor_mib")  # vendor first


def test_a_device_without_a_known_sysobjectid_is_chosen_by_the_table_it_answers() -> None:
    """An APC NetBotz rebadged with a Linux agent's sysObjectID still answers its table."""
    answered = {"1.3.6.1.4.1.5528.100.4.1.1.1.8"}
    names = [p.name for p in select_profiles("1.3.6.1.4.1.8072.3.2.10", "Linux",
                                             answers=answered.__contains__)]
    assert "apc_netbotz" in names
    assert "apc_netbotz" not in [p.name for p in select_profiles("1.3.6.1.4.1.8072.3.2.10",
                                                                 "Linux")]


def test_a_selecting_table_must_be_one_the_profile_reads(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ndescription: t\nmatch: {tables: [1.3.6.1.4.1.9.9.9]}\n"
                    "families: {sensors: [{index: 1.3.6.1.4.1.9.1, fields: {name: x, "
                    "kind: temperature, value: {col: 1.3.6.1.4.1.9.1}}}]}\n")
    with pytest.raises(ProfileError,
                       match=r"(?s)bad.yaml.*match.tables.*1\.3\.6\.1\.4\.1\.9\.9\.9"):
        load_profile(path)


def test_entity_sensor_mib_and_the_vendor_table_count_a_sensor_once() -> None:
    """A probe publishing ENTITY-SENSOR-MIB too: the same reading under another name is
    the vendor's; a sensor only the standard MIB has is kept."""
    text = _walk("hwgroup_unknown_subtree") + "".join(
        f"1.3.6.1.2.1.{oid}\n" for oid in (
            "47.1.1.1.1.7.5|4|Temp sensor 1", "47.1.1.1.1.7.6|4|Board",
            "99.1.1.1.1.5|2|8", "99.1.1.1.2.5|2|9", "99.1.1.1.3.5|2|1",
            "99.1.1.1.4.5|2|228", "99.1.1.1.5.5|2|1",
            "99.1.1.1.1.6|2|8", "99.1.1.1.2.6|2|9", "99.1.1.1.3.6|2|0",
            "99.1.1.1.4.6|2|41", "99.1.1.1.5.6|2|1"))
    capture = Capture(device="d", command="snmpwalk 1.3.6.1", output=text, started=AT)
    snap = build_snmp_snapshot(Device(name="d", platform="snmp"), [capture], AT)
    assert [(s.name, s.value) for s in snap.sensors.data or []] == [
        ("Server room", 22.8), ("Board", 41.0)]


# --------------------------------------------------------------------------- by shape


def test_an_unknown_probe_yields_its_readings_marked_generic() -> None:
    snap = _snapshot("unknown_probe")
    assert snap.sensors.status.value == "ok"
    assert _readings(snap) == [
        {"name": "Cold aisle", "kind": "temperature", "value": 22.5, "unit": "C", "generic": True},
        {"name": "Hot aisle", "kind": "temperature", "value": 41.5, "unit": "C", "generic": True},
        {"name": "Room humidity", "kind": "humidity", "value": 48.0, "unit": "%RH",
         "generic": True}]
    assert snap.device.kind == "env-sensor"  # what its readings prove, no profile said
    assert "snmpwalk 1.3.6.1.4.1.64999" in [s.command for s in snap.sensors.sources]


def test_a_unit_in_the_value_is_read_and_fahrenheit_converted() -> None:
    assert _readings(_snapshot("fahrenheit_in_value")) == [
        {"name": "Rack top", "kind": "temperature", "value": 24.0, "unit": "C", "generic": True},
        {"name": "Rack bottom", "kind": "temperature", "value": 20.0, "unit": "C",
         "generic": True},
        {"name": "Rack RH", "kind": "humidity", "value": 52.0, "unit": "%RH", "generic": True}]


def test_a_scale_the_device_does_not_state_is_never_guessed() -> None:
    """235 with the unit C is tenths on this device, or not: it is left out, not read as
    23.5; a name that states its unit is enough."""
    assert _readings(_snapshot("tenths_not_guessed")) == [
        {"name": "Outlet", "kind": "temperature", "value": 24.0, "unit": "C", "generic": True},
        {"name": "Ambient temperature (F)", "kind": "temperature", "value": 25.0, "unit": "C",
         "generic": True}]


def test_an_unknown_subtree_of_a_known_vendor_adds_to_the_profile_without_double_counting(
        ) -> None:
    """The STE2 table is the profile's (not read again by shape, though its sensString
    column looks like a reading); the table of an unknown product line is read by shape."""
    snap = _snapshot("hwgroup_unknown_subtree")
    assert _readings(snap) == [
        {"name": "Server room", "kind": "temperature", "value": 22.8, "unit": "C"},
        {"name": "Battery cabinet", "kind": "temperature", "value": 19.5, "unit": "C",
         "generic": True}]


def test_the_walk_by_shape_is_bounded() -> None:
    data = Varbinds()
    rows = MAX_ROWS + 1
    data.add_lines("".join(f"1.3.6.1.4.1.64999.9.1.2.{i}|4|Probe {i}\n"
                           f"1.3.6.1.4.1.64999.9.1.3.{i}|4|21.0\n"
                           f"1.3.6.1.4.1.64999.9.1.4.{i}|4|C\n" for i in range(1, rows + 1)))
    assert shape_readings(data, "1.3.6.1.4.1.64999", set()) == []
    data = Varbinds()
    data.add_lines("".join(f"1.3.6.1.4.1.64999.{t}.1.2.{i}|4|Probe {t}-{i}\n"
                           f"1.3.6.1.4.1.64999.{t}.1.3.{i}|4|21.0\n"
                           f"1.3.6.1.4.1.64999.{t}.1.4.{i}|4|C\n"
                           for t in range(1, 4) for i in range(1, 40)))
    assert len(shape_readings(data, "1.3.6.1.4.1.64999", set())) == 64


@pytest.mark.parametrize(("word", "said"), [
    ("C", ("temperature", "C")), ("°C", ("temperature", "C")), ("degF", ("temperature", "F")),
    ("℃", ("temperature", "C")), ("% RH", ("humidity", "%RH")), ("%", ("humidity", "%RH")),
    ("V", None), ("kWh", None), ("", None)])
def test_unit_words(word: str, said: tuple[str, str] | None) -> None:
    assert unit_of(word) == said


def test_the_room_checks_judge_generic_readings_unchanged() -> None:
    """Judged by the room rule like any reading; the evidence is the row of the walk, the
    value and the unit as the device published them."""
    text = _walk("unknown_probe")
    snap = _snapshot("unknown_probe", kind="env-sensor")
    result = DeviceResult(device=snap.device, status=DeviceStatus.COMPLETE, snapshot=snap)
    outputs = {snap.device.name: {c.command: c.output
                                  for c in _captures(text, "1.3.6.1.4.1.64999")}}
    findings = run_checks([result], outputs, load_rules())
    hot = [f for f in findings if f.check_id == "env.room_temperature"]
    assert hot and "Hot aisle" in str(hot[0].model_dump())
    lines = [line for f in hot for e in f.evidence for line in e.lines]
    assert "1.3.6.1.4.1.64999.1.3.1.4.2 = 41.5" in lines
    assert "1.3.6.1.4.1.64999.1.3.1.5.2 = C" in lines


@pytest.mark.parametrize(("lang", "said"), [("en", "found by table shape"),
                                            ("zh", "按表结构识别")])
def test_the_report_says_a_reading_was_found_by_shape(lang: str, said: str) -> None:
    snap = _snapshot("unknown_probe", kind="env-sensor")
    result = DeviceResult(device=snap.device, status=DeviceStatus.COMPLETE, snapshot=snap)
    env = build_environment([result], Formatter(Translator(lang)))
    names = [row.cells[2] for row in env.room_rows]
    assert names[0].startswith("Cold aisle") and said in names[0]
    assert all(said in name for name in names)
    vendor = _snapshot("hwgroup_unknown_subtree", kind="env-sensor")
    rows = build_environment([DeviceResult(device=vendor.device, status=DeviceStatus.COMPLETE,
                                           snapshot=vendor)], Formatter(Translator(lang)))
    assert next(row.cells[2] for row in rows.room_rows) == "Server room"


# --------------------------------------------------------------------------- when to walk


def _recording(case: str, kind: str, extra: str = "") -> DeviceRecording:
    rec = DeviceRecording(device=Device(name=case, platform="snmp", kind=kind))
    rec.captures = _captures(_walk(case), None)
    if extra:
        rec.captures.append(Capture(device=case, command="snmpwalk 1.3.6.1.2.1.2.2.1",
                                    output=extra, started=AT))
    return rec


def test_the_shape_walk_is_asked_of_probes_only() -> None:
    ports = "".join(f"1.3.6.1.2.1.2.2.1.2.{i}|4|GigabitEthernet0/0/{i}\n"
                    f"1.3.6.1.2.1.2.2.1.3.{i}|2|6\n" for i in range(1, 25))
    assert wants_shape_walk(_recording("unknown_probe", "env-sensor"))
    assert wants_shape_walk(_recording("unknown_probe", ""))  # no kind: a small device
    assert not wants_shape_walk(_recording("unknown_probe", "", ports))  # a switch
    assert not wants_shape_walk(_recording("unknown_probe", "network"))
    assert not wants_shape_walk(_recording("unknown_probe", "ups"))
