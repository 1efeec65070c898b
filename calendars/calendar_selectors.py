"""Reads of scheduling calendars, invitees and availabilities (API.md §5)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from calendars.models import Availability, Calendar, Event, EventMember, Invitee
from common.codes import Code
from common.exceptions import NotFound

OWNER = "owner"
INVITEE = "invitee"


def calendars_for(user) -> QuerySet[Calendar]:
    """Calendars ``user`` owns or is invited to, each annotated with ``role`` and, for
    an invitee, ``my_deadline``."""
    mine = Invitee.objects.filter(calendar=OuterRef("pk"), user=user)
    return (
        Calendar.objects.filter(Q(owner=user) | Q(Exists(mine)))
        .select_related("owner")
        .annotate(
            role=Case(
                When(owner=user, then=Value(OWNER)),
                default=Value(INVITEE),
                output_field=CharField(),
            ),
            my_deadline=Subquery(mine.values("deadline")[:1]),
        )
    )


def calendar_for(user, calendar_id) -> Calendar:
    """The calendar ``calendar_id`` if ``user`` owns it or is invited; else 404."""
    calendar = calendars_for(user).filter(pk=calendar_id).first()
    if calendar is None:
        raise NotFound(Code.CALENDAR_NOT_FOUND)
    return calendar


def invitees_of(calendar: Calendar) -> QuerySet[Invitee]:
    """The calendar's invitees with their user and ``has_availability``."""
    given = Availability.objects.filter(calendar=OuterRef("calendar_id"), user=OuterRef("user_id"))
    return (
        Invitee.objects.filter(calendar=calendar)
        .select_related("user")
        .annotate(has_availability=Exists(given, output_field=BooleanField()))
        .order_by("id")
    )


def availabilities_visible(calendar: Calendar, user) -> QuerySet[Availability]:
    """The owner sees every availability of the calendar; an invitee only their own."""
    qs = Availability.objects.filter(calendar=calendar).select_related("user")
    if calendar.owner_id != user.pk:
        qs = qs.filter(user=user)
    return qs.order_by("start", "id")


def calendar_range(calendar: Calendar) -> tuple[datetime, datetime]:
    """``[start_date 00:00, end_date + 1 00:00)`` in the calendar's timezone, as aware
    datetimes."""
    tz = ZoneInfo(calendar.timezone)
    start = datetime.combine(calendar.start_date, time(), tzinfo=tz)
    end = datetime.combine(calendar.end_date + timedelta(days=1), time(), tzinfo=tz)
    return start, end


def busy_spans(
    calendar: Calendar, *, exclude_event_ids: QuerySet | list[int] = ()
) -> tuple[list[tuple[datetime, datetime]], dict[int, list[tuple[datetime, datetime]]]]:
    """Events overlapping the calendar's range of its owner and of each invitee.

    Counts every event the user owns or is a member of, except ``exclude_event_ids``
    (the events this calendar's own finalize created). Two queries whatever the size.
    Returns ``(owner_spans, {invitee user id: spans})``.
    """
    start, end = calendar_range(calendar)
    invited = Invitee.objects.filter(calendar=calendar).values("user_id")
    people = Q(user_id=calendar.owner_id) | Q(user_id__in=invited)
    overlap = Q(event__start__lt=end, event__end__gt=start)
    rows = list(
        EventMember.objects.filter(people, overlap)
        .exclude(event_id__in=exclude_event_ids)
        .values_list("user_id", "event__start", "event__end")
    )
    owned = Q(owner_id=calendar.owner_id) | Q(owner_id__in=invited)
    rows += list(
        Event.objects.filter(owned, start__lt=end, end__gt=start)
        .exclude(pk__in=exclude_event_ids)
        .values_list("owner_id", "start", "end")
    )
    owner_spans: list[tuple[datetime, datetime]] = []
    spans: dict[int, list[tuple[datetime, datetime]]] = {}
    for user_id, ev_start, ev_end in rows:
        if user_id == calendar.owner_id:
            owner_spans.append((ev_start, ev_end))
        else:
            spans.setdefault(user_id, []).append((ev_start, ev_end))
    return owner_spans, spans
