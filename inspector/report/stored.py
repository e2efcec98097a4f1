"""Re-render a stored run from its results.json, offline (`inspector report RUN_DIR`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from inspector import safeyaml
from inspector.fileio import read_bytes
from inspector.model import Run
from inspector.report.errors import ReportError
from inspector.report.meta import ReportMeta
from inspector.report.render import META_FILE, render_reports
from inspector.tracker.table import read_tracker

DEFAULT_FORMATS = "html,pdf,xlsx,md"  # what `run`, `import-log` and `report` write unless told


def load_run(run_dir: Path) -> Run:
    """The Run stored in `run_dir/results.json` (or in the file `run_dir` itself)."""
    path = run_dir / "results.json" if run_dir.is_dir() else run_dir
    try:
        return Run.model_validate_json(read_bytes(path))
    except OSError as exc:
        raise ReportError(f"{path}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise ReportError(f"{path}: not a results.json of this version "
                          f"({exc.error_count()} problems, first: {exc.errors()[0]['msg']})"
                          ) from None


def _run_folder(previous: Path, folder: Path) -> Path:
    """`--previous` as a folder (or results.json), else as a run id: a sibling run folder."""
    if previous.exists() or len(previous.parts) > 1:
        return previous
    return folder.parent / previous.name


def _stored_meta(path: Path) -> dict[str, Any]:
    """The report settings stored with a run; a damaged file is one error naming it."""
    try:
        meta = ReportMeta.model_validate_json(read_bytes(path))
    except OSError as exc:
        raise ReportError(f"{path}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ReportError(f"{path}: field {where}: {first['msg']} (fix or delete the file: "
                          "it only keeps the report settings)") from None
    return meta.model_dump(exclude_unset=True)


def load_meta(run_dir: Path, inventory: Path | None, overrides: dict[str, Any]) -> ReportMeta:
    """Metadata: the one stored with the run, then the inventory's report section, then
    command-line values, each overriding the one before."""
    base: dict[str, Any] = {}
    stored = run_dir / META_FILE
    if stored.exists():
        base = _stored_meta(stored)
    if inventory is not None:
        try:
            data = safeyaml.load_file(inventory) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ReportError(f"{inventory}: {exc}") from None
        section = data.get("report") if isinstance(data, dict) else None
        base.update(section or {})
        return ReportMeta.from_mapping(base, inventory.parent, **overrides)
    return ReportMeta.from_mapping(base, None, **overrides)


def rerender(run_dir: Path, lang: str = "zh", formats: str = DEFAULT_FORMATS, *,
             out: Path | None = None, inventory: Path | None = None,
             previous: Sequence[Path] = (), progress: Callable[[str], None] | None = None,
             **meta: Any) -> dict[str, Path]:
    """Re-render the run in `run_dir` into `out` (default: the run folder itself).

    `previous`: earlier run folders for the changes and trend sections. `meta`: ReportMeta
    fields given on the command line (None = not given). `progress`: see render_reports.
    Raises ReportError.
    """
    run = load_run(run_dir)
    folder = run_dir if run_dir.is_dir() else run_dir.parent
    history = [load_run(_run_folder(p, folder)) for p in previous]
    return render_reports(run, out or folder, formats=formats.split(","), lang=lang,
                          meta=load_meta(folder, inventory, meta), history=history,
                          bundle=folder / "bundle", explicit=bool(history),
                          progress=progress, tracker=read_tracker(folder))
