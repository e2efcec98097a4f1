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
      engineer: 张三
      report_no: XJ-2026-0921
      logo: logo.png
      customer_rep: 李四
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

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
}


class ReportMeta(BaseModel):
    """What the cover and sign-off show. Empty strings mean "not given"."""

    model_config = ConfigDict(extra="forbid")

    customer: str = ""
    site: str = ""
    inspection_type: InspectionType = "ad-hoc"
    period: str = ""
    date: str = ""
    provider: str = ""
    engineer: str = ""
    report_no: str = ""
    contract: str = ""  # the maintenance contract's number (合同编号)
    logo: Path | None = None
    customer_rep: str = ""

    @field_validator("inspection_type", mode="before")
    @classmethod
    def _type_alias(cls, value: object) -> object:
        if isinstance(value, str):
            return _TYPE_ALIASES.get(value.strip().lower(), value)
        return value

    @field_validator("customer", "site", "period", "date", "provider", "engineer",
                     "report_no", "contract", "customer_rep", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # YAML turns `period: 2026-09-01` into a date and `report_no: 123` into an int.
        if isinstance(value, date | int | float):
            return str(value)
        return value

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
