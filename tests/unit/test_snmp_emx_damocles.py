"""Probe families beyond one model: Raritan's EMD-MIB (EMX controllers, and any Raritan agent
answering its tables), HW-group's DAMOCLES-MIB, and the workbook's word for a reading found
by table shape. The fixtures are ours (tests/fixtures/snmp/<profile>/<case>/walk.snmprec);
their full snapshots are checked by test_snmp_profiles.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from inspector.model import Capture, Device, DeviceResult, DeviceStatus, Run, Snapshot
from inspector.parsing.snmp_parse import build_snmp_snapshot
from inspector.parsing.snmpprofile import select_profiles
from inspector.report.i18n import Translator
from inspector.report.render import render_reports
from tests.conftest import FIXTURES

AT = datetime(2026, 11, 22, tzinfo=UTC)
EMX = FIXTURES / "snmp" / "raritan_emx"
DAMOCLES = FIXTURES / "snmp" / "hwg_damocles"
SHAPE = FIXTURES / "snmp_shape"


def _snapshot(text: str, kind: str = "") -> Snapshot:
    capture = Capture(device="d", command="snmpwalk 1.3.6.1", output=text, started=AT)
    return build_snmp_snapshot(Device(name="d", platform="snmp", kind=kind), [capture], AT)


def _walk(folder: Path) -> str:
    return (folder / "walk.snmprec").read_text(encoding="utf-8")


def _with_object_id(text: str, object_id: str) -> str:
    return "".join(f"1.3.6.1.2.1.1.2.0|6|{object_id}\n" if line.startswith("1.3.6.1.2.1.1.2.0|")
                   else line + "\n" for line in text.splitlines())


# --------------------------------------------------------------------------- Raritan EMX


def test_an_emx_is_a_room_probe_not_a_pdu() -> None:
    """13742.8 is the EMX: its own profile comes before the PX profile that every Raritan
    enterprise number also gets, so the device is a probe (env-sensor), not a PDU."""
    names = [p.name for p in select_profiles("1.3.6.1.4.1.13742.8", "EMX2-111")]
    assert names.index("raritan_emx") < names.index("raritan_pdu2")
    assert _snapshot(_walk(EMX / "emx2_two_sensors")).device.kind == "env-sensor"


def test_emd_readings_scaled_by_their_digits_and_converted_from_fahrenheit() -> None:
    snap = _snapshot(_walk(EMX / "emx2_alarm_fahrenheit"))
    by_name = {s.name: s for s in snap.sensors.data or []}
    hot = by_name["Hot aisle"]  # 1085 with one decimal digit, in °F
    assert (hot.value, hot.unit, hot.status, hot.high_crit) == (42.5, "C", "critical", 40.0)
    assert by_name["Room humidity"].status == "warning"  # below lower warning


def test_emd_contacts_and_unavailable_sensors_are_not_readings() -> None:
    names = [s.name for s in _snapshot(_walk(EMX / "emx2_two_sensors")).sensors.data or []]
    assert names == ["Cold aisle top", "Cold aisle RH"]  # not the door, not the spare probe


def test_a_raritan_agent_of_another_object_id_is_read_by_the_emd_tables() -> None:
    """A Raritan unit that answers with another sysObjectID but publishes the EMD-MIB
    tables is chosen by them (the collector's probe of declared tables)."""
    text = _with_object_id(_walk(EMX / "emx2_two_sensors"), "1.3.6.1.4.1.8072.3.2.10")
    snap = _snapshot(text)
    assert [(s.name, s.value) for s in snap.sensors.data or []] == [
        ("Cold aisle top", 22.4), ("Cold aisle RH", 41.0)]


# --------------------------------------------------------------------------- Damocles


def test_damocles_reads_its_own_table_with_the_units_alarm_limits() -> None:
    names = [p.name for p in select_profiles("1.3.6.1.4.1.21796.3.4", "Damocles 2404")]
    assert names.index("hwg_damocles") < names.index("hwg_poseidon")
    snap = _snapshot(_walk(DAMOCLES / "damocles_alarm"))
    readings = [(s.name, s.kind, s.value, s.status, s.low_crit, s.high_crit)
                for s in snap.sensors.data or []]
    assert readings == [("Aisle B temp", "temperature", 36.0, "critical", 10.0, 30.0),
                        ("Aisle B RH", "humidity", 82.5, "warning", 20.0, 80.0)]
    assert snap.facts.data is not None and snap.facts.data.model == "Damocles 1208"


def test_damocles_inputs_and_voltage_channels_are_not_room_readings() -> None:
    snap = _snapshot(_walk(DAMOCLES / "damocles_normal"))
    assert [s.name for s in snap.sensors.data or []] == ["Rack 7 temp", "Rack 7 RH"]


# --------------------------------------------------------------------------- the workbook


def _shape_run() -> Run:
    text = _walk(SHAPE / "unknown_probe")
    root = "1.3.6.1.4.1.64999"
    identity = "".join(line + "\n" for line in text.splitlines()
                       if line.startswith("1.3.6.1.2.1.1."))
    walked = "".join(line + "\n" for line in text.splitlines() if line.startswith(root + "."))
    captures = [Capture(device="probe", command="snmpget 1.3.6.1.2.1.1.2.0", output=identity,
                        started=AT),
                Capture(device="probe", command=f"snmpwalk {root}", output=walked, started=AT)]
    probe = build_snmp_snapshot(Device(name="probe", platform="snmp", kind="env-sensor"),
                                captures, AT)
    emx = _snapshot(_walk(EMX / "emx2_two_sensors")).model_copy(
        update={"device": Device(name="emx", platform="snmp", kind="env-sensor")})
    return Run(run_id="shape", mode="replay", started=AT, ended=AT,
               devices=[DeviceResult(device=s.device, status=DeviceStatus.COMPLETE, snapshot=s)
                        for s in (probe, emx)])


@pytest.mark.parametrize(("lang", "said"), [("en", "{} (found by table shape: no known MIB)"),
                                            ("zh", "{}（按表结构识别，非已知 MIB）")])
def test_the_sensor_sheet_says_a_reading_was_found_by_shape(tmp_path: Path, lang: str,
                                                           said: str) -> None:
    paths = render_reports(_shape_run(), tmp_path, formats=("xlsx",), lang=lang)
    t = Translator(lang)
    rows = [[c.value for c in row]
            for row in openpyxl.load_workbook(paths["xlsx"])[t("xlsx.sheet_sensors")]
            .iter_rows()]
    name_at = rows[0].index(t("xlsx.col.name"))
    names = {(row[0], row[name_at]) for row in rows[1:]}
    assert {name for device, name in names if device == "probe"} == {
        said.format(name) for name in ("Cold aisle", "Hot aisle", "Room humidity")}
    # a reading of a known MIB keeps its own name, word for word
    assert {name for device, name in names if device == "emx"} == {"Cold aisle top",
                                                                  "Cold aisle RH"}
