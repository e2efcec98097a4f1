"""Normalizers for cisco_ios: TextFSM records -> contract records (see model.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector.collectors.normalizers.common import ParseContext, Record

NORMALIZERS: dict[str, Callable[[list[Record], ParseContext], Any]] = {}


def version_facts(records: list[Record], ctx: ParseContext) -> Record:
    row = records[0]
    return {"hostname": row.get("HOSTNAME") or None, "vendor": "Cisco",
            "os_version": row.get("VERSION") or None}


NORMALIZERS["version_facts"] = version_facts
