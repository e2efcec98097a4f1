"""Run the peer tool net-inspect on a folder of session logs; print one JSON line.

Executed by bench/parsing.py with bench/.venv-netinspect/bin/python (net-inspect's
`ntc-templates-elinpf` conflicts with ntc-templates, so it lives in its own venv).
Uses its Python API as its README shows: the `console` input plugin splits each log,
`run_parse` parses with its TextFSM templates, `run_analysis` judges CPU, memory, fans and
power. Timed: the whole input + parse + analysis of the folder, in this process.

net-inspect parses lazily: `run_parse` wraps each command in a deferred call, and only
the outputs its fields and analysis read (version, CPU, memory, fans, power, ...) are ever
parsed. `elapsed_all_s` adds the time to parse the rest too (every command it has a
template for, as inspector does for its report): the like-for-like parsing figure.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time


def main() -> None:
    folder = sys.argv[1]
    started = time.perf_counter()
    from net_inspect import NetInspect  # noqa: PLC0415
    from net_inspect.logger import logger  # noqa: PLC0415

    logger.remove()  # its loguru sink prints a line per device otherwise
    logging.disable(logging.CRITICAL)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    net = NetInspect()
    net.set_plugins(input_plugin="console")
    net.run_input(folder)
    net.run_parse()
    net.run_analysis()
    elapsed = time.perf_counter() - started
    for device in net.cluster.devices:
        for cmd in device.cmds.values():
            _ = cmd.parse_result  # runs the deferred parse; a failed one is an empty list
    elapsed_all = time.perf_counter() - started
    devices = []
    for device in net.cluster.devices:
        info = device.info
        analysis = info.analysis
        devices.append({
            "file": info.file_path, "hostname": info.hostname, "vendor": info.vendor,
            "model": info.model, "version": info.version,
            "serial": [list(s) for s in info.sn], "cpu": info.cpu_usage,
            "memory": info.memory_usage,
            "fan_abnormal": None if analysis is None else analysis.fan,
            "power_abnormal": None if analysis is None else analysis.power,
        })
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"import_s": imported, "elapsed_s": elapsed,
                      "elapsed_all_s": elapsed_all, "devices": devices,
                      "peak_rss_mib": ru.ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
