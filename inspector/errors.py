"""One root for every error the tool reports to the person running it.

Each error says what is wrong, where (file, line, field, host) and carries the exit code the
command line ends with, so the CLI maps them in one place:

- ``EXIT_DEVICES`` (2): a device or an input could not be used (a log with nothing to
  import); the run itself may still have completed;
- ``EXIT_CONFIG`` (3): the command, an inventory, a rule file, a secret, a platform or
  profile definition, the history store... cannot be used as given.

The tree (each keeps the builtin base code already catches it by)::

    InspectorError (3)
    ├── ConfigurationError (3, a ValueError): InventoryError, TableError, RuleError,
    │   CredentialError, DefinitionError, ProfileError, VocabularyError, ScheduleError,
    │   NotifyError, BundleError (a bundle to replay: nothing ran), ManualError (a
    │   filled manual checklist), ChecklistError (its items)
    ├── InputError (2, a ValueError): SessionLogError, NothingImportableError
    ├── HistoryError (3) > HistoryUnavailableError (2: a database server out of reach)
    ├── BrokerUnreachableError (2, a RuntimeError: the fleet's broker out of reach)
    └── directly (3): HistoryError, ReportError, RunLockedError, SnmpLabError,
        IpmiSimUnavailable (RuntimeErrors), UnsafeCommandError (a PermissionError)

Failures of one device during collection are not raised to the CLI: they become that
device's recorded result (failure is a value). Errors that stay inside a module (a parse
that did not match, a walk cut short) need not derive from this base;
tests/unit/test_errors.py lists them with the reason.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_DEVICES = 2
EXIT_CONFIG = 3


class InspectorError(Exception):
    """The base of every error shown to the user; `exit_code` is what the CLI exits with."""

    exit_code: int = EXIT_CONFIG


class ConfigurationError(InspectorError, ValueError):
    """Something given to the tool (a file, an option, a secret reference) is unusable."""


class InputError(InspectorError, ValueError):
    """An input to inspect (a session log) cannot be used: exit 2, like an unreachable
    device, since the other inputs are still inspected."""

    exit_code = EXIT_DEVICES
