"""Integration fixtures: the simulated lab speaking real SSH on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inspector.inventory import Host, Transport
from inspector.lab.sshserver import Lab, LabDevice

PASSWORD_ENV = "INSPECTOR_TEST_LAB_PASSWORD"  # noqa: S105 - a variable name
PASSWORD = "Lab-Canary-7d41e9"  # noqa: S105 - the simulated devices' password


@pytest.fixture
def lab_password(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return PASSWORD


def host_for(device: LabDevice, *, conn_timeout: float = 5, read_timeout: float = 10) -> Host:
    return Host(name=device.name, host="127.0.0.1", platform=device.platform,
                username=device.username, password=f"env:{PASSWORD_ENV}",
                transport=Transport(port=device.port, retries=0, conn_timeout=conn_timeout,
                                    read_timeout=read_timeout))


@pytest.fixture
def serve() -> Iterator[type[Lab]]:
    """Start labs inside a test; every lab started is stopped afterwards."""
    started: list[Lab] = []

    class _Lab(Lab):
        def start(self) -> Lab:
            started.append(self)
            return super().start()

    yield _Lab
    for lab in started:
        lab.stop()
