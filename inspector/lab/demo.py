"""The lab as the demo and `inspector lab serve` use it: start the simulated devices (SSH,
SNMP, IPMI), describe them as inventory hosts, stop them.

Credentials are references, as in a real inventory: the lab's made-up passwords and
communities are put in the environment variables the hosts name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

from inspector.errors import ConfigurationError
from inspector.inventory import Host, LinuxOptions, SnmpOptions, Transport
from inspector.lab.ipmisim import IpmiSim, IpmiSimUnavailable
from inspector.lab.legacy import legacy_hosts, old_devices
from inspector.lab.profiles import profiles
from inspector.lab.redfish import RedfishBmc, lab_bmcs
from inspector.lab.snmpagent import SnmpLab, SnmpLabError
from inspector.lab.sshserver import Lab, LabDevice, lab_devices

PASSWORD_ENV = "INSPECTOR_LAB_PASSWORD"  # noqa: S105 - a variable name, not a secret
BMC_PASSWORD_ENV = "INSPECTOR_LAB_IPMI_PASSWORD"  # noqa: S105 - a variable name
DEMO_PASSWORD_ENV = "INSPECTOR_DEMO_PASSWORD"  # noqa: S105 - a variable's name, not a secret
REDFISH_PASSWORD_ENV = "INSPECTOR_LAB_REDFISH_PASSWORD"  # noqa: S105 - a variable's name
REDFISH_PORTS = (20443, 20444)  # `inspector lab serve`: the faulty and the healthy BMC

# What the demo's report cover says (a real run takes it from the inventory's `report:`).
DEMO_REPORT = {
    "customer": "示例银行股份有限公司", "site": "模拟实验室 (simulated lab)",
    "provider": "示例运维服务有限公司", "engineer": "演示工程师", "report_no": "DEMO-0001",
    "customer_rep": "",
}


def community_env(community: str) -> str:
    """The environment variable holding a lab device's community (inventories refer to
    communities by reference, like passwords)."""
    return "INSPECTOR_LAB_SNMP_" + community.upper().replace("-", "_")


def bmc_host(bmc: IpmiSim) -> Host:
    """The simulated BMC as an inventory host (its password set where the reference
    points)."""
    os.environ[BMC_PASSWORD_ENV] = bmc.password
    (name, entry), = bmc.inventory_entry(password_ref=f"env:{BMC_PASSWORD_ENV}").items()
    return Host.model_validate({"name": name, **entry, "site": "Lab", "room": "Lab room 1"})


def redfish_hosts(bmcs: list[RedfishBmc]) -> list[Host]:
    """The Redfish BMCs as inventory hosts, their certificates pinned (the password set
    where the reference points)."""
    hosts = []
    for bmc in bmcs:
        os.environ[REDFISH_PASSWORD_ENV] = bmc.password
        (name, entry), = bmc.inventory_entry(f"env:{REDFISH_PASSWORD_ENV}").items()
        hosts.append(Host.model_validate({"name": name, **entry, "site": "Lab",
                                          "room": "Lab room 1"}))
    return hosts


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


def ssh_hosts(lab: Lab, devices: list[LabDevice], password_env: str) -> list[Host]:
    """The SSH lab's devices as inventory hosts, with their profiles' role, site and model."""
    return [
        Host(name=d.name, host=lab.host, platform=d.platform, username=d.username,
             password=f"env:{password_env}", role=p.role, site=p.site, room=p.room,
             model=p.model, transport=Transport(port=d.port, retries=0, conn_timeout=10,
                                                read_timeout=30, host_keys="off"),
             linux=LinuxOptions(permit=p.linux_permit) if p.linux_permit else None)
        for d, (p, _) in zip(devices, profiles(), strict=True)
    ]


@dataclass
class DemoLab:
    """The running lab of `inspector demo`."""

    hosts: list[Host]  # every simulated device, as the inventory of the demo's run
    address: str  # where the devices listen
    without_bmc: str | None  # why the server's BMC is not simulated here, when it is not


@contextlib.contextmanager
def demo_lab() -> Iterator[DemoLab]:
    """Start every simulated device on free ports with a fresh password; stop them on exit.
    The BMC needs OpenIPMI's simulator: without it the demo goes on without the server."""
    password = secrets.token_urlsafe(12)
    os.environ[DEMO_PASSWORD_ENV] = password
    devices = lab_devices(password=password)
    # Old access switches that speak only SHA-1 key exchanges, ssh-rsa and CBC.
    old = old_devices(devices)
    with contextlib.ExitStack() as stack:
        lab = stack.enter_context(Lab(devices + old))
        snmp_lab = stack.enter_context(SnmpLab())
        hosts = ssh_hosts(lab, devices, DEMO_PASSWORD_ENV) + \
            legacy_hosts(lab, old, DEMO_PASSWORD_ENV) + snmp_hosts(snmp_lab)
        # Servers over Redfish (HTTPS): one with a degraded RAID 5, a failing drive and an
        # uncorrectable DIMM, one healthy.
        hosts += redfish_hosts(stack.enter_context(lab_bmcs(secrets.token_urlsafe(12))))
        without_bmc = None
        try:
            hosts.append(bmc_host(stack.enter_context(IpmiSim())))
        except IpmiSimUnavailable as exc:
            without_bmc = str(exc)
        yield DemoLab(hosts=hosts, address=lab.host, without_bmc=without_bmc)


@dataclass
class ServedLab:
    """The lab `inspector lab serve` runs on fixed ports."""

    devices: list[LabDevice]  # the SSH devices
    snmp: SnmpLab
    bmc: IpmiSim | None  # None: the simulator cannot run here (`without_bmc` says why)
    without_bmc: str | None
    redfish: list[RedfishBmc] = field(default_factory=list)  # the Redfish BMCs (HTTPS)

    def exports(self) -> list[str]:
        """`VAR=value` for each credential an inventory of the lab refers to."""
        exports = [f"{PASSWORD_ENV}={os.environ.get(PASSWORD_ENV, 'lab')}"] + [
            f"{community_env(d.community)}={d.community}" for d in self.snmp.devices]
        if self.bmc is not None:
            exports.append(f"{BMC_PASSWORD_ENV}={self.bmc.password}")
        exports += [f"{REDFISH_PASSWORD_ENV}={b.password}" for b in self.redfish[:1]]
        return exports


def _start_bmc(port: int) -> tuple[IpmiSim | None, str | None]:
    try:
        bmc = IpmiSim(port=port, password=os.environ.get(BMC_PASSWORD_ENV, "lab-ipmi"))
        bmc.start()
    except (OSError, IpmiSimUnavailable) as exc:
        return None, str(exc)
    return bmc, None


@contextlib.contextmanager
def served_lab(base_port: int, snmp_port: int, ipmi_port: int) -> Iterator[ServedLab]:
    """Start the lab on fixed ports (SSH devices from `base_port` on, SSH password from
    $INSPECTOR_LAB_PASSWORD, default `lab`); stop it on exit. Raises ConfigurationError
    when a port cannot be used."""
    devices = lab_devices(password=os.environ.get(PASSWORD_ENV, "lab"))
    with contextlib.ExitStack() as stack:
        try:
            lab = Lab(devices, base_port=base_port).start()
        except OSError as exc:
            raise ConfigurationError(f"cannot listen from port {base_port}: {exc}") from None
        stack.callback(lab.stop)
        try:
            snmp = SnmpLab(port=snmp_port).start()
        except (OSError, SnmpLabError) as exc:
            raise ConfigurationError(
                f"cannot start the SNMP agent on {snmp_port}: {exc}") from None
        stack.callback(snmp.stop)
        bmc, without_bmc = _start_bmc(ipmi_port)
        if bmc is not None:
            stack.callback(bmc.stop)
        password = os.environ.get(REDFISH_PASSWORD_ENV, "lab-redfish")
        redfish = [RedfishBmc(name=name, profile=profile, port=port, password=password)
                   for (name, profile), port in zip(
                       (("bj-srv-2288hv6", "faulty"), ("sh-srv-nf5280m6", "healthy")),
                       REDFISH_PORTS, strict=True)]
        for server in redfish:
            try:
                stack.enter_context(server)
            except OSError as exc:
                raise ConfigurationError(
                    f"cannot serve Redfish on {server.port}: {exc}") from None
        yield ServedLab(devices=devices, snmp=snmp, bmc=bmc, without_bmc=without_bmc,
                        redfish=redfish)
