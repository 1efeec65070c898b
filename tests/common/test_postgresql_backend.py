"""The PostgreSQL backend: a health check without a query, and the datetime reader."""

import select
import time
from datetime import UTC, datetime, timedelta, timezone

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import get_adapters_template
from django.urls import reverse
from psycopg.pq import Format

from common.postgresql.base import IsoTimestamptzLoader

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend"),
]

TIMESTAMPTZ = 1184
MARKER = "SELECT 'kith health check marker'"


def other_connection() -> psycopg.Connection:
    """A second connection to the test database, to watch or end the first."""
    params = connection.get_connection_params()
    params.pop("context", None)
    params.pop("cursor_factory", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params, autocommit=True)


def last_statement(pid: int) -> str:
    with other_connection() as other:
        row = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return row.fetchone()[0]


def test_the_engine_is_the_project_backend():
    assert connection.settings_dict["ENGINE"] == "common.postgresql"
    assert connection.health_check_enabled is True


@pytest.mark.django_db
def test_an_idle_connection_passes_the_check_without_a_query():
    with connection.cursor() as cursor:
        cursor.execute(MARKER)
        pid = connection.connection.info.backend_pid

    assert connection.is_usable() is True
    assert last_statement(pid) == MARKER  # no SELECT 1 went to the server


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_next_query(alice_client):
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not _readable(connection.connection) and time.monotonic() < deadline:
        time.sleep(0.01)

    assert connection.is_usable() is False
    # What the start of a request does: the ended connection is closed, not used.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert connection.connection is None
    response = alice_client.get(reverse("api:contacts-list"))
    assert response.status_code == 200
    assert connection.connection.info.backend_pid != pid


def _readable(conn) -> bool:
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLIN)
    return bool(poller.poll(0))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        b"2026-11-03 08:00:00+00",
        b"2026-11-03 08:00:00.5+00",
        b"2026-11-03 08:00:00.000001+00",
        b"1000-01-01 00:00:00+00",
        b"9998-12-31 23:59:59.999999+00",
        b"2026-03-20 23:30:00+03:30",
        b"0044-03-15 00:00:00+00 BC",
        b"infinity",
    ],
)
def test_the_datetime_reader_reads_what_djangos_reads(text):
    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is (
        IsoTimestamptzLoader
    )
    djangos = get_adapters_template(True, UTC).get_loader(TIMESTAMPTZ, Format.TEXT)

    def read(loader_class):
        loader = loader_class(TIMESTAMPTZ, connection.connection)
        try:
            value = loader.load(text)
        except Exception as exc:  # noqa: BLE001 - the same failure is the point
            return type(exc), str(exc)
        return value, value.tzinfo

    assert read(IsoTimestamptzLoader) == read(djangos)


@pytest.mark.django_db
def test_a_session_in_another_zone_still_reads_utc_datetimes():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'Asia/Tehran'")
        cursor.execute("SELECT '2026-03-20 20:00:00+00'::timestamptz")
        (value,) = cursor.fetchone()
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")

    assert value == datetime(2026, 3, 20, 20, tzinfo=timezone(timedelta(0)))
    assert value.tzinfo is UTC
