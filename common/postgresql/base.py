"""Django's PostgreSQL backend with a health check that costs no round trip, and a
faster reader of ``timestamptz`` values. Set as the engine when ``DATABASE_URL`` names
PostgreSQL (``config/settings/base.py``).

Health check. With ``CONN_HEALTH_CHECKS``, Django runs ``SELECT 1`` on a reused
connection before the first query of every request: a round trip to the server, and on
a busy machine two context switches, for a check that nearly always passes. A server
that ends a connection (a restart, ``pg_terminate_backend``, an idle timeout) sends an
error message and closes the socket, so an idle connection with anything to read on its
socket is one to distrust. :meth:`DatabaseWrapper.is_usable` looks at the socket
without waiting; only when something is there does it fall back to Django's
``SELECT 1``, which reads the error and fails. A connection whose peer vanished without
a word (a cable cut) is not caught by either check until TCP gives up.

Datetimes. Django reads ``timestamptz`` text with psycopg's Python parser and then
replaces the time zone; for a connection in UTC (``USE_TZ`` and no database
``TIME_ZONE``, as here) :class:`IsoTimestamptzLoader` reads the ISO text PostgreSQL
sends with ``datetime.fromisoformat``, in C: a month view reads two hundred of them.
"""

import select
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader, get_adapters_template
from psycopg import adapt


class IsoTimestamptzLoader(BaseTzLoader):
    """Django's ``timestamptz`` loader for a connection in UTC, parsing in C."""

    timezone = UTC

    def load(self, data):
        try:
            value = datetime.fromisoformat(bytes(data).decode())
        except ValueError:  # BC, infinity, past year 9999: as Django reads them
            return super().load(data)
        return value if value.tzinfo is UTC else value.astimezone(UTC)


@cache
def _utc_adapters():
    """Django's adapters for a UTC connection, with :class:`IsoTimestamptzLoader`."""
    adapters = adapt.AdaptersMap(get_adapters_template(True, UTC))
    adapters.register_loader("timestamptz", IsoTimestamptzLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if settings.USE_TZ and self.timezone is UTC and "context" in params:
            params["context"] = _utc_adapters()
        return params

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            if not poller.poll(0):
                return True  # nothing from the server: still open and idle
        except (OSError, ValueError, base.Database.Error):
            return False
        return super().is_usable()
