"""A separate process writing one run into a history, for the concurrent-writer tests:

    python -m tests.history_writer TARGET RUN_JSON RUN_ID GO_FILE

It loads the run from RUN_JSON (a results.json), renames it RUN_ID, waits until GO_FILE
exists (so every writer starts together) and records it device by device, as a run does.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from inspector.model import Run
from inspector.store.history import History


def write(target: str, run_json: Path, run_id: str, go: Path) -> None:
    run = Run.model_validate_json(run_json.read_bytes())
    run = run.model_copy(update={"run_id": run_id, "started": datetime.now(UTC)})
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    with History(target) as store:
        store.record(run, run_json.parent / run_id)


if __name__ == "__main__":
    write(sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
