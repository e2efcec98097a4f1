from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.model import Capture, Device
from inspector.store.bundle import (
    BundleError,
    DeviceRecording,
    read_bundle,
    safe_name,
    write_bundle,
)

AWKWARD = "line 1\r\nline 2 \x1b[42D\n\ttab\r\n" + "中文 输出\n" + "\udcff raw byte\n"


def _recording(name: str = "core-sw1") -> DeviceRecording:
    device = Device(name=name, host="10.0.0.1", platform="huawei_vrp", role="core")
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    return DeviceRecording(device=device, captures=[
        Capture(device=name, command="display version", output=AWKWARD, started=now, ended=now),
        Capture(device=name, command="display cpu-usage", output="", error="timed out"),
    ])


def test_round_trip_is_exact(tmp_path: Path) -> None:
    original = [_recording(), _recording("../../etc/passwd")]
    write_bundle(tmp_path / "b", original, source="test")
    loaded = read_bundle(tmp_path / "b")
    assert [r.device for r in loaded] == [r.device for r in original]
    assert [r.captures for r in loaded] == [r.captures for r in original]
    raw = (tmp_path / "b" / loaded[0].files[0]).read_bytes()
    assert raw == AWKWARD.encode("utf-8", "surrogateescape")


def test_device_names_cannot_escape_the_bundle(tmp_path: Path) -> None:
    write_bundle(tmp_path / "b", [_recording("../../evil"), _recording("/abs\x00olute")], "t")
    files = [p.resolve() for p in (tmp_path / "b").rglob("*") if p.is_file()]
    assert all((tmp_path / "b").resolve() in p.parents for p in files)
    assert safe_name("..") == "device"
    assert safe_name("a/b\\c") == "a_b_c"


def test_same_names_get_distinct_folders(tmp_path: Path) -> None:
    write_bundle(tmp_path / "b", [_recording("sw"), _recording("SW")], "t")
    index = json.loads((tmp_path / "b" / "index.json").read_text())
    folders = {d["captures"][0]["file"].split("/")[0] for d in index["devices"]}
    assert len(folders) == 2


@pytest.mark.parametrize(("index", "message"), [
    (None, "index.json is missing"),
    ("{not json", "line 1 column 2"),
    ('{"format": "other", "version": 1, "devices": []}', "field format"),
    ('{"format": "inspector-bundle", "version": 9, "devices": []}', "field version"),
    ('{"format": "inspector-bundle", "version": 1, "devices": [{"name": "x"}]}',
     "field devices.0.platform"),
    ('{"format": "inspector-bundle", "version": 1, "devices": [{"name": "x", '
     '"platform": "cisco_ios", "captures": [{"command": "c", "file": "../../x"}]}]}',
     "points outside the bundle"),
    ('{"format": "inspector-bundle", "version": 1, "devices": [{"name": "x", '
     '"platform": "cisco_ios", "captures": [{"command": "c", "file": "gone.txt"}]}]}',
     "capture file 'gone.txt'"),
])
def test_malformed_bundles_get_one_clear_message(
    tmp_path: Path, index: str | None, message: str
) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    if index is not None:
        (folder / "index.json").write_text(index, encoding="utf-8")
    with pytest.raises(BundleError) as err:
        read_bundle(folder)
    assert str(folder) in str(err.value)
    assert message in str(err.value)
