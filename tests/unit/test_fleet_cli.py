"""`inspector fleet run` stops before anything is written or sent when it has nothing to do
or cannot send a device to a site (no broker needed: none is reached)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app

UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"  # never contacted by these tests


def test_a_scheduled_run_that_is_not_due_exits_0_and_writes_nothing(tmp_path: Path) -> None:
    not_today = 1 if date.today().day != 1 else 2
    result = CliRunner().invoke(app, [
        "fleet", "run", str(tmp_path / "fleet.yaml"), "--monthly-day", str(not_today),
        "--broker", UNREACHABLE_BROKER, "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "no scheduled inspection is due today" in result.output
    assert not (tmp_path / "out").exists()


def test_a_device_without_a_site_is_a_configuration_error_before_anything_is_written(
        tmp_path: Path) -> None:
    inventory = tmp_path / "fleet.yaml"
    inventory.write_text(json.dumps({
        "defaults": {"username": "u", "password": "env:PW", "platform": "huawei_vrp"},
        "hosts": {"sh-core": {"host": "10.0.0.1", "site": "Shanghai"},
                  "lost-sw": {"host": "10.0.0.2"}}}))
    result = CliRunner().invoke(app, [
        "fleet", "run", str(inventory), "--broker", UNREACHABLE_BROKER,
        "--out", str(tmp_path / "out"), "--results", str(tmp_path / "results")])
    assert result.exit_code == 3, result.output
    assert "host lost-sw: no site" in result.output
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "results").exists()


def test_a_broker_password_is_refused_on_the_command_line_and_masked_in_messages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    secret_url = "redis://:Broker-Pass-41@127.0.0.1:9/0"  # noqa: S105 - a test broker
    given = CliRunner().invoke(app, ["fleet", "status", "--broker", secret_url])
    assert given.exit_code == 3
    assert "process list" in given.output
    monkeypatch.setenv("INSPECTOR_BROKER", secret_url)
    from_env = CliRunner().invoke(app, ["fleet", "status"])
    assert from_env.exit_code == 2  # read from the environment, and that broker is down
    assert "redis://:***@127.0.0.1:9/0 does not answer" in from_env.output
    assert "Broker-Pass-41" not in given.output + from_env.output
