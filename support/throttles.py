"""The rate limit of sending messages (API.md §8)."""

from common.throttling import UserRateThrottle


class MessageSendThrottle(UserRateThrottle):
    """Per user, the ``messages`` rate (``THROTTLE_RATE_MESSAGES``, default 30/min).

    Applied to sending only.
    """

    scope = "messages"
