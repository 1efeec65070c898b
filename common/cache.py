"""Django's Redis cache backend, reusing one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every
cache call; that costs more than the round trip itself, and every API request makes at
least two cache calls (the throttle's history read and write). A ``redis.Redis`` client
is safe to share between threads (it takes connections from its pool per command), so
this backend builds it once per pool. Configure it as
``"BACKEND": "common.cache.RedisCache"`` (``config/settings/base.py`` does).

A :class:`Batch` sends the commands of several callers in one round trip: a read's
authentication queues its user snapshot lookup and its throttle counters together.
"""

import pickle
from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property

# The first byte of a pickle of protocol 2 or later (Django's serializer writes the
# highest protocol).
_PICKLE = b"\x80"


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Hands out one ``redis.Redis`` per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with reused clients."""

    @cached_property
    def _cache(self):
        return ReusedClientRedisCacheClient(self._servers, **self._options)


class Batch:
    """Redis commands queued from several places and sent in one round trip: each
    ``add`` hands back a function that gives its commands' replies once :meth:`run` has
    run. Keys go through the cache's prefix and version (:meth:`key`), and values stored
    with the cache API read back with :meth:`decode`.

    What a pipeline without MULTI does, without its bookkeeping per command: the
    commands go out in one write on a connection of the cache's pool and their replies
    are read in order, as Redis sends them (integers, bytes, lists, None; no response
    callbacks, so ``EXPIRE`` answers 1, not True). For a read's four commands a
    pipeline costs the client about 1.5 times the CPU and 2.7 times the instructions
    (``bench/redis_batch.py``). Connection errors and timeouts are retried as the
    connection's ``retry`` says, as a pipeline retries; an error reply raises
    ``redis.exceptions.ResponseError``.
    """

    def __init__(self, backend: RedisCache):
        self._backend = backend
        self._pool = backend._cache.get_client(write=True).connection_pool
        self._commands: list[tuple] = []
        self._replies: list | None = None

    def key(self, key: str) -> str:
        """``key`` with the cache's prefix and version. Not validated as the cache API
        does (for memcached's rules, character by character): callers pass their own
        fixed-format keys."""
        return self._backend.make_key(key)

    def decode(self, raw):
        """A value as the cache API stored it (an int, else a pickle), or None."""
        if raw is None:
            return None
        if raw[:1] == _PICKLE:  # what Django's serializer would find after int() fails
            return pickle.loads(raw)  # noqa: S301 - our own cache's values
        return self._backend._cache._serializer.loads(raw)

    def add(self, *commands: tuple) -> Callable[[], list]:
        """Queue ``commands`` (each a tuple of its words, e.g. ``("GET", key)``);
        returns their replies' getter."""
        start = len(self._commands)
        self._commands.extend(commands)
        end = len(self._commands)
        return lambda: self._replies[start:end]

    def run(self) -> None:
        if not self._commands:
            self._replies = []
            return
        connection = self._pool.get_connection()
        try:
            self._replies = connection.retry.call_with_retry(
                lambda: self._send(connection), lambda error: connection.disconnect()
            )
        except BaseException:
            connection.disconnect()  # replies may be left unread on it
            raise
        finally:
            self._pool.release(connection)

    def _send(self, connection) -> list:
        commands = self._commands
        connection.send_packed_command(connection.pack_commands(commands))
        return [connection.read_response() for _ in commands]


def batch() -> Batch | None:
    """A :class:`Batch` on the default cache, or None when that cache is not Redis."""
    backend = caches["default"]
    return Batch(backend) if isinstance(backend, RedisCache) else None
