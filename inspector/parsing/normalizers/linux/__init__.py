"""Linux hosts (RHEL/CentOS/Rocky, Kylin, UOS, Ubuntu/Debian): the outputs of the exact
commands transports/guard.py allows, read through parsing/definitions/linux.yaml."""

from __future__ import annotations

from inspector.parsing.normalizers.common import Normalizer
from inspector.parsing.normalizers.linux import raid, storage, system

NORMALIZERS: dict[str, Normalizer] = {
    "hostname": system.hostname,
    "os_release": system.os_release,
    "uptime": system.uptime,
    "kernel": system.kernel,
    "cpu_count": system.cpu_count,
    "loadavg": system.loadavg,
    "meminfo": system.meminfo,
    "swap": system.swap,
    "failed_units": system.failed_units,
    "chrony": system.chrony,
    "ntpq": system.ntpq,
    "timedatectl": system.timedatectl,
    "journal": system.journal,
    "dmesg": system.dmesg,
    "rpm_last": system.rpm_last,
    "dpkg_status": system.dpkg_status,
    "df_bytes": storage.df_bytes,
    "df_inodes": storage.df_inodes,
    "mdstat": storage.mdstat,
    "smart": storage.smart,
    "bonding": storage.bonding,
    "storcli_controllers": raid.storcli_controllers,
    "storcli_volumes": raid.storcli_volumes,
    "storcli_disks": raid.storcli_disks,
    "ssacli_status": raid.ssacli_status,
    "ssacli_config": raid.ssacli_config,
    "multipath": raid.multipath,
}
