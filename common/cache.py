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
from redis.client import Pipeline

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
    """Redis commands queued from several places and sent in one round trip (a pipeline
    without MULTI): each ``add`` hands back a function that gives its commands' replies
    once :meth:`run` has run. Keys go through the cache's prefix and version
    (:meth:`key`), and values stored with the cache API read back with :meth:`decode`.
    """

    def __init__(self, backend: RedisCache):
        self._backend = backend
        client = backend._cache.get_client(write=True)
        self._pipeline = client.pipeline(transaction=False)
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

    def add(self, queue: Callable[[Pipeline], object]) -> Callable[[], list]:
        """Queue commands (``queue(pipeline)``); returns their replies' getter."""
        start = len(self._pipeline)
        queue(self._pipeline)
        end = len(self._pipeline)
        return lambda: self._replies[start:end]

    def run(self) -> None:
        self._replies = self._pipeline.execute() if len(self._pipeline) else []


def batch() -> Batch | None:
    """A :class:`Batch` on the default cache, or None when that cache is not Redis."""
    backend = caches["default"]
    return Batch(backend) if isinstance(backend, RedisCache) else None
