"""A filled checklist read into a run already recorded (`inspector report RUN --manual FILE`):
the sheet and photos kept in the run folder, the run's manual findings replaced in
results.json, and the run recorded again in the history store beside it, so the report,
the history and the period summary agree."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from inspector.errors import ConfigurationError
from inspector.fileio import atomic_write, read_bytes
from inspector.manual import ManualInput
from inspector.manual.record import replace_findings
from inspector.model import Run
from inspector.store.history import History

RESULTS = "results.json"
HISTORY_FILE = "history.sqlite"  # beside the run folders, where `run` keeps it by default


def _load(path: Path) -> Run:
    try:
        return Run.model_validate_json(read_bytes(path))
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise ConfigurationError(f"{path}: not a results.json of this version "
                                 f"({exc.error_count()} problems)") from None


def attach_to_run(run_dir: Path, manual: ManualInput, history: Path | None = None) -> Run:
    """Read `manual` into the run in `run_dir`; return the updated run. `history`: the store
    to update (default: the one beside the run folder, when it holds this run)."""
    if not run_dir.is_dir():
        raise ConfigurationError(f"{run_dir}: --manual needs the run's folder (it keeps the "
                                 "sheet and its photos)")
    path = run_dir / RESULTS
    run = _load(path)
    record = manual.read([d.device for d in run.devices])  # before anything is changed
    manual.attach(record, run_dir)
    run.findings = replace_findings(run.findings, record)
    atomic_write(path, [run.model_dump_json(indent=1), "\n"])
    store_path = history or run_dir.parent / HISTORY_FILE
    if store_path.is_file():
        with History(store_path) as store:
            if store.folder_of(run.run_id) is not None:
                store.record(run, run_dir)
    return run
