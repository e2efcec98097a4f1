"""Site workers as real processes (`inspector fleet worker`), for the fleet's fault tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from inspector.fleet.settings import Timing, make_app
from inspector.fleet.status import workers_by_site
from inspector.inventory import Host
from inspector.lab.sshserver import LabDevice
from tests.conftest import ROOT
from tests.integration.conftest import host_for

READY_TIMEOUT_S = 30.0
# Short: a killed worker's job is given to another within seconds, not a minute.
TEST_LEASE_S = 2.0


@dataclass
class Workers:
    broker: str
    results: Path
    folder: Path
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)
    of_site: dict[str, list[subprocess.Popen[bytes]]] = field(default_factory=dict)

    def start(self, site: str, count: int = 1, wait: bool = True) -> list[subprocess.Popen[bytes]]:
        new = [self._spawn([site]) for _ in range(count)]
        if wait:
            self.wait_ready(site, len(new))
        return new

    def serve(self, sites: list[str]) -> subprocess.Popen[bytes]:
        """One worker serving every site of `sites` (`--site A --site B ...`), ready."""
        process = self._spawn(sites)
        for site in sites:
            self.wait_ready(site, 1)
        return process

    def _spawn(self, sites: list[str]) -> subprocess.Popen[bytes]:
        number = len(self.started)
        log = (self.folder / f"worker-{number}.log").open("wb")
        given = [arg for site in sites for arg in ("--site", site)]
        process = subprocess.Popen(
            [sys.executable, "-m", "inspector.cli", "fleet", "worker", *given,
             "--broker", self.broker, "--results", str(self.results),
             "--spool", str(self.folder / f"spool-{number}"),
             "--lease", str(TEST_LEASE_S), "--loglevel", "INFO"],
            cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT)
        log.close()
        self.started.append(process)
        for site in sites:
            self.of_site.setdefault(site, []).append(process)
        return process

    def wait_ready(self, site: str, count: int) -> None:
        """Until `count` workers of `site` answer (each answers once it consumes)."""
        app = make_app(self.broker, Timing(socket_timeout_s=3))
        try:
            ends = time.monotonic() + READY_TIMEOUT_S
            while time.monotonic() < ends:
                if len(workers_by_site(app, timeout=0.5).get(site, [])) >= count:
                    return
                time.sleep(0.1)
        finally:
            app.close()
        raise AssertionError(f"no worker of site {site} answered: {self.logs()}")

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:]
                         for p in sorted(self.folder.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)  # cold shutdown: no job waited for
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@contextmanager
def site_workers(broker: str, folder: Path, env: dict[str, str] | None = None
                 ) -> Iterator[Workers]:
    """Workers started in a test; every one is ended afterwards. `env`: their environment
    (default: this process's)."""
    folder.mkdir(parents=True, exist_ok=True)
    workers = Workers(broker, folder / "results", folder, env or dict(os.environ))
    try:
        yield workers
    finally:
        workers.stop()


def site_hosts(devices: list[LabDevice], site: str) -> list[Host]:
    return [host_for(d).model_copy(update={"site": site}) for d in devices]


def attempts(results: Path, run_id: str = "*") -> list[Path]:
    """The attempt folders of a run's jobs (of every run by default)."""
    return sorted(results.glob(f"{run_id}/*/*/attempt-*"))


def wait_for(condition: object, timeout: float, what: str) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")
