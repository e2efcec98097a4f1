"""The replay and import-log pipeline end to end, through the CLI, on the built-in lab."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.cli.lab import DEMO_BASE_PORT, DEMO_SNMP_PORT
from inspector.inventory import load_inventory
from inspector.lab.demo import REDFISH_PORTS
from inspector.lab.profiles import LAB_BUNDLE, index_is_current, profile_outputs, profiles
from inspector.lab.sshserver import lab_devices
from inspector.model import FAMILY_NAMES, FamilyStatus, Run
from inspector.parsing.platforms import Unsupported, get_platform
from inspector.pipeline import replay
from tests.conftest import ROOT

runner = CliRunner()


def _load(folder: Path) -> Run:
    return Run.model_validate_json((folder / "results.json").read_text(encoding="utf-8"))


def test_lab_index_matches_the_profiles() -> None:
    assert index_is_current(), "run `python -m inspector.lab.profiles` after editing the lab"


def test_lab_covers_all_four_platforms_healthy_and_faulty() -> None:
    found = {(p.platform, bool(p.faults)) for p, _ in profiles()}
    for platform in ("cisco_ios", "huawei_vrp", "hp_comware", "inspur_cnos"):
        assert (platform, False) in found and (platform, True) in found, platform


def test_replay_of_the_lab_parses_every_declared_family(tmp_path: Path) -> None:
    output = replay(LAB_BUNDLE, tmp_path, run_id="lab")
    run = _load(output.folder)
    assert run.mode == "replay"
    assert {d.device.name for d in run.devices} == {p.name for p, _ in profiles()}
    for result in run.devices:
        definition = get_platform(result.device.platform)
        for name in FAMILY_NAMES:
            family = result.snapshot.family(name)
            if isinstance(definition.families[name], Unsupported):
                assert family.status == FamilyStatus.UNSUPPORTED
            elif family.status == FamilyStatus.UNSUPPORTED:  # an optional source the model lacks
                assert "this model does not support it" in family.reason
                assert all(s.optional for s in definition.sources(name))
            else:
                assert family.status == FamilyStatus.OK, (result.device.name, name, family.reason)
        assert result.status == "complete", result.reason


def test_record_then_replay_gives_the_same_snapshots(tmp_path: Path) -> None:
    first = replay(LAB_BUNDLE, tmp_path, run_id="one")
    second = replay(first.folder / "bundle", tmp_path, run_id="two")
    a, b = _load(first.folder), _load(second.folder)
    assert [d.snapshot for d in a.devices] == [d.snapshot for d in b.devices]
    for device in a.devices:
        for capture in device.captures:
            recorded = (first.folder / "bundle" / str(capture.file)).read_bytes()
            replayed = (second.folder / "bundle" / str(capture.file)).read_bytes()
            assert recorded == replayed


def test_demo_command_inspects_the_live_lab(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    run = _load(tmp_path / "demo")
    assert run.mode == "demo"
    names = {d.device.name for d in run.devices}
    assert {p.name for p, _ in profiles()} <= names
    assert {"bj-ups-2000g", "sh-env-b1-201"} <= names  # the machine room, over SNMP
    assert all(d.status == "complete" for d in run.devices), [d.reason for d in run.devices]
    flagged = {f.device for f in run.findings if f.severity in ("critical", "major")}
    ssh_lab = {p.name for p, _ in profiles()}
    assert flagged & ssh_lab == {p.name for p, _ in profiles() if p.faults}
    assert {"bj-ups-2000g", "sh-env-b1-201"} <= flagged
    assert not flagged & {"sh-ups-srt6k", "bj-env-a3-101"}
    assert (tmp_path / "demo" / "commands.log").stat().st_size > 0
    for name in ("report.pdf", "report.html", "inspection.xlsx", "summary.md"):
        assert (tmp_path / "demo" / name).stat().st_size > 0


def test_demo_inventory_matches_lab_serve() -> None:
    """inventories/demo.yaml points at the ports `inspector lab serve` listens on."""
    inventory = load_inventory(ROOT / "inventories" / "demo.yaml")
    by_name = {h.name: h for h in inventory.hosts}
    for index, device in enumerate(lab_devices()):
        host = by_name[device.name]
        assert (host.platform, host.transport.port) == (device.platform, DEMO_BASE_PORT + index)
    snmp = [h for h in inventory.hosts if h.platform == "snmp"]
    assert snmp and all(h.snmp and h.snmp.port == DEMO_SNMP_PORT for h in snmp)
    redfish = [h.redfish.port for h in inventory.hosts if h.platform == "redfish" and h.redfish]
    assert sorted(redfish) == sorted(REDFISH_PORTS)


def test_import_log_runs_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    profile, folder = profiles()[0]
    good = tmp_path / "good.log"
    good.write_text("".join(f"{profile.name}#{c}\n{o}\n" if profile.platform in (
        "cisco_ios", "inspur_cnos") else f"<{profile.name}>{c}\n{o}\n"
        for c, o in profile_outputs(folder).items()), encoding="utf-8")
    empty = tmp_path / "empty.log"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["import-log", str(good), str(empty), "--out",
                                 str(tmp_path / "out"), "--run-id", "r1"])
    assert result.exit_code == 2, result.output
    run = _load(tmp_path / "out" / "r1")
    assert [d.device.name for d in run.devices] == [profile.name]
    assert run.devices[0].snapshot.facts.status == FamilyStatus.OK
    assert len(run.problems) == 1
    assert str(empty) in run.problems[0].message


def test_parse_command_prints_normalized_json(tmp_path: Path) -> None:
    profile, folder = profiles()[0]
    command, output = next(iter(profile_outputs(folder).items()))
    path = tmp_path / "out.txt"
    path.write_text(output, encoding="utf-8")
    result = runner.invoke(app, ["parse", "-p", profile.platform, "-c", command, str(path)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload and all(item["status"] == "ok" for item in payload)


@pytest.mark.parametrize(("args", "message"), [
    (["parse", "-p", "nosuch", "-c", "x", "-"], "unknown platform 'nosuch'"),
    (["parse", "-p", "cisco_ios", "-c", "reload", "-"], "no parser for 'reload'"),
    (["run", "--replay", "/nonexistent/bundle"], "not a bundle folder"),
    (["import-log", "x.log", "-p", "nosuch"], "unknown platform"),
    (["run", "inventories/demo.yaml", "--host-key-policy", "trusting"],
     "--host-key-policy 'trusting': expected one of accept-new, strict, off"),
])
def test_usage_errors_exit_3_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args, input="")
    assert result.exit_code == 3
    assert message in " ".join(result.output.split())


def test_console_script_entry_point_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "inspector.cli", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("inspector ")


def test_quiet_prints_nothing_but_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["-q", "run", "--replay", str(LAB_BUNDLE), "--out",
                                 str(tmp_path), "--no-history", "--format", "md"])
    assert result.exit_code == 1  # the lab's critical findings, with the default --fail-on
    assert result.output == ""
    result = runner.invoke(app, ["-q", "run", "--replay", str(tmp_path / "nothing")])
    assert result.exit_code == 3 and "not a bundle folder" in result.output


def test_an_error_naming_a_long_path_stays_on_one_line(tmp_path: Path) -> None:
    missing = tmp_path / ("deep-folder-" * 12) / "bundle"
    result = runner.invoke(app, ["run", "--replay", str(missing)])
    assert result.exit_code == 3
    assert f"error: {missing}: not a bundle folder" in result.output.splitlines()[0]


def test_a_session_lost_midway_is_one_line_of_the_reason() -> None:
    from inspector.model import Capture, DeviceStatus  # noqa: PLC0415
    from inspector.parsing.device import inspect_device  # noqa: PLC0415
    from inspector.store.bundle import read_bundle  # noqa: PLC0415

    rec = next(r for r in read_bundle(LAB_BUNDLE) if r.device.platform == "cisco_ios")
    kept, cut = rec.captures[:4], rec.captures[4:]
    rec.captures = kept + [
        Capture(device=rec.device.name, command=c.command,
                error="session lost: SessionLostError: run interrupted") for c in cut]
    result = inspect_device(rec)
    assert result.status == DeviceStatus.PARTIAL
    assert result.reason.count("run interrupted") == 1, result.reason
    assert (f"`{cut[0].command}` and {len(cut) - 1} more commands: session lost: "
            "SessionLostError: run interrupted") in result.reason


def test_a_family_failing_for_another_reason_stays_in_the_reason() -> None:
    from inspector.model import Capture  # noqa: PLC0415
    from inspector.parsing.device import inspect_device  # noqa: PLC0415
    from inspector.store.bundle import read_bundle  # noqa: PLC0415

    rec = next(r for r in read_bundle(LAB_BUNDLE) if r.device.platform == "cisco_ios")
    last = rec.captures[-1]
    rec.captures[-1] = Capture(device=rec.device.name, command=last.command,
                               error="session lost: EOFError: closed")
    inventory = next(i for i, c in enumerate(rec.captures) if c.command == "show inventory")
    rec.captures[inventory] = rec.captures[inventory].model_copy(update={"output": "zz\nqq\n"})
    reason = inspect_device(rec).reason
    assert f"`{last.command}`: session lost: EOFError: closed" in reason
    assert "`show inventory` matched no record" in reason, reason
