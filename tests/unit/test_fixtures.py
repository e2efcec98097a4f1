"""One suite over every fixture: raw output in, the expected normalized family out."""

from __future__ import annotations

import pytest

from inspector.model import FamilyStatus
from inspector.parsing.platforms import Unsupported, platforms
from inspector.parsing.snapshot import build_family, parse_captures
from tests.fixture_cases import Case, all_cases

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case) -> None:
    platform = platforms()[case.platform]
    family = build_family(platform, case.family, parse_captures(platform, case.captures()))
    expected = case.expected()
    assert family.status == expected["status"], family.reason
    if "data" in expected:
        assert family.model_dump(mode="json")["data"] == expected["data"]
    if "reason_contains" in expected:
        assert expected["reason_contains"] in family.reason
    if family.status in (FamilyStatus.OK, FamilyStatus.PARTIAL):
        assert "data" in expected, "an ok case must state the data it expects"


def _declared() -> list[tuple[str, str]]:
    return [
        (name, family)
        for name, platform in platforms().items()
        for family, spec in platform.families.items()
        if not isinstance(spec, Unsupported)
    ]


@pytest.mark.parametrize(("platform", "family"), _declared())
def test_every_family_has_fixtures(platform: str, family: str) -> None:
    cases = [c for c in CASES if c.platform == platform and c.family == family]
    ok_cases = [c for c in cases if c.expected()["status"] == "ok"]
    assert len(cases) >= 2, f"{platform}/{family} needs at least two fixture cases"
    assert ok_cases, f"{platform}/{family} needs at least one case that parses ok"


@pytest.mark.parametrize("platform", sorted(platforms()))
def test_every_command_has_a_fixture(platform: str) -> None:
    definition = platforms()[platform]
    # As typed: a command with a placeholder (`show ip route vrf {vrf}`) is recorded with
    # the name filled in.
    fixture_commands = {
        definition.resolve(cap.command) for c in CASES if c.platform == platform
        for cap in c.captures()
    }
    missing = [
        f"{family}: {parser.command}"
        for family, parser in definition.all_parsers()
        if parser.command not in fixture_commands
    ]
    assert not missing, f"commands without a fixture output: {missing}"


def test_fixture_folders_are_known_platforms() -> None:
    from tests.conftest import FIXTURES  # noqa: PLC0415
    from tests.fixture_cases import OTHER_FIXTURES  # noqa: PLC0415

    unknown = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - set(platforms()) - \
        OTHER_FIXTURES
    assert not unknown, f"fixture folders of no platform: {unknown}"


def test_a_truncated_output_makes_the_family_partial_with_the_note() -> None:
    from inspector.model import Capture  # noqa: PLC0415
    from inspector.parsing.parse import MAX_OUTPUT_BYTES  # noqa: PLC0415

    case = next(c for c in CASES if c.platform == "cisco_ios" and c.family == "logs"
                and c.expected()["status"] == "ok")
    capture, = [c for c in case.captures() if c.command == "show logging"]
    padding = "\n".join(f"*Nov 21 10:00:{i % 60:02d}.123: %SYS-6-X: filler {i}"
                        for i in range(MAX_OUTPUT_BYTES // 40))
    huge = Capture(device="x", command="show logging", output=capture.output + "\n" + padding)
    platform = platforms()["cisco_ios"]
    family = build_family(platform, "logs", parse_captures(platform, [huge]))
    assert family.status == FamilyStatus.PARTIAL
    assert "output truncated" in family.reason
