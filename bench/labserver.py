"""Serve N simulated SSH devices (clones of the built-in lab) from this process.

Run by the benchmarks as a separate process, so that the lab's event loop and the
collector's threads do not share one GIL: the collector is what is measured.

    python bench/labserver.py --count 200 --latency 0.1 [--base-port 0]

Prints one JSON line on stdout once every device listens:
{"host": "127.0.0.1", "password": "...", "devices": [{"name", "platform", "port", "profile"}]}
then serves until stdin closes (the parent exits) or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import signal
import sys
import threading

from inspector.lab.sshserver import Behaviour, Lab, LabDevice, clone, lab_devices


def clones(count: int, latency_s: float, password: str) -> list[LabDevice]:
    """`count` devices, round-robin over the lab's profiles, each with a unique name."""
    base = lab_devices(password=password)
    devices = []
    for number in range(count):
        original = base[number % len(base)]
        # At most 16 characters: netmiko cuts a Cisco IOS base prompt to 16 characters,
        # and the collector's prompt pattern then never matches a longer hostname.
        device = clone(original, f"{original.name[:10]}-{number:04d}")
        device.behaviour = Behaviour(latency_s=latency_s)
        devices.append(device)
    return devices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per command")
    parser.add_argument("--base-port", type=int, default=0,
                        help="first port (default 0: one free port per device, from the OS)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # a dropped session is not news here
    password = secrets.token_urlsafe(12)
    devices = clones(args.count, args.latency, password)
    base_names = [d.name for d in lab_devices()]
    lab = Lab(devices, base_port=args.base_port).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def watch_stdin() -> None:
        sys.stdin.read()  # returns when the parent closes the pipe or dies
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(json.dumps({"host": lab.host, "password": password, "devices": [
        {"name": d.name, "platform": d.platform, "port": d.port,
         "profile": base_names[i % len(base_names)]}
        for i, d in enumerate(devices)]}), flush=True)
    done.wait()
    lab.stop()


if __name__ == "__main__":
    main()
