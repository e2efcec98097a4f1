"""The right baseline: "changed since last time" compares each device with its own last
successful inspection over the same inventory, through real SSH runs of the lab."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.sshserver import Behaviour, Lab, lab_devices
from inspector.model import Run
from inspector.store.history import History
from tests.integration.conftest import PASSWORD_ENV

runner = CliRunner()


def _inventory(path: Path, devices: list) -> Path:  # type: ignore[type-arg]
    path.write_text(yaml.safe_dump({
        "defaults": {"username": "inspector", "password": f"env:{PASSWORD_ENV}",
                     "transport": {"conn_timeout": 5, "read_timeout": 10, "retries": 0,
                                   "host_keys": "off"}},
        "hosts": {d.name: {"host": "127.0.0.1", "platform": d.platform, "role": "access",
                           "transport": {"port": d.port}} for d in devices},
    }), encoding="utf-8")
    return path


def _run(inventory: Path, out: Path, run_id: str, *extra: str) -> int:
    result = runner.invoke(app, ["run", str(inventory), "--out", str(out), "--run-id", run_id,
                                 "--format", "md,html", "--fail-on", "none", *extra])
    return result.exit_code


def _figure(html: str, label: str) -> int:
    found = re.search(r'<div class="value">(\d+)</div><div class="label">' + label, html)
    assert found is not None, label
    return int(found.group(1))


def test_an_ad_hoc_run_with_failures_is_no_baseline_for_what_it_did_not_reach(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    devices = lab_devices(password=lab_password)
    serve(devices).start()
    inventory = _inventory(tmp_path / "site.yaml", devices)
    out = tmp_path / "reports"
    assert _run(inventory, out, "full-1") == 0
    # Ad hoc, three devices; two of them refuse the login this time.
    for device in devices[:2]:
        device.behaviour = Behaviour(reject_password=True)
    limit = [arg for d in devices[:3] for arg in ("--limit", d.name)]
    assert _run(inventory, out, "ad-hoc", *limit) == 2
    for device in devices[:2]:
        device.behaviour = Behaviour()
    assert _run(inventory, out, "full-2") == 0

    html = (out / "full-2" / "report.html").read_text("utf-8")
    persisting = _figure(html, "持续存在问题")
    assert persisting > 10  # the lab's faults, all there the first time
    assert _figure(html, "新增问题") == 0
    assert _figure(html, "已解决问题") == 0
    # The report names its baseline, and the device compared with another run.
    assert "full-1" in html
    assert f"{devices[2].name}：" in html and "（ad-hoc）" in html
    summary = (out / "full-2" / "summary.md").read_text("utf-8")
    assert "新增问题 0 项" in summary

    # The checks compared each device with its own last success as well: the devices the
    # ad-hoc run could not reach were compared with the first full run.
    run = Run.model_validate_json((out / "full-2" / "results.json").read_bytes())
    compared = {f.device for f in run.findings
                if f.check_id == "firmware.changed" and f.not_checked_reason is None}
    assert compared == {d.name for d in devices}
    with History(out / "history.sqlite") as store:
        bases = store.baselines([d.name for d in devices], run)
    assert {name: run_id for name, (run_id, _) in bases.items()} == {
        d.name: "ad-hoc" if d is devices[2] else "full-1" for d in devices}
