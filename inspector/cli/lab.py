"""`inspector lab serve` and `inspector demo`: the commands that start the simulated lab.

The lab (SSH, SNMP and IPMI servers) is imported inside these commands only: no other
command, nor `--help`, pays for loading it.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from inspector.baseline import check_settings
from inspector.cli.common import (
    FormatOption,
    HistoryPathOption,
    LangOption,
    NoHistoryOption,
    OutOption,
    RunIdOption,
    command_group,
    console,
)
from inspector.cli.results import live, summary, write_reports
from inspector.pipeline import replay
from inspector.report.stored import DEFAULT_FORMATS

DEMO_BASE_PORT = 20001  # inventories/demo.yaml points here
DEMO_SNMP_PORT = 20161
DEMO_IPMI_PORT = 20623

lab_app = command_group("The simulated device lab on 127.0.0.1.")


@lab_app.command("serve")
def serve(
    base_port: Annotated[int, typer.Option(help="Port of the first device; the rest follow.")]
    = DEMO_BASE_PORT,
    snmp_port: Annotated[int, typer.Option(help="UDP port of the SNMP agent.")]
    = DEMO_SNMP_PORT,
    ipmi_port: Annotated[int, typer.Option(help="UDP port of the simulated BMC.")]
    = DEMO_IPMI_PORT,
) -> None:
    """Serve the lab's devices over SSH until Ctrl-C (user `inspector`, password from
    $INSPECTOR_LAB_PASSWORD, default `lab`).

    Example: `inspector lab serve` then, in another terminal,
    `INSPECTOR_LAB_PASSWORD=lab inspector run inventories/demo.yaml`
    """
    from inspector.lab.demo import served_lab  # noqa: PLC0415 - see the module's docstring

    screen = Console()
    # SIGTERM (systemd, `kill`) and SIGHUP stop it like Ctrl-C: the `with` then stops
    # snmpsim and ipmi_sim too, which would otherwise outlive it.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.default_int_handler)
    with served_lab(base_port, snmp_port, ipmi_port) as lab:
        if lab.without_bmc is not None:
            screen.print(f"[yellow]no simulated BMC:[/yellow] {lab.without_bmc}")
        table = Table(title="lab devices (ssh inspector@127.0.0.1 -p PORT; SNMP on udp PORT)")
        for column in ("device", "platform", "port", "SNMP community"):
            table.add_column(column)
        for device in lab.devices:
            table.add_row(device.name, device.platform, str(device.port), "")
        for snmp_device in lab.snmp.devices:
            table.add_row(snmp_device.name, "snmp", str(lab.snmp.port), snmp_device.community)
        if lab.bmc is not None:
            table.add_row("bj-srv-nf5280m6", "ipmi", str(lab.bmc.port), "")
        for server in lab.redfish:
            table.add_row(server.name, "redfish", str(server.port), "")
        screen.print(table)
        screen.print("in the other terminal, set the lab's (made-up) credentials first:\n"
                     f"export {' '.join(lab.exports())}", highlight=False, soft_wrap=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            screen.print("stopping the lab")


def demo_command(
    out: OutOption = Path("reports"),
    run_id: RunIdOption = "demo",
    replay_only: Annotated[bool, typer.Option(
        "--replay", help="Replay the lab's recorded bundle instead of the live lab.")] = False,
    history: HistoryPathOption = None,
    no_history: NoHistoryOption = False,
    lang: LangOption = "zh",
    formats: FormatOption = DEFAULT_FORMATS,
) -> None:
    """Start the simulated lab, inspect it over SSH, write the run folder and its reports,
    stop the lab."""
    # See the module's docstring.
    from inspector.lab.demo import DEMO_REPORT, demo_lab  # noqa: PLC0415
    from inspector.lab.profiles import LAB_BUNDLE, lab_overrides  # noqa: PLC0415

    checks = check_settings(None, None, out=out, history=history, no_history=no_history,
                            overrides=lab_overrides())
    if checks.history is not None:  # the planted configuration change (inspector/lab/archive)
        from inspector.lab.archive import plant_previous_configs  # noqa: PLC0415
        from inspector.lab.profiles import profiles  # noqa: PLC0415

        plant_previous_configs(checks.history, {p.name: p.platform for p, _ in profiles()})
    if replay_only:
        output = replay(LAB_BUNDLE, out, run_id, checks, replace=True)
    else:
        with demo_lab() as lab:
            if lab.without_bmc is not None:
                console.print(f"[yellow]demo without the server BMC:[/yellow] {lab.without_bmc}",
                              highlight=False)
            console.print(f"lab: {len(lab.hosts)} simulated devices on {lab.address} "
                          "(SSH, SNMP, IPMI)", highlight=False)
            output = live(lab.hosts, out, workers=16, run_id=run_id, record=None, mode="demo",
                          source="built-in lab", checks=checks, lang=lang)
    # The lab's faulty devices are meant to show findings, not to fail the demo.
    summary(output, "none", lang)
    write_reports(output, checks, formats=formats, lang=lang, meta=DEMO_REPORT, base_dir=None)
