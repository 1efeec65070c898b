"""The counter throttles: a sliding window of two fixed windows, one cache round trip."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.connection import Connection

from common.codes import Code
from common.throttling import CounterRateThrottle
from tests.accounts.utils import assert_error

pytestmark = pytest.mark.django_db

ICONS = reverse("api:events-icons")


@pytest.fixture
def clock(monkeypatch):
    """``clock[0]``: the throttles' time in seconds, starting at a window's start."""
    now = [6_000_000.0]  # a multiple of 60: the first minute window starts here
    monkeypatch.setattr(CounterRateThrottle, "timer", lambda self: now[0])
    return now


@pytest.fixture
def user_rate(settings):
    def _set(rate: str) -> None:
        rest = settings.REST_FRAMEWORK
        rates = {**rest["DEFAULT_THROTTLE_RATES"], "user": rate}
        settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": rates}

    return _set


def statuses(client, count: int) -> list[int]:
    return [client.get(ICONS).status_code for _ in range(count)]


def test_the_rate_is_enforced_with_a_retry_after(alice_client, user_rate, clock):
    user_rate("3/min")
    assert statuses(alice_client, 3) == [200, 200, 200]

    clock[0] += 15  # a quarter into the window
    response = alice_client.get(ICONS)

    assert_error(response, 429, Code.THROTTLED)
    # The next window starts in 45 s; there the 3 weigh 3 * (1 - e), so one more
    # request fits once e >= 1/3, 20 s later.
    assert response["Retry-After"] == "65"


def test_users_are_counted_apart(alice_client, bob_client, user_rate, clock):
    user_rate("2/min")
    assert statuses(alice_client, 3) == [200, 200, 429]

    assert statuses(bob_client, 2) == [200, 200]


def test_refused_requests_do_not_count(alice_client, user_rate, clock):
    user_rate("2/min")
    assert statuses(alice_client, 10) == [200, 200] + [429] * 8

    clock[0] += 60 + 59  # the last second of the next window: the old one weighs 2/60
    assert statuses(alice_client, 2) == [200, 429]


def test_the_previous_window_weighs_by_how_much_of_it_is_left(alice_client, user_rate, clock):
    user_rate("4/min")
    assert statuses(alice_client, 4) == [200] * 4

    clock[0] += 60 + 30  # halfway into the next window: the previous 4 weigh 2
    assert statuses(alice_client, 3) == [200, 200, 429]
    # 2 counted now, 4 before: the previous window must weigh at most 1, at 45 s.
    response = alice_client.get(ICONS)
    assert response.status_code == 429
    assert response["Retry-After"] == "15"

    clock[0] += 15
    assert statuses(alice_client, 2) == [200, 429]


def test_a_rate_of_zero_refuses_every_request_without_a_retry_after(alice_client, user_rate):
    user_rate("0/min")
    response = alice_client.get(ICONS)

    assert_error(response, 429, Code.THROTTLED)
    assert "Retry-After" not in response


def test_a_window_long_gone_counts_nothing(alice_client, user_rate, clock):
    user_rate("2/min")
    statuses(alice_client, 2)

    clock[0] += 120
    assert statuses(alice_client, 3) == [200, 200, 429]


@pytest.mark.parametrize("user_cache_seconds", [0, 300])
def test_with_redis_the_counters_live_in_one_pipeline(
    redis_cache, alice_client, user_rate, clock, settings, user_cache_seconds
):
    """Also when the counters ride with the user snapshot lookup of a read."""
    settings.AUTH_USER_CACHE_SECONDS = user_cache_seconds
    user_rate("3/min")
    assert statuses(alice_client, 5) == [200, 200, 200, 429, 429]
    response = alice_client.get(ICONS)
    assert_error(response, 429, Code.THROTTLED)
    assert response["Retry-After"] == "80"  # 20 s into the next minute, 3 weigh 2
    clock[0] += 60 + 45  # the previous 3 weigh 0.75: two more fit
    assert statuses(alice_client, 3) == [200, 200, 429]


def test_a_read_authenticates_and_counts_in_one_redis_round_trip(
    redis_cache, alice_client, settings, monkeypatch
):
    settings.AUTH_USER_CACHE_SECONDS = 300
    assert alice_client.get(ICONS).status_code == 200  # stores the user snapshot
    trips = []
    send = counted(Connection.send_packed_command, trips, "write")
    monkeypatch.setattr(Connection, "send_packed_command", send)

    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(ICONS).status_code == 200

    assert trips == ["write"]  # every command goes out in one write (pipeline or not)
    assert len(queries) == 0


def counted(method, trips: list, name: str):
    def wrapper(*args, **kwargs):
        trips.append(name)
        return method(*args, **kwargs)

    return wrapper
