"""Sharing events: invitations into group events and the private iCal feed (API.md §6)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from calendars.models.events import Event
from common.models import TimeStamped


class EventInvite(TimeStamped):
    """A pending invitation of ``to_user`` into a group event, sent by a member.

    Accepting turns it into an :class:`EventMember`; accepted or declined invitations
    are deleted. One pending invitation per event and invitee.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invites")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invites_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invites_received"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "to_user"], name="event_invite_unique"),
            models.CheckConstraint(
                condition=~Q(from_user=F("to_user")), name="event_invite_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["to_user", "-created_at"], name="event_invite_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to_user} invited to {self.event}"


def new_feed_secret() -> str:
    """An unguessable URL-safe secret (256 bits)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret of a user's private iCal feed URL (``/api/v1/ical/<secret>.ics``).

    The secret is the only credential of the feed; rotating it replaces the row's
    secret, so the old URL stops working at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
