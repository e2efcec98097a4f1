"""The firewall platforms beyond their fixtures: H3C SecPath reached from inventory words,
FortiOS's alert console and configuration read without changing anything, the three
firewalls' configurations archived with every secret masked, and the report's 防火墙
section and sheets built from the lab's firewalls."""

from __future__ import annotations

import re

import pytest

from inspector.configs.diff import config_diff
from inspector.configs.mask import mask_config
from inspector.lab.profiles import LAB_BUNDLE
from inspector.model import Run
from inspector.parsing.archive import Archive
from inspector.parsing.platforms import get_platform
from inspector.pipeline import replay
from inspector.redact import MASK
from inspector.report.findings import findings_by_device
from inspector.report.firewall import build_firewall, firewall_rows, licence_rows
from inspector.report.fmt import Formatter
from inspector.report.i18n import Translator
from inspector.transports.guard import UnsafeCommandError, check_command
from inspector.transports.prompts import prompt_regex
from inspector.vocabulary import device_kind, vendor_of

CONFIGS = {
    "bj-fw-fg600e": ("fortinet_fortios", "show.txt"),
    "sh-fw-usg6555e": ("huawei_usg", "display_current-configuration.txt"),
    "zj-fw-f1000": ("h3c_secpath", "display_current-configuration.txt"),
}
# What follows a secret's keyword in the lab's configurations: hashes, ciphers, keys.
SECRET_VALUE = re.compile(
    r"(?:ENC|hash|irreversible-cipher|cipher) (\S+)$|pre-shared-key (%\^%#\S+)$")


def _archive(platform: str) -> Archive:
    archive = get_platform(platform).archive
    assert archive is not None
    return archive


def _secrets(text: str) -> list[str]:
    found = [next(g for g in m.groups() if g) for line in text.splitlines()
             if (m := SECRET_VALUE.search(line.strip()))]
    key = re.search(r'set private-key "([^"]+)"', text)
    return found + ([key.group(1)] if key else [])


@pytest.mark.parametrize("device", sorted(CONFIGS))
def test_a_firewall_configuration_is_archived_with_every_secret_masked(device: str) -> None:
    platform, name = CONFIGS[device]
    text = (LAB_BUNDLE / device / name).read_text(encoding="utf-8")
    secrets = _secrets(text)
    assert len(secrets) >= 3, secrets  # the lab's configurations carry secrets to mask
    masked = mask_config(text, _archive(platform))
    leaked = [s for s in secrets if s in masked or s[:12] in masked]
    assert not leaked
    assert masked.count(MASK) >= len(secrets)
    # Lines stay in place: only the secret part is replaced.
    assert len(masked.splitlines()) <= len(text.splitlines())


def test_fortios_password_enc_and_the_private_key_block_are_masked() -> None:
    text = ('config system admin\n    edit "admin"\n'
            "        set password ENC SH2aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdef=\n"
            "    next\nend\nconfig vpn certificate local\n    edit \"vpn\"\n"
            '        set private-key "-----BEGIN ENCRYPTED PRIVATE KEY-----\n'
            "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI\n"
            '-----END ENCRYPTED PRIVATE KEY-----"\n    next\nend\n')
    masked = mask_config(text, _archive("fortinet_fortios"))
    assert "SH2aBcDeFgHiJk" not in masked and "MIIFHzBJBgkq" not in masked
    assert "        set password <redacted> <redacted>" in masked
    assert '        set private-key "<redacted>"' in masked


def test_fortios_header_lines_are_no_change() -> None:
    before = ("#config-version=FG6H0E-7.2.8-FW-build1639-240313:opmode=0:vdom=0:user=admin\n"
              "#conf_file_ver=3819276539127763148\n#buildno=1639\nconfig system global\n"
              '    set hostname "fw1"\nend\n')
    after = before.replace("user=admin", "user=inspector").replace("3819276539", "4400012")
    assert config_diff(before, after, _archive("fortinet_fortios"), "a", "b").lines == []


@pytest.mark.parametrize(("platform", "command"), [
    ("fortinet_fortios", "diagnose alertconsole list"),
    ("fortinet_fortios", "show"),
    ("h3c_secpath", "display remote-backup-group status"),
    ("h3c_secpath", "display session statistics"),
    ("h3c_secpath", "display current-configuration"),
])
def test_firewall_reads_pass_the_guard(platform: str, command: str) -> None:
    assert check_command(get_platform(platform), command) == command


@pytest.mark.parametrize(("platform", "command"), [
    # The alert console's siblings clear or generate alerts; the log commands set a filter.
    ("fortinet_fortios", "diagnose alertconsole clear"),
    ("fortinet_fortios", "diagnose alertconsole test"),
    ("fortinet_fortios", "diagnose alertconsole fgd-retrieve"),
    ("fortinet_fortios", "execute log filter category 1"),
    ("fortinet_fortios", "execute log display"),
    ("h3c_secpath", "reset remote-backup-group trans-data"),
    ("h3c_secpath", "reset session statistics"),
    ("h3c_secpath", "remote-backup group"),
    ("h3c_secpath", "show version"),
])
def test_firewall_writes_are_refused(platform: str, command: str) -> None:
    with pytest.raises(UnsafeCommandError):
        check_command(get_platform(platform), command)


def test_an_rbm_members_prompt_ends_its_output() -> None:
    # The primary prints "RBM_P<fw>", the secondary "RBM_S<fw>"; a log line naming the
    # firewall does not end the output.
    ending = re.compile(prompt_regex("zj-fw-f1000"))
    assert ending.search("Current sessions: 3\nRBM_P<zj-fw-f1000>")
    assert ending.search("Current sessions: 3\nRBM_S<zj-fw-f1000>")
    assert not ending.search("%Dec  3 08:10:02:118 2026 zj-fw-f1000 SHELL/5/SHELL_LOGIN: in")


@pytest.mark.parametrize(("vendor", "model", "kind_word"), [
    ("新华三", "SecPath F1000-AI-55", "防火墙"),
    ("H3C", "F5030", "交换机"),  # filed as a switch, the model says what it is
    ("华三", "M9006", ""),
])
def test_an_h3c_secpath_row_is_read_as_a_secpath_firewall(vendor: str, model: str,
                                                          kind_word: str) -> None:
    found = vendor_of(vendor)
    assert found is not None
    kind = "firewall" if kind_word == "防火墙" else found.kind_of_model(model) or "network"
    platform = found.platform_for(kind, model)
    assert platform == "h3c_secpath"
    assert device_kind(platform) == "firewall"
    # A Comware switch of the same vendor stays a switch.
    assert found.platform_for("network", "S6520X-30QC-EI") == "hp_comware"


@pytest.fixture(scope="module")
def lab_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return replay(LAB_BUNDLE, tmp_path_factory.mktemp("fw"), run_id="fw").run


def test_the_firewall_section_shows_each_firewall_its_licences_and_pair(lab_run: Run) -> None:
    t = Translator("zh")
    view = build_firewall(lab_run.devices, Formatter(t), findings_by_device(lab_run))
    assert view is not None
    rows = {row.cells[0]: row for row in view.rows}
    assert {"bj-fw-fg600e", "sh-fw-usg6555e", "zj-fw-f1000"} <= set(rows)
    secpath = rows["zj-fw-f1000"].cells
    assert secpath[1] == "主用" and "备用" in secpath[2] and secpath[3] == "是"
    assert "3872114" in secpath[4]
    assert secpath[5] == "IPS：2026-10-31"  # the nearest end first
    assert rows["bj-fw-fg600e"].cells[3] == "否"  # the FortiGate's secondary is out of sync
    assert rows["bj-fw-fg600e"].status == "critical"  # a major finding colours the row
    ips = next(r for r in view.licences if r.cells[:2] == ["zj-fw-f1000", "IPS"])
    assert ips.cells[4:] == ["2026-10-31", "已过期"]
    assert not view.tunnels_down and not view.unavailable
    sheet, columns = firewall_rows(view, t)
    assert columns[0] == "设备" and len(sheet) == len(view.rows)
    licences, _ = licence_rows(view, t)
    assert any(row["名称"] == "SSL VPN Concurrent Users" and row["到期日期"] == "永久"
               for row in licences)


def test_no_firewall_no_section(lab_run: Run) -> None:
    others = [d for d in lab_run.devices if d.device.kind != "firewall"]
    assert build_firewall(others, Formatter(Translator("en"))) is None


def test_a_licence_without_the_devices_word_reads_its_date_on_the_inspection_day() -> None:
    from datetime import date  # noqa: PLC0415

    from inspector.model import License  # noqa: PLC0415
    from inspector.report.firewall import _state  # noqa: PLC0415

    day = date(2026, 12, 5)
    old = License(name="IPS Attack Engine", kind="signature", expires=date(2026, 6, 30))
    soon = License(name="AV Engine", kind="signature", expires=date(2026, 12, 20))
    far = License(name="Virus Definitions", kind="signature", expires=date(2027, 12, 20))
    assert _state(old, "critical", day) == "expired"
    assert _state(soon, "warning", day) == "expiring"
    assert _state(far, "ok", day) == "valid"
    # The device's own word wins; without the day nothing is guessed.
    assert _state(old.model_copy(update={"status": "in_use"}), "critical", day) == "in_use"
    assert _state(old, "critical", None) is None
