"""The configuration archive's pure parts: masking, volatile lines, the diff, the store's
round trip, the config.changed verdicts, and the platforms' `archive:` blocks."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from inspector.checks import load_rules, run_checks
from inspector.configs.archive import Archiver, _whole
from inspector.configs.diff import config_diff
from inspector.configs.mask import mask_config
from inspector.configs.store import Archived, ConfigStore, digest
from inspector.model import (
    Capture,
    ConfigArchive,
    Device,
    DeviceResult,
    DeviceStatus,
    Run,
    Severity,
    Snapshot,
)
from inspector.parsing.archive import Archive
from inspector.parsing.platforms import get_platform, platforms
from inspector.redact import MASK
from inspector.report.configs import MAX_DIFFS, build_configs
from inspector.report.i18n import Translator
from inspector.store.history import History, HistoryError
from inspector.transports.guard import check_command


def _archive(name: str) -> Archive:
    archive = get_platform(name).archive
    assert archive is not None
    return archive


@pytest.mark.parametrize(("platform", "line", "secret"), [
    ("cisco_ios", "enable secret 9 $9$2MJBozQXnWbTnE$5dZfj4Rk8k", "$9$2MJBozQXnWbTnE$5dZfj4Rk8k"),
    ("cisco_ios", " standby 10 authentication md5 key-string 7 02050D4808095E731F",
     "02050D4808095E731F"),
    ("cisco_ios", " ppp chap password 0 Dialer-Pa55", "Dialer-Pa55"),
    ("huawei_vrp", " vrrp vrid 10 authentication-mode md5 cipher %^%#kE2!wQ8(zR@Dm5x%^%#",
     "%^%#kE2!wQ8(zR@Dm5x%^%#"),
    ("huawei_vrp", "snmp-agent community read cipher %^%#Uq=4D8xK|Ns5c%^%#",
     "%^%#Uq=4D8xK|Ns5c%^%#"),
    ("hp_comware", " super password role network-admin hash $h$6$Xk2m3Q9dPq0r$W8f3vK2c",
     "$h$6$Xk2m3Q9dPq0r$W8f3vK2c"),
    ("hp_comware", " password hash $h$6$Lq8w2E4rTy6u$K3j5H7g9", "$h$6$Lq8w2E4rTy6u$K3j5H7g9"),
    ("cisco_nxos", "snmp-server user admin network-admin auth sha 0x7c3e1a9f priv 0x1b3d5f7a9c "
     "localizedkey", "0x1b3d5f7a9c"),
    ("cisco_nxos", "username admin password 5 $5$KLMNOP$u9W1b8FZc2eQ  role network-admin",
     "$5$KLMNOP$u9W1b8FZc2eQ"),
    # FortiOS-style lines, by the patterns every platform shares.
    ("cisco_ios", "    set password ENC SH2nlSm9QL9tapcHPXIqAXvX7vBJuuqu2o", "SH2nlSm9QL9tap"),
    ("cisco_ios", "    set psksecret ENC qa8cQzmPm3Qv0sKdHYAUtA==", "qa8cQzmPm3Qv0sKdHYAUtA=="),
])
def test_secrets_are_masked_and_the_line_kept(platform: str, line: str, secret: str) -> None:
    masked = mask_config(f"hostname sw1\n{line}\n", _archive(platform))
    assert secret not in masked
    assert MASK in masked
    assert masked.startswith("hostname sw1\n")
    assert masked.splitlines()[1].split(maxsplit=1)[0] == line.split(maxsplit=1)[0]


def test_ordinary_lines_are_kept_as_they_are() -> None:
    text = ("service password-encryption\ninterface Vlan10\n ip address 10.0.0.1 255.255.255.0\n"
            " description key-accounts office\n")
    assert mask_config(text, _archive("cisco_ios")) == text


def test_volatile_lines_are_not_a_change() -> None:
    before = ("Building configuration...\n\nCurrent configuration : 6184 bytes\n!\n"
              "! Last configuration change at 09:58:36 CST Sat Nov 21 2026 by netops\n"
              "hostname sw1\nntp clock-period 36028797\n!\nend\n")
    after = before.replace("6184", "6190").replace("09:58:36", "10:01:02").replace(
        "36028797", "36028801")
    assert config_diff(before, after, _archive("cisco_ios"), "a", "b").lines == []
    changed = after.replace("hostname sw1", "hostname sw1\nlogging host 10.0.0.9")
    diff = config_diff(before, changed, _archive("cisco_ios"), "r1/sw1.cfg", "r2/sw1.cfg")
    assert (diff.added, diff.removed, diff.changed) == (1, 0, 1)
    assert diff.lines[:2] == ["--- r1/sw1.cfg", "+++ r2/sw1.cfg"]
    assert "+logging host 10.0.0.9" in diff.hunks()


def test_every_platform_archive_command_passes_the_read_only_guard() -> None:
    archived = {name: p for name, p in platforms().items() if p.archive is not None}
    assert {"cisco_ios", "huawei_vrp", "hp_comware", "cisco_nxos", "inspur_cnos",
            "ruijie_os"} <= set(archived)
    for platform in archived.values():
        assert platform.archive is not None
        assert check_command(platform, platform.archive.command) == platform.archive.command


def test_a_secret_pattern_must_name_the_part_to_mask() -> None:
    with pytest.raises(ValidationError, match="secret"):
        Archive(command="show running-config", secrets=[r"^\s*key (\S+)"])
    with pytest.raises(ValidationError, match="invalid regular expression"):
        Archive(command="show running-config", volatile=["(unclosed"])


def _entry(run_id: str, started: datetime, text: str, tmp_path: Path) -> Archived:
    return Archived(run_id=run_id, device="sw1", platform="cisco_ios", started=started,
                    file=tmp_path / run_id / "configs" / "sw1.cfg", sha256=digest(text))


def test_the_store_returns_the_newest_earlier_archive(tmp_path: Path) -> None:
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    with History(tmp_path / "history.sqlite") as history:
        store = ConfigStore(history)
        store.add(_entry("r1", t0, "hostname a\n", tmp_path), "hostname a\n")
        store.add(_entry("r2", t0 + timedelta(days=30), "hostname b\n", tmp_path), "hostname b\n")
        found = store.latest_before("sw1", t0 + timedelta(days=31))
        assert found is not None and found.run_id == "r2"
        assert store.text(found) == "hostname b\n"
        earlier = store.latest_before("sw1", t0 + timedelta(days=1))
        assert earlier is not None and earlier.run_id == "r1"
        assert store.latest_before("sw1", t0) is None
        assert [a.run_id for a in store.runs("sw1")] == ["r2", "r1"]


def test_a_damaged_archive_is_an_error_naming_it(tmp_path: Path) -> None:
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    with History(tmp_path / "history.sqlite") as history:
        store = ConfigStore(history)
        entry = _entry("r1", t0, "hostname a\n", tmp_path)
        store.add(entry, "hostname a\n")
        with sqlite3.connect(history.path) as db:
            db.execute("UPDATE config_archive SET config = ?", (b"not zlib",))
        with pytest.raises(HistoryError, match="'sw1' archived by run 'r1' is damaged"):
            store.text(entry)


def _finding(archive: ConfigArchive | None) -> tuple[bool, Severity | None, str | None, str]:
    device = Device(name="sw1", host="10.0.0.1", platform="cisco_ios")
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE,
                          snapshot=Snapshot(device=device), config_archive=archive)
    found = [f for f in run_checks([result], {}, load_rules()) if f.check_id == "config.changed"]
    assert len(found) == 1
    f = found[0]
    return f.passed, f.severity, f.not_checked_cause, f.observed_zh or f.not_checked_reason_zh or ""


def test_config_changed_verdicts() -> None:
    changed = ConfigArchive(status="changed", previous_run="r1", added=2, removed=1,
                            diff_file="configs/sw1.diff",
                            diff=["@@ -1,2 +1,3 @@", " a", "-b", "+c", "+d"])
    passed, severity, _, said = _finding(changed)
    assert (passed, severity) == (False, Severity.INFO)
    assert "配置变更 3 行" in said and "r1" in said
    passed, severity, cause, _ = _finding(ConfigArchive(status="unchanged", previous_run="r1"))
    assert (passed, severity, cause) == (True, None, None)
    assert _finding(ConfigArchive(status="archived"))[2] == "no_baseline"
    failed = _finding(ConfigArchive(status="failed",
                                    reason="`show running-config`: empty output"))
    assert failed[2] == "failed" and "输出为空" in failed[3]
    missing = _finding(ConfigArchive(status="not_collected",
                                     reason="`show running-config`: not collected"))
    assert missing[2] == "not_collected" and "未采集" in missing[3]
    assert _finding(None)[2] == "not_applicable"


def test_a_large_run_lists_its_changes_not_every_unchanged_device() -> None:
    results = []
    for number in range(60):
        device = Device(name=f"sw{number:02d}", host="10.0.0.1", platform="cisco_ios")
        archive = ConfigArchive(status="changed", previous_run="r1", added=1,
                                diff=["@@ -1 +1,2 @@", " a", "+b"]) if number < 35 else \
            ConfigArchive(status="unchanged", previous_run="r1")
        results.append(DeviceResult(device=device, status=DeviceStatus.COMPLETE,
                                    snapshot=Snapshot(device=device), config_archive=archive))
    run = Run(run_id="r2", mode="replay", started=datetime(2026, 12, 1, tzinfo=UTC),
              devices=results)
    view = build_configs(run, Translator("en"))
    assert view is not None
    assert [r.status for r in view.rows] == ["changed"] * 35
    assert len(view.diffs) == MAX_DIFFS
    assert "25 devices with an unchanged" in view.left_out and f"{35 - MAX_DIFFS} more" in \
        view.left_out
    assert view.counts.startswith("35 changed · 25 unchanged")


def test_a_session_log_configuration_is_archived_whole_only(tmp_path: Path) -> None:
    platform = get_platform("huawei_vrp")
    archive = _archive("huawei_vrp")
    text = "#\nsysname sw1\n#\nreturn\n"
    assert _whole(platform, "dis cur", archive)
    assert _whole(platform, "display current-configuration", archive)
    assert not _whole(platform, "dis cur | include sysname", archive)
    assert not _whole(get_platform("hp_comware"), "dis cur diff", _archive("hp_comware"))
    run = Run(run_id="r1", mode="import-log", started=datetime(2026, 12, 1, tzinfo=UTC))
    device = Device(name="sw1", host="10.0.0.1", platform="huawei_vrp")
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE,
                          snapshot=Snapshot(device=device))
    archived = Archiver(run, tmp_path, None).device(
        result, [Capture(device="sw1", command="dis cur", output=text)])
    assert archived is not None and archived.status == "archived"
    assert (tmp_path / "configs" / "sw1.cfg").read_text(encoding="utf-8") == text
    filtered = Archiver(run, tmp_path, None).device(
        result, [Capture(device="sw1", command="dis cur | inc sysname", output="sysname sw1")])
    assert filtered is not None and filtered.status == "not_collected"
