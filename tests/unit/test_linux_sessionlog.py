"""A Linux shell's session log (an engineer's terminal, root or not) imports as a Linux
host: its prompt names the host, the commands typed are read as the live run reads them."""

from __future__ import annotations

from pathlib import Path

from inspector.model import FamilyStatus
from inspector.parsing.builders import build_snapshot
from inspector.parsing.sessionlog import read_session_log

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linux"


def _output(family: str, case: str, stem: str) -> str:
    return (FIXTURES / family / case / f"{stem}.txt").read_text(encoding="utf-8")


def test_an_unprivileged_shell_log_imports_as_a_linux_host(tmp_path: Path) -> None:
    log = tmp_path / "web01.log"
    typed = [
        ("uname -n", "web01\n"),
        ("df -P -T -B1", _output("filesystems", "rhel8_var_full", "df_-P_-T_-B1")),
        ("systemctl --failed --no-legend --plain",
         _output("services", "rhel8_kdump_rsyslog", "systemctl_--failed_--no-legend_--plain")),
    ]
    log.write_text("Last login: Sat Nov 21 09:12:01 2026 from 10.0.0.5\n" + "".join(
        f"ops@web01:~$ {command}\n{output}" for command, output in typed)
        + "ops@web01:~$ exit\n", encoding="utf-8")
    imported = read_session_log(log)
    assert imported.device.platform == "linux"
    assert imported.device.kind == "server-os"
    assert imported.device.name == "web01"
    snapshot = build_snapshot(imported.device, imported.captures)
    assert snapshot.filesystems.status is FamilyStatus.OK
    assert [f.utilization_pct for f in snapshot.filesystems.data or [] if f.mount == "/var"] \
        == [96.0]
    assert [s.name for s in snapshot.services.data or []] == ["kdump.service",
                                                              "rsyslog.service"]


def test_a_root_shell_log_on_debian_style_prompts(tmp_path: Path) -> None:
    log = tmp_path / "uos.log"
    log.write_text("root@uos-app03:~# cat /etc/os-release\n"
                   + _output("facts", "uos20_app03", "cat_%2Fetc%2Fos-release")
                   + "root@uos-app03:~# cat /proc/meminfo\n"
                   + _output("memory", "centos6_no_memavailable", "cat_%2Fproc%2Fmeminfo"),
                   encoding="utf-8")
    imported = read_session_log(log)
    assert (imported.device.platform, imported.device.name) == ("linux", "uos-app03")
    snapshot = build_snapshot(imported.device, imported.captures)
    assert snapshot.facts.data is not None
    assert snapshot.facts.data.os_version == "UnionTech OS Server 20"
    assert snapshot.memory.status is FamilyStatus.OK
