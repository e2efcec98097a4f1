"""Corpus tier: every real output published by other projects that maps to one of our
commands must parse `ok` or fail with a reason, and what parses must be plausible.

Reads ../shared/corpus when it exists; skips cleanly otherwise. Nothing of it is copied
into the repository.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.parsing.commands import resolve
from inspector.parsing.parse import Parsed, parse
from inspector.parsing.platforms import platforms
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]

PLATFORMS = ("cisco_ios", "huawei_vrp", "hp_comware", "cisco_nxos", "ruijie_os")
# The families the acceptance bar applies to (issue: ≥ 90 % ok over the corpus samples).
GATED = ("facts", "cpu", "memory", "interfaces", "inventory")
GATE = 0.90
PCT_FIELDS = ("utilization_pct", "avg_1m_pct", "avg_5m_pct", "in_util_pct", "out_util_pct")


def samples(platform: str) -> Iterator[tuple[str, Path]]:
    """(full command, sample file) for each corpus output of a command we know."""
    known = platforms()[platform].commands()
    for folder in sorted((CORPUS / platform).glob("*")):
        if not folder.is_dir() or folder.name.startswith("_"):
            continue
        command = resolve(folder.name.replace("_", " "), known)
        if command is None:
            continue
        for raw in sorted(folder.glob("*.raw")):
            yield command, raw


def _records(parsed: Parsed) -> list[dict[str, Any]]:
    if parsed.data is None:
        return []
    return parsed.data if isinstance(parsed.data, list) else [parsed.data]


def invariant_problems(parsed: Parsed, platform: str) -> list[str]:
    problems = []
    for record in _records(parsed):
        for name in PCT_FIELDS:
            value = record.get(name)
            if value is not None and not 0 <= value <= 100:
                problems.append(f"{name}={value} outside 0..100")
        if parsed.family == "sensors" and record.get("kind") == "temperature":
            value = record.get("value")
            if value is not None and not -40 <= value <= 150:
                problems.append(f"temperature {record.get('name')}={value} implausible")
        if parsed.family == "memory":
            total, used = record.get("total_bytes"), record.get("used_bytes")
            if total is not None and used is not None and used > total:
                problems.append(f"memory used {used} > total {total}")
    if parsed.family == "facts" and "version" in parsed.command:
        facts = _records(parsed)[0]
        if not facts.get("os_version"):
            problems.append("version output without os_version")
        if platform == "cisco_ios" and not facts.get("hostname"):
            problems.append("cisco version output without hostname")
    return problems


@pytest.mark.parametrize("platform", PLATFORMS)
def test_corpus_outputs_parse(platform: str, capsys: pytest.CaptureFixture[str]) -> None:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[str] = []
    broken: list[str] = []
    for command, raw in samples(platform):
        text = raw.read_text(encoding="utf-8", errors="replace")
        for parsed in parse(platform, command, text):
            counts = tally[parsed.family]
            counts[1] += 1
            if parsed.status == "ok":
                counts[0] += 1
                broken += [f"{raw.name}: {p}" for p in invariant_problems(parsed, platform)]
            else:
                assert parsed.reason, f"{raw}: failed without a reason"
                failures.append(f"{parsed.family} {raw.parent.name}/{raw.name}: {parsed.reason}")
    with capsys.disabled():
        print(f"\ncorpus coverage {platform}:")
        for family, (ok, total) in sorted(tally.items()):
            print(f"  {family:<11} {ok:>3}/{total:<3} ok")
        for line in failures:
            print(f"    failed {line[:160]}")
    assert not broken, broken
    assert tally, f"no corpus sample of {platform} maps to a known command"
    for family in GATED:
        ok, total = tally.get(family, [0, 0])
        if total:
            assert ok / total >= GATE, f"{platform}/{family}: {ok}/{total} ok, below {GATE:.0%}"
