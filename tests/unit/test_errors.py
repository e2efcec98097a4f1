"""One error tree: every exception a person running the tool can meet derives from
InspectorError and carries the exit code the command line ends with for it."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import inspector
from inspector.checks.rules import RuleError
from inspector.cli import app
from inspector.credentials import CredentialError
from inspector.errors import (
    EXIT_CONFIG,
    EXIT_DEVICES,
    ConfigurationError,
    InputError,
    InspectorError,
)
from inspector.fileio import WriteError
from inspector.fleet.settings import BrokerUnreachableError
from inspector.inventory import InventoryError
from inspector.inventory_tables import TableError
from inspector.lab.ipmisim import IpmiSimUnavailable
from inspector.lab.snmpagent import SnmpLabError
from inspector.manual import ChecklistError, ManualError
from inspector.notify import NotifyError
from inspector.parsing.platforms import DefinitionError
from inspector.parsing.sessionlog import SessionLogError
from inspector.parsing.snmpprofile import ProfileError
from inspector.pipeline import NothingImportableError
from inspector.report.errors import ReportError
from inspector.runlock import RunLockedError
from inspector.schedule import ScheduleError
from inspector.store.bundle import BundleError
from inspector.store.history import HistoryError, HistoryUnavailableError
from inspector.store.runfolder import RunExistsError
from inspector.tracker.errors import TrackerError
from inspector.transports.guard import UnsafeCommandError
from inspector.vocabulary import VocabularyError

runner = CliRunner()

# Exceptions that never reach the person running the tool, by class name, and why.
INTERNAL = {
    "NotChecked": "a check's verdict (not checked), recorded as the finding",
    "YamlLimitError": "a yaml.YAMLError each YAML reader reports as its own error",
    "_ParseFailedError": "one parser's failure, recorded as the family's reason",
    "_CellError": "one cell of a sheet, gathered into the sheet's TableError",
    "ValueProblemError": "one SNMP value, recorded as the family's reason",
    "SnmpError": "an SNMP capture's failure, recorded as its error",
    "SnmpAnswerError": "an SNMP request's failure, recorded as its capture's error",
    "EndOfColumnError": "SNMPv1's end of a walked column, where the walk of it stops",
    "TooBigError": "an agent's tooBig, after which the walk asks in smaller parts",
    "SessionLostError": "a device's failure, recorded as its result",
    "ExecLostError": "a Linux host's lost connection, recorded as its captures' error",
    "UnknownPlatformError": "autodetection's failure, recorded as the device's result",
    "SessionError": "a BMC's failure, recorded as its result",
    "HostKeyError": "a device's failure, recorded as its result; a paramiko.SSHException",
    "HostKeyChangedError": "as HostKeyError",
    "ProbeError": "reading a server's SSH offer failed: the negotiation reason stays generic",
    "LegacyNegotiationError": "a device's failure, recorded as its result; a "
                              "paramiko.SSHException",
    "HostKeyUnknownError": "as HostKeyError",
    "RedfishAbsentError": "a BMC's failure, recorded as its result (or the reason to try IPMI)",
    "RedfishLoginError": "a BMC's failure, recorded as its result",
    "ResponseTooLargeError": "one Redfish request's failure, recorded as its capture's error",
    "SpoolEntryError": "a spooled history write that cannot be read back: kept, said as a "
                       "notice, the others delivered",
}

# What the command line exits with for each error, and the builtin base code catches it
# by (`except ValueError`, `except OSError` ...), kept so no handler changes meaning.
EXIT_CODES: dict[type[InspectorError], tuple[int, type[Exception]]] = {
    InventoryError: (EXIT_CONFIG, ValueError),
    TableError: (EXIT_CONFIG, ValueError),
    RuleError: (EXIT_CONFIG, ValueError),
    CredentialError: (EXIT_CONFIG, ValueError),
    ScheduleError: (EXIT_CONFIG, ValueError),
    NotifyError: (EXIT_CONFIG, ValueError),
    DefinitionError: (EXIT_CONFIG, ValueError),
    ProfileError: (EXIT_CONFIG, ValueError),
    VocabularyError: (EXIT_CONFIG, ValueError),
    BundleError: (EXIT_CONFIG, ValueError),  # `run --replay` of a bad bundle: nothing ran
    HistoryError: (EXIT_CONFIG, RuntimeError),
    HistoryUnavailableError: (EXIT_DEVICES, RuntimeError),  # a database server out of reach
    BrokerUnreachableError: (EXIT_DEVICES, RuntimeError),  # the fleet's broker out of reach
    ReportError: (EXIT_CONFIG, RuntimeError),
    RunLockedError: (EXIT_CONFIG, RuntimeError),
    RunExistsError: (EXIT_CONFIG, ValueError),  # `--run-id` of an existing run
    UnsafeCommandError: (EXIT_CONFIG, PermissionError),
    SnmpLabError: (EXIT_CONFIG, RuntimeError),
    IpmiSimUnavailable: (EXIT_CONFIG, RuntimeError),
    SessionLogError: (EXIT_DEVICES, ValueError),
    NothingImportableError: (EXIT_DEVICES, ValueError),
    TrackerError: (EXIT_CONFIG, ValueError),  # a tracker sheet: nothing stored
    ManualError: (EXIT_CONFIG, ValueError),  # a filled manual checklist: nothing ran
    ChecklistError: (EXIT_CONFIG, ValueError),  # the checklist's items (inventory)
    WriteError: (EXIT_DEVICES, OSError),  # a full disk: the run is not written
}
BASES = {InspectorError, ConfigurationError, InputError}


@functools.cache
def _exception_classes() -> dict[str, type[BaseException]]:
    """Every exception class defined in a module of the package, by qualified name.

    The lab is included: it is a tool of the product (`inspector lab serve`, `demo`), and
    importing its modules only defines things (the CLI imports them at start-up)."""
    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(inspector.__path__, "inspector."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                found[f"{module.__name__}.{name}"] = value
    return found



def test_every_exception_is_an_inspector_error_or_internal_with_a_reason() -> None:
    strays = [name for name, cls in _exception_classes().items()
              if not issubclass(cls, InspectorError) and cls.__name__ not in INTERNAL]
    assert not strays, ("derive these from inspector.errors.InspectorError (or list them in "
                        f"INTERNAL with the reason they never reach the user): {strays}")


def test_the_internal_list_names_only_existing_non_inspector_errors() -> None:
    plain = {cls.__name__ for cls in _exception_classes().values()
             if not issubclass(cls, InspectorError)}
    assert set(INTERNAL) <= plain, set(INTERNAL) - plain


def test_every_user_facing_error_has_its_decided_exit_code_and_builtin_base() -> None:
    user_facing = {cls for cls in _exception_classes().values()
                   if issubclass(cls, InspectorError) and cls not in BASES}
    assert user_facing == set(EXIT_CODES), "decide the exit code of a new error here"
    for cls, (code, builtin) in EXIT_CODES.items():
        assert (cls.exit_code, issubclass(cls, builtin)) == (code, True), cls.__name__


def test_the_bases() -> None:
    assert (InspectorError.exit_code, ConfigurationError.exit_code,
            InputError.exit_code) == (EXIT_CONFIG, EXIT_CONFIG, EXIT_DEVICES)
    assert issubclass(ConfigurationError, ValueError) and issubclass(InputError, ValueError)


def test_an_invalid_inventory_exits_with_its_code(tmp_path: Path) -> None:
    inventory = tmp_path / "bad.yaml"
    inventory.write_text("hosts:\n  sw1: {host: 10.0.0.1, platform: cisco_ios, colour: red}\n",
                         encoding="utf-8")
    result = runner.invoke(app, ["run", str(inventory), "--out", str(tmp_path / "out")])
    assert result.exit_code == InventoryError.exit_code == EXIT_CONFIG, result.output
    assert "colour" in result.output


@pytest.mark.parametrize("rule_text", [None, "rules:\n  cpu.utilisation: {major: 70}\n"])
def test_an_unusable_rule_file_exits_with_its_code(tmp_path: Path,
                                                   rule_text: str | None) -> None:
    rules = tmp_path / "rules.yaml"  # absent, or naming a check that does not exist
    if rule_text is not None:
        rules.write_text(rule_text, encoding="utf-8")
    log = tmp_path / "sw1.log"
    log.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["import-log", str(log), "--rules", str(rules), "--out",
                                 str(tmp_path / "out"), "--no-history", "--format", "none"])
    assert result.exit_code == RuleError.exit_code == EXIT_CONFIG, result.output
    assert str(rules) in " ".join(result.output.split())


def test_an_unreadable_bundle_exits_with_its_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["-q", "run", "--replay", str(tmp_path / "nothing"),
                                 "--out", str(tmp_path / "out"), "--no-history"])
    assert result.exit_code == BundleError.exit_code == EXIT_CONFIG, result.output


def test_a_session_log_with_nothing_importable_exits_with_its_code(tmp_path: Path) -> None:
    log = tmp_path / "empty.log"
    log.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["import-log", str(log), "--out", str(tmp_path / "out"),
                                 "--no-history", "--format", "none"])
    assert result.exit_code == NothingImportableError.exit_code == EXIT_DEVICES, result.output
    assert "not imported" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
