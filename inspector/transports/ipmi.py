"""Live collection from a server's BMC over IPMI 2.0: one `ipmitool -I lanplus` process per
subcommand of the `ipmi` platform definition, each recorded as a capture.

- The password goes to ipmitool through its environment (`-E` reads IPMI_PASSWORD), never on
  the command line: any user can read another's argv in the process list, while a process's
  environment is readable only by its owner and root, the same protection a 0600 file gets.
- Cipher suites are tried in the inventory's order (default 3, then 17) until one opens a
  session; the rest of the device's commands use that one.
- A command that times out is retried (`ipmi.retries`); a refused session is not: retrying a
  wrong password only locks the BMC account.
- Every command passes the read-only guard first (`ipmitool sensor list` and the other read
  subcommands are the only ones it lets through).
- ipmitool runs with TZ=UTC and LC_ALL=C, so SEL times print exactly as the BMC stores them
  and outputs do not depend on the inspecting laptop.

Like every collector, `collect_device` never raises for a device-side problem.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from inspector.credentials import CredentialError, resolve_secret
from inspector.inventory import Host, IpmiOptions
from inspector.model import Capture
from inspector.parsing.parse import clean, vendor_error
from inspector.parsing.platforms import Platform, get_platform
from inspector.redact import redact, register_secret
from inspector.store.bundle import DeviceRecording
from inspector.transports import cutoff
from inspector.transports.guard import UnsafeCommandError, check_command
from inspector.transports.ssh import plan

IPMITOOL = "ipmitool"
INSTALL_HINT = (
    "ipmitool is not installed, so servers cannot be inspected over IPMI: install it with "
    "`sudo apt-get install ipmitool` (Debian/Ubuntu/UOS/Kylin), `sudo dnf install ipmitool` "
    "(RHEL/Rocky/openEuler) or `brew install ipmitool` (macOS), then run again"
)
# What ipmitool prints when no session could be opened with a cipher suite (wrong suite,
# wrong user or password, IPMI over LAN disabled, or nothing answering).
SESSION_FAILED = ("Unable to establish IPMI", "Error in open session", "RAKP",
                  "invalid authentication algorithm", "Invalid cipher suite")


@dataclass(frozen=True)
class Result:
    """What one ipmitool process did."""

    stdout: str = ""
    stderr: str = ""
    returncode: int = 0
    timed_out: bool = False


# (argv, environment, timeout in seconds) -> Result. Injectable so tests run offline.
Runner = Callable[[list[str], dict[str, str], float], Result]


def run_ipmitool(argv: list[str], env: dict[str, str], timeout: float) -> Result:
    """Run one ipmitool process; stdin is closed so it can never sit at a password prompt.
    The run's deadline or a stop kills it (transports/cutoff.py)."""
    with subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace") as process:
        withdraw = cutoff.current().on_cut(process.kill)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, _ = process.communicate()
            return Result(stdout=stdout or "", timed_out=True, returncode=-1)
        finally:
            withdraw()
    # Killed by the cut: what it printed so far is not a whole answer.
    cut = process.returncode < 0 and cutoff.current().reason is not None
    return Result(stdout, stderr, process.returncode, timed_out=cut)


def ipmitool_argv(host: Host, options: IpmiOptions, suite: int, command: str) -> list[str]:
    """The command line for one subcommand: no secret in it, ever (`-E`: from the
    environment). `command` is a guarded `ipmitool <subcommand>`."""
    # ipmitool's own per-request timeout and retries stay inside our wall clock so that a
    # silent BMC is reported in ipmitool's words rather than cut off.
    per_request = max(1, min(5, int(options.timeout // 3)))
    argv = [IPMITOOL, "-I", "lanplus", "-H", host.host, "-p", str(options.port)]
    if host.username:
        argv += ["-U", host.username]
    argv += ["-E", "-C", str(suite), "-N", str(per_request), "-R", "2"]
    return argv + command.split()[1:]


def ipmitool_env(password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPMI_", "IPMITOOL_"))}
    env.update({"IPMI_PASSWORD": password, "TZ": "UTC", "LC_ALL": "C"})
    return env


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _session_failed(result: Result) -> bool:
    return not result.stdout.strip() and any(s in result.stderr for s in SESSION_FAILED)


# A BMC's failure, recorded as its result, never raised to the CLI: not an InspectorError.
class SessionError(ConnectionError):
    """No cipher suite opened a session with the BMC."""


@dataclass
class _Bmc:
    """One BMC being collected: its options, the password's environment and the suite that
    worked."""

    host: Host
    options: IpmiOptions
    env: dict[str, str]
    runner: Runner
    stop: threading.Event | None = None
    suite: int | None = None
    tried: list[str] = field(default_factory=list)

    def _once(self, suite: int, command: str) -> Result:
        argv = ipmitool_argv(self.host, self.options, suite, command)
        result = self.runner(argv, self.env, self.options.timeout)
        for _ in range(self.options.retries):
            if not result.timed_out or (self.stop is not None and self.stop.is_set()):
                break
            result = self.runner(argv, self.env, self.options.timeout)
        return result

    def run(self, command: str) -> Result:
        """Run `command`, settling on a cipher suite at the first command that opens a
        session. Raises SessionError when no suite does."""
        suites = [self.suite] if self.suite is not None else self.options.cipher_suites
        last = Result()
        for suite in suites:
            last = self._once(suite, command)
            # Silence before any session ever opened means no BMC, not a slow command.
            if _session_failed(last) or (last.timed_out and self.suite is None):
                why = _last_line(last.stderr) or f"no answer within {self.options.timeout:g} s"
                self.tried.append(f"-C {suite}: {why}")
                continue
            self.suite = suite
            return last
        raise SessionError("; ".join(self.tried) or _last_line(last.stderr))


def _capture(bmc: _Bmc, platform: Platform, device: str, command: str) -> Capture:
    started = datetime.now(UTC)
    output, error = "", None
    try:
        result = bmc.run(check_command(platform, command))
    except UnsafeCommandError as exc:
        error = str(exc)
    except SessionError as exc:
        if bmc.suite is None:
            raise  # not one session yet: the BMC is unreachable, not one command failing
        error = f"session lost: {exc}"
    else:
        output = result.stdout
        if result.timed_out:
            error = f"no complete answer within {bmc.options.timeout:g} s " \
                    f"(after {bmc.options.retries + 1} attempts)"
        elif result.returncode != 0 and not output.strip():
            # `fru print` exits 1 when one FRU is absent yet prints the others: only an
            # empty answer is a failure.
            error = f"ipmitool exited {result.returncode}: " \
                    f"{_last_line(result.stderr) or 'no output'}"
    return Capture(device=device, command=command, output=redact(output), started=started,
                   ended=datetime.now(UTC), error=redact(error) if error else None)


def run_plan(bmc: _Bmc, platform: Platform, device: str) -> list[Capture]:
    """Every command of the definition, each at most once, falling back to a source's
    alternatives when one fails (`sdr elist full` when `sensor list` times out)."""
    captures: list[Capture] = []
    accepted: dict[str, bool] = {}
    for chain in plan(platform):
        for command in chain:
            if command not in accepted:
                if bmc.stop is not None and bmc.stop.is_set():
                    captures.append(Capture(device=device, command=command,
                                            error="not run: the run was interrupted"))
                    accepted[command] = False
                    break
                capture = _capture(bmc, platform, device, command)
                captures.append(capture)
                rejected = vendor_error(platform.name, clean(platform.name, capture.output))
                accepted[command] = capture.error is None and rejected is None
            if accepted[command]:
                break
    return captures


def _password(host: Host) -> str:
    if not host.password:
        return ""
    return resolve_secret(host.password, f"{host.username or 'ipmi'}@{host.name}")


def collect_device(host: Host, stop: threading.Event | None = None,
                   runner: Runner = run_ipmitool) -> DeviceRecording:
    """Every capture of one BMC; never raises for a device-side problem."""
    recording = DeviceRecording(device=host.device())
    if runner is run_ipmitool and shutil.which(IPMITOOL) is None:
        recording.error = INSTALL_HINT
        return recording
    try:
        password = _password(host)
    except CredentialError as exc:
        recording.error = f"credentials: {exc}"
        return recording
    register_secret(password)
    options = host.ipmi or IpmiOptions()
    bmc = _Bmc(host=host, options=options, env=ipmitool_env(password), runner=runner,
               stop=stop)
    platform = get_platform(host.platform)
    try:
        recording.captures = run_plan(bmc, platform, host.name)
    except SessionError as exc:
        suites = ", ".join(str(s) for s in options.cipher_suites)
        recording.error = redact(
            f"no IPMI session with {host.host}:{options.port} (cipher suites {suites}; wrong "
            f"user or password, IPMI over LAN disabled, or no BMC answering): {exc}")
    except FileNotFoundError:
        recording.error = INSTALL_HINT
    return recording
