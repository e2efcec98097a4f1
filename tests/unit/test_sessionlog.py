"""Session-log import: logs composed from the lab's recorded outputs in the three shapes met
in the field, abbreviated commands, paging noise, and inputs that are not session logs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector.collectors.sessionlog import SessionLogError, read_session_log
from inspector.lab.profiles import Profile, profile_outputs, profiles
from inspector.platforms import get_platform

PROFILES = profiles()
BRACKETS = {"huawei_vrp", "hp_comware"}


def _abbreviate(command: str) -> str:
    """`display interface brief` -> `dis interface bri`: what engineers type."""
    first, *rest = command.split()
    if rest:
        rest[-1] = rest[-1][: max(3, len(rest[-1]) - 2)]
    return " ".join([first[:3], *rest])


def _prompt(profile: Profile) -> str:
    return f"<{profile.name}>" if profile.platform in BRACKETS else f"{profile.name}#"


def _prompt_log(profile: Profile, outputs: dict[str, str]) -> str:
    paging = get_platform(profile.platform).paging.disable[0]
    parts = [f"{_prompt(profile)}{paging}\n"]
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


@pytest.mark.parametrize(("profile", "folder"), PROFILES, ids=[p.name for p, _ in PROFILES])
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
    (b"Ruijie#show version\nSystem description : Ruijie Gigabit Switch (S2910) By Ruijie "
     b"Networks\nRuijie#", "cannot tell the vendor"),
])
def test_unusable_files_get_one_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.log"
    path.write_bytes(content)
    with pytest.raises(SessionLogError) as err:
        read_session_log(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SessionLogError, match=re.escape(str(tmp_path / "nope.log"))):
        read_session_log(tmp_path / "nope.log")
