"""Events (personal and shared) and one-on-one scheduling calendars."""

from calendars.models.calendars import Availability, Calendar, Invitee
from calendars.models.event_sharing import CalendarFeed, EventInvite
from calendars.models.events import Event, EventMember

__all__ = [
    "Availability",
    "Calendar",
    "CalendarFeed",
    "Event",
    "EventInvite",
    "EventMember",
    "Invitee",
]
