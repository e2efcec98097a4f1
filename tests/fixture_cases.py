"""Discovery of the fixture cases: tests/fixtures/<platform>/<family>/<case>/.

A case folder holds one raw output per command, named after the command with spaces as
underscores (`display_cpu-usage.txt` is the output of `display cpu-usage`; a doubled
underscore is one of the command itself: `show_storage__pool_general.txt`), and
`expected.json`: the family as the parse stage must build it from those outputs::

    {"description": "S5735 VRP 8, fan 2 failed",
     "status": "ok",            # ok / partial / failed
     "data": [...],             # the normalized records (ok / partial)
     "reason_contains": "..."}  # a fragment of the reason (failed / partial)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.lab.profiles import command_of
from inspector.model import Capture
from tests.conftest import FIXTURES


@dataclass(frozen=True)
class Case:
    platform: str
    family: str
    name: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.platform}/{self.family}/{self.name}"

    def captures(self) -> list[Capture]:
        return [
            Capture(device=self.name, command=command_of(raw.stem),
                    output=raw.read_text(encoding="utf-8"))
            for raw in sorted(self.path.glob("*.txt"))
        ]

    def expected(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads((self.path / "expected.json").read_text("utf-8"))
        return result


# Fixture folders that are not CLI platforms (their own suites read them; snmp_shape: the
# generic sensor-table walk, tests/unit/test_snmp_shape.py).
OTHER_FIXTURES = {"session_logs", "snmp", "ipmi_sim", "snmp_shape"}


def all_cases() -> list[Case]:
    return [
        Case(platform=p.parent.parent.name, family=p.parent.name, name=p.name, path=p)
        for p in sorted(FIXTURES.glob("*/*/*"))
        if p.is_dir() and (p / "expected.json").is_file()
        and p.parent.parent.name not in OTHER_FIXTURES
    ]
