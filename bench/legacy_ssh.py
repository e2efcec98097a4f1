"""One device's session time on each SSH path: a modern device over the default path (as
before `legacy_algorithms` existed: nothing changed on that path) and over the legacy one,
and an old device (group1-sha1, ssh-rsa, CBC) over the legacy one. Sequential sessions
against the lab in this process, medians of R repeats; a few seconds in all.

    .venv/bin/python bench/legacy_ssh.py            # 10 repeats
    .venv/bin/python bench/legacy_ssh.py --repeats 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import PASSWORD_ENV, load, print_table, write_results

from inspector.inventory import Host, Transport
from inspector.lab.legacy import old_devices
from inspector.lab.sshserver import Lab, LabDevice, lab_devices
from inspector.transports.ssh import collect_device


def _host(device: LabDevice, legacy: bool) -> Host:
    return Host(name=device.name, host="127.0.0.1", platform=device.platform,
                username=device.username, password=f"env:{PASSWORD_ENV}",
                transport=Transport(port=device.port, retries=0, conn_timeout=10,
                                    read_timeout=30, host_keys="off",
                                    legacy_algorithms=legacy))


def _median_s(host: Host, repeats: int) -> tuple[float, int]:
    times, captures = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        recording = collect_device(host)
        times.append(time.perf_counter() - started)
        if recording.error is not None:
            raise SystemExit(f"{host.name}: {recording.error}")
        captures = len(recording.captures)
    return statistics.median(times), captures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=10)
    repeats = parser.parse_args().repeats
    os.environ[PASSWORD_ENV] = "bench"
    modern = lab_devices(password="bench", names=["bj-acc-c2960x"])  # noqa: S106 - the lab
    old = old_devices(modern)[:1]
    rows = []
    with Lab(modern + old):
        for label, device, legacy in (("modern, default path", modern[0], False),
                                      ("modern, legacy_algorithms", modern[0], True),
                                      ("old (group1-sha1), legacy_algorithms", old[0], True)):
            median, captures = _median_s(_host(device, legacy), repeats)
            rows.append([label, captures, f"{median:.3f}"])
    print_table(f"SSH session per device, median of {repeats} (load {load()})",
                ["case", "captures", "seconds"], rows)
    write_results("legacy_ssh", {"repeats": repeats, "rows": rows})


if __name__ == "__main__":
    main()
