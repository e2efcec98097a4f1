"""CSV/Excel inventories for every transport: SNMP and BMC columns, and the import's
report skeleton."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from inspector.cli import app
from inspector.inventory import InventoryError, load_inventory
from inspector.report.meta import ReportMeta

runner = CliRunner()

ZH_HEADER = ["设备名称", "管理IP", "SNMP 版本", "团体名", "v3用户名", "认证协议", "认证密钥",
             "加密协议", "加密密钥", "SNMP端口", "BMC地址", "BMC用户名", "BMC密码", "接口",
             "IPMI端口"]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _row(**cells: object) -> list[object]:
    return [cells.get(title, "") for title in ZH_HEADER]


def test_excel_snmp_v3_and_bmc_columns(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "room.xlsx", [
        ZH_HEADER,
        _row(设备名称="机房温湿度", 管理IP="10.8.0.5", **{
            "SNMP 版本": "v3", "v3用户名": "monitor", "认证协议": "SHA-256",
            "认证密钥": "env:TH_AUTH", "加密协议": "AES-128", "加密密钥": "file:~/th.priv",
            "SNMP端口": 1161}),
        # A server given by its BMC only: the BMC is what is inspected.
        _row(设备名称="数据库服务器", BMC地址="10.9.0.7", BMC用户名="ADMIN",
             BMC密码="keyring:bmc/ADMIN", 接口="lanplus", IPMI端口=6230),
    ])
    sensor, server = load_inventory(path).hosts
    assert sensor.platform == "snmp"
    assert sensor.snmp is not None
    assert (sensor.snmp.version, sensor.snmp.user, sensor.snmp.auth_protocol,
            sensor.snmp.auth_key, sensor.snmp.priv_protocol, sensor.snmp.priv_key,
            sensor.snmp.port) == ("3", "monitor", "SHA256", "env:TH_AUTH", "AES",
                                  "file:~/th.priv", 1161)
    assert (server.platform, server.host, server.username, server.password) == (
        "ipmi", "10.9.0.7", "ADMIN", "keyring:bmc/ADMIN")
    assert server.ipmi is not None
    assert server.ipmi.port == 6230


def test_csv_english_snmp_columns(tmp_path: Path) -> None:
    path = tmp_path / "ups.csv"
    path.write_text("name,host,snmp version,community,snmp port\n"
                    "ups-1,10.7.0.2,2c,env:UPS_COMMUNITY,161\n", encoding="utf-8")
    ups, = load_inventory(path).hosts
    assert ups.platform == "snmp"
    assert ups.snmp is not None
    assert (ups.snmp.version, ups.snmp.community, ups.snmp.port) == (
        "2c", "env:UPS_COMMUNITY", 161)


def test_plain_secrets_and_bad_cells_name_row_and_column(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bad.xlsx", [
        ZH_HEADER,
        _row(设备名称="ups", 管理IP="10.7.0.2", 团体名="public", **{"SNMP 版本": "v4"}),
        _row(设备名称="srv", BMC地址="10.9.0.7", BMC密码="Sup3rSecret", 接口="lan",
             IPMI端口=70000),
    ])
    result = runner.invoke(app, ["inventory", "validate", str(path)])
    assert result.exit_code == 3
    text = " ".join(result.output.split())
    assert f"{path}: row 2, column 团体名: a secret must be a reference" in text
    assert "row 2, column SNMP 版本: 'v4' is not an SNMP version (1, 2c or 3)" in text
    assert "row 3, column BMC密码: a secret must be a reference" in text
    assert "row 3, column 接口: 'lan': only lanplus (IPMI 2.0) is supported" in text
    assert "row 3, column IPMI端口: '70000' is not a port number" in text
    # The secrets themselves are never repeated.
    assert "public" not in text
    assert "Sup3rSecret" not in text


def test_bmc_columns_on_a_switch_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("name,host,platform,bmc address\nsw-1,10.1.0.1,huawei_vrp,10.1.0.2\n",
                    encoding="utf-8")
    try:
        load_inventory(path)
    except InventoryError as exc:
        assert ("row 2, column bmc address: a BMC column on a device inspected as "
                "'huawei_vrp'") in str(exc)
    else:
        raise AssertionError("a BMC address on a switch was accepted")


def test_import_keeps_transports_and_writes_the_report_skeleton(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("name,host,community,bmc address,bmc password\n"
                    "ups-1,10.7.0.2,env:UPS_COMMUNITY,,\n"
                    "srv-1,,,10.9.0.7,env:BMC_PW\n", encoding="utf-8")
    out = tmp_path / "site.yaml"
    result = runner.invoke(app, ["inventory", "import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    report = yaml.safe_load(text)["report"]
    # Every field the report cover and sign-off take, empty, each with its label.
    assert report == dict.fromkeys(ReportMeta.model_fields, "")
    assert '  customer: ""  # 客户名称 / Customer' in text
    assert '  engineer: ""  # 巡检工程师 / Engineer' in text
    # As written, the skeleton renders a cover of "not given" fields, not an error.
    assert ReportMeta.from_mapping(report, tmp_path) == ReportMeta()
    ups, srv = load_inventory(out).hosts
    assert ups.snmp is not None
    assert (ups.platform, ups.snmp.community) == ("snmp", "env:UPS_COMMUNITY")
    assert (srv.platform, srv.host, srv.password) == ("ipmi", "10.9.0.7", "env:BMC_PW")
