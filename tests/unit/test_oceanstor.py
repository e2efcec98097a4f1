"""Huawei OceanStor: its ruled tables read by the ruler, the kind its platform proves, the
one session setting the guard lets through, and the storage and HA checks on its data.
(Every command's outputs are in tests/fixtures/huawei_oceanstor, read by test_fixtures.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.checks import load_rules, run_checks
from inspector.lab.profiles import command_of, file_stem
from inspector.model import Capture, Device, DeviceResult, DeviceStatus, FamilyStatus
from inspector.parsing.builders import build_snapshot
from inspector.parsing.normalizers.oceanstor_tables import blocks, size_bytes, tables
from inspector.parsing.parse import parse
from inspector.parsing.platforms import platforms
from inspector.parsing.sessionlog import read_session_log
from inspector.transports.guard import UnsafeCommandError, check_command
from inspector.vocabulary import allows, device_kind

TESTS = Path(__file__).resolve().parents[1]
RULED = """\
admin:/>show disk general

  ID         Health Status  Running Status  Type     Role
  ---------  -------------  --------------  -------  -----------
  CTE0.0     Normal         Online          SAS      Member Disk
  DAE010.11  Pre-fail       Online          NL_SAS   Hot Spare

admin:/>
"""


def test_columns_are_where_the_ruler_says_not_where_the_blanks_are() -> None:
    table, = tables(RULED.splitlines())
    assert table.columns == ("id", "health status", "running status", "type", "role")
    assert [row["role"] for row in table.rows] == ["Member Disk", "Hot Spare"]
    assert table.rows[1]["health status"] == "Pre-fail"


def test_each_titled_table_is_its_own() -> None:
    lines = ["FC port:", "  ID      Running Status", "  ------  --------------",
             "  A.P0    Link Up", "SAS port:", "  ID    Running Status  Role",
             "  ----  --------------  ----", "  B.P0  Link Down       INI"]
    fc, sas = tables(lines)
    assert [r["id"] for r in fc.rows] == ["A.P0"]
    assert sas.rows == ({"id": "B.P0", "running status": "Link Down", "role": "INI"},)


def test_blocks_start_again_where_a_name_comes_back() -> None:
    lines = ["admin:/>show controller general", "  Controller     : 0A",
             "  Role           : Master", "  Controller     : 0B", "  Role           : Slave"]
    assert blocks(lines) == [{"controller": "0A", "role": "Master"},
                             {"controller": "0B", "role": "Slave"}]


@pytest.mark.parametrize(("text", "expected"), [
    ("1.089TB", int(1.089 * 1024**4)), ("512.000B", 512), ("893.750GB", int(893.75 * 1024**3)),
    ("--", None), ("", None), ("12 disks", None),
])
def test_sizes_are_binary(text: str, expected: int | None) -> None:
    assert size_bytes(text) == expected


def test_a_table_without_the_state_columns_is_a_failure_not_healthy_disks() -> None:
    output = "\n  ID      Type\n  ------  ----\n  CTE0.0  SAS\n"
    parsed, = parse("huawei_oceanstor", "show disk general", output)
    assert parsed.status == "failed"
    assert "'health status'" in parsed.reason


def test_the_bare_success_message_is_no_lun_and_anything_else_fails() -> None:
    empty, = parse("huawei_oceanstor", "show lun general", "\nCommand executed successfully.\n")
    assert (empty.status, empty.data) == ("ok", [])
    odd, = parse("huawei_oceanstor", "show lun general", "\nThe LUN list is being rebuilt.\n")
    assert odd.status == "failed"


def test_the_cli_prompt_is_the_user_and_errors_are_rejections() -> None:
    rejected, = parse("huawei_oceanstor", "show alarm",
                      "admin:/>show alarm\n             ^\nError: Unknown command.\nadmin:/>")
    assert rejected.status == "failed" and rejected.rejected


def test_the_platform_proves_a_storage_array() -> None:
    assert device_kind("huawei_oceanstor") == "storage"
    assert Device(name="a", platform="huawei_oceanstor").kind == "storage"
    assert allows("huawei_oceanstor", "storage")
    assert not allows("huawei_vrp", "storage")  # a switch OS never inspects an array


def test_the_pager_setting_passes_for_oceanstor_only() -> None:
    oceanstor, vrp = platforms()["huawei_oceanstor"], platforms()["huawei_vrp"]
    assert check_command(oceanstor, "change cli more_enabled=no") == "change cli more_enabled=no"
    for command in ("change cli more_enabled=yes", "change user name=admin level=admin",
                    "change cli more_enabled=no; delete lun lun_id=0"):
        with pytest.raises(UnsafeCommandError):
            check_command(oceanstor, command)
    with pytest.raises(UnsafeCommandError):
        check_command(vrp, "change cli more_enabled=no")


@pytest.mark.parametrize("command", ["show storage_pool general", "show power_supply",
                                     "display cpu-usage", "show interface_module"])
def test_file_names_keep_the_underscores_of_a_command(command: str) -> None:
    assert command_of(file_stem(command)) == command


def test_one_controller_left_is_single_controller_mode_and_its_failure_critical() -> None:
    device = Device(name="san", platform="huawei_oceanstor")
    lines = ["  Controller     : 0A", "  Health Status  : Normal", "  Running Status : Online",
             "  Role           : Master", "", "  Controller     : 0B",
             "  Health Status  : Fault", "  Running Status : Offline", "  Role           : Slave"]
    captures = [Capture(device="san", command="show controller general",
                        output="\n".join(lines))]
    snapshot = build_snapshot(device, captures)
    assert snapshot.ha.status == FamilyStatus.OK
    result = DeviceResult(device=device, status=DeviceStatus.PARTIAL, snapshot=snapshot)
    findings = {f.check_id: f for f in run_checks([result], {}, load_rules())}
    assert findings["storage.controller"].severity == "critical"
    ha = findings["ha.redundancy"]
    assert ha.severity == "major" and ha.part_of == "storage.controller"
    # Disks were not read: their check is not passed, it is not checked.
    assert findings["storage.disk"].not_checked_reason is not None
    alone = build_snapshot(device, [Capture(device="san", command="show controller general",
                                            output="\n".join(lines[:4]))])
    single = run_checks([DeviceResult(device=device, status=DeviceStatus.PARTIAL,
                                      snapshot=alone)], {}, load_rules())
    finding, = (f for f in single if f.check_id == "ha.redundancy")
    assert finding.severity == "major"
    assert "控制器组" in (finding.observed_zh or "")  # the set is named from the catalog
    assert "单控" in (finding.observed_zh or "")
    assert "single-controller" in (finding.observed or "")


def test_a_session_log_names_the_array_not_the_cli_user(tmp_path: Path) -> None:
    """OceanStor's prompt is the user (`admin:/>`): the array is named by its System Name,
    and the platform is told by the outputs."""
    blocks = [("show system general", "fixtures/huawei_oceanstor/facts/v3_2600_no_patch/"
               "show_system_general.txt"),
              ("show disk general", "fixtures/huawei_oceanstor/storage/"
               "v3_disk_failed_pool_full/show_disk_general.txt")]
    text = "".join(f"admin:/>{command}\n" + (TESTS / path).read_text(encoding="utf-8")
                   .replace(f"admin:/>{command}\n", "").replace("admin:/>\n", "")
                   for command, path in blocks) + "admin:/>\n"
    log = tmp_path / "san.log"
    log.write_text(text, encoding="utf-8")
    session = read_session_log(log)
    assert (session.device.name, session.device.platform, session.device.kind) == (
        "SH-SAN-B", "huawei_oceanstor", "storage")
    assert [c.command for c in session.captures] == [c for c, _ in blocks]


def test_rows_need_only_the_headers_indent() -> None:
    """A table printed from the first column still reads; a title ends it."""
    lines = ["ID      Health Status", "------  -------------", "CTE0.0  Normal",
             "SAS port:", "ID  Running Status", "--  --------------", "P0  Link Up",
             "admin:/>"]
    first, second = tables(lines)
    assert first.rows == ({"id": "CTE0.0", "health status": "Normal"},)
    assert second.rows == ({"id": "P0", "running status": "Link Up"},)
