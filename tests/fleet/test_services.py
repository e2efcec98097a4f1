"""The fleet tests' servers are real and answer: Redis to PING, PostgreSQL to SELECT 1."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
import sqlalchemy

from tests.fleet.conftest import started
from tests.services import PostgresServer, RedisServer, redis_server
from tests.tlscerts import make_tls_files


def _select_one(url: str) -> int:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sqlalchemy.text("SELECT 1")).scalar_one())
    finally:
        engine.dispose()


def test_redis_answers_ping(redis_url: str) -> None:
    assert redis_url.startswith("redis://127.0.0.1:")
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ping() is True
    finally:
        client.close()


def test_postgres_answers_select(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    assert _select_one(postgres_url) == 1


def test_postgres_database_is_a_new_one(postgres_database: str, postgres_url: str) -> None:
    assert postgres_database != postgres_url
    assert _select_one(postgres_database) == 1


def test_redis_restarts_on_the_same_port_empty(private_redis: RedisServer) -> None:
    client = redis.Redis.from_url(private_redis.url, socket_timeout=5)
    try:
        client.set("job", "queued")
        url = private_redis.url
        private_redis.stop()
        try:
            client.ping()
            raise AssertionError("a stopped Redis still answered")
        except redis.ConnectionError:
            pass
        private_redis.start()
        assert private_redis.url == url
        assert client.ping() is True
        # --save "" --appendonly no: a restarted broker has forgotten everything.
        assert client.get("job") is None
    finally:
        client.close()


def test_postgres_stops_and_starts_keeping_its_data(private_postgres: PostgresServer) -> None:
    engine = sqlalchemy.create_engine(private_postgres.url)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text("CREATE TABLE runs (id text PRIMARY KEY)"))
            connection.execute(sqlalchemy.text("INSERT INTO runs VALUES ('r1')"))
        engine.dispose()
        private_postgres.stop()
        try:
            _select_one(private_postgres.url)
            raise AssertionError("a stopped PostgreSQL still answered")
        except sqlalchemy.exc.OperationalError:
            pass
        private_postgres.start()
        with engine.connect() as connection:
            rows = connection.execute(sqlalchemy.text("SELECT id FROM runs")).scalars().all()
        assert rows == ["r1"]
    finally:
        engine.dispose()


def test_the_fleet_reaches_a_tls_broker_by_the_documented_url(tmp_path: Path) -> None:
    """docs/fleet.md's `rediss://…?ssl_cert_reqs=required&ssl_ca_certs=…&ssl_certfile=…`
    reaches a Redis that speaks TLS only and asks for a client certificate, through Celery
    (the fleet's application) and through redis-py (leases, status); without the CA the
    server's certificate is refused."""
    from inspector.fleet.settings import make_app  # noqa: PLC0415 - the `fleet` extra

    tls = make_tls_files(tmp_path / "tls")
    with started(redis_server(tmp_path / "redis", tls=tls)) as broker:
        assert broker.url.startswith("rediss://127.0.0.1:")
        client = redis.Redis.from_url(broker.url, socket_timeout=5)
        try:
            assert client.ping() is True
        finally:
            client.close()
        app = make_app(broker.url)
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
                assert connection.default_channel.client.ping() is True
        finally:
            app.close()
        without_ca = broker.url.split("&", 1)[0]  # ssl_cert_reqs=required, no CA, no cert
        client = redis.Redis.from_url(without_ca, socket_timeout=5)
        try:
            with pytest.raises(redis.ConnectionError):
                client.ping()
        finally:
            client.close()
