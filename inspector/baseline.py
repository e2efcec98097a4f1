"""What a run is judged by and compared with: the rules, the history store, the run named
by `--previous` (else each device's own baseline in the store), and the earlier runs its
report shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector.checks import load_rules
from inspector.errors import ConfigurationError
from inspector.fileio import read_bytes
from inspector.model import Run
from inspector.pipeline import CheckSettings, load_previous, previous_snapshots
from inspector.store.history import SPOOL_DIR, History
from inspector.store.target import HistoryTarget

HISTORY_FILE = "history.sqlite"  # under the output folder, unless --history names another
REPORT_RUNS = 6  # complete earlier runs a report's trends show


def check_settings(rules: Path | None, previous: Path | None, *, out: Path,
                   history: Path | HistoryTarget | None, no_history: bool,
                   overrides: dict[str, Any] | None = None,
                   profile: str = "monthly") -> CheckSettings:
    """The rules (the built-in pack, the profile's and `rules`' settings on top), the store
    the run is recorded in (None with `no_history`) and the baseline `previous` names."""
    loaded = load_rules(rules, profile)
    # A database server out of reach keeps the run's writes beside its folder (store/spool.py).
    store = None if no_history else History(history or out / HISTORY_FILE,
                                            spool=out / SPOOL_DIR)
    baseline = previous_run(previous, out, store) if previous is not None else None
    return CheckSettings(rules=loaded, overrides=overrides, history=store, baseline=baseline,
                         previous=previous_snapshots(baseline) if baseline else None)


def previous_run(value: Path, out: Path, store: History | None) -> Run:
    """`--previous RUN`: a run folder (or its results.json), else a run id of the history
    store, else a run folder of that name under `out`. Raises ConfigurationError naming what
    it tried."""
    folder = value
    if not value.exists() and len(value.parts) == 1:
        recorded = store.folder_of(value.name) if store is not None else None
        folder = recorded if recorded is not None else out / value.name
    if not folder.exists():
        raise ConfigurationError(f"--previous {value}: no such run folder, and no run of that "
                                 "id in the history (see `inspector history`)")
    return load_previous(folder)


def _load(folder: Path) -> Run | None:
    path = folder / "results.json"
    try:
        return Run.model_validate_json(read_bytes(path))
    except (OSError, ValueError):
        return None  # a folder removed or from another version: it is simply skipped


def report_history(store: History | None, run: Run, count: int = REPORT_RUNS) -> list[Run]:
    """Earlier runs for the report: the last `count` complete ones (trends) and every
    device's baseline run (changes), oldest first."""
    if store is None:
        return []
    wanted = [r.run_id for r in store.runs(limit=count + 1) if r.complete]
    wanted += [run_id for run_id, _ in
               store.baselines([d.device.name for d in run.devices], run).values()]
    runs: dict[str, Run] = {}
    for run_id in dict.fromkeys(wanted):
        folder = store.folder_of(run_id)
        loaded = _load(folder) if run_id != run.run_id and folder is not None else None
        if loaded is not None:
            runs[run_id] = loaded
    return sorted(runs.values(), key=lambda r: r.started)


def compared_runs(settings: CheckSettings, run: Run) -> list[Run]:
    """The earlier runs `run`'s report compares with: the `--previous` run alone when one
    was named, else the history's."""
    if settings.baseline is not None:
        return [settings.baseline]
    return report_history(settings.history, run)
