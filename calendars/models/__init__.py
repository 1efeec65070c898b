"""Events (personal and shared) and one-on-one scheduling calendars."""

from calendars.models.calendars import Availability, Calendar, Invitee
from calendars.models.events import Event, EventMember

__all__ = ["Event", "EventMember"]
__all__ += ["Availability", "Calendar", "Invitee"]
