"""Rate throttles that cost one cache round trip per request.

DRF's ``SimpleRateThrottle`` keeps each client's request times of the last period as a
list in the cache, read and written back on every request: two round trips, and a
payload that grows with the rate. :class:`CounterRateThrottle` counts instead, with a
sliding window made of two fixed windows: the count of the current window plus the
previous window's count weighted by how much of it still lies inside the last period
(``previous * (1 - elapsed) + current``). With Redis the increment, its expiry and the
read of the previous window go in one pipeline; with another cache backend they are
cache calls (``add``, ``incr``, ``get``).

As with DRF's throttles, a refused request does not count, every throttle of a view is
checked, a rate is read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` at each request
(so a changed setting takes effect at once), and a refused request answers 429 with a
``Retry-After`` of the seconds until a request would be let through again.
"""

import contextlib
import math

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling
from rest_framework.settings import api_settings


def _redis_client():
    """The cache's Redis client, or None when the cache is not Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


class CounterRateThrottle(throttling.SimpleRateThrottle):
    """A sliding-window request counter per cache key (see the module docstring)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, offset = divmod(self.now, self.duration)
        self.elapsed = offset / self.duration
        current_key = f"{self.key}:{int(window)}"
        previous_key = f"{self.key}:{int(window) - 1}"
        self.current, self.previous = self._hit(current_key, previous_key)
        if self.previous * (1 - self.elapsed) + self.current <= self.num_requests:
            return True
        self._undo(current_key)
        self.current -= 1
        return False

    def wait(self) -> float | None:
        """Seconds until one more request fits: the previous window's weight falls as
        the current window goes on; if that is not enough, the next window starts with
        this window's count as its previous one."""
        if self.num_requests < 1:
            return None  # a rate of 0 lets nothing through, ever: no Retry-After
        room = self.num_requests - 1 - self.current
        if self.previous > 0 and room >= 0:
            # previous * (1 - e) <= room  <=>  e >= 1 - room / previous
            needed = 1 - room / self.previous
            if needed <= 1:
                return round(max(needed - self.elapsed, 0) * self.duration, 6)
        to_next = (1 - self.elapsed) * self.duration
        room = self.num_requests - 1
        needed = 1 - room / self.current if self.current > room else 0
        return round(to_next + needed * self.duration, 6)  # no 20.0000001 rounded up

    # --- the counters ---------------------------------------------------------------

    def _hit(self, current_key: str, previous_key: str) -> tuple[int, int]:
        """Count one request in the current window; both windows' counts."""
        client = _redis_client()
        ttl = math.ceil(2 * self.duration)
        if client is not None:
            current_key = cache.make_and_validate_key(current_key)
            pipeline = client.pipeline(transaction=False)
            pipeline.incr(current_key)
            pipeline.expire(current_key, ttl)
            pipeline.get(cache.make_and_validate_key(previous_key))
            current, _, previous = pipeline.execute()
            return int(current), int(previous or 0)
        cache.add(current_key, 0, ttl)
        try:
            current = cache.incr(current_key)
        except ValueError:  # expired between add and incr
            cache.add(current_key, 1, ttl)
            current = 1
        return current, int(cache.get(previous_key) or 0)

    def _undo(self, current_key: str) -> None:
        with contextlib.suppress(ValueError):  # already expired: nothing to take back
            cache.decr(current_key)


class AnonRateThrottle(CounterRateThrottle, throttling.AnonRateThrottle):
    """Anonymous requests, per client IP (scope ``anon``)."""


class UserRateThrottle(CounterRateThrottle, throttling.UserRateThrottle):
    """Authenticated requests per user, anonymous ones per IP (scope ``user``)."""
