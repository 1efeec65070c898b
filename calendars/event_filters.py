"""Filters of the event-invitation list."""

from calendars.models import EventInvite
from contacts.friend_filters import DirectionFilterSet


class EventInviteFilter(DirectionFilterSet):
    """``?direction=incoming`` (default: invitations to you) or ``outgoing``."""

    class Meta:
        model = EventInvite
        fields = ["direction"]
