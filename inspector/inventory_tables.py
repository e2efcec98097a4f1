"""Inventories as engineers keep them: CSV or Excel sheets with Chinese or English headers.

Each row is one device. Headers are matched by name, whatever their order (设备名称 or name,
管理IP or host, 厂商 or vendor, 设备类型 or platform, 分组 or group ...). The platform may be
given by name (`huawei_vrp`) or by vendor (华为, H3C, 思科, 浪潮); every problem is reported
with the file, the row and the column as the sheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("设备名称", "设备名", "主机名", "名称", "name", "hostname", "device", "device name"),
    "host": ("管理ip", "管理地址", "ip", "ip地址", "地址", "host", "address", "mgmt ip",
             "management ip"),
    "port": ("端口", "ssh端口", "port"),
    "vendor": ("厂商", "品牌", "vendor", "manufacturer"),
    "model": ("型号", "设备型号", "model"),
    "platform": ("设备类型", "平台", "操作系统", "platform", "os", "type"),
    "role": ("角色", "设备角色", "role"),
    "site": ("站点", "地点", "site", "location"),
    "room": ("机房", "room"),
    "username": ("用户名", "登录用户", "用户", "username", "user", "login"),
    "password": ("密码", "密码引用", "password", "password ref"),
    "groups": ("分组", "组", "group", "groups"),
    "description": ("描述", "备注", "说明", "description", "notes", "remark"),
}
_BY_ALIAS = {alias: field for field, aliases in HEADERS.items() for alias in aliases}

# A vendor as engineers write it -> the platform that speaks to it.
VENDOR_PLATFORMS: dict[str, str] = {
    "华为": "huawei_vrp", "huawei": "huawei_vrp",
    "华三": "hp_comware", "新华三": "hp_comware", "h3c": "hp_comware", "hpe": "hp_comware",
    "hp": "hp_comware", "comware": "hp_comware",
    "思科": "cisco_ios", "cisco": "cisco_ios",
    "浪潮": "inspur_cnos", "inspur": "inspur_cnos",
}


class TableError(ValueError):
    """Problems of a sheet, each with file, row and column."""


def _norm(header: str) -> str:
    return re.sub(r"[\s_（）()：:*]+", " ", str(header)).strip().lower()


def _rows_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
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

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"{path}: not a readable Excel workbook: {exc}") from exc
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _platform(value: str, vendor: str) -> str:
    for candidate in (value, vendor):
        key = candidate.strip().lower()
        if not key:
            continue
        if key in VENDOR_PLATFORMS:
            return VENDOR_PLATFORMS[key]
        for word, platform in VENDOR_PLATFORMS.items():
            if word in key:
                return platform
        return candidate.strip()  # a platform name, checked with the rest
    return ""


def _columns(path: Path, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, and the problems of the header row."""
    columns: dict[int, str] = {}
    problems = []
    for index, title in enumerate(header):
        field = _BY_ALIAS.get(_norm(title))
        if field is None and title.strip():
            problems.append(f"{path}: row 1, column {title!r}: unknown header (known: "
                            f"{', '.join(a for a in _BY_ALIAS if a.isascii())} and 中文 names)")
        elif field is not None:
            columns[index] = field
    present = set(columns.values())
    problems += [f"{path}: row 1: no {required} column (e.g. {HEADERS[required][0]} / "
                 f"{required})" for required in ("name", "host") if required not in present]
    return columns, problems


def _entry(fields: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = dict(fields)
    entry["platform"] = _platform(fields.get("platform", ""), fields.get("vendor", ""))
    if "groups" in fields:
        entry["groups"] = [g for g in re.split(r"[,，;；、\s]+", fields["groups"]) if g]
    if "port" in entry:
        entry["transport"] = {"port": entry.pop("port")}
    return entry


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
            hosts[name] = _entry(fields)
            where[name] = number
    return hosts, where, shown, problems
