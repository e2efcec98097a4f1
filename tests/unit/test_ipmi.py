"""The IPMI collector offline: command lines, secrets, cipher-suite fallback, failures."""

from __future__ import annotations

import pytest

from inspector.inventory import Host, IpmiOptions
from inspector.parsing.normalizers.ipmi import vendor_name
from inspector.parsing.platforms import get_platform
from inspector.transports import ipmi
from inspector.transports.guard import UnsafeCommandError, check_command
from inspector.transports.ipmi import Result, collect_device, ipmitool_argv, ipmitool_env

SECRET = "S3cret-ipmi!"  # noqa: S105 - a test password


def _host(monkeypatch: pytest.MonkeyPatch, **ipmi_options: object) -> Host:
    monkeypatch.setenv("TEST_IPMI_PASSWORD", SECRET)
    return Host(name="srv1", host="10.0.0.9", platform="ipmi", username="admin",
                password="env:TEST_IPMI_PASSWORD",  # noqa: S106 - a reference
                ipmi=IpmiOptions(**ipmi_options))


class FakeBmc:
    """Answers like ipmitool would; records every argv and environment it was given."""

    def __init__(self, refuse_suites: tuple[int, ...] = (), timeouts: int = 0) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []
        self.refuse_suites = refuse_suites
        self.timeouts = timeouts

    def __call__(self, argv: list[str], env: dict[str, str], timeout: float) -> Result:
        self.calls.append((argv, env))
        suite = int(argv[argv.index("-C") + 1])
        if suite in self.refuse_suites:
            return Result(stderr="Error in open session response message : invalid "
                                 "authentication algorithm\nError: Unable to establish "
                                 "IPMI v2 / RMCP+ session", returncode=1)
        if self.timeouts:
            self.timeouts -= 1
            return Result(timed_out=True, returncode=-1)
        return Result(stdout=f"output of {' '.join(argv[argv.index('-R') + 2:])}\n")


def test_the_password_is_never_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    bmc = FakeBmc()
    recording = collect_device(_host(monkeypatch), runner=bmc)
    assert recording.error is None and bmc.calls
    for argv, env in bmc.calls:
        assert SECRET not in " ".join(argv)
        assert "-P" not in argv and "-E" in argv
        assert env["IPMI_PASSWORD"] == SECRET
    assert all(SECRET not in c.output for c in recording.captures)


def test_argv_is_lanplus_with_port_user_and_suite() -> None:
    host = Host(name="s", host="10.0.0.9", platform="ipmi", username="admin")
    argv = ipmitool_argv(host, IpmiOptions(port=6230), 17, "ipmitool sel elist")
    assert argv[:7] == ["ipmitool", "-I", "lanplus", "-H", "10.0.0.9", "-p", "6230"]
    assert argv[argv.index("-C") + 1] == "17"
    assert argv[-2:] == ["sel", "elist"]


def test_environment_is_utc_and_drops_stray_ipmi_variables(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPMITOOL_PASSWORD", "other")
    env = ipmitool_env("pw")
    assert env["TZ"] == "UTC" and env["IPMI_PASSWORD"] == "pw"  # noqa: S105
    assert "IPMITOOL_PASSWORD" not in env


def test_every_definition_command_is_collected_once(monkeypatch: pytest.MonkeyPatch) -> None:
    recording = collect_device(_host(monkeypatch), runner=FakeBmc())
    commands = [c.command for c in recording.captures]
    assert sorted(commands) == sorted(["ipmitool fru print", "ipmitool mc info",
                                       "ipmitool sel elist", "ipmitool sel info",
                                       "ipmitool sensor list", "ipmitool chassis status"])


def test_cipher_suites_fall_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    bmc = FakeBmc(refuse_suites=(3,))
    recording = collect_device(_host(monkeypatch, cipher_suites=[3, 17]), runner=bmc)
    assert recording.error is None
    suites = [argv[argv.index("-C") + 1] for argv, _ in bmc.calls]
    assert suites[:2] == ["3", "17"] and set(suites[2:]) == {"17"}  # settled on 17


def test_no_session_with_any_suite_is_a_device_error(monkeypatch: pytest.MonkeyPatch) -> None:
    bmc = FakeBmc(refuse_suites=(3, 17))
    recording = collect_device(_host(monkeypatch), runner=bmc)
    assert recording.captures == []
    assert recording.error is not None and "no IPMI session with 10.0.0.9:623" in \
        recording.error
    assert len(bmc.calls) == 2  # a refused session is never retried (account lockout)


def test_a_timeout_is_retried_then_the_alternative_is_tried(
        monkeypatch: pytest.MonkeyPatch) -> None:
    host = _host(monkeypatch, retries=1)
    bmc = FakeBmc()
    captures: dict[str, str | None] = {}

    def slow_sensor_list(argv: list[str], env: dict[str, str], timeout: float) -> Result:
        if argv[-2:] == ["sensor", "list"]:
            bmc.calls.append((argv, env))
            return Result(timed_out=True, returncode=-1)
        return bmc(argv, env, timeout)

    for capture in collect_device(host, runner=slow_sensor_list).captures:
        captures[capture.command] = capture.error
    assert "no complete answer within 10 s (after 2 attempts)" in str(
        captures["ipmitool sensor list"])
    assert captures["ipmitool sdr elist full"] is None


def test_missing_ipmitool_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ipmi.shutil, "which", lambda _: None)
    recording = collect_device(_host(monkeypatch))
    assert recording.error is not None and "apt-get install ipmitool" in recording.error


def test_unresolvable_password_is_a_device_error() -> None:
    host = Host(name="s", host="10.0.0.9", platform="ipmi", username="admin",
                password="env:NO_SUCH_VARIABLE_FOR_IPMI")  # noqa: S106
    recording = collect_device(host, runner=FakeBmc())
    assert recording.error is not None and recording.error.startswith("credentials:")


@pytest.mark.parametrize("command", [
    "ipmitool chassis power off", "ipmitool chassis power cycle", "ipmitool sel clear",
    "ipmitool mc reset cold", "ipmitool raw 0x06 0x01", "ipmitool lan set 1 ipaddr 1.2.3.4",
    "ipmitool user set password 2 x", "ipmitool sensor thresh FAN1 lcr 100",
    "ipmitool sdr elist full; ipmitool chassis power off", "ipmitool fru write 0 x.bin",
    "ipmitool sensor list | tee x", "ipmitool", "ipmitool sensor",
])
def test_the_guard_refuses_every_other_ipmitool_command(command: str) -> None:
    with pytest.raises(UnsafeCommandError, match="refused to send"):
        check_command(get_platform("ipmi"), command)


def test_the_guard_passes_the_read_only_subcommands() -> None:
    platform = get_platform("ipmi")
    for command in platform.commands():
        assert check_command(platform, command) == command


@pytest.mark.parametrize(("raw", "vendor"), [
    ("DELL", "Dell"), ("DELL Inc", "Dell"), ("Hewlett-Packard", "HPE"), ("HPE", "HPE"),
    ("Inspur(BeiJing) Electronic Information Industry Co.,Ltd", "Inspur"),
    ("Huawei Technologies Co., Ltd.", "Huawei"), ("Super Micro Computer Inc.", "Supermicro"),
    ("Lenovo", "Lenovo"), ("To be filled by O.E.M.", None), ("Acme", "Acme"),
])
def test_vendor_names_are_canonical(raw: str, vendor: str | None) -> None:
    assert vendor_name(raw) == vendor
