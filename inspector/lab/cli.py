"""`inspector lab`: run the simulated devices for manual exploring."""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from inspector.inventory import Host, SnmpOptions
from inspector.lab.ipmisim import IpmiSim, IpmiSimUnavailable
from inspector.lab.snmpagent import SnmpLab, SnmpLabError
from inspector.lab.sshserver import Lab, lab_devices

DEMO_BASE_PORT = 20001  # inventories/demo.yaml points here
DEMO_SNMP_PORT = 20161
DEMO_IPMI_PORT = 20623


def community_env(community: str) -> str:
    """The environment variable holding a lab device's community (inventories refer to
    communities by reference, like passwords)."""
    return "INSPECTOR_LAB_SNMP_" + community.upper().replace("-", "_")


BMC_PASSWORD_ENV = "INSPECTOR_LAB_IPMI_PASSWORD"  # noqa: S105 - a variable name


def bmc_host(bmc: IpmiSim) -> Host:
    """The simulated BMC as an inventory host (its password set where the reference
    points)."""
    os.environ[BMC_PASSWORD_ENV] = bmc.password
    (name, entry), = bmc.inventory_entry(password_ref=f"env:{BMC_PASSWORD_ENV}").items()
    return Host.model_validate({"name": name, **entry, "site": "Lab", "room": "Lab room 1"})


def snmp_hosts(lab: SnmpLab) -> list[Host]:
    """The SNMP lab's devices as inventory hosts (their communities set in the environment,
    where the references point)."""
    hosts = []
    for device in lab.devices:
        os.environ[community_env(device.community)] = device.community
        hosts.append(Host(name=device.name, host=lab.host, platform="snmp", role=device.role,
                          site=device.site, room=device.room, model=device.model,
                          snmp=SnmpOptions(port=lab.port,
                                           community=f"env:{community_env(device.community)}",
                                           timeout=2, retries=1)))
    return hosts
PASSWORD_ENV = "INSPECTOR_LAB_PASSWORD"  # noqa: S105 - a variable name, not a secret

# What the demo's report cover says (a real run takes it from the inventory's `report:`).
DEMO_REPORT = {
    "customer": "示例银行股份有限公司", "site": "模拟实验室 (simulated lab)",
    "provider": "示例运维服务有限公司", "engineer": "演示工程师", "report_no": "DEMO-0001",
    "customer_rep": "",
}

lab_app = typer.Typer(help="The simulated device lab on 127.0.0.1.", no_args_is_help=True)


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
    devices = lab_devices(password=os.environ.get(PASSWORD_ENV, "lab"))
    console = Console()
    try:
        lab = Lab(devices, base_port=base_port).start()
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot listen from port {base_port}: {exc}")
        raise typer.Exit(3) from None
    try:
        snmp = SnmpLab(port=snmp_port).start()
    except (OSError, SnmpLabError) as exc:
        lab.stop()
        console.print(f"[red]error:[/red] cannot start the SNMP agent on {snmp_port}: {exc}")
        raise typer.Exit(3) from None
    bmc: IpmiSim | None = None
    try:
        bmc = IpmiSim(port=ipmi_port, password=os.environ.get(BMC_PASSWORD_ENV, "lab-ipmi"))
        bmc.start()
    except (OSError, IpmiSimUnavailable) as exc:
        console.print(f"[yellow]no simulated BMC:[/yellow] {exc}")
        bmc = None
    table = Table(title="lab devices (ssh inspector@127.0.0.1 -p PORT; SNMP on udp PORT)")
    for column in ("device", "platform", "port", "SNMP community"):
        table.add_column(column)
    for device in devices:
        table.add_row(device.name, device.platform, str(device.port), "")
    for snmp_device in snmp.devices:
        table.add_row(snmp_device.name, "snmp", str(snmp.port), snmp_device.community)
    if bmc is not None:
        table.add_row("bj-srv-nf5280m6", "ipmi", str(bmc.port), "")
    console.print(table)
    exports = [f"{PASSWORD_ENV}={os.environ.get(PASSWORD_ENV, 'lab')}"] + [
        f"{community_env(d.community)}={d.community}" for d in snmp.devices]
    if bmc is not None:
        exports.append(f"{BMC_PASSWORD_ENV}={bmc.password}")
    console.print("in the other terminal, set the lab's (made-up) credentials first:\n"
                  f"export {' '.join(exports)}", highlight=False, soft_wrap=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        console.print("stopping the lab")
    finally:
        if bmc is not None:
            bmc.stop()
        snmp.stop()
        lab.stop()
