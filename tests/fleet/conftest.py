"""Fleet fixtures: a real Redis broker and a real PostgreSQL, started once per test run.

`redis_url` and `postgres_url` are what most tests need. A test that stops or restarts a
server (the broker-restart and "PostgreSQL down" faults) asks for `private_redis` or
`private_postgres` instead: its own server, so the shared ones never go away under others.

Without redis-server or PostgreSQL installed the fleet tests are skipped with the reason, on
a developer's machine; in CI (CI=true) that absence fails them, since there it is a broken
setup, not a choice.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from tests.services import (
    PostgresServer,
    RedisServer,
    ServiceMissingError,
    postgres_server,
    redis_server,
)

Server = TypeVar("Server")
_DATABASE_NUMBERS = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@contextmanager
def started(service: AbstractContextManager[Server]) -> Iterator[Server]:
    """Enter a server's context manager (tests/services.py); a program that is not installed
    skips the test, or fails it in CI."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(service)
        except ServiceMissingError as missing:
            if in_ci():
                pytest.fail(f"CI must provide the fleet's servers: {missing}", pytrace=False)
            pytest.skip(f"fleet tests need real servers: {missing}")
        yield server


@pytest.fixture(scope="session")
def redis_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """The session's Redis server (do not stop it: use `private_redis` for that)."""
    with started(redis_server(tmp_path_factory.mktemp("redis"))) as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(redis_service: RedisServer) -> str:
    """"redis://127.0.0.1:PORT/0" of the session's Redis server."""
    return redis_service.url


@pytest.fixture(scope="session")
def postgres_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """The session's PostgreSQL cluster (do not stop it: use `private_postgres` for that)."""
    with started(postgres_server(tmp_path_factory.mktemp("postgres"))) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_service: PostgresServer) -> str:
    """"postgresql+psycopg://inspector@127.0.0.1:PORT/inspector" of the session's cluster."""
    return postgres_service.url


@pytest.fixture
def postgres_database(postgres_service: PostgresServer, request: pytest.FixtureRequest) -> str:
    """A new, empty database in the session's cluster for one test: its URL."""
    # At most 63 bytes, or PostgreSQL shortens the name and the URL names another database.
    test = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in request.node.name)
    name = f"t_{test[:40].lower()}_{os.getpid()}_{next(_DATABASE_NUMBERS)}"
    postgres_service.create_database(name)
    return postgres_service.url_of(name)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis server for this test alone: stop(), kill(), start(), restart() freely."""
    with started(redis_server(tmp_path / "redis")) as server:
        yield server


@pytest.fixture
def private_postgres(tmp_path: Path) -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for this test alone: stop(), start(), restart() freely."""
    with started(postgres_server(tmp_path / "postgres")) as server:
        yield server
