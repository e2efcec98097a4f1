"""Every SNMP profile against our own fixtures: tests/fixtures/snmp/<profile>/<case>/.

`walk.snmprec` is what the device holds (served as one walk of 1.3.6.1); `expected.json`
is the snapshot's families we expect, as {family: {"status": ..., "data": ...}} for the
families listed. Regenerate after a deliberate change with
`python -m tests.unit.test_snmp_profiles` and review the diff.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector.model import Capture, Device
from inspector.parsing.snmp_parse import build_snmp_snapshot, load_varbinds, records
from inspector.parsing.snmpprofile import FieldSpec, SnmpProfile, snmp_profiles
from tests.conftest import FIXTURES

SNMP_FIXTURES = FIXTURES / "snmp"
CASES = sorted(p.parent for p in SNMP_FIXTURES.glob("*/*/walk.snmprec"))
UPS_PROFILES = ("ups_mib", "apc_powernet_ups", "huawei_ups", "sinetica_ups", "vertiv_ita2_ups",
                "algcom_dc_ups", "dell_ups", "netsnmp_apcupsd_extend")
PROBE_PROFILES = ("akcp_sensorprobe", "entity_sensor_mib", "apc_environmental", "hwg_poseidon",
                  "nti_enviromux", "raritan_pdu2", "rittal_cmc_tc", "sensatronics_em1",
                  "stulz_wib8000", "teracom_tcw", "geist_watchdog", "liebert_environmental",
                  "hwg_ste", "sensatronics_ittm", "apc_netbotz", "opengear_emd", "papouch",
                  "geist_v3", "rittal_cmc3", "raritan_emx", "hwg_damocles")
BMC_PROFILES = ("dell_idrac", "hpe_ilo", "ibm_imm", "lenovo_xcc", "supermicro_bmc")
STORAGE_PROFILES = ("huawei_oceanstor",)
ROLES = {**dict.fromkeys(UPS_PROFILES, "ups"), **dict.fromkeys(PROBE_PROFILES, "env-sensor"),
         **dict.fromkeys(BMC_PROFILES, "server"), **dict.fromkeys(STORAGE_PROFILES, "storage")}


def snapshot_of(case: Path) -> dict[str, Any]:
    profile = case.parent.name
    device = Device(name=case.name, platform="snmp", role=ROLES.get(profile, ""))
    capture = Capture(device=device.name, command="snmpwalk 1.3.6.1",
                      output=(case / "walk.snmprec").read_text(encoding="utf-8"),
                      started=datetime(2026, 11, 22, tzinfo=UTC))
    snap = build_snmp_snapshot(device, [capture])
    return {name: {"status": fam.status.value, "reason": fam.reason,
                   "data": fam.model_dump(mode="json")["data"]}
            for name in ("facts", "ups", "sensors", "interfaces", "inventory", "cpu", "memory",
                         "routes", "storage", "ha")
            if (fam := snap.family(name)).status.value != "unsupported"}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_profile_fixture(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert snapshot_of(case) == expected


def test_every_vendor_profile_has_a_fixture_or_is_listed() -> None:
    """Profiles written against corpus recordings only are exercised by the corpus tier."""
    with_fixture = {case.parent.name for case in CASES}
    assert {*UPS_PROFILES, *PROBE_PROFILES, *BMC_PROFILES, *STORAGE_PROFILES,
            "huawei_entity_extent"} <= with_fixture
    assert with_fixture <= set(snmp_profiles())


def _one_field(spec: dict[str, Any], output: str) -> tuple[Any, str]:
    """A one-field sensor profile evaluated against snmprec lines: (value, family reason)."""
    profile = SnmpProfile.model_validate({
        "name": "t", "description": "t", "match": {"generic": True},
        "families": {"sensors": [{"fields": {"name": "probe", "kind": "temperature",
                                             "value": spec}}]}})
    data, _ = load_varbinds([Capture(device="d", command="snmpwalk 1.3.6.1", output=output,
                                     started=datetime(2026, 11, 22, tzinfo=UTC))])
    recs, problems = records("sensors", profile.families["sensors"][0], data)
    return (recs[0].get("value") if recs else None), "; ".join(problems)


def test_null_values_mean_absent_not_out_of_range() -> None:
    """`null_values`: the device's own "no such value" (-1, -999.9, INT_MIN) leaves the field
    empty without a reason, where `min` alone would report it as out of range."""
    spec = {"oid": "1.3.6.1.4.1.99.1.0", "min": 0, "max": 100}
    assert _one_field(spec, "1.3.6.1.4.1.99.1.0|2|-1\n") == (None, (
        "sensors.value: 1.3.6.1.4.1.99.1.0: -1 is outside [0, 100]"))
    assert _one_field({**spec, "null_values": [-1]}, "1.3.6.1.4.1.99.1.0|2|-1\n") == (None, "")
    assert _one_field({**spec, "null_values": [-1]}, "1.3.6.1.4.1.99.1.0|2|42\n") == (42.0, "")
    text = {"oid": "1.3.6.1.4.1.99.1.0", "null_values": ["-999.9", "N/A"]}
    assert _one_field(text, "1.3.6.1.4.1.99.1.0|4|-999.9\n") == (None, "")
    assert _one_field(text, "1.3.6.1.4.1.99.1.0|4|N/A\n") == (None, "")
    assert _one_field(text, "1.3.6.1.4.1.99.1.0|4|21.5\n") == (21.5, "")
    # A multiply_by helper that is null leaves the field empty (HPE threshold kinds).
    helper = {"oid": "1.3.6.1.4.1.99.1.0",
              "multiply_by": {"oid": "1.3.6.1.4.1.99.2.0", "map": {9: 1.0}, "null_values": [15]}}
    assert _one_field(helper, "1.3.6.1.4.1.99.1.0|2|42\n1.3.6.1.4.1.99.2.0|2|9\n") == (42.0, "")
    assert _one_field(helper, "1.3.6.1.4.1.99.1.0|2|42\n1.3.6.1.4.1.99.2.0|2|15\n") == (None, "")


def test_null_values_are_validated_as_text() -> None:
    spec = FieldSpec.model_validate({"oid": "1.3.6.1.4.1.99.1.0", "null_values": [-1, 65535]})
    assert spec.null_values == frozenset({"-1", "65535"})


if __name__ == "__main__":  # regenerate expected.json files
    for case in CASES:
        (case / "expected.json").write_text(
            json.dumps(snapshot_of(case), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8")
