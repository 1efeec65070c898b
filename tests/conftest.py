"""Shared fixtures: an API client, the three users of every test, authenticated clients."""

import os
import socket
import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.authentication import tokens_for
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache: every test starts with fresh ones."""
    cache.clear()
    yield
    cache.clear()


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(settings):
    """The default cache on the machines' Redis (database 15, keys of this test only),
    as in production. Skipped where no Redis listens on 6379."""
    if not _redis_up():
        pytest.skip("needs the Redis of these machines on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"kith-test-{os.getpid()}-{uuid.uuid4().hex}",
        }
    }
    yield cache
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def make_client():
    """``make_client(user)``: a client sending that user's bearer token."""

    def _make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['access']}")
        client.user = user
        return client

    return _make


@pytest.fixture
def alice(db):
    # Fixed names: a random last name could match another test's search term.
    return UserFactory(
        username="alice", email="alice@example.com", first_name="Alice", last_name="Adams"
    )


@pytest.fixture
def bob(db):
    return UserFactory(
        username="bob_b", email="bob@example.com", first_name="Bob", last_name="Baker"
    )


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", email="staff@example.com", is_staff=True)


@pytest.fixture
def alice_client(alice, make_client) -> APIClient:
    return make_client(alice)


@pytest.fixture
def bob_client(bob, make_client) -> APIClient:
    return make_client(bob)


@pytest.fixture
def staff_client(staff, make_client) -> APIClient:
    return make_client(staff)
