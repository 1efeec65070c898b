"""The Redis cache backend reuses one client per connection pool; a Batch sends several
callers' commands in one round trip."""

from unittest import mock

import pytest
import redis
from redis.connection import Connection

from common.cache import Batch, RedisCache


def test_the_redis_backend_hands_out_one_client_per_pool():
    cache = RedisCache("redis://127.0.0.1:1/0", {})  # never connected: clients are lazy
    client = cache._cache.get_client(write=True)

    assert isinstance(client, redis.Redis)
    assert cache._cache.get_client("key", write=True) is client
    assert cache._cache.get_client(write=False) is client  # one server: one pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=True)


# --- Batch: several callers' commands in one round trip -------------------------------


@pytest.fixture
def batch(redis_cache):
    return Batch(redis_cache)


def test_a_batch_answers_each_caller_its_replies_in_order(batch, redis_cache):
    redis_cache.set("counted", 41)
    first = batch.add(("INCR", batch.key("counted")), ("GET", batch.key("absent")))
    second = batch.add(("MGET", batch.key("counted"), batch.key("absent")))
    third = batch.add(("EXPIRE", batch.key("counted"), 60))

    batch.run()

    # Replies as Redis sends them: no response callbacks (EXPIRE answers 1, not True).
    assert first() == [42, None]
    assert second() == [[b"42", None]]
    assert third() == [1]
    assert redis_cache.get("counted") == 42  # the keys are the cache API's keys
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(batch.key("counted")) <= 60


def test_a_batch_reads_values_the_cache_api_stored(batch, redis_cache):
    redis_cache.set("snapshot", (3, ("alice", True)))
    replies = batch.add(("GET", batch.key("snapshot")))
    batch.run()

    (raw,) = replies()
    assert batch.decode(raw) == (3, ("alice", True))
    assert batch.decode(None) is None


def test_an_empty_batch_sends_nothing(batch):
    with mock.patch.object(Connection, "send_packed_command") as send:
        batch.run()
    send.assert_not_called()


def test_an_error_reply_raises_and_the_next_batch_still_works(batch, redis_cache):
    redis_cache.set("text", "not a number")
    batch.add(("INCR", batch.key("text")), ("GET", batch.key("text")))
    with pytest.raises(redis.exceptions.ResponseError):
        batch.run()

    # The unread reply went with the dropped connection: a new batch reads its own.
    again = Batch(redis_cache)
    replies = again.add(("SET", again.key("n"), 1), ("INCR", again.key("n")))
    again.run()
    assert replies() == [b"OK", 2]


def test_a_connection_the_server_closed_is_replaced(batch, redis_cache):
    pooled = redis_cache._cache.get_client(write=True).client_id()  # now idle in the pool
    other = redis.Redis(host="127.0.0.1", port=6379, db=15)
    assert other.client_kill_filter(_id=pooled) == 1
    other.close()

    replies = batch.add(("INCR", batch.key("after-kill")))
    batch.run()

    assert replies() == [1]
