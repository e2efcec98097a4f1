"""Corpus tier: real terminal session logs published by other projects import, and the
families their commands feed parse `ok`."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.parsing.builders import build_snapshot
from inspector.parsing.platforms import get_platform
from inspector.parsing.sessionlog import SessionLogError, read_session_log
from inspector.parsing.snapshot import canonical_command
from inspector.pipeline import import_logs
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]

OURS = ("cisco_ios", "huawei_vrp", "hp_comware", "ruijie_os")
GATED = ("facts", "cpu", "memory", "interfaces", "inventory")


def _logs(platforms: tuple[str, ...]) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for name in platforms for p in (CORPUS / name / "_session_log").glob("*.raw"))


@pytest.mark.parametrize("path", _logs(OURS), ids=lambda p: p.name)
def test_session_log_imports_with_its_families_ok(path: Path) -> None:
    log = read_session_log(path)
    platform = path.parent.parent.name
    assert log.device.platform == platform
    definition = get_platform(platform)
    snapshot = build_snapshot(log.device, log.captures)
    typed = {canonical_command(definition, c.command) for c in log.captures} - {None}
    checked = []
    for family in GATED:
        feeding = {p.command for s in definition.sources(family) for p in s.parsers()}
        if feeding & typed:
            result = snapshot.family(family)
            assert result.status == "ok", f"{family}: {result.status} {result.reason}"
            checked.append(family)
    assert "facts" in checked


@pytest.mark.parametrize("path", _logs(("maipu_mypower",)), ids=lambda p: p.name)
def test_logs_of_other_vendors_are_refused_with_a_clear_message(path: Path) -> None:
    with pytest.raises(SessionLogError, match="cannot tell the vendor"):
        read_session_log(path)


def test_planted_bad_power_is_found_and_the_original_is_clean(tmp_path: Path) -> None:
    """MANIFEST_NOTES: HUAWEI_BAD_POWER is an edited copy of B_FOO_BAR_AR01 with one power
    supply changed to abnormal. The edit must be found, and only in the edited copy."""
    folder = CORPUS / "huawei_vrp" / "_session_log"
    bad = folder / "net_inspect__HUAWEI_BAD_POWER_21.1.1.1.raw"
    good = folder / "net_inspect__B_FOO_BAR_AR01_21.1.1.1.raw"
    run = import_logs([bad, good], tmp_path, run_id="r").run
    power = {(f.device, f.check_id): f for f in run.findings
             if f.category == "power" and f.severity in ("critical", "major")}
    assert any("BAD_POWER" in device for device, _ in power), power
    assert not any("AR01" in device for device, _ in power), power
