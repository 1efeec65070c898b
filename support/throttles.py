"""The rate limit of sending messages (API.md §8)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class MessageSendThrottle(UserRateThrottle):
    """Per user, the ``messages`` rate (``THROTTLE_RATE_MESSAGES``, default 30/min).

    Applied to sending only. The rate is read when a request is checked, not when the
    module is imported, so a changed setting takes effect at once.
    """

    scope = "messages"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
