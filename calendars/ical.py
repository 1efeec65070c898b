"""The private iCalendar feed (RFC 5545) of a user's events, built with ``icalendar``.

Every event becomes a VEVENT with a stable UID (``event-<id>@kith``), the event's
``sequence`` as SEQUENCE, DTSTAMP/LAST-MODIFIED from its last change and times in UTC;
all-day events are DATE values with an exclusive DTEND, as the RFC wants. The library
does the escaping of text values and the folding of long lines.
"""

from collections.abc import Iterable
from datetime import UTC

from icalendar import Calendar
from icalendar import Event as VEvent

from accounts.models import User
from calendars.event_selectors import ONE_DAY
from calendars.models import Event

PRODID = "-//Kith//Kith events 1.0//EN"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@kith"


def _vevent(event: Event) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.name)
    if event.all_day:
        first, last = event.start.astimezone(UTC).date(), event.end.astimezone(UTC).date()
        vevent.add("dtstart", first)
        vevent.add("dtend", last + ONE_DAY)
    else:
        vevent.add("dtstart", event.start.astimezone(UTC))
        if event.end > event.start:  # DTEND must be later; without it the event is an instant
            vevent.add("dtend", event.end.astimezone(UTC))
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.category:
        vevent.add("categories", [event.category])
    vevent.add("class", "PRIVATE" if event.is_private else "PUBLIC")
    return vevent


def build_feed(*, user: User, events: Iterable[Event]) -> bytes:
    """The whole feed of ``user`` as iCalendar bytes (CRLF lines, folded at 75 octets)."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"Kith: {user.username}")
    for event in events:
        feed.add_component(_vevent(event))
    return feed.to_ical()
