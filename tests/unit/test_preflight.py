"""Configuration errors stop a run before any connection; usage errors exit 3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector import credentials
from inspector.cli import app
from inspector.inventory import Host, SnmpOptions, Transport, load_inventory
from inspector.preflight import check_secrets, duplicate_devices

runner = CliRunner()
UNSET = "INSPECTOR_TEST_PREFLIGHT_UNSET"
PROMPT = "prompt"  # references, not secrets
KEYRING = "keyring:inspector/ops"


@pytest.fixture(autouse=True)
def _fresh_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "_prompted", {})
    monkeypatch.delenv(UNSET, raising=False)


def _switch(name: str = "sw1", **fields: object) -> Host:
    return Host.model_validate({"name": name, "host": "10.0.0.1", "platform": "huawei_vrp",
                                "username": "ops", **fields})


def test_unset_variable_names_host_and_field() -> None:
    assert check_secrets([_switch(password=f"env:{UNSET}")], "inv.yaml") == [
        f"inv.yaml: host sw1, field password: env:{UNSET} is not set"]


def test_one_line_for_many_hosts_sharing_a_problem() -> None:
    hosts = [_switch(f"sw{i}", password=f"env:{UNSET}") for i in range(5)]
    assert check_secrets(hosts, "inv.yaml") == [
        f"inv.yaml: hosts sw0, sw1, sw2 and 2 more, field password: env:{UNSET} is not set"]


def test_empty_variable_missing_file_and_open_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(UNSET, "")
    shared = tmp_path / "pw"
    shared.write_text("secret\n", encoding="utf-8")
    shared.chmod(0o644)
    hosts = [_switch("a", password=f"env:{UNSET}"),
             _switch("b", password=f"file:{tmp_path / 'none'}"),
             _switch("c", password=f"file:{shared}")]
    problems = check_secrets(hosts, "inv.yaml")
    assert problems[0] == f"inv.yaml: host a, field password: env:{UNSET} is empty"
    assert problems[1].startswith(f"inv.yaml: host b, field password: file:{tmp_path / 'none'}:")
    assert problems[2] == (f"inv.yaml: host c, field password: file:{shared} is readable by "
                           f"others (mode -rw-r--r--); run `chmod 600 {shared}` first")
    shared.chmod(0o600)
    assert check_secrets([hosts[2]], "inv.yaml") == []


def test_absent_keyring_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    class EmptyKeyring:  # the keyring package's interface, with nothing stored
        @staticmethod
        def get_password(service: str, user: str) -> None:
            return None

    monkeypatch.setitem(sys.modules, "keyring", EmptyKeyring)
    assert check_secrets([_switch(password=KEYRING)], "inv.yaml") == [
        "inv.yaml: host sw1, field password: keyring:inspector/ops: no such entry in the "
        "keyring"]


def test_unknown_scheme_is_refused_by_name() -> None:
    with pytest.raises(credentials.CredentialError, match="unknown secret reference scheme"):
        credentials.lookup("vault:x")


def test_each_transport_is_checked_for_what_it_uses() -> None:
    bad = f"env:{UNSET}"
    ssh = _switch("sw", password=PROMPT, enable=bad,
                  transport=Transport(jump_host="jump@10.9.9.9", jump_password=bad))
    # An SNMP device inherits the login password too, but never uses it.
    ups = Host(name="ups", host="10.0.0.2", platform="snmp", password=bad,
               snmp=SnmpOptions(community=bad))
    v3 = Host(name="th", host="10.0.0.3", platform="snmp",
              snmp=SnmpOptions(version="3", user="mon", auth_key=bad, priv_key=bad))
    bmc = Host(name="srv", host="10.0.0.4", platform="ipmi", password=bad)
    no_community = Host(name="pdu", host="10.0.0.5", platform="snmp", snmp=SnmpOptions())
    lines = check_secrets([ssh, ups, v3, bmc, no_community], "i.yaml", prompt=False)
    assert lines == [
        f"i.yaml: host sw, field enable: {bad} is not set",
        f"i.yaml: host sw, field transport.jump_password: {bad} is not set",
        f"i.yaml: host ups, field snmp.community: {bad} is not set",
        f"i.yaml: host th, field snmp.auth_key: {bad} is not set",
        f"i.yaml: host th, field snmp.priv_key: {bad} is not set",
        f"i.yaml: host srv, field password: {bad} is not set",
        "i.yaml: host pdu, field snmp.community: SNMPv2c needs a community reference",
    ]


def test_prompts_asked_once_up_front_and_not_again(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def getpass(question: str) -> str:
        asked.append(question)
        return "typed"

    monkeypatch.setattr(credentials.getpass, "getpass", getpass)
    hosts = [_switch(f"sw{i}", password=PROMPT) for i in range(3)]
    assert check_secrets(hosts, "inv.yaml") == []
    assert asked == ["SSH password for ops (3 devices): "]
    # What the SSH collector asks for, under its own label, is already answered.
    assert credentials.resolve_secret("prompt", "ops@sw2") == "typed"
    assert len(asked) == 1


def test_no_prompt_when_the_run_will_stop_anyway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials.getpass, "getpass", pytest.fail)
    hosts = [_switch("a", password=PROMPT), _switch("b", password=f"env:{UNSET}")]
    assert len(check_secrets(hosts, "inv.yaml")) == 1


def test_prompt_without_a_terminal_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_terminal(question: str) -> str:
        raise EOFError

    monkeypatch.setattr(credentials.getpass, "getpass", no_terminal)
    assert check_secrets([_switch(password=PROMPT)], "inv.yaml") == [
        "inv.yaml: host sw1, field password: prompt: no terminal to ask on (use env:, file: "
        "or keyring: for unattended runs)"]


DUPLICATES = """\
defaults: {username: ops, password: env:PW}
hosts:
  core-a: {host: 10.0.0.1, platform: huawei_vrp}
  core-a-again: {host: 10.0.0.1, platform: huawei_vrp}
  core-a-other-port: {host: 10.0.0.1, platform: huawei_vrp, transport: {port: 2222}}
  core-a-other-user: {host: 10.0.0.1, platform: huawei_vrp, username: audit}
  ups-1: {host: 10.0.0.9, platform: snmp, snmp: {community: env:C1}}
  ups-2: {host: 10.0.0.9, platform: snmp, snmp: {community: env:C2}}
  ups-1-again: {host: 10.0.0.9, platform: snmp, snmp: {community: env:C1}}
  srv: {host: 10.0.0.9, platform: ipmi}
"""


def test_duplicates_are_same_address_transport_port_and_credentials(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(DUPLICATES, encoding="utf-8")
    lines = duplicate_devices(load_inventory(path).hosts, "inv.yaml")
    # Two SNMP agents on one address and port with other communities are two devices (the
    # lab works that way); so is one address behind another port, or another login.
    assert lines == [
        "inv.yaml: hosts core-a, core-a-again: one device under 2 names (same address, "
        "transport, port and credentials: SSH 10.0.0.1:22, user ops, password env:PW); it "
        "would be inspected and reported 2 times",
        "inv.yaml: hosts ups-1, ups-1-again: one device under 2 names (same address, "
        "transport, port and credentials: SNMP 10.0.0.9:161, SNMPv2c community env:C1); it "
        "would be inspected and reported 2 times",
    ]


def test_validate_reports_duplicates_and_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text(DUPLICATES, encoding="utf-8")
    for name in ("PW", "C1", "C2"):
        monkeypatch.setenv(name, "x")
    result = runner.invoke(app, ["inventory", "validate", str(path)])
    assert result.exit_code == 3
    assert "hosts core-a, core-a-again: one device under 2 names" in result.output
    monkeypatch.delenv("C2")
    result = runner.invoke(app, ["inventory", "validate", str(path)])
    assert f"{path}: host ups-2, field snmp.community: env:C2 is not set" in " ".join(
        result.output.split())


def test_validate_passes_a_clean_inventory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("defaults: {username: ops, password: env:PW}\nhosts:\n"
                    "  a: {host: 10.0.0.1, platform: huawei_vrp}\n", encoding="utf-8")
    monkeypatch.setenv("PW", "x")
    assert runner.invoke(app, ["inventory", "validate", str(path)]).exit_code == 0


@pytest.mark.parametrize("args", [
    ["run", "--no-such-option"],
    ["no-such-command"],
    ["run", "--workers", "0", "inv.yaml"],
    ["inventory", "validate"],  # a missing argument
    ["inventory", "no-such-command"],
])
def test_usage_errors_exit_3(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 3


def test_usage_error_exit_code_of_the_installed_command() -> None:
    result = subprocess.run([sys.executable, "-m", "inspector.cli", "run", "--no-such-option"],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 3
    assert "No such option" in result.stderr


def test_validate_without_secrets_checks_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("defaults: {username: ops, password: env:INSPECTOR_TEST_NEVER_SET}\n"
                    "hosts:\n  a: {host: 10.0.0.1, platform: huawei_vrp}\n", encoding="utf-8")
    assert runner.invoke(app, ["inventory", "validate", str(path)]).exit_code == 3
    result = runner.invoke(app, ["inventory", "validate", "--no-secrets", str(path)])
    assert result.exit_code == 0, result.output


def test_notification_secrets_are_checked_before_the_run(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    inventory = tmp_path / "inv.yaml"
    inventory.write_text("defaults: {username: ops, password: env:PW}\nhosts:\n"
                         "  a: {host: 10.0.0.1, platform: huawei_vrp}\n", encoding="utf-8")
    settings = tmp_path / "notify.yaml"
    settings.write_text(f"webhooks:\n  - {{kind: dingtalk, url: env:{UNSET}, "
                        "secret: env:DING_SECRET}\n", encoding="utf-8")
    monkeypatch.setenv("PW", "x")
    monkeypatch.setenv("DING_SECRET", "y")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["run", str(inventory), "--notify", str(settings),
                                 "--out", str(out)])
    assert result.exit_code == 3
    assert (f"{settings}: field webhooks[0].url: env:{UNSET} is not set"
            in " ".join(result.output.split()))
    assert not out.exists()


def test_a_cli_login_without_user_or_password_is_a_configuration_error() -> None:
    """Keys and agents are not used: without a password reference every device would be
    recorded unreachable for a mistake of the inventory."""
    no_password = _switch("a")
    no_user = Host.model_validate({"name": "b", "host": "10.0.0.2", "platform": "cisco_ios",
                                   "password": PROMPT})
    problems = check_secrets([no_password, no_user], "inv.yaml", prompt=False)
    assert problems[0].startswith("inv.yaml: host a, field password: a CLI login needs")
    assert problems[1].startswith("inv.yaml: host b, field username: a CLI login needs")
