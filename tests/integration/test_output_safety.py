"""File names derived from device names (and run ids) cannot escape the run folder: `../`,
absolute paths, NUL, Windows separators, names that differ only in case, endless names."""

from __future__ import annotations

from pathlib import Path

from inspector.lab.sshserver import Lab, lab_devices
from inspector.model import Capture, Device, Run
from inspector.pipeline import collect, replay
from inspector.store.bundle import DeviceRecording, read_bundle, write_bundle
from tests.integration.conftest import host_for

HOSTILE = [
    "../../escaped", "/tmp/absolute-escape", "..", ".", "a/../../b", "..\\..\\win",
    "nul\x00byte", "CON", "con", "-rf", "~root", "x" * 300, "名字/../../中文", " ",
]


def _files(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def _assert_contained(tmp_path: Path, out: Path, before: set[Path]) -> None:
    created = _files(tmp_path) - before
    outside = [p for p in created if out.resolve() not in p.resolve().parents
               and p.resolve() != out.resolve()]
    assert not outside, outside
    assert not Path("/tmp/absolute-escape").exists()
    for path in created:
        assert "\x00" not in str(path)
        assert len(path.name) <= 120, path.name


def test_hostile_device_names_over_ssh_stay_in_the_run_folder(
    tmp_path: Path, serve: type[Lab], lab_password: str
) -> None:
    device, = lab_devices(password=lab_password, names=["sh-acc-s5735"])
    serve([device]).start()
    hosts = [host_for(device).model_copy(update={"name": name}) for name in HOSTILE]
    out = tmp_path / "out"
    before = _files(tmp_path)
    output = collect(hosts, out, workers=4, run_id="../../run-escape",
                     record=tmp_path / "out" / "recorded")
    _assert_contained(tmp_path, out, before)
    assert output.folder.parent == out
    run = Run.model_validate_json((output.folder / "results.json").read_text())
    # The names are kept as they were (only the file names are made safe) ...
    assert [d.device.name for d in run.devices] == HOSTILE
    # ... and every device's captures went to its own folder.
    folders = {c.file.split("/")[0] for d in run.devices for c in d.captures if c.file}
    assert len(folders) == len(HOSTILE)
    assert all(not f.startswith(".") and "/" not in f for f in folders)
    for rec in read_bundle(output.folder / "bundle"):
        assert rec.captures and all(c.error is None for c in rec.captures), rec.device.name


def test_hostile_names_in_a_replayed_bundle_stay_in_the_run_folder(tmp_path: Path) -> None:
    recordings = [
        DeviceRecording(device=Device(name=name, platform="huawei_vrp"),
                        captures=[Capture(device=name, command="display version/../../x",
                                          output="text")])
        for name in HOSTILE
    ]
    source = tmp_path / "source"
    write_bundle(source, recordings, source="test")
    out = tmp_path / "out"
    before = _files(tmp_path)
    output = replay(source, out, run_id="/abs/../../x\x00y")
    _assert_contained(tmp_path, out, before)
    names = [r.device.name for r in read_bundle(output.folder / "bundle")]
    assert names == HOSTILE


def test_a_bundle_index_pointing_outside_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source"
    write_bundle(source, [DeviceRecording(
        device=Device(name="d", platform="huawei_vrp"),
        captures=[Capture(device="d", command="display version", output="x")])], "test")
    index = source / "index.json"
    secret = tmp_path / "secret.txt"
    secret.write_text("outside", encoding="utf-8")
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace('"d/001-display_version.txt"', '"../secret.txt"'),
                     encoding="utf-8")
    try:
        read_bundle(source)
    except ValueError as exc:
        assert "outside the bundle" in str(exc)
    else:
        raise AssertionError("a capture file outside the bundle was read")
