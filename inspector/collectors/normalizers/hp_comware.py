"""Normalizers for hp_comware: TextFSM records -> contract records (see model.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector.collectors.normalizers.common import ParseContext, Record

NORMALIZERS: dict[str, Callable[[list[Record], ParseContext], Any]] = {}
