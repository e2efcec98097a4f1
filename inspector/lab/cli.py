"""`inspector lab`: run the simulated devices for manual exploring."""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from inspector.lab.sshserver import Lab, lab_devices

DEMO_BASE_PORT = 20001  # inventories/demo.yaml points here
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
    table = Table(title="lab devices (ssh inspector@127.0.0.1 -p PORT)")
    for column in ("device", "platform", "port"):
        table.add_column(column)
    for device in devices:
        table.add_row(device.name, device.platform, str(device.port))
    console.print(table)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        console.print("stopping the lab")
    finally:
        lab.stop()
