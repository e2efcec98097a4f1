"""Inventories as engineers keep them: CSV or Excel sheets with Chinese or English headers.

Each row is one device. Headers are matched by name, whatever their order (设备名称 or name,
管理IP or host, 厂商 or vendor, 设备类型 or kind, 平台 or platform, 分组 or group ...). The
platform may be given by name (`huawei_vrp`); otherwise 厂商 + 设备类型 + 型号 pick it through
the vocabularies (inspector/vocabularies): 华为 + 交换机 -> huawei_vrp, 华为 + UPS -> snmp,
浪潮 + 服务器 (or 型号 NF5280M6) -> ipmi, 温湿度 -> snmp. Every problem is reported with the
file, the row and the column as the sheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspector.credentials import check_reference
from inspector.errors import ConfigurationError
from inspector.fileio import read_bytes
from inspector.parsing.platforms import platforms
from inspector.vocabulary import NAMED_PLATFORMS, kind_of, transport, vendor_of

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("设备名称", "设备名", "主机名", "名称", "name", "hostname", "device", "device name"),
    "host": ("管理ip", "管理地址", "ip", "ip地址", "地址", "host", "address", "mgmt ip",
             "management ip"),
    "port": ("端口", "ssh端口", "port"),
    "vendor": ("厂商", "品牌", "vendor", "manufacturer"),
    "model": ("型号", "设备型号", "model"),
    "platform": ("平台", "操作系统", "platform", "os"),
    "kind": ("设备类型", "类型", "设备种类", "设备分类", "kind", "type", "device type",
             "category"),
    "role": ("角色", "设备角色", "role"),
    "site": ("站点", "地点", "site", "location"),
    "room": ("机房", "room"),
    "username": ("用户名", "登录用户", "用户", "username", "user", "login"),
    "password": ("密码", "密码引用", "password", "password ref"),
    "groups": ("分组", "组", "group", "groups"),
    "description": ("描述", "备注", "说明", "description", "notes", "remark"),
    # SNMP (UPS units, room sensors): communities and v3 keys are references, like passwords.
    "snmp_version": ("snmp版本", "版本", "snmp version"),
    "snmp_community": ("团体名", "snmp团体名", "读团体名", "community", "snmp community"),
    "snmp_user": ("v3用户名", "snmp用户名", "snmpv3用户名", "snmp user", "v3 user"),
    "snmp_auth_protocol": ("认证协议", "v3认证协议", "snmp认证协议", "auth protocol"),
    "snmp_auth_key": ("认证密钥", "认证密码", "v3认证密钥", "snmp认证密钥", "auth key"),
    "snmp_priv_protocol": ("加密协议", "v3加密协议", "snmp加密协议", "priv protocol"),
    "snmp_priv_key": ("加密密钥", "加密密码", "v3加密密钥", "snmp加密密钥", "priv key"),
    "snmp_port": ("snmp端口", "snmp port"),
    # A server through its BMC (IPMI over LAN).
    "bmc_host": ("bmc地址", "bmc ip", "bmc管理ip", "ipmi地址", "bmc address", "bmc host"),
    "bmc_username": ("bmc用户名", "bmc用户", "ipmi用户名", "bmc user", "bmc username"),
    "bmc_password": ("bmc密码", "ipmi密码", "bmc password", "ipmi password"),
    "bmc_interface": ("接口", "bmc接口", "ipmi接口", "interface", "ipmi interface"),
    "ipmi_port": ("ipmi端口", "bmc端口", "ipmi port", "bmc port"),
}
_BY_ALIAS = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
# "SNMP 版本" and "snmp版本", "BMC IP" and "bmcip": the same header, spaced or not.
_BY_COMPACT = {alias.replace(" ", ""): field for alias, field in _BY_ALIAS.items()}

# Sheet column -> key of the host's `snmp:` block.
SNMP_COLUMNS = {
    "snmp_version": "version", "snmp_community": "community", "snmp_user": "user",
    "snmp_auth_protocol": "auth_protocol", "snmp_auth_key": "auth_key",
    "snmp_priv_protocol": "priv_protocol", "snmp_priv_key": "priv_key", "snmp_port": "port",
}
BMC_COLUMNS = ("bmc_host", "bmc_username", "bmc_password", "bmc_interface", "ipmi_port")
# Cells that must hold a reference to a secret, never the secret.
SECRET_COLUMNS = ("password", "snmp_community", "snmp_auth_key", "snmp_priv_key",
                  "bmc_password")
_PORT_COLUMNS = ("port", "snmp_port", "ipmi_port")
_SNMP_VERSIONS = {"1": "1", "v1": "1", "2": "2c", "2c": "2c", "v2": "2c", "v2c": "2c",
                  "3": "3", "v3": "3"}
_AUTH_PROTOCOLS = ("MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512")
_PRIV_PROTOCOLS = ("DES", "3DES", "AES", "AES192", "AES256")
_PROTOCOL_SPELLINGS = {"SHA1": "SHA", "AES128": "AES"}



class TableError(ConfigurationError):
    """Problems of a sheet, each with file, row and column."""


# Caught per row and reported inside a TableError: not an InspectorError itself.
class _CellError(ValueError):
    """A row whose platform cannot be picked: the field (column) to name, and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _norm(header: str) -> str:
    return re.sub(r"[\s_（）()：:*]+", " ", str(header)).strip().lower()


def _rows_csv(path: Path) -> list[list[str]]:
    data = read_bytes(path)
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK CSV
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"{path}: neither UTF-8 nor GBK text")
    return list(csv.reader(io.StringIO(text)))


def _rows_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - only for Excel inventories

    data = read_bytes(path)  # a FIFO named .xlsx is refused, not waited on
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"{path}: not a readable Excel workbook: {exc}") from exc
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _is_platform(word: str) -> bool:
    return word in NAMED_PLATFORMS or word in platforms()


def _cells(fields: dict[str, str]) -> tuple[str, str, str]:
    """平台, 设备类型 and 厂商 as meant: older sheets put a platform name or a vendor under
    设备类型 (then mapped to the platform), or a vendor under 平台."""
    platform, kind, vendor = (fields.get(k, "").strip() for k in ("platform", "kind", "vendor"))
    if kind and kind_of(kind) is None:
        if _is_platform(kind):
            platform, kind = platform or kind, ""
        elif vendor_of(kind) is not None:
            vendor, kind = vendor or kind, ""
    if platform and not _is_platform(platform) and vendor_of(platform) is not None:
        vendor, platform = vendor or platform, ""
    return platform, kind, vendor


def _kind_and_platform(fields: dict[str, str]) -> tuple[str, str]:
    """The row's kind (canonical; an unknown word is kept for the inventory to warn about)
    and its platform, from 平台, or 厂商 + 设备类型 + 型号. Raises _CellError."""
    platform, kind_word, vendor_word = _cells(fields)
    vendor = vendor_of(vendor_word) if vendor_word else None
    kind = kind_of(kind_word) if kind_word else None
    if kind is None and vendor is not None:
        # 型号 tells a vendor's UPS or server from its switches (华为 UPS2000, 浪潮 NF5280M6).
        kind = vendor.kind_of_model(fields.get("model", "")) or (
            None if platform else vendor.kind)
    # An unknown 设备类型 word is kept as written: the inventory warns about it by row.
    shown_kind = kind_word if kind_word and kind_of(kind_word) is None else kind or ""
    if platform:
        return shown_kind, platform
    if kind is None:
        if vendor_word:
            raise _CellError("vendor", f"unknown vendor {vendor_word!r}: give 设备类型 (kind) "
                                       "or 平台 (platform)")
        raise _CellError("kind", "cannot tell the platform: give 厂商 (vendor) and 设备类型 "
                                 "(kind), or 平台 (platform)")
    via = transport(kind)
    if via != "cli":
        return shown_kind, via
    cli = vendor.platform_for(kind, fields.get("model", "")) if vendor is not None else None
    if cli is None:
        who = f"vendor {vendor_word!r}" if vendor_word else "no 厂商 (vendor): it"
        raise _CellError("vendor", f"{who} has no CLI platform for kind {kind!r}; give 平台 "
                                   "(platform), e.g. snmp")
    return shown_kind, cli


def _columns(path: Path, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, and the problems of the header row."""
    columns: dict[int, str] = {}
    problems = []
    for index, title in enumerate(header):
        field = _BY_ALIAS.get(_norm(title)) or _BY_COMPACT.get(_norm(title).replace(" ", ""))
        if field is None and title.strip():
            problems.append(f"{path}: row 1, column {title!r}: unknown header (known: "
                            f"{', '.join(a for a in _BY_ALIAS if a.isascii())} and 中文 names)")
        elif field is not None:
            columns[index] = field
    present = set(columns.values())
    if "bmc_host" in present:  # a sheet of servers may give only their BMC addresses
        present.add("host")
    problems += [f"{path}: row 1: no {required} column (e.g. {HEADERS[required][0]} / "
                 f"{required})" for required in ("name", "host") if required not in present]
    return columns, problems


def _port(value: str) -> str:
    # Excel keeps numbers as floats: 161 comes back as "161.0".
    number = value.removesuffix(".0")
    if not number.isdigit() or not 1 <= int(number) <= 65535:
        raise ValueError(f"{value!r} is not a port number (1-65535)")
    return number


def _protocol(value: str, known: tuple[str, ...]) -> str:
    spelled = re.sub(r"[\s_-]+", "", value).upper().removeprefix("HMAC")
    spelled = _PROTOCOL_SPELLINGS.get(spelled, spelled)
    if spelled not in known:
        raise ValueError(f"unknown protocol {value!r}; known: {', '.join(known)}")
    return spelled


def _snmp_version(value: str) -> str:
    version = _SNMP_VERSIONS.get(re.sub(r"\s+", "", value).lower().removeprefix("snmp"))
    if version is None:
        raise ValueError(f"{value!r} is not an SNMP version (1, 2c or 3)")
    return version


def _interface(value: str) -> str:
    if value.strip().lower() != "lanplus":
        raise ValueError(f"{value!r}: only lanplus (IPMI 2.0) is supported; the older `lan` "
                         "interface sends the password in clear")
    return "lanplus"


_CELL_CHECKS: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(SECRET_COLUMNS, check_reference),
    **dict.fromkeys(_PORT_COLUMNS, _port),
    "snmp_version": _snmp_version,
    "snmp_auth_protocol": lambda v: _protocol(v, _AUTH_PROTOCOLS),
    "snmp_priv_protocol": lambda v: _protocol(v, _PRIV_PROTOCOLS),
    "bmc_interface": _interface,
}


def _checked_cells(fields: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The row's cells in the form the inventory takes, and (field, problem) for each cell
    that cannot be used; a secret typed in clear is refused, never kept."""
    checked: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for field, value in fields.items():
        check = _CELL_CHECKS.get(field)
        try:
            checked[field] = check(value) if check is not None else value
        except ValueError as exc:
            problems.append((field, str(exc)))
    return checked, problems


def _transport_platform(fields: dict[str, str]) -> str:
    """The platform the row's transport cells prove when nothing else names one: a BMC
    address is a server read over IPMI; SNMP cells alone, a device read over SNMP."""
    if any(column in fields for column in BMC_COLUMNS):
        return "ipmi"
    return "snmp" if any(column in fields for column in SNMP_COLUMNS) else ""


def _kind_platform_or_transport(fields: dict[str, str], implied: str) -> tuple[str, str]:
    named = bool(fields.get("platform") or fields.get("kind"))
    if implied == "ipmi" and not named:
        return "", implied  # a BMC address beats a vendor's default kind (浪潮 -> switch)
    try:
        return _kind_and_platform(fields)
    except _CellError:
        if not implied or named:
            raise
        return "", implied


def _transport_blocks(entry: dict[str, Any], fields: dict[str, str]) -> list[tuple[str, str]]:
    """The row's SNMP and BMC cells as the host's `snmp:` and `ipmi:` blocks (and, for a
    server, its address and login); (field, problem) for BMC cells on another platform."""
    snmp = {key: fields[column] for column, key in SNMP_COLUMNS.items() if column in fields}
    if snmp:
        entry["snmp"] = snmp
    bmc = [column for column in BMC_COLUMNS if column in fields]
    if not bmc:
        return []
    if entry["platform"] != "ipmi":
        return [(column, f"a BMC column on a device inspected as {entry['platform']!r}, not "
                         "over IPMI: leave it empty, or make the device a server")
                for column in bmc]
    # The BMC is what is inspected: its address and login are the host's.
    for column, key in (("bmc_host", "host"), ("bmc_username", "username"),
                        ("bmc_password", "password")):
        if column in fields:
            entry[key] = fields[column]
    if "ipmi_port" in fields:
        entry["ipmi"] = {"port": fields["ipmi_port"]}
    return []


def _entry(fields: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row as an inventory host, and (field, problem) for the cells it cannot use."""
    # A cell refused below still says how the device is reached.
    implied = _transport_platform(fields)
    fields, problems = _checked_cells(fields)
    entry: dict[str, Any] = {k: v for k, v in fields.items()
                             if k not in SNMP_COLUMNS and k not in BMC_COLUMNS}
    entry["kind"], entry["platform"] = _kind_platform_or_transport(fields, implied)
    if not entry["kind"]:
        del entry["kind"]
    if "groups" in fields:
        entry["groups"] = [g for g in re.split(r"[,，;；、\s]+", fields["groups"]) if g]
    if "port" in entry:
        entry["transport"] = {"port": entry.pop("port")}
    problems += _transport_blocks(entry, fields)
    return entry, problems


def read_table(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, int],
                                    dict[str, str], list[str]]:
    """Hosts as inventory dicts (name -> fields), the sheet row of each host, the header
    each field came from (for messages), and the problems of the rows. A sheet whose
    header cannot be read raises TableError."""
    rows = _rows_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _rows_csv(path)
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise TableError(f"{path}: the sheet is empty")
    columns, problems = _columns(path, rows[0])
    if problems:
        raise TableError("\n".join(problems))
    shown = {field: rows[0][i] for i, field in columns.items()}
    hosts: dict[str, dict[str, Any]] = {}
    where: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        fields = {columns[i]: cell.strip() for i, cell in enumerate(row)
                  if i in columns and cell.strip()}
        name = fields.pop("name", "")
        if not name:
            problems.append(f"{path}: row {number}, column {shown['name']}: empty device name")
        elif name in hosts:
            problems.append(f"{path}: row {number}, column {shown['name']}: duplicate device "
                            f"{name!r} (first on row {where[name]})")
        else:
            try:
                hosts[name], cells = _entry(fields)
            except _CellError as exc:
                problems.append(f"{path}: row {number}, column "
                                f"{shown.get(exc.field, exc.field)}: {exc}")
                problems += [f"{path}: row {number}, column {shown[field]}: {message}"
                             for field, message in _checked_cells(fields)[1]]
                continue
            where[name] = number
            problems += [f"{path}: row {number}, column {shown[field]}: {message}"
                         for field, message in cells]
    # A problem inside a host's snmp/ipmi block names the columns that fill it.
    for block, sources in (("snmp", tuple(SNMP_COLUMNS)), ("ipmi", ("ipmi_port",))):
        titles = [shown[f] for f in sources if f in shown]
        if titles:
            shown[block] = "/".join(titles)
    return hosts, where, shown, problems
