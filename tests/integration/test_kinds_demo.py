"""The demo over the real lab (SSH, SNMP, IPMI), replayed with every role rewritten into the
wording of a Chinese sheet and no recorded kind: the same findings, failing and passing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.ipmisim import missing_binaries
from inspector.model import Finding
from inspector.pipeline import replay

# Roles as engineers type them in 角色 columns.
CHINESE = {"access": "接入", "aggregation": "汇聚", "core": "核心", "ups": "不间断电源",
           "env-sensor": "环境监测", "server": "服务器", "storage": "存储",
           "datacenter": "数据中心", "firewall": "防火墙"}


def _verdicts(findings: list[Finding]) -> list[tuple[str, str, str | None, bool, bool]]:
    return sorted((f.device, f.check_id, f.severity, f.passed, f.not_checked_reason is None)
                  for f in findings)


def _in_chinese(bundle: Path, target: Path) -> Path:
    shutil.copytree(bundle, target)
    index = json.loads((target / "index.json").read_text(encoding="utf-8"))
    for device in index["devices"]:
        device["role"] = CHINESE[device["role"]]
        device.pop("kind", None)  # as a sheet with only 角色 would leave it
    (target / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return target


def test_chinese_roles_give_the_same_findings_as_english_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["-q", "demo", "--out", str(tmp_path / "demo"),
                                      "--no-history", "--format", "json"])
    assert result.exit_code == 0, result.output
    bundle = tmp_path / "demo" / "demo" / "bundle"
    english = replay(bundle, tmp_path / "runs", run_id="english").run
    chinese = replay(_in_chinese(bundle, tmp_path / "zh-bundle"), tmp_path / "runs",
                     run_id="chinese").run
    assert {d.device.role for d in chinese.devices} <= set(CHINESE.values())
    assert _verdicts(chinese.findings) == _verdicts(english.findings)
    failing = {(f.device, f.check_id) for f in chinese.findings
               if not f.passed and f.not_checked_reason is None}
    assert {("sh-env-b1-201", "env.room_temperature"), ("sh-env-b1-201", "env.room_humidity"),
            ("bj-ups-2000g", "ups.on_battery")} <= failing
    if not missing_binaries():
        assert ("bj-srv-nf5280m6", "server.sel_events") in failing
    kinds = {d.device.name: d.device.kind for d in chinese.devices}
    assert (kinds["sh-env-b1-201"], kinds["bj-ups-2000g"], kinds["gz-core-s6720"]) == (
        "env-sensor", "ups", "network")
    assert (kinds["sh-fw-usg6555e"], kinds["bj-fw-fg600e"]) == ("firewall", "firewall")
