"""Archive every device's running configuration with the run, and diff it against the
device's last archived one.

For each device whose platform declares `archive:`, the capture of its command is masked
(inspector/configs/mask.py) and written to `<run folder>/configs/<device>.cfg`; with a
history store it is also kept there, so the next run finds it. The diff against the newest
earlier archive of the same device (or the one of `--previous RUN`), volatile lines
ignored, goes to `configs/<device>.diff`, and its start, with the counts, to the device's
result (`DeviceResult.config_archive`), which the `config.changed` check and the report
read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inspector.access import access
from inspector.configs.diff import SHOWN_LINES, ConfigDiff, config_diff
from inspector.configs.mask import mask_config
from inspector.configs.store import Archived, ConfigStore, digest
from inspector.fileio import atomic_write, flush_all
from inspector.model import Capture, ConfigArchive, DeviceResult, DeviceStatus, Run
from inspector.parsing.archive import Archive
from inspector.parsing.parse import clean, vendor_error
from inspector.parsing.platforms import DefinitionError, Platform, get_platform
from inspector.store.bundle import DeviceRecording, safe_name
from inspector.store.history import History, HistoryError

CONFIGS_DIR = "configs"


def archive_definition(platform_name: str) -> tuple[Platform, Archive] | None:
    """The platform and its `archive:` block; None when it has none (or is unknown)."""
    definition = access(platform_name).os
    if definition is None:
        return None
    try:
        platform = get_platform(definition)
    except DefinitionError:
        return None
    return (platform, platform.archive) if platform.archive is not None else None


def configuration(platform: Platform, archive: Archive,
                  capture: Capture) -> tuple[str | None, str]:
    """(the masked configuration, "") or (None, why there is none)."""
    if capture.error:
        return None, f"`{archive.command}`: {capture.error}"
    text = clean(platform.name, capture.output)
    rejected = vendor_error(platform.name, text)
    if rejected is not None:
        return None, f"device rejected `{archive.command}`: {rejected}"
    if not text.strip():
        return None, f"`{archive.command}`: empty output"
    return mask_config(text, archive), ""


def _whole(platform: Platform, typed: str, archive: Archive) -> bool:
    """Whether `typed` printed the whole configuration: the command as sent, or as an
    engineer typed it in a session log (`dis cur`), with no filter (`| include`)."""
    if typed == archive.command:
        return True
    found = platform.match(typed)
    return found is not None and found.command == archive.command and not found.modifier


@dataclass
class _Baseline:
    entry: Archived
    text: str


class Archiver:
    """Archives one run's configurations into its folder (and the history store)."""

    def __init__(self, run: Run, folder: Path, history: History | None,
                 baseline: str | None = None) -> None:
        self.run = run
        self.folder = folder
        self.store = ConfigStore(history) if history is not None else None
        self.baseline = baseline  # `--previous RUN`: compare with that run's archive
        self._names: dict[str, int] = {}
        self.written = 0  # files written, made durable at the end

    def _file_name(self, device: str) -> str:
        """A file name per device, unique in the folder (case-insensitively)."""
        base = safe_name(device)
        count = self._names.get(base.lower(), 0)
        self._names[base.lower()] = count + 1
        return base if count == 0 else f"{base}-{count + 1}"

    def _previous(self, device: str) -> tuple[_Baseline | None, str]:
        if self.store is None:
            return None, ""
        entry = self.store.get(device, self.baseline) if self.baseline else \
            self.store.latest_before(device, self.run.started)
        if entry is None:
            return None, ""
        try:
            return _Baseline(entry, self.store.text(entry)), ""
        except HistoryError as exc:
            return None, str(exc)

    def device(self, result: DeviceResult, captures: Sequence[Capture]) -> ConfigArchive | None:
        """Archive one device; None when its platform keeps no configuration or it was not
        reached."""
        found = archive_definition(result.device.platform)
        if found is None or result.status is DeviceStatus.UNREACHABLE:
            return None
        platform, archive = found
        capture = next((c for c in captures if _whole(platform, c.command, archive)), None)
        if capture is None:
            return ConfigArchive(status="not_collected",
                                 reason=f"`{archive.command}`: not collected")
        text, why = configuration(platform, archive, capture)
        if text is None:
            return ConfigArchive(status="failed", reason=why)
        name = self._file_name(result.device.name)
        cfg = f"{CONFIGS_DIR}/{name}.cfg"
        atomic_write(self.folder / cfg, [text if text.endswith("\n") else text + "\n"],
                     durable=False)
        self.written += 1
        previous, problem = self._previous(result.device.name)
        if self.store is not None:
            self.store.add(Archived(run_id=self.run.run_id, device=result.device.name,
                                    platform=result.device.platform, started=self.run.started,
                                    file=self.folder / cfg, sha256=digest(text)), text)
        if previous is None:
            return ConfigArchive(status="archived", file=cfg, reason=problem)
        diff = config_diff(previous.text, text, archive,
                           f"{previous.entry.run_id}/{name}.cfg", f"{self.run.run_id}/{name}.cfg")
        return self._compared(previous.entry, diff, cfg, name)

    def _compared(self, previous: Archived, diff: ConfigDiff, cfg: str,
                  name: str) -> ConfigArchive:
        said = {"file": cfg, "previous_run": previous.run_id,
                "previous_started": previous.started}
        if not diff.changed:
            return ConfigArchive(status="unchanged", **said)
        diff_file = f"{CONFIGS_DIR}/{name}.diff"
        atomic_write(self.folder / diff_file, [line + "\n" for line in diff.lines],
                     durable=False)
        hunks = diff.hunks()
        return ConfigArchive(status="changed", diff_file=diff_file, added=diff.added,
                             removed=diff.removed, diff=hunks[:SHOWN_LINES],
                             more=max(0, len(hunks) - SHOWN_LINES), **said)


def archive_run(run: Run, recordings: Sequence[DeviceRecording], folder: Path,
                history: History | None, baseline: str | None = None) -> None:
    """Set each device result's `config_archive` (see the module's docstring)."""
    archiver = Archiver(run, folder, history, baseline)
    captures = {rec.device.name: rec.captures for rec in recordings}
    for result in run.devices:
        result.config_archive = archiver.device(result, captures.get(result.device.name, ()))
    if archiver.written:
        flush_all()  # the files whole on the disk before results.json refers to them
