"""Report metadata: who the report is for and who wrote it (the cover and the sign-off).

It comes from the inventory's ``report:`` section and CLI options; every field has a default
so a bare run still renders a complete cover.

Example::

    report:
      customer: 某某银行股份有限公司
      site: 上海数据中心
      type: pre-holiday          # monthly | pre-holiday | quarterly | ad-hoc
      period: 2026-09
      provider: 某某网络技术有限公司
      engineer: [张三, 王五]     # one name, or several
      report_no: XJ-2026-0921
      logo: logo.png
      customer_rep: 李四
      customer_contact: 李四 138-0000-0000
      timezone: Asia/Shanghai  # every time the report prints is shown in this zone
      conclusion: 设备运行总体正常，发现 2 个二级问题。
      recommendations: 更换 2 号电源模块；一周内复查。
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from inspector.report.errors import ReportError

InspectionType = Literal["monthly", "pre-holiday", "quarterly", "ad-hoc"]

# Spellings engineers actually write in inventories, Chinese ones included.
_TYPE_ALIASES: dict[str, InspectionType] = {
    "monthly": "monthly", "month": "monthly", "月度": "monthly", "月度巡检": "monthly",
    "pre-holiday": "pre-holiday", "pre_holiday": "pre-holiday", "preholiday": "pre-holiday",
    "holiday": "pre-holiday", "节前": "pre-holiday", "节前巡检": "pre-holiday",
    "quarterly": "quarterly", "quarter": "quarterly", "季度": "quarterly",
    "季度巡检": "quarterly",
    "ad-hoc": "ad-hoc", "ad_hoc": "ad-hoc", "adhoc": "ad-hoc", "临时": "ad-hoc",
    "临时巡检": "ad-hoc", "专项": "ad-hoc",
}

# Other names accepted for a field in the inventory's report section.
_KEY_ALIASES = {
    "type": "inspection_type", "service_provider": "provider", "number": "report_no",
    "report_number": "report_no", "customer_representative": "customer_rep",
    "contract_no": "contract", "contract_number": "contract",
    "engineers": "engineer", "contact": "customer_contact", "tz": "timezone",
    "time_zone": "timezone", "summary": "conclusion", "recommendation": "recommendations",
    "advice": "recommendations",
}
DEFAULT_TIMEZONE = "Asia/Shanghai"  # the customers served are in China
# Between names of several engineers written in one string ("张三、李四", "Zhang, Li").
_NAME_SEPARATORS = re.compile(r"\s*[,，、;；/]\s*")


class ReportMeta(BaseModel):
    """What the cover and sign-off show. Empty strings mean "not given"."""

    model_config = ConfigDict(extra="forbid")

    customer: str = ""
    site: str = ""
    inspection_type: InspectionType = "ad-hoc"
    period: str = ""
    date: str = ""
    provider: str = ""
    engineer: str = ""  # one or several names, ", " between them (see `engineers`)
    report_no: str = ""
    contract: str = ""  # the maintenance contract's number (合同编号)
    logo: Path | None = None
    customer_rep: str = ""
    customer_contact: str = ""  # who to call at the customer's (客户联系人)
    timezone: str = DEFAULT_TIMEZONE  # an IANA zone name; every printed time is in it
    conclusion: str = ""  # the engineer's own words (总体结论)
    recommendations: str = ""  # (建议)

    @field_validator("inspection_type", mode="before")
    @classmethod
    def _type_alias(cls, value: object) -> object:
        if isinstance(value, str):
            return _TYPE_ALIASES.get(value.strip().lower(), value)
        return value

    @field_validator("customer", "site", "period", "date", "provider", "engineer",
                     "report_no", "contract", "customer_rep", "customer_contact",
                     "conclusion", "recommendations", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # YAML turns `period: 2026-09-01` into a date and `report_no: 123` into an int.
        if isinstance(value, date | int | float):
            return str(value)
        return value

    @field_validator("engineer", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        # Several engineers: a YAML list, a repeated option, or one string with separators.
        if isinstance(value, list | tuple):
            return ", ".join(str(v).strip() for v in value if str(v).strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; expected an IANA name such as "
                             f"{DEFAULT_TIMEZONE} or UTC") from None
        return value.strip()

    @property
    def engineers(self) -> list[str]:
        """The engineers' names, one each."""
        return [n for n in _NAME_SEPARATORS.split(self.engineer) if n]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """`moment` in the report's time zone."""
        return moment.astimezone(self.zone)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, base_dir: Path | None = None,
                     **overrides: Any) -> ReportMeta:
        """Build from an inventory ``report:`` section plus CLI overrides (None = not given).

        A relative logo path is taken relative to `base_dir` (the inventory's folder).
        """
        # An empty value is "not given" (`inventory import` writes every field empty).
        values = {_KEY_ALIASES.get(k, k): v for k, v in (data or {}).items()
                  if v is not None and v != ""}
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            meta = cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'report'}: {e['msg']}"
                for e in exc.errors())
            known = ", ".join(cls.model_fields)
            raise ReportError(f"report metadata: {problems} (known fields: {known})") from None
        if meta.logo is not None and base_dir is not None and not meta.logo.is_absolute():
            meta = meta.model_copy(update={"logo": base_dir / meta.logo})
        return meta
