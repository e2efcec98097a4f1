"""One family builder for every path (CLI, SNMP, NAPALM): status, reasons, merge by key."""

from __future__ import annotations

import pytest

from inspector.model import Config, Facts, FamilyStatus, Interface
from inspector.parsing.families import SourceOutcome, build_family
from inspector.parsing.normalizers import NORMALIZERS
from inspector.parsing.parse import parse
from inspector.parsing.platforms import platforms
from tests.conftest import FIXTURES

NOTHING = (FamilyStatus.NOT_COLLECTED, "no capture of `show interfaces`")


def test_list_records_merge_by_key_and_the_first_source_wins() -> None:
    brief = SourceOutcome("show ip interface brief", records=2, data=[
        Interface(name="Gi0/1", oper_up=True), Interface(name="Gi0/2", oper_up=False)])
    detail = SourceOutcome("show interfaces", records=1, data=[
        Interface(name="Gi0/1", oper_up=False, crc_errors=12)])
    family = build_family("interfaces", [brief, detail], NOTHING)
    assert family.status == FamilyStatus.OK
    assert [(i["name"], i["oper_up"], i["crc_errors"]) for i in family.data] == [
        ("Gi0/1", True, 12), ("Gi0/2", False, None)]
    assert [s.records for s in family.sources] == [2, 1]


def test_one_object_is_filled_from_every_source() -> None:
    version = SourceOutcome("display version", data=Facts(model="S5735", serial=None))
    esn = SourceOutcome("display esn", data=Facts(serial="2102353"))
    family = build_family("facts", [version, esn], NOTHING)
    assert (family.data["model"], family.data["serial"]) == ("S5735", "2102353")


@pytest.mark.parametrize(("sources", "status", "reason"), [
    ([], FamilyStatus.NOT_COLLECTED, "no capture of `show interfaces`"),
    ([SourceOutcome("show interfaces", ok=False, reason="timeout")],
     FamilyStatus.FAILED, "timeout"),
    ([SourceOutcome("show interfaces", data=[]),
      SourceOutcome("show ip interface brief", ok=False, reason="rejected")],
     FamilyStatus.PARTIAL, "rejected"),
    ([SourceOutcome("show interfaces", data=[], note="`show interfaces`: output truncated")],
     FamilyStatus.PARTIAL, "output truncated"),
    ([SourceOutcome("show interfaces", data=[], filtered="was filtered (| include up)")],
     FamilyStatus.PARTIAL, "was filtered"),
])
def test_status_and_reason_follow_from_the_sources(
    sources: list[SourceOutcome], status: FamilyStatus, reason: str
) -> None:
    family = build_family("interfaces", sources, NOTHING)
    assert family.status == status
    assert reason in family.reason
    assert (family.data is None) == (status in (FamilyStatus.FAILED,
                                                FamilyStatus.NOT_COLLECTED))


def test_rejected_values_make_the_family_partial_and_joined_data_is_kept_as_it_is() -> None:
    walk = SourceOutcome("snmpwalk 1.3.6.1", ok=False, reason="`snmpwalk 1.3.6.1`: timeout",
                         row_reason="timeout")
    family = build_family("config", [walk], NOTHING, joined=Config(saved=True),
                          problems=["config.detail: unexpected value"])
    assert family.status == FamilyStatus.PARTIAL
    assert family.reason == "`snmpwalk 1.3.6.1`: timeout; config.detail: unexpected value"
    assert family.sources[0].reason == "timeout"
    assert family.data == {"saved": True, "detail": None}


def test_a_normalizer_returning_anything_but_its_model_fails_the_parse(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    output = next((FIXTURES / "cisco_ios" / "facts").glob("*/show_version.txt"))
    platforms()  # loaded (and their normalizers checked) before the stand-in goes in
    monkeypatch.setitem(NORMALIZERS, "cisco_ios.version_facts",
                        lambda rows, ctx: {"hostname": "sw1"})
    result, = parse("cisco_ios", "show version", output.read_text(encoding="utf-8"))
    assert result.status == "failed"
    assert "returned dict, expected Facts" in result.reason
