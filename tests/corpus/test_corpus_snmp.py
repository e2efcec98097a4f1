"""Corpus tier for SNMP: every UPS, probe, BMC and switch `.snmprec` of ../shared/corpus
served by ONE snmpsim agent (one community per file) and collected with the real collector.

Prints coverage per category; gates: >= 90 % of UPS recordings with battery status and
charge (of those whose device publishes both, see NOT_PUBLISHED), every probe recording
with a temperature reading, and every probe reading what its recording publishes (name,
unit, value: snmp_values.published). Net-SNMP `snmpwalk` recordings are served too,
turned into snmprec. Skips when the corpus is absent; nothing of it is copied into the
repository (files are decompressed or converted into a temp folder).

The category of a recording comes from SNMP_COVERAGE.tsv, except where reading the
recording showed another kind of device (RECLASSIFIED, each with the evidence).
"""

from __future__ import annotations

import bz2
import csv
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from inspector.inventory import Host, SnmpOptions
from inspector.lab.snmpagent import SnmpLab
from inspector.model import Sensor, Snapshot
from inspector.parsing.builders import build_snapshot
from inspector.parsing.snmprec import Varbinds
from inspector.transports.snmp import collect_device
from tests.conftest import CORPUS
from tests.corpus.snmp_values import published, snmpwalk_to_snmprec, unit_unstated

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
    pytest.mark.filterwarnings(
        r"ignore:add(Sources|Searchers|Borrowers) is deprecated:DeprecationWarning"),
]

ROLES = {"snmp:ups": "ups", "snmp:env_sensor": "env-sensor", "snmp:server_bmc": "server"}
UPS_GATE = 0.90
PROBE_GATE = 1.0

# Recordings whose content is another kind of device than the TSV's category says.
RECLASSIFIED: dict[str, tuple[str, str]] = {
    "librenms__liebert.snmprec": (
        "snmp:pdu", "a Liebert MPH2 rack PDU: only LIEBERT-GP-PDU-MIB tables (PEM, branches, "
        "aux sensors), no battery or UPS object, whatever its sysDescr says"),
    "snmpsim-data__vertiv-power.snmprec.bz2": (
        "snmp:env_sensor", "a Liebert PEX precision cooling unit: lgpEnvironmental "
        "temperatures and humidity, no battery or UPS object"),
    "librenms__hwg-wld_wld2.snmprec": (
        "snmp:leak_sensor", "an HW-group WLD water-leak detector: leak states only, no "
        "temperature or humidity object"),
    "librenms__sinetica.snmprec": (
        "snmp:ups", "a Sinetica UPSController card: UPS-MIB objects under 13891.101"),
    "librenms__vertiv-ita2.snmprec": (
        "snmp:ups", "a Vertiv ITA2 UPS: battery capacity, runtime, output load"),
}

# UPS recordings whose device publishes no battery status or no charge at all (read in the
# recording and the vendor's MIB): the gate counts the others; these must still give what
# they publish (checked below).
NOT_PUBLISHED: dict[str, tuple[str, str]] = {
    "librenms__algcom-dc-ups.snmprec": (
        "battery_status", "ALGPOWER-v2-MIB has a charger state but no charge percentage"),
    "librenms__dell-ups_rack3750w.snmprec": (
        "runtime_min", "the card publishes runtime and identity only (no status, no charge)"),
    "librenms__liebert_apm.snmprec": (
        "battery_status", "UPS-MIB without upsEstimatedChargeRemaining; the Liebert flexible "
        "table lists no charge point"),
    "librenms__linux_ups-apcups-v1.snmprec": (
        "charge_pct", "the apcupsd extend's JSON has charge, runtime and load but no status"),
    "librenms__vertiv-ita2.snmprec": (
        "charge_pct", "the ITA2 MIB has battery capacity but no battery status object"),
    "centreon__hardware_ups_standard__ups-standard.snmpwalk": (
        "input_voltage_v", "a walk of the UPS-MIB input table only (frequency, voltage): no "
        "battery group was recorded"),
}


def _categories() -> dict[str, str]:
    """File name -> category. The TSV's last column (sysDescr) holds quotes: read it without
    quote processing, else csv swallows rows up to the next quote."""
    table = CORPUS / "SNMP_COVERAGE.tsv"
    with table.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        found = {Path(row["relative_path"]).name: row["platform"] for row in rows}
    return {name: RECLASSIFIED.get(name, (category, ""))[0] for name, category in found.items()}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SnmpLab, dict[str, str]]]:
    """Every recording under a short community (snmpsim's v3 context names stop at 32)."""
    folder = tmp_path_factory.mktemp("snmp-corpus")
    stems: dict[str, str] = {}
    for number, (name, category) in enumerate(sorted(_categories().items())):
        source = CORPUS / "snmp" / name
        if not name.endswith((".snmprec", ".snmprec.bz2", ".snmpwalk")) or not source.is_file():
            continue
        stem = f"c{number:03d}"
        target = folder / f"{stem}.snmprec"
        if name.endswith(".bz2"):
            with bz2.open(source) as packed, target.open("wb") as out:
                shutil.copyfileobj(packed, out)
        elif name.endswith(".snmpwalk"):
            target.write_text(snmpwalk_to_snmprec(source.read_text(encoding="utf-8",
                                                                   errors="replace")),
                              encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        stems[stem] = f"{category}\t{name}"
    with SnmpLab(data_dir=folder, v3_community=None, start_timeout=180) as lab:
        yield lab, stems


def _collect(lab: SnmpLab, stem: str, category: str) -> Snapshot:
    os.environ[f"SNMP_CORPUS_{stem}"] = stem
    host = Host(name=stem, host=lab.host, platform="snmp", role=ROLES.get(category, "core"),
                snmp=SnmpOptions(port=lab.port, community=f"env:SNMP_CORPUS_{stem}",
                                 timeout=5, retries=1))
    rec = collect_device(host)
    assert rec.error is None, f"{stem}: {rec.error}"
    return build_snapshot(rec.device, rec.captures)


def _not_published(path: Path, name: str, readings: list[Sensor]) -> list[str]:
    """Each reading's differences from what its recording publishes (snmp_values)."""
    text = path.read_text(encoding="utf-8")
    recorded = Varbinds()
    recorded.add_lines(text)
    return [f"{name}: {s.name}: {p}" for s in readings for p in published(s, recorded, text)]


def _print_coverage(counts: dict[str, dict[str, int]], misses: dict[str, list[str]],
                    unstated: list[str]) -> None:
    ups_row = counts["snmp:ups"]
    print("\nSNMP corpus coverage (recordings with the value / recordings):")
    for category in sorted(counts):
        row = counts[category]
        shown = ", ".join(f"{k} {v}" for k, v in row.items() if k != "files" and v)
        print(f"  {category:20} {row['files']:3} files: {shown}")
    print(f"  UPS gate: {ups_row['ups status+charge']}/"
          f"{ups_row['files'] - ups_row['not published']} recordings whose device publishes "
          f"battery status and charge ({ups_row['ups status+charge']}/{ups_row['files']} "
          f"of all UPS recordings)")
    for name, (category, why) in sorted(RECLASSIFIED.items()):
        print(f"  reclassified {name} -> {category}: {why}")
    for name, (_, why) in sorted(NOT_PUBLISHED.items()):
        print(f"  not counted by the UPS gate: {name}: {why}")
    if unstated:
        print(f"  probe temperatures without a unit (the device does not publish its "
              f"display unit): {len(unstated)}: {', '.join(unstated)}")
    for category, names in sorted(misses.items()):
        print(f"  {category} without the gated values: {', '.join(names)}")


def test_corpus_snmp(served: tuple[SnmpLab, dict[str, str]],
                     capsys: pytest.CaptureFixture[str]) -> None:
    lab, stems = served
    folder = lab.source
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {stem: pool.submit(_collect, lab, stem, info.split("\t")[0])
                   for stem, info in stems.items()}
        snaps = {stem: future.result() for stem, future in futures.items()}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: dict[str, list[str]] = defaultdict(list)
    unpublished_regressions = []
    wrong: list[str] = []  # probe readings that are not what the recording publishes
    unstated: list[str] = []  # temperatures whose device does not publish its unit
    for stem, snap in snaps.items():
        category, name = stems[stem].split("\t")
        row = counts[category]
        row["files"] += 1
        ups = snap.ups.data
        temps = [s for s in snap.sensors.data or []
                 if s.kind == "temperature" and s.value is not None]
        humid = [s for s in snap.sensors.data or []
                 if s.kind == "humidity" and s.value is not None]
        ups_ok = bool(ups and ups.battery_status and ups.charge_pct is not None)
        row["facts"] += snap.facts.status.value == "ok"
        row["ups status+charge"] += ups_ok
        row["ups load"] += bool(ups and ups.output_load_pct is not None)
        row["temperature"] += bool(temps)
        row["humidity"] += bool(humid)
        row["interfaces"] += bool(snap.interfaces.data)
        row["cpu"] += bool(snap.cpu.data)
        row["memory"] += bool(snap.memory.data)
        row["inventory"] += bool(snap.inventory.data)
        if category == "snmp:ups" and name in NOT_PUBLISHED:
            row["not published"] += 1
            field = NOT_PUBLISHED[name][0]
            if not (ups and getattr(ups, field) not in (None, "", [])):
                unpublished_regressions.append(f"{name}: no {field}")
        elif category == "snmp:ups" and not ups_ok:
            misses[category].append(name)
        if category == "snmp:env_sensor" and not temps:
            misses[category].append(name)
        if category == "snmp:env_sensor":
            wrong += _not_published(folder / f"{stem}.snmprec", name, [*temps, *humid])
            unstated += [f"{name}: {s.name}" for s in temps if unit_unstated(s)]
    ups_row, probe_row = counts["snmp:ups"], counts["snmp:env_sensor"]
    with capsys.disabled():
        _print_coverage(counts, misses, unstated)
    assert not unpublished_regressions, unpublished_regressions
    assert not wrong, "\n".join(wrong)
    publishing = ups_row["files"] - ups_row["not published"]
    assert ups_row["ups status+charge"] >= UPS_GATE * publishing, (
        f"UPS {ups_row['ups status+charge']}/{publishing} with battery status and charge "
        f"(gate {UPS_GATE:.0%}): {misses['snmp:ups']}")
    assert probe_row["temperature"] >= PROBE_GATE * probe_row["files"], (
        f"probes {probe_row['temperature']}/{probe_row['files']} with a temperature "
        f"(gate {PROBE_GATE:.0%}): {misses['snmp:env_sensor']}")
