"""Session-log import: logs composed from the lab's recorded outputs in the three shapes met
in the field, commands abbreviated and filtered as engineers type them, paging noise, the
device's name, and inputs that are not session logs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.baseline import HISTORY_FILE
from inspector.checks import load_rules, run_checks
from inspector.cli import app
from inspector.lab.profiles import Profile, profile_outputs, profiles
from inspector.model import DeviceStatus, FamilyStatus
from inspector.parsing.builders import build_snapshot
from inspector.parsing.device import inspect_device
from inspector.parsing.platforms import get_platform
from inspector.parsing.sessionlog import SessionLogError, read_session_log
from inspector.pipeline import _outputs as evidence_outputs
from inspector.store.bundle import DeviceRecording
from inspector.store.history import History

PROFILES = profiles()
BRACKETS = {"huawei_vrp", "hp_comware", "huawei_usg"}
BLANK_BEFORE_HASH = {"fortinet_fortios"}  # `FGT60F # `


def _abbreviate(command: str) -> str:
    """`display interface brief` -> `dis interface bri`: what engineers type."""
    first, *rest = command.split()
    if rest:
        rest[-1] = rest[-1][: max(3, len(rest[-1]) - 2)]
    return " ".join([first[:3], *rest])


def _prompt(profile: Profile) -> str:
    if profile.platform in BRACKETS:
        return f"<{profile.name}>"
    return f"{profile.name} #" if profile.platform in BLANK_BEFORE_HASH else f"{profile.name}#"


def _prompt_log(profile: Profile, outputs: dict[str, str]) -> str:
    # FortiOS has no paging command (the SSH transport answers its pager).
    paging = get_platform(profile.platform).paging.disable[:1]
    parts = [f"{_prompt(profile)}{command}\n" for command in paging]
    for command, output in outputs.items():
        parts.append(f"{_prompt(profile)} {_abbreviate(command)}\n{output}\n")
    parts.append(f"{_prompt(profile)}\n")
    return "\ufeff" + "".join(parts).replace("\n", "\r\n")


def _separator_log(outputs: dict[str, str]) -> str:
    return "".join(f"{command}\n{output}\n{'-' * 60}\n" for command, output in outputs.items())


def _banner_log(outputs: dict[str, str]) -> str:
    return "".join(f"{'-' * 25}{_abbreviate(c)}{'-' * 25}\n\n{o}\n" for c, o in outputs.items())


def _same_text(a: str, b: str) -> bool:
    return [line.rstrip() for line in a.strip().splitlines()] == [
        line.rstrip() for line in b.strip().splitlines()]


# Network CLIs (prompt, paging command, abbreviated keywords); a Linux shell's logs are
# tests/unit/test_linux_sessionlog.py's.
CLI_PROFILES = [(p, f) for p, f in PROFILES if p.platform != "linux"]


@pytest.mark.parametrize(("profile", "folder"), CLI_PROFILES,
                         ids=[p.name for p, _ in CLI_PROFILES])
@pytest.mark.parametrize("shape", ["prompt", "separator", "banner"])
def test_lab_outputs_survive_a_session_log(
    tmp_path: Path, profile: Profile, folder: Path, shape: str
) -> None:
    outputs = profile_outputs(folder)
    text = {"prompt": lambda: _prompt_log(profile, outputs),
            "separator": lambda: _separator_log(outputs),
            "banner": lambda: _banner_log(outputs)}[shape]()
    path = tmp_path / f"{profile.name}_10.1.2.3.log"
    path.write_text(text, encoding="utf-8", newline="")
    log = read_session_log(path)
    assert log.device.platform == profile.platform
    assert log.device.host == "10.1.2.3"
    if shape == "prompt":
        assert log.device.name == profile.name
    assert len(log.captures) == len(outputs)
    for capture, (command, output) in zip(log.captures, outputs.items(), strict=True):
        assert get_platform(profile.platform).commands().count(command) == 1
        assert _same_text(capture.output, output), capture.command


def test_gbk_encoded_log_is_read(tmp_path: Path) -> None:
    profile, folder = next((p, f) for p, f in PROFILES if p.platform == "huawei_vrp")
    outputs = dict(list(profile_outputs(folder).items())[:2])
    text = _prompt_log(profile, outputs).replace("\ufeff", "") + "中文注释\r\n"
    path = tmp_path / "gbk.log"
    path.write_bytes(text.encode("gb18030"))
    assert read_session_log(path).device.platform == "huawei_vrp"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (b"Dear team,\nplease find the minutes of the meeting attached.\n", "no command found"),
    (b"ZXR10#show version\nZTE ZXR10 Software, Version: V5.00.10\nZXR10#",
     "cannot tell the vendor"),
])
def test_unusable_files_get_one_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.log"
    path.write_bytes(content)
    with pytest.raises(SessionLogError) as err:
        read_session_log(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_a_ruijie_log_is_recognized(tmp_path: Path) -> None:
    path = tmp_path / "ruijie.log"
    path.write_text("Ruijie#show version\nSystem description : Ruijie Gigabit Switch"
                    "(S2910-24GT4XS-E) By Ruijie Networks\n"
                    "System software version : S29_RGOS 11.4(1)B12\n"
                    "Ruijie#show cpu\nCPU utilization in five seconds: 3.0%\n"
                    "CPU utilization in one minute  : 2.9%\n"
                    "CPU utilization in five minutes: 2.8%\nRuijie#", encoding="utf-8")
    log = read_session_log(path)
    assert (log.device.platform, log.device.name) == ("ruijie_os", "Ruijie")
    assert [c.command for c in log.captures] == ["show version", "show cpu"]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SessionLogError, match=re.escape(str(tmp_path / "nope.log"))):
        read_session_log(tmp_path / "nope.log")


# ------------------------------------------------- commands as engineers type them


def _lab(name: str) -> tuple[Profile, dict[str, str]]:
    profile, folder = next((p, f) for p, f in PROFILES if p.name == name)
    return profile, profile_outputs(folder)


def _typed_log(tmp_path: Path, profile: Profile, typed: list[tuple[str, str]],
               name: str = "session.log") -> Path:
    """A prompt log of `typed`: (the command as typed, the output the device printed)."""
    path = tmp_path / name
    path.write_text("".join(f"{_prompt(profile)}{command}\n{output}\n"
                            for command, output in typed) + f"{_prompt(profile)}\n",
                    encoding="utf-8")
    return path


def _only(output: str, word: str) -> str:
    """What `| include <word>` lets through."""
    return "\n".join(line for line in output.splitlines() if word in line)


@pytest.mark.parametrize(("lab", "typed", "families"), [
    ("sh-acc-s5735", {"dis ver": "display version", "dis mem": "display memory-usage",
                      "dis cpu": "display cpu-usage", "dis int br": "display interface brief",
                      "disp int": "display interface", "dis log": "display logbuffer",
                      "dis dev": "display device", "dis fan": "display fan",
                      "dis pow": "display power", "dis temp all": "display temperature all"},
     ("facts", "cpu", "memory", "interfaces", "inventory", "sensors")),
    ("gz-acc-s5130", {"dis ver": "display version", "dis cpu": "display cpu-usage",
                      "dis mem": "display memory", "dis int br": "display interface brief",
                      "dis int": "display interface", "dis env": "display environment",
                      "dis fan": "display fan", "dis pow": "display power"},
     ("facts", "cpu", "memory", "interfaces", "sensors")),
    ("bj-core-c9300", {"sh ver": "show version", "sh proc cpu": "show processes cpu",
                       "sh proc mem": "show processes memory", "sh env all":
                       "show environment all", "sh int": "show interfaces",
                       "sh ip int b": "show ip interface brief", "sh log": "show logging",
                       "sh inv": "show inventory"},
     ("facts", "cpu", "memory", "interfaces", "sensors", "logs", "inventory")),
])
def test_abbreviated_commands_feed_their_families(
    tmp_path: Path, lab: str, typed: dict[str, str], families: tuple[str, ...]
) -> None:
    profile, outputs = _lab(lab)
    path = _typed_log(tmp_path, profile, [(t, outputs[full]) for t, full in typed.items()])
    log = read_session_log(path)
    assert [c.command for c in log.captures] == list(typed)  # kept as typed
    snapshot = build_snapshot(log.device, log.captures)
    for family in families:
        assert snapshot.family(family).status == FamilyStatus.OK, (
            family, snapshot.family(family).reason)


def test_a_filtered_output_makes_its_family_partial_and_the_device_not_complete(
    tmp_path: Path,
) -> None:
    profile, outputs = _lab("bj-core-c9300")
    path = _typed_log(tmp_path, profile, [
        ("sh ver", outputs["show version"]),
        ("sh proc cpu | i CPU", _only(outputs["show processes cpu"], "CPU")),
        ("sh proc mem", outputs["show processes memory"]),
    ])
    log = read_session_log(path)
    assert log.captures[1].command == "sh proc cpu | i CPU"
    result = inspect_device(DeviceRecording(device=log.device, captures=log.captures))
    cpu = result.snapshot.cpu
    assert cpu.status == FamilyStatus.PARTIAL
    assert ("`show processes cpu | include CPU` was filtered (| include): the output may be "
            "incomplete") in cpu.reason
    assert cpu.data  # what the filter let through is still read
    assert result.snapshot.memory.status == FamilyStatus.OK
    assert result.status != DeviceStatus.COMPLETE
    assert "filtered" in result.reason
    assert result.captures[1].canonical == "show processes cpu"
    # The checks may report what the filter let through, never pass on it: 正常 would rest on
    # lines someone chose to show.
    (verdict,) = [f for f in run_checks([result], {}, load_rules())
                  if f.check_id == "cpu.utilization"]
    assert not verdict.passed and verdict.not_checked_reason, verdict
    assert "was filtered (| include)" in verdict.not_checked_reason


@pytest.mark.parametrize("order", ["filtered first", "whole first"])
def test_a_whole_output_of_the_same_command_is_not_spoiled_by_a_filtered_one(
    tmp_path: Path, order: str
) -> None:
    profile, outputs = _lab("bj-core-c9300")
    filtered = ("sh proc cpu | i CPU", _only(outputs["show processes cpu"], "CPU"))
    whole = ("sh proc cpu", outputs["show processes cpu"])
    typed = [filtered, whole] if order == "filtered first" else [whole, filtered]
    log = read_session_log(_typed_log(tmp_path, profile,
                                      [("sh ver", outputs["show version"]), *typed]))
    cpu = build_snapshot(log.device, log.captures).cpu
    assert cpu.status == FamilyStatus.OK, cpu.reason


def test_a_filter_that_let_nothing_through_proves_nothing(tmp_path: Path) -> None:
    profile, outputs = _lab("sh-acc-s5735")
    log = read_session_log(_typed_log(tmp_path, profile, [
        ("dis ver", outputs["display version"]),
        ("dis alarm active | i Critical", ""),
    ]))
    logs = build_snapshot(log.device, log.captures).logs
    assert logs.status == FamilyStatus.FAILED
    assert "`display alarm active | include Critical` was filtered (| include)" in logs.reason


def test_no_more_keeps_the_output_whole(tmp_path: Path) -> None:
    profile, outputs = _lab("sh-acc-s5735")
    log = read_session_log(_typed_log(tmp_path, profile, [
        ("dis ver", outputs["display version"]),
        ("dis mem | no-more", outputs["display memory-usage"]),
    ]))
    memory = build_snapshot(log.device, log.captures).memory
    assert memory.status == FamilyStatus.OK, memory.reason


# ------------------------------------------------------------ naming the device


def test_the_device_is_named_by_its_prompt_and_keeps_the_file_as_source(
    tmp_path: Path,
) -> None:
    profile, outputs = _lab("sh-acc-s5735")
    path = _typed_log(tmp_path, profile, [("dis ver", outputs["display version"])],
                      name="monday_10.9.8.7.log")
    log = read_session_log(path)
    assert log.device.name == profile.name
    assert log.device.source == str(path)
    assert log.device.host == "10.9.8.7"
    assert {c.device for c in log.captures} == {profile.name}


def test_without_a_prompt_the_device_is_named_by_the_hostname_its_facts_print(
    tmp_path: Path,
) -> None:
    _, outputs = _lab("bj-core-c9300")
    path = tmp_path / "export.txt"
    path.write_text(_banner_log(outputs), encoding="utf-8")
    log = read_session_log(path)
    assert log.device.name == "BJ-CORE-C9300"
    assert log.device.source == str(path)


def test_without_prompt_or_hostname_the_file_names_the_device(tmp_path: Path) -> None:
    _, outputs = _lab("sh-acc-s5735")  # VRP's `display version` prints no sysname
    path = tmp_path / "sh-acc-export.txt"
    path.write_text(_banner_log(outputs), encoding="utf-8")
    assert read_session_log(path).device.name == "sh-acc-export"


# ------------------------------------------------------------ nothing to import


def test_a_log_of_commands_inspector_does_not_read_is_not_importable(tmp_path: Path) -> None:
    path = tmp_path / "clock.log"
    path.write_text("<sw1>dis clock\n2026-11-21 10:00:00\n<sw1>dis users\n"
                    "+ 34  VTY 0  00:00:00  10.0.0.9  pass\n<sw1>\n", encoding="utf-8")
    with pytest.raises(SessionLogError) as err:
        read_session_log(path, "huawei_vrp")
    assert str(path) in str(err.value)
    assert "none of its commands (`dis clock`, `dis users`) is one inspector reads" \
        in str(err.value)


def test_import_log_with_nothing_importable_writes_nothing_and_exits_2(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty.log"
    empty.write_text("", encoding="utf-8")
    memo = tmp_path / "memo.log"
    memo.write_text("Dear team,\nthe inspection is next week.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["import-log", str(empty), str(memo), "--out", str(out),
                                      "--run-id", "r1"])
    assert result.exit_code == 2, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert [line for line in lines if line.startswith("not imported:")] == [
        f"not imported: {empty}: the file is empty",
        f"not imported: {memo}: no command found (no prompt such as `<HUAWEI>display "
        "version` or `Switch#show version`, and no command banners): not a session log",
    ]
    assert "no report written" in lines[-1]
    assert not (out / "r1").exists()
    assert History(out / HISTORY_FILE).runs() == []


@pytest.mark.parametrize("order", ["filtered first", "whole first"])
def test_evidence_quotes_the_whole_output_not_a_filtered_one(tmp_path: Path,
                                                              order: str) -> None:
    profile, outputs = _lab("bj-core-c9300")
    filtered = ("sh proc cpu | i CPU", _only(outputs["show processes cpu"], "CPU"))
    whole = ("sh proc cpu", outputs["show processes cpu"])
    typed = [filtered, whole] if order == "filtered first" else [whole, filtered]
    log = read_session_log(_typed_log(tmp_path, profile,
                                      [("sh ver", outputs["show version"]), *typed]))
    quoted = evidence_outputs([DeviceRecording(device=log.device, captures=log.captures)])
    assert _same_text(quoted[log.device.name]["show processes cpu"], whole[1])
