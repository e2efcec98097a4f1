"""The lab's simulated devices: recorded outputs written by us, one folder per device.

`inspector/lab/devices/` is at once the lab's device profiles and a bundle (its
`index.json` lists every device and output), so the demo replays it and the simulated SSH
devices answer from the same files. Each device folder holds `device.yaml` (platform,
model, role and the faults planted in it) and one `<command_with_underscores>.txt` per
command.

Regenerate the index after editing a profile: `python -m inspector.lab.profiles`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from inspector.expect import Expect, merged
from inspector.model import Capture, Device
from inspector.parsing.platforms import get_platform
from inspector.store.bundle import (
    FORMAT,
    INDEX,
    VERSION,
    CaptureEntry,
    DeviceEntry,
    DeviceRecording,
    Index,
    read_bundle,
)

LAB_BUNDLE = Path(__file__).parent / "devices"


class PlantedFault(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: str
    description: str
    severity: Literal["critical", "major", "minor", "info"]


class Profile(BaseModel):
    """`device.yaml` of one simulated device."""

    model_config = ConfigDict(extra="forbid")

    name: str
    platform: str
    model: str = ""
    os_version: str = ""
    role: str = ""
    site: str = "Lab"
    room: str = "Lab room 1"
    host: str = "127.0.0.1"
    faults: list[PlantedFault] = Field(default_factory=list)
    # The designed state of its redundancy, as an inventory's `expect:` gives it.
    expect: Expect | None = None
    # Check settings the device does not print, as an inventory's `thresholds:` gives them
    # (a firewall's session capacity).
    thresholds: dict[str, Any] = Field(default_factory=dict)
    # A Linux host's optional commands its sudoers allows (the inventory's `linux.permit`).
    linux_permit: list[str] = Field(default_factory=list)


def load_profile(folder: Path) -> Profile:
    raw = yaml.safe_load((folder / "device.yaml").read_text(encoding="utf-8"))
    return Profile.model_validate(raw)


def command_of(stem: str) -> str:
    """The command a file name stands for: `_` is a blank, `__` an underscore of the command
    itself (OceanStor's `show storage_pool general` is `show_storage__pool_general.txt`)."""
    # A slash cannot be in a file name: `%2F` (Linux's `cat /proc/meminfo` is
    # `cat_%2Fproc%2Fmeminfo.txt`), and `%25` is a percent sign of the command.
    command = "_".join(part.replace("_", " ") for part in stem.split("__"))
    return command.replace("%2F", "/").replace("%25", "%")


def file_stem(command: str) -> str:
    """The file name (without `.txt`) of a command's output: `command_of` reversed."""
    escaped = command.replace("%", "%25").replace("/", "%2F")
    return "__".join(part.replace(" ", "_") for part in escaped.split("_"))


def profile_outputs(folder: Path) -> dict[str, str]:
    """Command -> recorded output, in the order of the platform definition."""
    profile = load_profile(folder)
    files = {command_of(p.stem): p for p in folder.glob("*.txt")}
    order = get_platform(profile.platform).commands()
    ranked = sorted(files, key=lambda c: (order.index(c) if c in order else len(order), c))
    return {command: files[command].read_text(encoding="utf-8") for command in ranked}


def profiles(root: Path = LAB_BUNDLE) -> list[tuple[Profile, Path]]:
    return [(load_profile(d), d) for d in sorted(root.iterdir()) if (d / "device.yaml").is_file()]


def lab_overrides(root: Path = LAB_BUNDLE) -> dict[str, Any]:
    """The check settings the lab's `expect:` sections give, per device (`run_checks`'
    `overrides`), for the demo live or replayed."""
    settings = {p.name: merged(p.thresholds, p.expect) for p, _ in profiles(root)}
    return {"devices": {name: values for name, values in settings.items() if values}}


def recordings(root: Path = LAB_BUNDLE) -> list[DeviceRecording]:
    """The lab as bundle recordings (the outputs as read from the profile folders)."""
    result = []
    for profile, folder in profiles(root):
        device = Device(name=profile.name, host=profile.host, platform=profile.platform,
                        role=profile.role, site=profile.site, room=profile.room,
                        model=profile.model)
        captures = [Capture(device=profile.name, command=command, output=output)
                    for command, output in profile_outputs(folder).items()]
        result.append(DeviceRecording(device=device, captures=captures))
    return result


def index_is_current(root: Path = LAB_BUNDLE) -> bool:
    """Whether the committed index.json lists exactly the profiles' outputs."""
    expected = [(r.device, [(c.command, c.output) for c in r.captures])
                for r in recordings(root)]
    actual = [(r.device, [(c.command, c.output) for c in r.captures]) for r in read_bundle(root)]
    return expected == actual


def write_index(root: Path = LAB_BUNDLE) -> None:
    """Rewrite index.json so the profile folders read as a bundle (files stay in place)."""
    entries = []
    for profile, folder in profiles(root):
        captures = [
            CaptureEntry(command=command, file=f"{folder.name}/{file_stem(command)}.txt")
            for command in profile_outputs(folder)
        ]
        entries.append(DeviceEntry(name=profile.name, platform=profile.platform,
                                   host=profile.host, role=profile.role, site=profile.site,
                                   room=profile.room, model=profile.model, captures=captures))
    index = Index(format=FORMAT, version=VERSION, source="lab", devices=entries)
    (root / INDEX).write_text(index.model_dump_json(indent=1, exclude_none=True) + "\n",
                              encoding="utf-8")


if __name__ == "__main__":
    write_index()
