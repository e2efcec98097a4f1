"""Inventories: YAML inheritance, CSV/Excel sheets with Chinese headers, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from inspector.cli import app
from inspector.inventory import InventoryError, load_inventory

runner = CliRunner()

YAML = """\
defaults:
  username: ops
  password: env:OPS_PASSWORD
  transport: {conn_timeout: 20}
groups:
  huawei: {platform: huawei_vrp, transport: {read_timeout: 90}}
  core: {role: core, groups: [huawei], thresholds: {cpu.utilization: {major: 70}}}
hosts:
  sw1: {host: 10.0.0.1, groups: [core], site: 上海}
  sw2: {host: 10.0.0.2, platform: cisco_ios, groups: [core], transport: {port: 2222}}
"""


def test_yaml_inheritance_host_over_groups_over_defaults(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(YAML, encoding="utf-8")
    sw1, sw2 = load_inventory(path).hosts
    assert (sw1.platform, sw1.role, sw1.username, sw1.site) == ("huawei_vrp", "core", "ops", "上海")
    assert (sw1.transport.conn_timeout, sw1.transport.read_timeout) == (20, 90)
    assert sw1.groups == ["core", "huawei"]
    assert sw1.thresholds == {"cpu.utilization": {"major": 70}}
    assert (sw2.platform, sw2.transport.port, sw2.transport.read_timeout) == ("cisco_ios", 2222, 90)


@pytest.mark.parametrize(("text", "messages"), [
    ("hosts:\n  sw1: {host: 10.0.0.300, platform: cisco_ios}\n",
     [":2: hosts.sw1.host: '10.0.0.300' is neither an IP address nor a host name"]),
    ("hosts:\n  sw1: {host: 10.0.0.1, platform: junos}\n",
     [":2: hosts.sw1.platform: unknown platform 'junos'"]),
    ("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, password: hunter2}\n",
     [":2: hosts.sw1.password: a secret must be a reference"]),
    ("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, colour: red}\n",
     [":2: hosts.sw1.colour: unknown field"]),
    ("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios}\n  sw1: {host: 10.0.0.2}\n",
     [":3: hosts.sw1: 'sw1' appears more than once"]),
    ("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, groups: [nope]}\n",
     [":2: hosts.sw1.groups: unknown group 'nope'"]),
    ("hosts: [unclosed\n", [":1: not valid YAML"]),
    ("hosts: {}\n", [":1: hosts: no hosts"]),
    ("hosts:\n  a: {host: 'bad host', platform: cisco_ios}\n  b: {host: 10.0.0.2}\n",
     [":2: hosts.a.host:", ":3: hosts.b.platform: Field required"]),
    ("hosts:\n  a: {host: 10.0.0.1, platform: cisco_ios,\n"
     "      transport: {host_keys: trusting}}\n",
     [":3: hosts.a.transport.host_keys: Input should be 'accept-new', 'strict' or 'off'"]),
])
def test_every_yaml_problem_names_file_line_and_field(
    tmp_path: Path, text: str, messages: list[str]
) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        load_inventory(path)
    for message in messages:
        assert f"{path}{message}" in str(err.value)


def test_host_key_policy_by_its_earlier_name(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("defaults: {transport: {host_keys: tofu}}\n"
                    "hosts:\n  a: {host: 10.0.0.1, platform: cisco_ios}\n", encoding="utf-8")
    assert load_inventory(path).hosts[0].transport.host_keys == "accept-new"


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = ["设备名称", "管理IP", "厂商", "型号", "角色", "机房", "站点", "用户名", "分组", "端口"]


def test_excel_inventory_with_chinese_headers(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "devices.xlsx", [
        HEADER,
        ["核心交换机1", "10.1.1.1", "华为", "CE6881", "core", "A机房", "上海", "ops", "核心、上海",
         "22"],
        ["接入交换机2", "10.1.1.2", "H3C", "S5130", "access", "B机房", "上海", "ops", "接入", ""],
        ["路由器3", "10.1.1.3", "思科", "ISR4331", "core", "A机房", "上海", "ops", "", "2222"],
        ["数据中心4", "10.1.1.4", "浪潮", "CN61108PC-V", "core", "A机房", "成都", "ops", "", ""],
    ])
    hosts = load_inventory(path).hosts
    assert [h.platform for h in hosts] == ["huawei_vrp", "hp_comware", "cisco_ios", "inspur_cnos"]
    assert hosts[0].groups == ["核心", "上海"]
    assert hosts[2].transport.port == 2222
    out = tmp_path / "bank.yaml"
    result = runner.invoke(app, ["inventory", "import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = load_inventory(out).hosts
    assert [(h.name, h.host, h.platform, h.room) for h in again] == [
        (h.name, h.host, h.platform, h.room) for h in hosts]


def test_gbk_csv_with_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_bytes("name,host,vendor,room\nsw-1,10.2.0.1,Huawei,一号机房\n".encode("gb18030"))
    host, = load_inventory(path).hosts
    assert (host.name, host.platform, host.room) == ("sw-1", "huawei_vrp", "一号机房")


def test_sheet_problems_name_row_and_column(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "bad.xlsx", [
        HEADER,
        ["a", "10.0.0.1", "华为", "", "", "", "", "", "", ""],
        ["a", "10.0.0.2", "华为", "", "", "", "", "", "", ""],
        ["b", "999.1.1.1", "华为", "", "", "", "", "", "", ""],
        ["c", "10.0.0.3", "瞻博", "", "", "", "", "", "", ""],
    ])
    result = runner.invoke(app, ["inventory", "validate", str(path)])
    assert result.exit_code == 3
    text = " ".join(result.output.split())
    assert "row 3, column 设备名称: duplicate device 'a' (first on row 2)" in text
    assert "row 4, column 管理IP: '999.1.1.1' is neither an IP address nor a host name" in text
    # A vendor the vocabulary knows, without a CLI platform for its switches.
    assert "row 5, column 厂商: vendor '瞻博' has no CLI platform for kind 'network'" in text


def test_unknown_header_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("设备名称,颜色\nsw1,red\n", encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        load_inventory(path)
    assert "row 1, column '颜色': unknown header" in str(err.value)
    assert "no host column" in str(err.value)
