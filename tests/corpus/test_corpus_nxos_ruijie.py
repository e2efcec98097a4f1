"""Corpus tier for cisco_nxos and ruijie_os: every published output of a command the
platform claims parses `ok` (at least GATE per command), the values it gives match the
publisher's expected records where there are some (hostname, serial, interface and neighbor
names), and the commands not claimed are listed.

Reads ../shared/corpus when it exists; skips cleanly otherwise. Nothing of it is copied
into the repository.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector.parsing.commands import resolve
from inspector.parsing.parse import Parsed, parse
from inspector.parsing.platforms import platforms
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]

PLATFORMS = ("cisco_nxos", "ruijie_os")
GATE = 0.97


def _expected(raw: Path) -> list[dict[str, Any]]:
    """The publisher's records for `raw` (ntc-templates `.yml`), or none."""
    path = raw.with_suffix(".yml")
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("parsed_sample") or [] if isinstance(data, dict) else []


def _values(parsed: Parsed, key: str) -> set[str]:
    data = parsed.data
    records = data if isinstance(data, list) else [data] if data else []
    return {str(r[key]) for r in records if r.get(key)}


# (family, our field, the publisher's field): values that must agree where both exist.
# Interface and neighbor names are compared as sets: we spell `Eth1/1` as `Ethernet1/1`,
# so only the publisher's names that are already long-form are compared.
VALUE_CHECKS = (
    ("facts", "hostname", "hostname"),
    ("facts", "serial", "serial"),
    ("inventory", "serial", "sn"),
    ("neighbors", "remote_system", "neighbor_name"),
    ("interfaces", "name", "interface"),
)


def _mismatches(parsed: Parsed, expected: list[dict[str, Any]]) -> list[str]:
    problems = []
    for family, ours, theirs in VALUE_CHECKS:
        if parsed.family != family:
            continue
        wanted = {str(r[theirs]) for r in expected if r.get(theirs)}
        if family == "interfaces":
            wanted = {w for w in wanted if not w.startswith(("Eth", "Po", "Lo"))
                      or w.startswith(("Ethernet", "Loopback"))}
        if family == "neighbors":  # NX-OS appends the neighbor's serial in CDP: "N9K(FDO..)"
            wanted = {w.split("(")[0] for w in wanted}
        if family == "inventory":
            wanted -= {"N/A", "NA"}
        missing = wanted - _values(parsed, ours)
        if missing:
            problems.append(f"{family}.{ours}: {sorted(missing)[:3]} not read")
    return problems


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_claimed_command_parses(platform: str, capsys: pytest.CaptureFixture[str]) -> None:
    known = platforms()[platform].commands()
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unclaimed, failures, wrong = [], [], []
    for folder in sorted(p for p in (CORPUS / platform).glob("*") if p.is_dir()):
        if folder.name.startswith("_"):
            continue
        command = resolve(folder.name.replace("_", " "), known)
        if command is None:
            unclaimed.append(folder.name)
            continue
        for raw in sorted(folder.glob("*.raw")):
            text = raw.read_text(encoding="utf-8", errors="replace")
            results = parse(platform, command, text)
            counts = tally[command]
            counts[1] += 1
            if all(r.status == "ok" for r in results):
                counts[0] += 1
            failures += [f"{raw.name}: {r.family}: {r.reason[:120]}" for r in results
                         if r.status != "ok"]
            wrong += [f"{raw.name}: {m}" for r in results if r.status == "ok"
                      for m in _mismatches(r, _expected(raw))]
    with capsys.disabled():
        print(f"\ncorpus {platform}, per command:")
        for command, (ok, total) in sorted(tally.items()):
            print(f"  {command:<32} {ok:>3}/{total:<3} ok")
        print(f"  not claimed: {', '.join(unclaimed) or '-'}")
        for line in failures:
            print(f"    failed {line}")
    assert tally, f"no corpus sample of {platform} maps to a known command"
    assert not wrong, wrong
    low = {c: f"{ok}/{total}" for c, (ok, total) in tally.items() if ok / total < GATE}
    assert not low, f"{platform}: below {GATE:.0%} ok: {low}"
