"""Device kinds decide the checks; roles are labels, in whatever language the sheet uses.

The same room sensor or server, with its role typed in Chinese, gets the same verdicts; a
sheet's 厂商 + 设备类型 + 型号 pick SNMP or IPMI for a UPS or a server, never a switch OS; a
word no vocabulary knows is a warning naming its row or line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from inspector import vocabulary
from inspector.checks import load_rules, run_checks
from inspector.cli import app
from inspector.inventory import InventoryError, load_inventory
from inspector.model import (
    Capture,
    Device,
    DeviceResult,
    DeviceStatus,
    Family,
    FamilyStatus,
    Run,
    Sensor,
    Snapshot,
    SourceResult,
)
from inspector.parsing.builders import build_snapshot
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from tests.conftest import FIXTURES

runner = CliRunner()
RULES = load_rules()
SEL = FIXTURES / "ipmi" / "logs" / "dell_r740_uncorrectable_ecc" / "ipmitool_sel_elist.txt"


def _failing(result: DeviceResult) -> list[tuple[str, str | None]]:
    findings = run_checks([result], {}, RULES)
    return sorted((f.check_id, f.severity) for f in findings
                  if not f.passed and f.not_checked_reason is None)


def _hot_room(role: str) -> DeviceResult:
    """A room probe over SNMP at 34 °C / 83 %RH, its inventory giving only a role."""
    device = Device(name="th-b1", platform="snmp", role=role)
    sensors = [Sensor(name="B1 temperature", kind="temperature", value=34, unit="C"),
               Sensor(name="B1 humidity", kind="humidity", value=83, unit="%RH")]
    family = Family[Any](status=FamilyStatus.OK, data=sensors, sources=[
        SourceResult(command="snmpwalk 1.3.6.1.4.1.3854", status="ok", records=2)])
    snapshot = Snapshot(device=device, sensors=family)
    return DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snapshot)


@pytest.mark.parametrize("role", ["环境监测", "温湿度", "动环", "Env Sensor"])
def test_a_room_sensor_is_judged_the_same_whatever_its_role_is_called(role: str) -> None:
    english = _failing(_hot_room("env-sensor"))
    assert ("env.room_temperature", "major") in english
    assert ("env.room_humidity", "critical") in english or \
        ("env.room_humidity", "major") in english
    assert _failing(_hot_room(role)) == english


def test_uncorrectable_ecc_on_a_server_named_in_chinese_is_found() -> None:
    device = Device(name="srv-01", platform="ipmi", role="服务器")
    capture = Capture(device=device.name, command="ipmitool sel elist",
                      output=SEL.read_text(encoding="utf-8"))
    snapshot = build_snapshot(device, [capture])
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snapshot)
    assert ("server.sel_events", "critical") in _failing(result)
    assert device.kind == "server-bmc"


def test_a_sheet_picks_snmp_for_a_ups_and_ipmi_for_a_server(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text(
        "设备名称,管理IP,厂商,设备类型,型号,角色\n"
        "ups-b1,10.0.9.5,华为,UPS,UPS2000-G-6KRTS,\n"
        "ups-b2,10.0.9.6,华为,,UPS2000-G-6KRTS,\n"
        "srv-01,10.0.8.12,浪潮,服务器,NF5280M6,\n"
        "srv-02,10.0.8.13,浪潮,,NF5280M6,\n"
        "th-b1,10.0.9.7,,温湿度,,环境监测\n"
        "core-1,10.0.0.1,华为,交换机,CE6881,核心\n"
        "acc-1,10.0.0.2,浪潮,,S5350-48T4X,接入\n", encoding="utf-8")
    hosts = {h.name: (h.platform, h.device().kind) for h in load_inventory(path).hosts}
    assert hosts == {
        "ups-b1": ("snmp", "ups"), "ups-b2": ("snmp", "ups"),
        "srv-01": ("ipmi", "server-bmc"), "srv-02": ("ipmi", "server-bmc"),
        "th-b1": ("snmp", "env-sensor"),
        "core-1": ("huawei_vrp", "network"), "acc-1": ("inspur_cnos", "network"),
    }


def test_a_vendor_without_a_cli_platform_for_the_kind_names_row_and_column(
        tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("设备名称,管理IP,厂商,设备类型\nsw-1,10.0.0.1,中兴,交换机\n"
                    "fw-1,10.0.0.2,思科,防火墙\n", encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        load_inventory(path)
    text = str(err.value)
    assert "row 2, column 厂商: vendor '中兴' has no CLI platform for kind 'network'" in text
    assert "row 3, column 厂商: vendor '思科' has no CLI platform for kind 'firewall'" in text


def test_ruijie_and_cisco_nexus_rows_pick_their_platforms(tmp_path: Path) -> None:
    """锐捷 + 交换机 is RGOS; a Cisco row whose 型号 names a Nexus is NX-OS, another is IOS."""
    path = tmp_path / "devices.csv"
    path.write_text("设备名称,管理IP,厂商,设备类型,型号\n"
                    "acc-1,10.0.0.1,锐捷,交换机,S5750-28GT4XS-H\n"
                    "core-1,10.0.0.2,Ruijie Networks,,S7805C\n"
                    "dc-1,10.0.0.3,思科,交换机,N9K-C93180YC-FX\n"
                    "dc-2,10.0.0.4,Cisco Systems,,Nexus 5548UP\n"
                    "acc-2,10.0.0.5,思科,交换机,C9300-24UX\n", encoding="utf-8")
    platforms = {h.name: h.platform for h in load_inventory(path).hosts}
    assert platforms == {"acc-1": "ruijie_os", "core-1": "ruijie_os", "dc-1": "cisco_nxos",
                         "dc-2": "cisco_nxos", "acc-2": "cisco_ios"}


def test_validate_warns_about_unknown_words_with_their_row(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("设备名称,管理IP,厂商,设备类型,角色,用户名,密码\n"
                    "sw-1,10.0.0.1,华为,交换机,核心,ops,prompt\n"
                    "sw-2,10.0.0.2,华为,飞碟,骨干,ops,prompt\n", encoding="utf-8")
    result = runner.invoke(app, ["inventory", "validate", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "row 3, column 设备类型: unknown kind '飞碟'" in text
    assert "row 3, column 角色: unknown role '骨干'" in text
    assert "row 2" not in text
    assert "2 warning(s)" in text


def test_validate_warns_about_unknown_words_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("groups:\n"
                    "  odd: {role: 骨干层}\n"
                    "hosts:\n"
                    "  sw-1: {host: 10.0.0.1, platform: huawei_vrp, groups: [odd]}\n"
                    "  ups-1: {host: 10.0.0.2, platform: snmp, kind: 不间断电源}\n"
                    "  th-1: {host: 10.0.0.3, platform: snmp, kind: 温度计, vendor: 无名厂}\n",
                    encoding="utf-8")
    inventory = load_inventory(path)
    assert {h.name: h.device().kind for h in inventory.hosts} == {
        "sw-1": "network", "ups-1": "ups", "th-1": ""}
    warnings = "\n".join(inventory.warnings)
    assert f"{path}:2: groups.odd.role: unknown role '骨干层'" in warnings
    assert f"{path}:6: hosts.th-1.kind: unknown kind '温度计'" in warnings
    assert f"{path}:6: hosts.th-1.vendor: unknown vendor '无名厂'" in warnings
    assert len(inventory.warnings) == 3


def test_a_ups_kind_on_a_switch_platform_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("hosts:\n  ups-1: {host: 10.0.0.2, platform: huawei_vrp, kind: UPS}\n",
                    encoding="utf-8")
    with pytest.raises(InventoryError, match=r":2: hosts.ups-1: kind 'ups' cannot be "
                                             r"inspected with platform 'huawei_vrp'"):
        load_inventory(path)


def test_results_of_earlier_versions_load_with_a_kind() -> None:
    devices = [{"name": n, "platform": p, "role": r} for n, p, r in (
        ("u", "snmp", "ups"), ("e", "snmp", "env-sensor"), ("s", "ipmi", "server"),
        ("w", "cisco_ios", "core"), ("x", "snmp", "core"))]
    run = Run.model_validate({
        "run_id": "old", "mode": "live", "started": "2026-11-01T00:00:00Z",
        "devices": [{"device": d, "status": "complete", "snapshot": {"device": d}}
                    for d in devices]})
    assert [d.device.kind for d in run.devices] == ["ups", "env-sensor", "server-bmc",
                                                    "network", ""]
    assert json.loads(run.model_dump_json())["devices"][0]["device"]["kind"] == "ups"


def test_rules_select_by_kind_and_show_it() -> None:
    rule = RULES.get("server.sel_events")
    assert rule.kinds == ["server-bmc"] and not rule.roles
    assert all(not r.roles and not r.exclude_roles for r in RULES.rules)
    result = runner.invoke(app, ["rules", "show", "env.room_humidity"])
    assert "applies to kinds: env-sensor" in result.output


def test_every_kind_and_role_has_a_name_in_both_languages() -> None:
    vocab = vocabulary.vocabulary()
    for lang in ("zh", "en"):
        t = Translator(lang)
        for kind in vocab.kinds:
            assert t.get(f"kind.{kind}", ""), (lang, kind)
        for role in vocab.roles:
            assert t.get(f"role.{role}", ""), (lang, role)
    zh, en = Formatter(Translator("zh")), Formatter(Translator("en"))
    assert (zh.role("core"), zh.role("核心"), en.role("核心")) == ("核心", "核心", "Core")
    assert (zh.role("env-sensor"), zh.role("环境监测"), en.role("温湿度")) == (
        "环境监测", "环境监测", "Environment sensor")
    assert zh.role("骨干") == "骨干"  # an unknown word stays as the customer wrote it


def test_a_word_under_two_kinds_is_an_error_naming_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("roles.yaml", "vendors.yaml"):
        (tmp_path / name).write_text((vocabulary.VOCABULARY_DIR / name).read_text("utf-8"),
                                     encoding="utf-8")
    kinds = yaml.safe_load((vocabulary.VOCABULARY_DIR / "kinds.yaml").read_text("utf-8"))
    kinds["kinds"]["pdu"]["words"].append("UPS")
    (tmp_path / "kinds.yaml").write_text(yaml.safe_dump(kinds, allow_unicode=True,
                                                        sort_keys=False),
                                         encoding="utf-8")
    monkeypatch.setattr(vocabulary, "VOCABULARY_DIR", tmp_path)
    vocabulary.vocabulary.cache_clear()
    try:
        with pytest.raises(vocabulary.VocabularyError,
                           match=r"kinds.yaml: kinds.pdu: 'UPS' is also a word of 'ups'"):
            vocabulary.vocabulary()
    finally:
        vocabulary.vocabulary.cache_clear()


@pytest.mark.parametrize(("vendor", "name"), [
    ("华为技术有限公司", "huawei"), ("Huawei Technologies Co., Ltd.", "huawei"),
    ("新华三", "h3c"), ("维谛", "vertiv"), ("艾默生", "vertiv"), ("施耐德", "apc"),
    ("伊顿", "eaton"), ("科士达", "kstar"), ("山特", "santak"), ("联想", "lenovo"),
    ("中兴", "zte"), ("HPE", "hpe")])
def test_vendor_words(vendor: str, name: str) -> None:
    found = vocabulary.vendor_of(vendor)
    assert found is not None and found.name == name
