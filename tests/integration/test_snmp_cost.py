"""What an SNMP device costs the collector, against the lab's agent (snmpsim): few requests
(columns walked together, scalars joined), exactly the lab's values in every walked
column, devices collected side by side over the process's one engine, and a cut that ends
a device waiting on a silent agent at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from inspector.inventory import Host, SnmpOptions
from inspector.lab.snmpagent import LAB_DEVICES, LAB_SNMP, SnmpLab
from inspector.parsing.snmprec import oid_key
from inspector.transports import cutoff
from inspector.transports.snmp import collect_device
from inspector.transports.snmp_engine import Target

pytestmark = pytest.mark.filterwarnings(
    r"ignore:add(Sources|Searchers|Borrowers) is deprecated:DeprecationWarning")

# Before: one GET per profile (10 OIDs) and one GETBULK per column, 48-70 per lab device.
MOST_REQUESTS = 12


@pytest.fixture(scope="module")
def lab() -> Iterator[SnmpLab]:
    with SnmpLab() as running:
        yield running


def _host(lab_port: int, community: str, name: str, monkeypatch: pytest.MonkeyPatch,
          **snmp: object) -> Host:
    variable = "SNMP_COST_" + community.upper().replace("-", "_")
    monkeypatch.setenv(variable, community)
    return Host(name=name, host="127.0.0.1", platform="snmp", snmp=SnmpOptions.model_validate(
        {"port": lab_port, "community": f"env:{variable}", "timeout": 2, "retries": 0,
         **snmp}))


def _recorded(community: str) -> list[str]:
    """The OIDs of the lab's data file, as the agent serves them (in OID order)."""
    lines = (LAB_SNMP / f"{community}.snmprec").read_text().splitlines()
    return sorted((line.split("|", 1)[0] for line in lines if "|" in line), key=oid_key)


@pytest.mark.parametrize("version", ["2c", "1"])
def test_few_requests_and_every_walked_column_complete(
        lab: SnmpLab, monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    sent: list[int] = []
    original = Target._send  # counted, not changed

    async def counted(self: Target, *args: Any, **kwargs: Any) -> Any:
        sent.append(1)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(Target, "_send", counted)
    for device in LAB_DEVICES:
        sent.clear()
        rec = collect_device(_host(lab.port, device.community, device.name, monkeypatch,
                                   version=version))
        assert rec.error is None
        assert not [c.error for c in rec.captures if c.error]
        limit = MOST_REQUESTS if version == "2c" else 50  # v1: GETNEXT, a retry per end
        assert len(sent) <= limit, (device.name, len(sent))
        recorded = _recorded(device.community)
        for capture in rec.captures:
            verb, *oids = capture.command.split()
            got = [line.split("|", 1)[0] for line in capture.output.splitlines()]
            if verb == "snmpwalk":
                root = oids[0] + "."
                assert got == [o for o in recorded if o.startswith(root)], capture.command


def test_devices_side_by_side_share_the_engine_and_get_their_own_answers(
        lab: SnmpLab, monkeypatch: pytest.MonkeyPatch) -> None:
    hosts = [_host(lab.port, d.community, f"{d.name}-{n}", monkeypatch)
             for n in range(3) for d in LAB_DEVICES]
    alone = {h.name: collect_device(h) for h in hosts[:len(LAB_DEVICES)]}
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(collect_device, hosts))
    for rec in together:
        first = alone[rec.device.name.rsplit("-", 1)[0] + "-0"]
        assert rec.error is None
        # sysUpTime moves between two collections; everything else is the same
        assert [(c.command, c.output) for c in rec.captures[1:]] == \
            [(c.command, c.output) for c in first.captures[1:]]


def test_a_cut_ends_a_device_waiting_on_a_silent_agent(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))  # takes requests, never answers
        host = _host(silent.getsockname()[1], "lab-ups-online", "silent", monkeypatch,
                     timeout=30)
        scope = cutoff.Scope()
        result: dict[str, Any] = {}

        def collect() -> None:
            with cutoff.entered(scope):
                result["rec"] = collect_device(host)

        worker = threading.Thread(target=collect)
        started = time.monotonic()
        worker.start()
        time.sleep(0.5)
        scope.cut("the run's deadline of 1 s was reached")
        worker.join(timeout=10)
        assert not worker.is_alive()
        assert time.monotonic() - started < 5
    assert result["rec"].error == "run interrupted"
