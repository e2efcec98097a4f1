"""Real Redis and PostgreSQL servers for the fleet tests and the fleet benchmark.

Each server runs as a child process in a scratch folder, listens on a free port of 127.0.0.1
only, and is stopped when its context manager exits. Nothing is installed as a service and no
port is fixed, so several test runs can share one machine. A server can be stopped and started
again on the same port: the broker-restart and "PostgreSQL down at the end of a run" fault
tests need exactly that.

    with redis_server(folder) as redis:
        redis.url            # "redis://127.0.0.1:PORT/0"
        redis.restart()

    with postgres_server(folder) as pg:
        pg.url               # "postgresql+psycopg://inspector@127.0.0.1:PORT/inspector"
        pg.stop(); pg.start()

A missing binary raises ServiceMissingError naming what to install; the fixtures turn that into a
skip on a developer's machine and a failure in CI.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.tlscerts import TlsFiles

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 30.0
POLL_INTERVAL_S = 0.05
LOG_TAIL_CHARS = 2000

PG_USER = "inspector"  # the cluster's superuser (initdb -U), not a system account
PG_DATABASE = "inspector"
PG_SYSTEM_USER = "postgres"  # PostgreSQL refuses to run as root: root runs it as this user
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServiceMissingError(RuntimeError):
    """A server's program is not installed: the message says which and how to get it."""


class ServiceFailedError(RuntimeError):
    """A server was found but did not start or stop in time; the message quotes its log."""


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent(sig: signal.Signals) -> Callable[[], None]:
    """A pre-exec hook: the kernel sends `sig` to the server if the test process dies.

    It keeps a killed pytest from leaving servers behind. It runs after the change of user,
    which would otherwise clear it.
    """
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    except (OSError, AttributeError):
        return lambda: None

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    return arm


def _log_tail(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARS:]
    except OSError:
        return "(no log)"


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes] | None,
                what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServiceFailedError(f"{what} exited with status {process.returncode} while "
                                f"starting; its log ({log}):\n{_log_tail(log)}")
        if ready():
            return
        time.sleep(POLL_INTERVAL_S)
    raise ServiceFailedError(f"{what} did not answer within {START_TIMEOUT_S:g} s; "
                        f"its log ({log}):\n{_log_tail(log)}")


def _end(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal a child and wait for it, killing it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


# --- Redis ------------------------------------------------------------------------------------


def _redis_answers(port: int, tls: ssl.SSLContext | None = None) -> bool:
    """True when a Redis server on the port replies +PONG (raw protocol: no client needed)."""
    try:
        with contextlib.ExitStack() as stack:
            conn = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=1))
            if tls is not None:
                conn = stack.enter_context(tls.wrap_socket(conn, server_hostname="127.0.0.1"))
            conn.sendall(b"PING\r\n")
            return conn.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server child process: in memory only, bound to 127.0.0.1, its port kept.

    With `tls`, it speaks TLS only and asks for a client certificate; `url` is then the
    `rediss://` URL docs/fleet.md gives, naming the CA and the client's certificate.
    """

    def __init__(self, folder: Path, port: int | None = None,
                 tls: TlsFiles | None = None) -> None:
        program = shutil.which("redis-server")
        if program is None:
            raise ServiceMissingError("redis-server is not installed (Debian package "
                                      "redis-server; `make system` installs it)")
        self.program = program
        self.folder = folder
        self.port = port or free_port()
        self.tls = tls
        self.log = folder / "redis.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        if self.tls is None:
            return f"redis://127.0.0.1:{self.port}/0"
        return (f"rediss://127.0.0.1:{self.port}/0?ssl_cert_reqs=required"
                f"&ssl_ca_certs={self.tls.ca}&ssl_certfile={self.tls.client_cert}"
                f"&ssl_keyfile={self.tls.client_key}")

    def _listen(self) -> list[str]:
        if self.tls is None:
            return ["--port", str(self.port)]
        return ["--port", "0", "--tls-port", str(self.port),
                "--tls-cert-file", str(self.tls.server_cert),
                "--tls-key-file", str(self.tls.server_key),
                "--tls-ca-cert-file", str(self.tls.ca), "--tls-auth-clients", "yes"]

    def answers(self) -> bool:
        if self.tls is None:
            return _redis_answers(self.port)
        context = ssl.create_default_context(cafile=str(self.tls.ca))
        context.load_cert_chain(str(self.tls.client_cert), str(self.tls.client_key))
        return _redis_answers(self.port, context)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs (the benchmark reads its CPU time)."""
        return self._process.pid if self.running and self._process is not None else None

    def start(self) -> None:
        if self.running:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [self.program, *self._listen(), "--bind", "127.0.0.1",
                   "--dir", str(self.folder), "--save", "", "--appendonly", "no",
                   "--daemonize", "no", "--logfile", str(self.log)]
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent(signal.SIGTERM))  # noqa: PLW1509 - one prctl
        _wait_until(self.answers, self._process, f"redis-server on port {self.port}", self.log)

    def stop(self) -> None:
        """Stop the server; what it held in memory is gone, as after a broker crash."""
        if self._process is not None:
            _end(self._process, signal.SIGTERM)
            self._process = None

    def kill(self) -> None:
        """End the server abruptly (SIGKILL), as when its machine loses power."""
        if self._process is not None:
            _end(self._process, signal.SIGKILL)
            self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@contextlib.contextmanager
def redis_server(folder: Path, tls: TlsFiles | None = None) -> Iterator[RedisServer]:
    """A running Redis server in `folder`; `.url` is its URL. Stopped on exit."""
    server = RedisServer(folder, tls=tls)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_bin() -> Path:
    """The newest PostgreSQL server's bin folder (Debian keeps it off PATH)."""
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")),
                   key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)
    candidates = [path for path in found if (path / "initdb").exists()]
    if candidates:
        return candidates[-1]
    on_path = shutil.which("initdb")
    if on_path is not None:
        return Path(on_path).parent
    raise ServiceMissingError("PostgreSQL's server programs (initdb, postgres, pg_ctl) are not "
                         f"installed: none under {PG_BIN_GLOB} nor on PATH (Debian package "
                         "postgresql; `make system` installs it)")


def _system_user() -> pwd.struct_passwd | None:
    """Whom to run PostgreSQL as: None for ourselves, the postgres account when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        raise ServiceMissingError(f"running as root, and PostgreSQL refuses root: the system user "
                             f"{PG_SYSTEM_USER!r} (created by the postgresql package) is "
                             "missing") from None


class PostgresServer:
    """A private PostgreSQL cluster: trust on loopback, socket and data in a scratch folder."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.bin = postgres_bin()
        self.account = _system_user()
        self.folder = folder
        self.port = port or free_port()
        self.base = self._base_folder(folder)
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{PG_DATABASE}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _base_folder(self, folder: Path) -> Path:
        """Where the cluster lives: in `folder`, or, when the postgres account cannot reach it
        (pytest's folders under /tmp/pytest-of-root are private to root), in a folder of its
        own under the system's temporary folder, removed by `remove()`."""
        folder.mkdir(parents=True, exist_ok=True)
        base = folder / "postgres"
        base.mkdir(exist_ok=True)
        if self.account is None:
            return base
        os.chown(base, self.account.pw_uid, self.account.pw_gid)
        if self._run_as_account(["test", "-w", str(base)]).returncode == 0:
            return base
        own = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
        os.chown(own, self.account.pw_uid, self.account.pw_gid)
        (base / "WHERE").write_text(f"{own}\n", encoding="utf-8")
        return own

    def _run_as_account(self, command: list[str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(command, capture_output=True, check=False, timeout=START_TIMEOUT_S,
                              **self._as_account())

    def _as_account(self) -> dict[str, object]:
        if self.account is None:
            return {}
        return {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": [],
                "env": {**os.environ, "HOME": self.account.pw_dir, "USER": PG_SYSTEM_USER}}

    def _tool(self, name: str, *args: str) -> None:
        command = [str(self.bin / name), *args]
        done = self._run_as_account(command)
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode("utf-8", "replace")[-LOG_TAIL_CHARS:]
            raise ServiceFailedError(f"{name} failed with status {done.returncode}:\n{output}")

    def initdb(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self._tool("initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust",
                   "--encoding=UTF8", "--locale=C", "--no-sync")
        # Trust, but only over the cluster's own socket and 127.0.0.1 (it listens nowhere else).
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n", encoding="utf-8")
        if self.account is not None:
            os.chown(self.data / "pg_hba.conf", self.account.pw_uid, self.account.pw_gid)

    def start(self) -> None:
        if self.running:
            return
        self.initdb()
        command = [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                   "-c", "listen_addresses=127.0.0.1",
                   "-c", f"unix_socket_directories={self.base}",
                   "-c", "fsync=off", "-c", "max_connections=200"]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=_die_with_parent(signal.SIGINT),  # noqa: PLW1509 - one prctl
                **self._as_account())
        if self.account is not None:
            os.chown(self.log, self.account.pw_uid, self.account.pw_gid)
        _wait_until(self._answers, self._process, f"PostgreSQL on port {self.port}", self.log)

    def _answers(self) -> bool:
        done = subprocess.run([str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1",
                               "-p", str(self.port), "-U", PG_USER, "-d", "postgres"],
                              capture_output=True, check=False, timeout=START_TIMEOUT_S)
        return done.returncode == 0

    def create_database(self, name: str = PG_DATABASE) -> None:
        self._tool("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, name)

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """pg_ctl stop -m fast: open sessions are ended, committed data stays."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._tool("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w",
                       "-t", str(int(STOP_TIMEOUT_S)))
            _end(self._process, signal.SIGQUIT)
        self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        """Delete the cluster's files when they live outside the caller's folder."""
        if self.base != self.folder / "postgres":
            shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def postgres_server(folder: Path) -> Iterator[PostgresServer]:
    """A running PostgreSQL with an empty database; `.url` is its SQLAlchemy URL.

    Stopped (and its files outside `folder` removed) on exit.
    """
    server = PostgresServer(folder)
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        try:
            server.stop()
        finally:
            server.remove()
