"""Django's Redis cache backend, reusing one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every
cache call; that costs more than the round trip itself, and every API request makes at
least two cache calls (the throttle's history read and write). A ``redis.Redis`` client
is safe to share between threads (it takes connections from its pool per command), so
this backend builds it once per pool. Configure it as
``"BACKEND": "common.cache.RedisCache"`` (``config/settings/base.py`` does).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property


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
