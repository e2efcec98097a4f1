"""Corpus tier for the routing, neighbour and session commands: every published output of a
command we claim (full routing tables, LLDP/CDP detail, BGP summaries, NTP) parses `ok` for
at least 97 % of the samples of each command, and what it gives matches the publisher's own
expected records where they exist (route counts, neighbour names, BGP peers).

A sample's command is the one echoed at its top when there is one (`Router#show ip route vrf
X`): publishers file several forms under one folder. Outputs of commands we do not claim are
listed as such. Reads ../shared/corpus when it exists; skips cleanly otherwise.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector.parsing.parse import Parsed, parse
from inspector.parsing.platforms import get_platform
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]

PLATFORMS = ("cisco_ios", "huawei_vrp", "hp_comware")
FAMILIES = ("routes", "neighbors", "sessions", "ntp")
# Folder words that name these families' commands (claimed or not).
TOPICS = re.compile(r"route|routing|lldp|cdp|bgp|ntp")
GATE = 0.97
# The full IOS tables, whose route count the publishers' records (one per prefix) check.
FULL_TABLES = ("show ip route", "show ip route vrf {vrf}")


def _echoed(platform: str, raw: Path) -> str | None:
    """The command typed at the top of a sample (after the device's prompt), if any."""
    text = raw.read_text(encoding="utf-8", errors="replace")
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    prompt = re.match(get_platform(platform).prompt_pattern, first)
    return first[prompt.end():].strip() or None if prompt else None


def samples(platform: str) -> Iterator[tuple[str, Path]]:
    """(the command as typed, sample) for every output whose folder is about routes,
    neighbours, sessions or NTP."""
    for folder in sorted((CORPUS / platform).glob("*")):
        if folder.is_dir() and not folder.name.startswith("_") and TOPICS.search(folder.name):
            for raw in sorted(folder.glob("*.raw")):
                yield _echoed(platform, raw) or folder.name.replace("_", " "), raw


def _ours(platform: str, typed: str) -> str | None:
    """The command of ours `typed` stands for, when it feeds one of FAMILIES."""
    definition = get_platform(platform)
    full = definition.resolve(typed)
    fed = {f for f, p in definition.all_parsers() if p.command == full}
    return full if fed & set(FAMILIES) else None


# --------------------------------------------------------------------------- expected records


def _genie(raw: Path) -> Any:
    path = raw.with_name(raw.name.removesuffix(".raw") + ".expected.py")
    if not path.is_file():
        return None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            return ast.literal_eval(node.value)
    return None


def _ntc(raw: Path) -> list[dict[str, Any]] | None:
    path = raw.with_suffix(".yml")
    if not path.is_file():
        return None
    records: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))["parsed_sample"]
    return records


def expected_route_count(raw: Path) -> int | None:
    """Distinct prefixes in the publisher's records of an IOS table."""
    genie = _genie(raw)
    if isinstance(genie, dict) and "vrf" in genie:
        return sum(len(af.get("routes", {})) for vrf in genie["vrf"].values()
                   for name, af in vrf.get("address_family", {}).items() if name == "ipv4")
    ntc = _ntc(raw)
    if ntc is not None:
        return len({(r.get("vrf"), r.get("network"), r.get("prefix_length")) for r in ntc})
    return None


def expected_names(raw: Path) -> set[str] | None:
    """Neighbour names in the publisher's records (ntc: NEIGHBOR_NAME, else CHASSIS_ID)."""
    ntc = _ntc(raw)
    if ntc is None:
        return None
    return {_words(r.get("neighbor_name") or r.get("chassis_id")) for r in ntc} - {""}


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def expected_peers(raw: Path) -> set[str] | None:
    genie = _genie(raw)
    if isinstance(genie, dict) and "vrf" in genie:
        return {peer for vrf in genie["vrf"].values() for peer in vrf.get("neighbor", {})}
    ntc = _ntc(raw)
    if ntc is None:
        return None
    return {r.get("bgp_neighbor") or r.get("peer") or r.get("remote_address") or ""
            for r in ntc} - {""}


def value_problems(parsed: Parsed, raw: Path) -> list[str]:
    data = parsed.data
    if parsed.family == "routes" and isinstance(data, dict) and parsed.command in FULL_TABLES:
        count = expected_route_count(raw)
        if count is not None and data["total"] != count:
            return [f"{data['total']} routes, the publisher's records have {count}"]
    if parsed.family == "neighbors" and isinstance(data, list):
        names = expected_names(raw)
        ours = {_words(n["remote_system"]) for n in data}
        if names is not None and not names <= ours:
            return [f"neighbours {sorted(names - ours)} missing"]
    if parsed.family == "sessions" and isinstance(data, list) and "bgp" in parsed.command:
        peers = expected_peers(raw)
        ours = {s["peer"] for s in data}
        if peers is not None and {p.lower() for p in peers} != {p.lower() for p in ours}:
            return [f"peers {sorted(ours)}, the publisher's {sorted(peers)}"]
    return []


# --------------------------------------------------------------------------- the tier


@pytest.mark.parametrize("platform", PLATFORMS)
def test_routing_neighbour_and_session_commands(platform: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[str] = []
    wrong: list[str] = []
    unclaimed: set[str] = set()
    for typed, raw in samples(platform):
        command = _ours(platform, typed)
        if command is None:
            unclaimed.add(typed)
            continue
        text = raw.read_text(encoding="utf-8", errors="replace")
        for parsed in parse(platform, typed, text):
            if parsed.family not in FAMILIES:
                continue
            counts = tally[command]
            counts[1] += 1
            if parsed.status == "ok":
                counts[0] += 1
                wrong += [f"{raw.name}: {p}" for p in value_problems(parsed, raw)]
            else:
                assert parsed.reason, f"{raw}: failed without a reason"
                failures.append(f"{raw.parent.name}/{raw.name}: {parsed.reason[:150]}")
    with capsys.disabled():
        print(f"\ncorpus {platform}, routing / neighbour / session commands:")
        for command, (ok, total) in sorted(tally.items()):
            print(f"  {command:<45} {ok:>3}/{total:<3} ok")
        for line in failures:
            print(f"    failed {line}")
        for typed in sorted(unclaimed):
            print(f"  not claimed: {typed}")
    assert not wrong, wrong
    for command, (ok, total) in tally.items():
        assert ok / total >= GATE, f"{platform} `{command}`: {ok}/{total} ok, below {GATE:.0%}"
