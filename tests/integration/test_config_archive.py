"""The configuration archive end to end: the lab bundle replayed twice with one device's
configuration changed in between (the diff in the files, the report and the command line),
and the running configuration read over real SSH from the simulated devices."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.configs.archive import archive_definition
from inspector.lab.profiles import LAB_BUNDLE, profiles
from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import Run
from inspector.pipeline import CheckSettings, collect
from inspector.redact import MASK
from inspector.store.history import History
from tests.integration.conftest import host_for

runner = CliRunner()
CHANGED = "sh-core-ce6881"
CONFIG = "display_current-configuration.txt"


def _changed_bundle(folder: Path) -> Path:
    """The lab bundle with one VRRP priority changed, and the volatile header line moved."""
    bundle = folder / "bundle-after"
    shutil.copytree(LAB_BUNDLE, bundle)
    path = bundle / CHANGED / CONFIG
    text = path.read_text(encoding="utf-8")
    assert "vrrp vrid 10 priority 120" in text
    path.write_text(text.replace("vrrp vrid 10 priority 120", "vrrp vrid 10 priority 90")
                    .replace("updated at 2026-11-16 16:40:21", "updated at 2026-11-20 09:12:44"),
                    encoding="utf-8")
    return bundle


def _two_runs(tmp_path: Path, formats: str) -> tuple[Path, Path]:
    out = tmp_path / "reports"
    first = runner.invoke(app, ["run", "--replay", str(LAB_BUNDLE), "--out", str(out),
                                "--run-id", "r1", "--format", "none"])
    assert first.exit_code in (0, 1, 2), first.output
    second = runner.invoke(app, ["run", "--replay", str(_changed_bundle(tmp_path)), "--out",
                                 str(out), "--run-id", "r2", "--format", formats])
    assert second.exit_code in (0, 1, 2), second.output
    return out, out / "r2"


def test_a_changed_configuration_is_diffed_in_files_results_and_the_report(
        tmp_path: Path) -> None:
    out, run = _two_runs(tmp_path, "html")
    diff = (run / "configs" / f"{CHANGED}.diff").read_text(encoding="utf-8")
    assert "- vrrp vrid 10 priority 120" in diff and "+ vrrp vrid 10 priority 90" in diff
    assert "Last configuration" not in diff  # a volatile line is no change
    # Every other device is archived and unchanged; no diff file for them.
    assert sorted(p.name for p in (run / "configs").glob("*.diff")) == [f"{CHANGED}.diff"]
    archived = [p for p, _ in profiles() if archive_definition(p.platform) is not None]
    assert len(list((run / "configs").glob("*.cfg"))) == len(archived)
    results = Run.model_validate_json((run / "results.json").read_text(encoding="utf-8"))
    finding = next(f for f in results.findings
                   if f.check_id == "config.changed" and f.device == CHANGED)
    assert finding.severity is not None and finding.severity.value == "info"
    assert "2" in (finding.observed or "")
    assert [f.device for f in results.findings if f.check_id == "config.changed"
            and not f.passed and f.not_checked_reason is None] == [CHANGED]
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "附录 · 配置变更" in html
    assert "+ vrrp vrid 10 priority 90" in html
    # Secrets never reach the archive.
    kept = (run / "configs" / f"{CHANGED}.cfg").read_text(encoding="utf-8")
    assert MASK in kept and "%^%#kE2" not in kept
    _command_line(out / "history.sqlite")


def _command_line(history: Path) -> None:
    shown = runner.invoke(app, ["config", "show", CHANGED, "--run", "r1", "--history",
                                str(history)])
    assert shown.exit_code == 0, shown.output
    assert " vrrp vrid 10 priority 120" in shown.output.splitlines()
    diff = runner.invoke(app, ["config", "diff", CHANGED, "r1", "r2", "--history", str(history)])
    assert diff.exit_code == 0, diff.output
    assert "+ vrrp vrid 10 priority 90" in diff.output.splitlines()
    listed = runner.invoke(app, ["config", "list", CHANGED, "--history", str(history),
                                 "--lang", "en"])
    assert listed.exit_code == 0 and "r1" in listed.output and "r2" in listed.output
    missing = runner.invoke(app, ["config", "show", "no-such-switch", "--history", str(history)])
    assert missing.exit_code == 3 and "'no-such-switch'" in missing.output
    no_run = runner.invoke(app, ["config", "diff", CHANGED, "r1", "r9", "--history",
                                 str(history)])
    assert no_run.exit_code == 3 and "run 'r9'" in no_run.output


@pytest.mark.slow
def test_the_pdf_shows_the_changed_lines(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    _, run = _two_runs(tmp_path, "pdf")
    text = subprocess.run(["pdftotext", str(run / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    appendix = text[text.index("附录 · 配置变更"):]
    assert "变更 1 台" in appendix
    assert "- vrrp vrid 10 priority 120" in appendix and "+ vrrp vrid 10 priority 90" in appendix


def test_the_running_configuration_is_read_over_ssh(
        tmp_path: Path, serve: type[Lab], lab_password: str) -> None:
    devices = [d for d in lab_devices(password=lab_password)
               if d.name in ("bj-core-c9300", CHANGED)]
    serve(devices).start()
    with History(tmp_path / "history.sqlite") as history:
        run = collect([host_for(d) for d in devices], tmp_path, workers=2, run_id="live",
                      checks=CheckSettings(history=history)).run
    for device in devices:
        sent = [line for line in device.received if "configuration" in line or "running" in line]
        assert sent, device.received
    archived = {d.device.name: d.config_archive for d in run.devices}
    assert all(a is not None and a.status == "archived" for a in archived.values()), archived
    ios = (tmp_path / "live" / "configs" / "bj-core-c9300.cfg").read_text(encoding="utf-8")
    assert "hostname bj-core-c9300" in ios and "standby 10 authentication md5 key-string 7 " \
        f"{MASK}" in ios
    assert lab_password not in ios


def test_the_demo_shows_its_planted_configuration_change(tmp_path: Path) -> None:
    for _ in range(2):  # every demo run, not only the first, shows the planted change
        result = runner.invoke(app, ["demo", "--replay", "--out", str(tmp_path),
                                     "--format", "html"])
        assert result.exit_code in (0, 1, 2), result.output
        run = tmp_path / "demo"
        diff = (run / "configs" / f"{CHANGED}.diff").read_text(encoding="utf-8")
        assert "- vrrp vrid 10 priority 100" in diff and "+ vrrp vrid 10 priority 120" in diff
        assert "-ntp-service unicast-server 10.20.0.9" in diff
        html = (run / "report.html").read_text(encoding="utf-8")
        assert "+ vrrp vrid 10 priority 120" in html
