"""Friend requests and friendships between platform users (API.md §4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least

from common.models import TimeStamped


class FriendRequest(TimeStamped):
    """A pending request from ``from_user`` to ``to_user``; accepted or declined ones go.

    At most one pending request per pair, in either direction: when the other user has
    already asked you, your request turns theirs into a friendship instead
    (``contacts.friend_services.friend_request_send``). The unordered-pair constraint
    holds that line in the database too.
    """

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="friend_requests_received",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["from_user", "to_user"], name="friend_request_unique"),
            models.CheckConstraint(
                condition=~Q(from_user=F("to_user")), name="friend_request_not_self"
            ),
            models.UniqueConstraint(
                Least("from_user", "to_user"),
                Greatest("from_user", "to_user"),
                name="friend_request_one_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["to_user", "-created_at"], name="friend_request_to_idx"),
            models.Index(fields=["from_user", "-created_at"], name="friend_request_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} -> {self.to_user}"


class Friendship(TimeStamped):
    """One row per pair of friends, stored with ``user_low_id < user_high_id``.

    The ordering makes "one friendship per pair" a plain unique constraint, whatever
    order the two users come in.
    """

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="friendship_unique"),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="friendship_ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_low} & {self.user_high}"

    @staticmethod
    def ordered(a_id: int, b_id: int) -> tuple[int, int]:
        return (a_id, b_id) if a_id < b_id else (b_id, a_id)
