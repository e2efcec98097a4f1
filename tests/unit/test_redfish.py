"""Redfish without a network: the request guard, the answer bound, and the mapping of
recorded resources (the lab's trees, written by us) into families."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from pydantic import ValidationError
from requests import Response
from urllib3 import HTTPResponse

from inspector.access import access
from inspector.inventory import Host
from inspector.inventory_redfish import RedfishOptions
from inspector.lab.redfish_tree import CHASSIS, SYSTEM, tree
from inspector.model import Capture, Device, DeviceResult, DeviceStatus, FamilyStatus
from inspector.parsing.redfish import build_auto_snapshot, build_snapshot
from inspector.parsing.redfish_records import drive, power_supply, sensor, storage_controller
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.report.servers import build_servers, server_rows
from inspector.transports.guard import UnsafeCommandError
from inspector.transports.redfish_http import (
    RequestGuard,
    ResponseTooLargeError,
    certificate_fingerprint,
    read_bounded,
)

BMC = "https://10.1.1.5:443"
DEVICE = Device(name="srv1", host="10.1.1.5", platform="redfish")
CHASSIS_DRIVES = f"{CHASSIS}/Drives"


# --------------------------------------------------------------------------- the guard


def test_the_guard_lets_only_gets_through() -> None:
    guard = RequestGuard("10.1.1.5", 443)
    guard.check("GET", f"{BMC}/redfish/v1/Systems/1")
    guard.check("GET", f"{BMC}/redfish/v1/Systems/1/LogServices/SEL/Entries?$skip=2")
    for method in ("PATCH", "PUT", "HEAD", "OPTIONS"):
        with pytest.raises(UnsafeCommandError, match=f"refused to send {method}"):
            guard.check(method, f"{BMC}/redfish/v1/Systems/1")
    # POST is refused everywhere but the session collection: no reset, no action.
    with pytest.raises(UnsafeCommandError):
        guard.check("POST", f"{BMC}/redfish/v1/Systems/1/Actions/ComputerSystem.Reset")
    with pytest.raises(UnsafeCommandError):
        guard.check("DELETE", f"{BMC}/redfish/v1/AccountService/Accounts/2")


def test_one_login_and_only_its_own_logout() -> None:
    guard = RequestGuard("10.1.1.5", 443)
    sessions = f"{BMC}/redfish/v1/SessionService/Sessions"
    guard.check("POST", sessions)
    with pytest.raises(UnsafeCommandError):
        guard.check("POST", sessions)  # a second session: refused
    with pytest.raises(UnsafeCommandError):
        guard.check("DELETE", f"{sessions}/abc")  # not known yet: refused
    guard.session_path = "/redfish/v1/SessionService/Sessions/abc"
    with pytest.raises(UnsafeCommandError):
        guard.check("DELETE", f"{sessions}/other")  # another user's session
    guard.check("DELETE", f"{sessions}/abc")
    with pytest.raises(UnsafeCommandError):
        guard.check("DELETE", f"{sessions}/abc")  # once


@pytest.mark.parametrize("url", [
    "http://10.1.1.5:443/redfish/v1",  # clear text
    "https://10.1.1.6:443/redfish/v1",  # another host (a nextLink pointing away)
    "https://10.1.1.5:8443/redfish/v1",  # another port
    "https://10.1.1.5:443/cgi-bin/reset",  # outside the Redfish tree
])
def test_the_guard_stays_on_the_bmcs_redfish_tree(url: str) -> None:
    with pytest.raises(UnsafeCommandError):
        RequestGuard("10.1.1.5", 443).check("GET", url)


def test_a_fingerprint_reads_as_bmc_pages_print_it() -> None:
    shown = certificate_fingerprint(b"certificate")
    assert len(shown.split(":")) == 32 and shown == shown.upper()
    RedfishOptions(fingerprint=shown)
    RedfishOptions(fingerprint=shown.replace(":", "").lower())
    with pytest.raises(ValidationError):
        RedfishOptions(fingerprint="AB:CD")


# --------------------------------------------------------------------------- the bound


def _response(body: bytes, length: bool = True) -> Response:
    response = Response()
    headers = {"Content-Length": str(len(body))} if length else {}
    response.raw = HTTPResponse(body=io.BytesIO(body), headers=headers, preload_content=False)
    response.headers.update(headers)
    return response


def test_an_answer_past_the_bound_is_refused_declared_or_not() -> None:
    small = _response(b'{"Id": "1"}')
    read_bounded(small, 1024)
    assert small.json() == {"Id": "1"}
    with pytest.raises(ResponseTooLargeError, match="bound of 1024"):
        read_bounded(_response(b"x" * 5000), 1024)
    with pytest.raises(ResponseTooLargeError, match="bound of 1024"):
        read_bounded(_response(b"x" * 5000, length=False), 1024)


# --------------------------------------------------------------------------- mapping


def _captures(resources: dict[str, Any]) -> list[Capture]:
    return [Capture(device="srv1", command=f"GET {path}", output=json.dumps(resource))
            for path, resource in resources.items()]


def test_the_faulty_lab_bmc_maps_into_every_family() -> None:
    snapshot = build_snapshot(DEVICE, _captures(tree("faulty")))
    for name in ("facts", "health", "inventory", "sensors", "logs", "interfaces", "storage",
                 "memory_modules"):
        assert snapshot.family(name).status is FamilyStatus.OK, name
    assert snapshot.cpu.status is FamilyStatus.UNSUPPORTED
    facts = snapshot.facts.data
    assert facts is not None
    assert (facts.vendor, facts.model, facts.os_version) == ("Huawei", "2288H V6", "3.03.00.11")
    parts = {p.name: p for p in snapshot.storage.data or []}
    assert parts["LogicalDrive0"].part == "volume" and parts["LogicalDrive0"].type == "RAID5"
    assert parts["LogicalDrive0"].running == "degraded"
    assert parts["Disk2"].failure_predicted is True
    assert parts["Disk2"].parent == "RAIDStorage0"  # linked from the storage, under the chassis
    assert parts["Disk3"].media_life_left_pct == 93
    assert parts["RAID Card1 Controller"].part == "controller"
    dimms = {m.name: m for m in snapshot.memory_modules.data or []}
    assert "DIMM D2" not in dimms  # an empty slot is no module
    assert (dimms["DIMM A2"].health, dimms["DIMM A2"].uncorrectable_errors,
            dimms["DIMM A2"].correctable_errors) == ("critical", 2, 37)
    assert dimms["DIMM A1"].uncorrectable_errors == 0
    psus = [s for s in snapshot.sensors.data or [] if s.kind == "psu"]
    assert [(s.name, s.status) for s in psus] == [("PSU1", "ok"), ("PSU2", "ok")]
    temps = {s.name: s for s in snapshot.sensors.data or [] if s.kind == "temperature"}
    assert (temps["Inlet Temp"].value, temps["Inlet Temp"].high_warn) == (24, 42)
    firmware = {i.name: i.fw_version for i in snapshot.inventory.data or []
                if i.kind == "firmware"}
    assert firmware["Active iBMC"] == "3.03.00.11"
    rollups = {h.subject: h.rollup for h in snapshot.health.data or []}
    assert (rollups["system:1"], rollups["memory:1"]) == ("critical", "critical")


def test_a_failed_request_makes_its_family_partial_or_failed() -> None:
    resources = tree("healthy")
    captures = _captures(resources)
    drive_path = next(p for p in resources if "/Drives/" in p)
    captures = [c if c.command != f"GET {drive_path}" else
                c.model_copy(update={"output": "", "error": "HTTP 500: internal error"})
                for c in captures]
    snapshot = build_snapshot(DEVICE, captures)
    assert snapshot.storage.status is FamilyStatus.PARTIAL
    assert drive_path in snapshot.storage.reason and "HTTP 500" in snapshot.storage.reason
    only_failed = [c for c in captures if c.command == f"GET {drive_path}"]
    assert build_snapshot(DEVICE, only_failed).storage.status is FamilyStatus.FAILED


def test_a_bmc_without_storage_or_memory_leaves_them_not_collected() -> None:
    resources = {p: r for p, r in tree("healthy").items()
                 if not p.startswith((f"{SYSTEM}/Storage", f"{SYSTEM}/Memory", CHASSIS_DRIVES))}
    snapshot = build_snapshot(DEVICE, _captures(resources))
    for name in ("storage", "memory_modules"):
        family = snapshot.family(name)
        assert family.status is FamilyStatus.NOT_COLLECTED and family.data is None
        assert "no Redfish resource" in family.reason


def test_an_answer_that_is_not_json_fails_its_family() -> None:
    captures = [Capture(device="srv1", command=f"GET {SYSTEM}/Memory/DIMM000",
                        output="<html>502 Bad Gateway</html>")]
    snapshot = build_snapshot(DEVICE, captures)
    assert snapshot.memory_modules.status is FamilyStatus.FAILED
    assert "not JSON" in snapshot.memory_modules.reason


def test_vendor_oem_drive_state_overrides_an_ok_health() -> None:
    bad = {"@odata.type": "#Drive.v1_4_0.Drive", "Name": "Disk5", "Status": {
        "State": "Enabled", "Health": "OK"}, "Oem": {"Huawei": {"FirmwareStatus":
                                                              "UnconfiguredBad"}}}
    (_, part), = drive("/redfish/v1/Chassis/1/Drives/HDDPlaneDisk5", bad)
    assert (part.health, part.running) == ("critical", "unconfiguredbad")  # type: ignore[attr-defined]


def test_the_newer_schemas_map_too() -> None:
    psu = {"@odata.type": "#PowerSupply.v1_5_0.PowerSupply", "Name": "Power Supply Bay 2",
           "Status": {"State": "Enabled", "Health": "Critical"},
           "Location": {"PartLocation": {"ServiceLabel": "PSU 2"}}}
    assert [(r.name, r.status) for _, r in power_supply("/x", psu)] == [  # type: ignore[attr-defined]
        ("PSU 2", "critical")]
    temp = {"@odata.type": "#Sensor.v1_7_0.Sensor", "Name": "Inlet", "ReadingType":
            "Temperature", "Reading": 31.5, "Status": {"State": "Enabled", "Health": "OK"},
            "Thresholds": {"UpperCritical": {"Reading": 45}}}
    (_, reading), = sensor("/x", temp)
    assert (reading.kind, reading.value, reading.high_crit) == ("temperature", 31.5, 45)  # type: ignore[attr-defined]
    controller = {"@odata.type": "#StorageController.v1_6_0.StorageController",
                  "Name": "RAID card", "Status": {"State": "Enabled", "Health": "Critical"}}
    (_, part), = storage_controller("/redfish/v1/Systems/1/Storage/1/Controllers/0",
                                    controller)
    assert (part.part, part.health, part.parent) == ("controller", "critical", "1")  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- platforms


def test_redfish_and_bmc_are_platforms_of_a_server_bmc() -> None:
    assert access("redfish").transport == "redfish"
    assert access("bmc").transport == "bmc"
    for platform in ("redfish", "bmc"):
        host = Host(name="s", host="10.0.0.9", platform=platform, kind="服务器",
                    username="ro", password="env:X")  # noqa: S106 - a reference
        assert host.device().kind == "server-bmc"
    with pytest.raises(ValidationError, match="cannot be inspected"):
        Host(name="s", host="10.0.0.9", platform="redfish", kind="ups")


def test_the_auto_platform_reads_the_captures_of_the_protocol_that_answered() -> None:
    device = Device(name="srv1", host="10.1.1.5", platform="bmc", protocol="redfish")
    snapshot = build_auto_snapshot(device, _captures(tree("healthy")))
    assert snapshot.storage.status is FamilyStatus.OK and snapshot.device.platform == "bmc"
    ipmi = [Capture(device="srv1", command="ipmitool chassis status",
                    output="System Power         : on\nPower Overload       : false\n")]
    snapshot = build_auto_snapshot(device, ipmi)
    assert snapshot.device == device
    assert snapshot.storage.status is FamilyStatus.UNSUPPORTED  # what ipmi.yaml says


def test_the_server_section_lists_parts_in_the_report_language() -> None:
    snapshot = build_snapshot(DEVICE, _captures(tree("faulty")))
    result = DeviceResult(device=DEVICE, status=DeviceStatus.COMPLETE, snapshot=snapshot)
    t = Translator("zh")
    view = build_servers([result], Formatter(t))
    assert view is not None
    rows = {(r.cells[1], r.cells[2]): r.status for r in view.rows}
    assert rows[("RAID 逻辑盘", "LogicalDrive0")] == "warning"
    assert rows[("硬盘", "Disk2")] == "warning"
    assert rows[("内存条", "DIMM A2")] == "critical"
    assert rows[("健康汇总", "系统 1")] == "critical"
    assert rows[("内存条", "4 条中 3 条无错误")] == "critical"
    sheet, columns = server_rows(view, t)
    assert columns[0] == "设备" and sum(row["部件"] == "内存条" for row in sheet) == 4
    # A network device is no server: no section.
    switch = result.model_copy(update={"device": Device(name="sw", platform="cisco_ios")})
    assert build_servers([switch], Formatter(t)) is None
