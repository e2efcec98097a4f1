"""An unresolvable credential stops `inspector run` before it connects to a real SSH lab."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.lab.sshserver import Lab, lab_devices
from tests.integration.conftest import PASSWORD, PASSWORD_ENV

runner = CliRunner()


def test_unset_env_password_stops_before_connecting(
    tmp_path: Path, serve: type[Lab], monkeypatch: pytest.MonkeyPatch
) -> None:
    device = lab_devices(password=PASSWORD, names=["sh-core-ce6881"])[0]
    serve([device]).start()
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        f"defaults: {{username: {device.username}, password: env:{PASSWORD_ENV},\n"
        "  transport: {host_keys: 'off', retries: 0, conn_timeout: 5}}\n"
        f"hosts:\n  {device.name}: {{host: 127.0.0.1, platform: {device.platform},\n"
        f"    transport: {{port: {device.port}}}}}\n", encoding="utf-8")
    out = tmp_path / "reports"
    args = ["run", str(inventory), "--out", str(out), "--format", "none"]

    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert (f"{inventory}: host {device.name}, field password: env:{PASSWORD_ENV} is not set"
            in " ".join(result.output.split()))
    assert device.password_attempts == 0  # never connected
    assert not out.exists()  # no run folder, no history, no lock file

    # The same inventory with the variable set does log in and record the run.
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert device.password_attempts > 0
    assert [p.name for p in out.glob("*/results.json")] == ["results.json"]
