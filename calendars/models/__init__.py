"""Events (personal and shared) and one-on-one scheduling calendars."""

from calendars.models.event_sharing import CalendarFeed, EventInvite
from calendars.models.events import Event, EventMember

__all__ = ["Event", "EventMember"]
__all__ += ["CalendarFeed", "EventInvite"]
