"""The publisher's own expected records beside a corpus sample, and where our parse of the
sample disagrees with them.

Two kinds are read: ntc-templates `.yml` (`parsed_sample`: TextFSM records) and
genieparser `.expected.py` (a Python literal). net_inspect `.yml` files hold an alarm
verdict, not parsed fields, and are ignored. What is compared: hostname, software version
and serials of a version output, interface names, neighbour names, module serials, BGP
peers, and the route count of a full routing table.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from inspector.parsing.parse import Parsed

Records = list[dict[str, Any]]
# What publishers' records hold where a device printed no value.
NOT_VALUES = frozenset({"N/A", "NA", "NONE", "None", "-", "--"})


@functools.cache
def ntc_records(raw: Path) -> Records | None:
    path = raw.with_suffix(".yml")
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "parsed_sample" not in data:
        return None
    return list(data["parsed_sample"] or [])


@functools.cache
def genie_expected(raw: Path) -> Any:
    path = raw.with_name(raw.name.removesuffix(".raw") + ".expected.py")
    if not path.is_file():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            return ast.literal_eval(node.value)
    return None


def _records(parsed: Parsed) -> Records:
    data = parsed.data
    return data if isinstance(data, list) else [data] if data else []


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def _theirs(records: Records, *keys: str) -> set[str]:
    """Every non-empty value of the first of `keys` each record has (lists flattened)."""
    found: set[str] = set()
    for record in records:
        value = next((record[k] for k in keys if record.get(k)), None)
        values = value if isinstance(value, list) else [value]
        found |= {_words(v) for v in values if v and _words(v) not in NOT_VALUES}
    return found


def _ours(parsed: Parsed, key: str) -> set[str]:
    return {_words(r[key]) for r in _records(parsed) if r.get(key)}


def _missing(what: str, wanted: set[str], have: set[str]) -> list[str]:
    missing = {w for w in wanted if w not in have and w.lower() not in {h.lower() for h in have}}
    return [f"{what} {sorted(missing)[:4]} not read (we read {sorted(have)[:4]})"] if missing \
        else []


# --------------------------------------------------------------------------- per family


def _facts(parsed: Parsed, raw: Path) -> list[str]:
    facts = _records(parsed)[0] if _records(parsed) else {}
    problems = []
    if not facts.get("os_version"):
        problems.append("a version output without os_version")
    ntc = ntc_records(raw) or []
    genie = genie_expected(raw)
    version = genie.get("version", {}) if isinstance(genie, dict) else {}
    names = _theirs(ntc, "hostname") | ({version["hostname"]} if version.get("hostname")
                                         else set())
    if names and facts.get("hostname") not in names:
        problems.append(f"hostname {facts.get('hostname')!r}, the publisher's {sorted(names)}")
    serials = _theirs(ntc, "serial") | ({version["chassis_sn"]} if version.get("chassis_sn")
                                        else set())
    if serials and facts.get("serial") not in serials:
        problems.append(f"serial {facts.get('serial')!r}, the publisher's {sorted(serials)}")
    # Huawei: the product release (V200R019C10SPC500) is ours, not the VRP base (5.170).
    releases = _theirs(ntc, "version", "product_version") | (
        {version["version"]} if version.get("version") else set())
    ours = str(facts.get("os_version") or "")
    if releases and not any(r in ours or ours in r for r in releases if ours):
        problems.append(f"os_version {ours!r}, the publisher's {sorted(releases)}")
    return problems


_NAME = re.compile(r"(?P<kind>[A-Za-z][A-Za-z_ -]*?)-?(?P<number>\d[\d/.:]*)?(?:\(\w+\))?")


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` is a device's abbreviation of interface `full` (`BAGG10` of
    `Bridge-Aggregation10`, `M-GE0/0/0` of `M-GigabitEthernet0/0/0`, `Vlan1` of
    `Vlan-interface1`, `Gi0/1` of `GigabitEthernet0/1`): the same number, and the letters
    of its type in order among those of the full one, the first one first."""
    a, b = _NAME.fullmatch(short), _NAME.fullmatch(full)
    if a is None or b is None or a["number"] != b["number"]:
        return False
    letters, within = a["kind"].lower().replace(" ", ""), iter(b["kind"].lower())
    return letters[:1] == b["kind"][:1].lower() and all(c in within for c in letters)


def _interfaces(parsed: Parsed, raw: Path) -> list[str]:
    # Huawei marks a port's state after its name in brief tables: `GE0/0/5(v)`.
    wanted = {re.sub(r"\(\w\)$", "", n) for n in _theirs(ntc_records(raw) or [], "interface")
              if not n.endswith(":")}  # a publisher's record of a counter line
    have = _ours(parsed, "name")
    missing = {w for w in wanted if w not in have and not any(_abbreviates(w, h) for h in have)}
    return [f"interfaces {sorted(missing)[:4]} not read (we read {sorted(have)[:4]})"] \
        if missing else []


def _neighbors(parsed: Parsed, raw: Path) -> list[str]:
    ntc = ntc_records(raw)
    if ntc is None:
        return []
    # NX-OS CDP appends the neighbour's serial: "N9K-1(FDO2118...)".
    wanted = {n.split("(")[0] if n.endswith(")") else n
              for n in _theirs(ntc, "neighbor_name", "chassis_id")}
    return _missing("neighbours", wanted, _ours(parsed, "remote_system"))


def _inventory(parsed: Parsed, raw: Path) -> list[str]:
    wanted = _theirs(ntc_records(raw) or [], "sn", "device_serial_number")
    return _missing("serials", wanted, _ours(parsed, "serial"))


def _peers(raw: Path) -> set[str] | None:
    genie = genie_expected(raw)
    if isinstance(genie, dict) and "vrf" in genie:
        return {peer for vrf in genie["vrf"].values() for peer in vrf.get("neighbor", {})}
    ntc = ntc_records(raw)
    return None if ntc is None else _theirs(ntc, "bgp_neighbor", "peer", "bgp_neigh")


def _sessions(parsed: Parsed, raw: Path) -> list[str]:
    if "bgp" not in parsed.command:
        return []
    peers = _peers(raw)
    ours = {p.lower() for p in _ours(parsed, "peer")}
    if peers is not None and {p.lower() for p in peers} != ours:
        return [f"peers {sorted(ours)}, the publisher's {sorted(peers)}"]
    return []


def route_count(raw: Path) -> int | None:
    """Distinct prefixes in the publisher's records of a full table."""
    genie = genie_expected(raw)
    if isinstance(genie, dict) and "vrf" in genie:
        return sum(len(af.get("routes", {})) for vrf in genie["vrf"].values()
                   for name, af in vrf.get("address_family", {}).items() if name == "ipv4")
    ntc = ntc_records(raw)
    if ntc is None:
        return None
    return len({(r.get("vrf"), r.get("network"), r.get("prefix_length")) for r in ntc
                if r.get("network")})  # "Route not found" is a record without a network


# The full tables whose count the publisher's records (one per prefix) can check.
FULL_TABLES = ("show ip route", "show ip route vrf {vrf}")


def _routes(parsed: Parsed, raw: Path) -> list[str]:
    data = parsed.data
    if parsed.command not in FULL_TABLES or not isinstance(data, dict):
        return []
    count = route_count(raw)
    if count is not None and data["total"] != count:
        return [f"{data['total']} routes, the publisher's records have {count}"]
    return []


CHECKS: dict[str, Callable[[Parsed, Path], list[str]]] = {
    "interfaces": _interfaces,
    "neighbors": _neighbors,
    "inventory": _inventory,
    "sessions": _sessions,
    "routes": _routes,
}


def value_problems(parsed: Parsed, raw: Path) -> list[str]:
    """Where an `ok` parse of `raw` disagrees with the publisher's expected records."""
    if parsed.status != "ok":
        return []
    if parsed.family == "facts":
        return _facts(parsed, raw) if "version" in parsed.command else []
    check = CHECKS.get(parsed.family)
    return check(parsed, raw) if check else []


# --------------------------------------------------------------------------- plausibility

PCT_FIELDS = ("utilization_pct", "avg_1m_pct", "avg_5m_pct", "in_util_pct", "out_util_pct")


def plausibility_problems(parsed: Parsed) -> list[str]:
    """Values no device can have: a percentage outside 0..100, a temperature outside
    -40..150 °C, more memory used than there is."""
    problems = []
    for record in _records(parsed) if parsed.status == "ok" else []:
        for name in PCT_FIELDS:
            value = record.get(name)
            if value is not None and not 0 <= value <= 100:
                problems.append(f"{name}={value} outside 0..100")
        if parsed.family == "sensors" and record.get("kind") == "temperature":
            value = record.get("value")
            if value is not None and not -40 <= value <= 150:
                problems.append(f"temperature {record.get('name')}={value} implausible")
        total, used = record.get("total_bytes"), record.get("used_bytes")
        if parsed.family == "memory" and total is not None and used is not None \
                and used > total:
            problems.append(f"memory used {used} > total {total}")
    return problems
