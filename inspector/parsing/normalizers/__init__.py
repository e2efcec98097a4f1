"""The normalizer registry: `<platform>.<name>` -> the function turning a template's rows
into contract models.

Each platform's normalizers (one module, or a package split by concern) list theirs in one
explicit dict, `NORMALIZERS`; the registry prefixes the names with the platform
(`huawei_vrp.cpu_usage`). Definition files name normalizers this way, and loading one fails,
naming the file and the field, when a name is not registered or returns another family's
model (`problem`).
"""

from __future__ import annotations

import typing
from functools import cache

from inspector.model import FAMILY_MODELS, Strict
from inspector.parsing.normalizers import (
    cisco_ios,
    cisco_nxos,
    fortinet_fortios,
    h3c_secpath,
    hp_comware,
    huawei_oceanstor,
    huawei_usg,
    huawei_vrp,
    inspur_cnos,
    ipmi,
    linux,
    ruijie_os,
)
from inspector.parsing.normalizers.common import Normalizer, ParseContext, Record

_PLATFORMS: dict[str, dict[str, Normalizer]] = {
    "cisco_ios": cisco_ios.NORMALIZERS,
    "cisco_nxos": cisco_nxos.NORMALIZERS,
    "fortinet_fortios": fortinet_fortios.NORMALIZERS,
    "huawei_oceanstor": huawei_oceanstor.NORMALIZERS,
    "huawei_vrp": huawei_vrp.NORMALIZERS,
    "huawei_usg": huawei_usg.NORMALIZERS,
    "hp_comware": hp_comware.NORMALIZERS,
    "h3c_secpath": h3c_secpath.NORMALIZERS,
    "inspur_cnos": inspur_cnos.NORMALIZERS,
    "ipmi": ipmi.NORMALIZERS,
    "linux": linux.NORMALIZERS,
    "ruijie_os": ruijie_os.NORMALIZERS,
}

NORMALIZERS: dict[str, Normalizer] = {
    f"{platform}.{name}": function
    for platform, functions in _PLATFORMS.items()
    for name, function in functions.items()
}


def returns(name: str) -> tuple[type[Strict], bool] | None:
    """The model a registered normalizer returns (from its annotation) and whether it returns
    a list of them; None when the annotation names no contract model."""
    return _returns(NORMALIZERS[name])


@cache
def _returns(function: Normalizer) -> tuple[type[Strict], bool] | None:
    hint = typing.get_type_hints(function).get("return")
    is_list = typing.get_origin(hint) is list
    model = typing.get_args(hint)[0] if is_list else hint
    if isinstance(model, type) and issubclass(model, Strict):
        return model, is_list
    return None


def _spelled(model: type[Strict], is_list: bool) -> str:
    return f"list[{model.__name__}]" if is_list else model.__name__


def problem(name: str, family: str) -> str | None:
    """Why `name` cannot normalize `family` in a definition file, or None when it can."""
    if name not in NORMALIZERS:
        platform = name.partition(".")[0]
        known = ", ".join(sorted(_PLATFORMS.get(platform, {})))
        hint = f" (known for {platform}: {known})" if known else ""
        return f"normalizer {name!r} is not registered{hint}"
    wanted = FAMILY_MODELS[family]
    given = returns(name)
    if given != wanted:
        what = _spelled(*given) if given else "no contract model"
        return (f"normalizer {name!r} returns {what}, but {family} records are "
                f"{_spelled(*wanted)}")
    return None


__all__ = ["NORMALIZERS", "Normalizer", "ParseContext", "Record", "problem", "returns"]
