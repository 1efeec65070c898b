"""Throttles of the anonymous account endpoints: login, register, password reset and
verification resend (API.md §1.3, §10).

Each of these endpoints is limited twice, both at ``settings.THROTTLE_RATE_AUTH``:
per client IP (scope ``auth_ip``) and per account (scope ``auth_account``, keyed by the
normalised email or username in the body), so neither many accounts from one address
nor one account from many addresses can be hammered. Counters live in the default
cache (Redis when ``REDIS_URL`` is set, so all workers share them). A throttled request
answers 429 with code 917 and ``Retry-After``.
"""

import hashlib

from rest_framework.settings import api_settings

from common.throttling import CounterRateThrottle


class _AuthThrottle(CounterRateThrottle):
    def get_ident(self, request) -> str:
        # X-Forwarded-For is only trusted when NUM_PROXIES says how many proxies set it;
        # otherwise a client could pick a new "IP" for every request.
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR") or "unknown"
        return super().get_ident(request)


class AuthIPThrottle(_AuthThrottle):
    """At most THROTTLE_RATE_AUTH requests per client IP."""

    scope = "auth_ip"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthAccountThrottle(_AuthThrottle):
    """At most THROTTLE_RATE_AUTH requests per account named in the body.

    The account is the lower-cased, stripped ``email`` (or else ``username``) of the
    body; a request naming none is only limited per IP.
    """

    scope = "auth_account"
    account_fields = ("email", "username")

    def get_cache_key(self, request, view) -> str | None:
        data = request.data
        if not hasattr(data, "get"):
            return None
        for field in self.account_fields:
            value = data.get(field)
            if isinstance(value, str) and value.strip():
                account = f"{field}:{value.strip().lower()}"
                ident = hashlib.sha256(account.encode()).hexdigest()
                return self.cache_format % {"scope": self.scope, "ident": ident}
        return None
