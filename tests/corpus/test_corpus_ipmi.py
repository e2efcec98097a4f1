"""Corpus tier for IPMI: every real `ipmitool sensor list` and `sel elist` sample parses ok
with each sensor's status right; every `fru print` sample gives product, serial and
manufacturer. Reads ../shared/corpus/ipmi when present, skips cleanly otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.parsing.parse import parse
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "ipmi").is_dir(), reason="../shared/corpus/ipmi is absent"),
]
# The status column as ipmitool prints it, read independently of our template.
EXPECTED = {"ok": "ok", "nc": "warning", "cr": "critical", "nr": "critical", "na": "absent",
            "ns": "absent"}


def _samples(folder: str) -> list[Path]:
    return sorted((CORPUS / "ipmi" / folder).glob("*.raw"))


def _expected_statuses(raw: str) -> dict[str, list[str]]:
    """name -> statuses of the threshold sensors (discrete ones print state bits)."""
    expected: dict[str, list[str]] = {}
    for line in raw.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 10 and cells[2] != "discrete":
            expected.setdefault(cells[0], []).append(EXPECTED[cells[3]])
    return expected


def test_sensor_list_samples(capsys: pytest.CaptureFixture[str]) -> None:
    checked = 0
    for sample in _samples("ipmitool_sensor_list"):
        raw = sample.read_text(encoding="utf-8")
        (result,) = parse("ipmi", "ipmitool sensor list", raw)
        assert result.status == "ok", f"{sample.name}: {result.reason}"
        got: dict[str, list[str]] = {}
        for sensor in result.data or []:
            got.setdefault(sensor["name"].split(" #")[0], []).append(sensor["status"])
        for name, statuses in _expected_statuses(raw).items():
            if name in got:  # sensors of no contract kind (none in these samples) are left out
                assert got[name] == statuses, f"{sample.name}: {name}"
                checked += len(statuses)
    with capsys.disabled():
        print(f"\nipmi corpus: {len(_samples('ipmitool_sensor_list'))} sensor list samples, "
              f"{checked} sensor statuses checked")
    assert checked > 0


def test_sel_samples() -> None:
    for sample in _samples("ipmitool_sel_elist"):
        (result,) = parse("ipmi", "ipmitool sel elist", sample.read_text(encoding="utf-8"))
        assert result.status == "ok", f"{sample.name}: {result.reason}"
        for entry in result.data or []:
            assert entry["source"] == "sel" and 0 <= entry["severity"] <= 7


def test_fru_samples(capsys: pytest.CaptureFixture[str]) -> None:
    complete = 0
    samples = _samples("ipmitool_fru_print")
    for sample in samples:
        results = {p.family: p for p in parse("ipmi", "ipmitool fru print",
                                              sample.read_text(encoding="utf-8"))}
        assert results["inventory"].status == "ok", f"{sample.name}: " \
            f"{results['inventory'].reason}"
        items = results["inventory"].data or []
        assert any(i["model"] and i["serial"] and i["description"] for i in items), sample.name
        facts = results["facts"].data or {}
        if any(i["kind"] == "chassis" for i in items):
            assert facts["model"] and facts["serial"] and facts["vendor"], sample.name
            complete += 1
    with capsys.disabled():
        print(f"\nipmi corpus: {len(samples)} fru samples, {complete} with a system FRU "
              "giving vendor, model and serial")
