"""The Redis cache backend reuses one client per connection pool."""

import redis

from common.cache import RedisCache


def test_the_redis_backend_hands_out_one_client_per_pool():
    cache = RedisCache("redis://127.0.0.1:1/0", {})  # never connected: clients are lazy
    client = cache._cache.get_client(write=True)

    assert isinstance(client, redis.Redis)
    assert cache._cache.get_client("key", write=True) is client
    assert cache._cache.get_client(write=False) is client  # one server: one pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)
