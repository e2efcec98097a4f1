"""The normalizer registry: name -> function turning TextFSM records into contract records.

Each vendor module exports a `NORMALIZERS` dict; the registry prefixes its names with the
module's platform (`huawei_vrp.cpu_usage`). Definition files refer to these names, and
loading a definition fails when one is not registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector.collectors.normalizers import (
    cisco_ios,
    hp_comware,
    huawei_vrp,
    inspur_cnos,
    ipmi,
)
from inspector.collectors.normalizers.common import ParseContext, Record

Normalizer = Callable[[list[Record], ParseContext], list[Record] | Record | Any]

_MODULES: dict[str, dict[str, Normalizer]] = {
    "cisco_ios": cisco_ios.NORMALIZERS,
    "huawei_vrp": huawei_vrp.NORMALIZERS,
    "hp_comware": hp_comware.NORMALIZERS,
    "inspur_cnos": inspur_cnos.NORMALIZERS,
    "ipmi": ipmi.NORMALIZERS,
}

NORMALIZERS: dict[str, Normalizer] = {
    f"{module}.{name}": function
    for module, functions in _MODULES.items()
    for name, function in functions.items()
}

__all__ = ["NORMALIZERS", "Normalizer", "ParseContext", "Record"]
