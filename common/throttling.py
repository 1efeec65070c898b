"""Rate throttles that cost one cache round trip per request.

DRF's ``SimpleRateThrottle`` keeps each client's request times of the last period as a
list in the cache, read and written back on every request: two round trips, and a
payload that grows with the rate. :class:`CounterRateThrottle` counts instead, with a
sliding window made of two fixed windows: the count of the current window plus the
previous window's count weighted by how much of it still lies inside the last period
(``previous * (1 - elapsed) + current``). With Redis the increment, its expiry and the
read of the previous window go in one round trip; with another cache backend they are
cache calls (``add``, ``incr``, ``get``). An authenticated read queues its per-user
counters with its user lookup (:func:`queue_user_hits`): one round trip for both.

As with DRF's throttles, a refused request does not count, every throttle of a view is
checked, a rate is read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` at each request
(so a changed setting takes effect at once), and a refused request answers 429 with a
``Retry-After`` of the seconds until a request would be let through again.
"""

import contextlib
import math

from django.core.cache import cache
from rest_framework import throttling
from rest_framework.settings import api_settings

from common.cache import Batch
from common.cache import batch as cache_batch


class CounterRateThrottle(throttling.SimpleRateThrottle):
    """A sliding-window request counter per cache key (see the module docstring)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def user_key(self, user_id) -> str | None:
        """The cache key of an authenticated user's requests, if this throttle counts
        requests per user (see :func:`queue_user_hits`)."""
        return None

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        queued = getattr(request, _QUEUED_HITS, {}).pop((self.scope, self.key), None)
        self.now = self.timer() if queued is None else queued[0]
        current_key, previous_key = self._window_keys()
        if queued is None:
            self.current, self.previous = self._hit(current_key, previous_key)
        else:
            self.current, self.previous = _counts(queued[1]())
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

    def _window_keys(self) -> tuple[str, str]:
        """The keys of the current and the previous window at ``self.now``; sets
        ``self.elapsed``, the part of the current window gone by."""
        window, offset = divmod(self.now, self.duration)
        self.elapsed = offset / self.duration
        return f"{self.key}:{int(window)}", f"{self.key}:{int(window) - 1}"

    def _queue_hit(self, batch: Batch, current_key: str, previous_key: str):
        """Queue the commands of one hit on ``batch``; returns their replies' getter."""
        current_key, previous_key = batch.key(current_key), batch.key(previous_key)
        ttl = math.ceil(2 * self.duration)
        return batch.add(("INCR", current_key), ("EXPIRE", current_key, ttl), ("GET", previous_key))

    def _hit(self, current_key: str, previous_key: str) -> tuple[int, int]:
        """Count one request in the current window; both windows' counts."""
        redis = cache_batch()
        if redis is not None:
            replies = self._queue_hit(redis, current_key, previous_key)
            redis.run()
            return _counts(replies())
        ttl = math.ceil(2 * self.duration)
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

    def user_key(self, user_id) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": user_id}


# Where queue_user_hits leaves the hits it queued: {(scope, key): (time, replies)}.
_QUEUED_HITS = "_kith_queued_throttle_hits"


def queue_user_hits(batch: Batch, request, view, user_id) -> None:
    """Count ``request`` against ``view``'s per-user throttles as part of ``batch``, for
    the user the request will be authenticated as (``user_id``).

    Authentication calls this with the lookup of the user, so that a read costs one
    Redis round trip in all. The throttles' ``allow_request`` then reads the counts from
    the batch instead of asking Redis. Unlike DRF's order (authentication, permissions,
    throttles), the request counts even if the permissions then refuse it.
    """
    queued = {}
    for throttle in view.get_throttles():
        if not isinstance(throttle, CounterRateThrottle) or throttle.rate is None:
            continue
        throttle.key = throttle.user_key(user_id)
        if throttle.key is None:
            continue
        throttle.now = throttle.timer()
        replies = throttle._queue_hit(batch, *throttle._window_keys())
        queued[throttle.scope, throttle.key] = (throttle.now, replies)
    setattr(request, _QUEUED_HITS, queued)


def _counts(replies: list) -> tuple[int, int]:
    """The current and previous windows' counts from a hit's replies."""
    current, _, previous = replies
    return int(current), int(previous or 0)
