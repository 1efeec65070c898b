"""Reads of events: visibility, time windows in a user's timezone, the month view.

Timed events are instants; a window ``[start, end)`` selects those overlapping it. An
all-day event holds floating dates (midnight UTC of its first and last day), so it is
matched against the window's wall-clock dates in the user's timezone instead.
"""

import calendar
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Least

from accounts.models import User
from accounts.selectors import PUBLIC_PROFILE_FIELDS
from calendars.models import CalendarFeed, Event, EventInvite, EventMember
from common.compiled import Param
from contacts.models import Contact
from contacts.selectors import friend_ids

ONE_DAY = timedelta(days=1)
T = TypeVar("T")
# Event times and windows stay inside these years, so that shifting by a timezone or a
# day can never leave what Python's datetime can hold.
MIN_YEAR, MAX_YEAR = 1000, 9998
# No event starts before this; window bounds derived from event lengths stop here.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)


def user_tz(user: User) -> ZoneInfo:
    """The user's profile timezone; UTC when unset or unknown."""
    try:
        return ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant the day begins in ``tz`` (if midnight is skipped by DST, the jump)."""
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def wall_clock(instant: datetime, tz: ZoneInfo) -> datetime:
    """The wall-clock time of ``instant`` in ``tz``, labelled UTC (to compare with all-day
    events, which are stored as floating midnights in UTC)."""
    return instant.astimezone(tz).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    """A half-open time window ``[start, end)`` seen from timezone ``tz``; either end open."""

    start: datetime | None
    end: datetime | None
    tz: ZoneInfo

    @classmethod
    def days(cls, first: date, last: date, tz: ZoneInfo) -> "Window":
        """Whole days ``first`` to ``last`` (inclusive) in ``tz``."""
        return cls(local_midnight(first, tz), local_midnight(last + ONE_DAY, tz), tz)

    @classmethod
    @lru_cache(maxsize=1024)
    def month(cls, year: int, month: int, tz: ZoneInfo) -> "Window":
        """A month's window, made once for each (a frozen, shared value)."""
        return cls.days(date(year, month, 1), month_last_day(year, month), tz)

    def bounds(self) -> dict[str, datetime]:
        """The instants the overlap filter compares with, by name (an open end has none):
        ``start`` and ``end`` for timed events; for all-day events, stored as floating
        midnights, the window's wall-clock ``day_end``, and ``day_start`` a day before
        the wall-clock start (an event's last day lasts until the next midnight)."""
        bounds = {}
        if self.start is not None:
            bounds["start"] = self.start
            bounds["day_start"] = wall_clock(self.start, self.tz) - ONE_DAY
        if self.end is not None:
            bounds["end"] = self.end
            bounds["day_end"] = wall_clock(self.end, self.tz)
        return bounds

    def member_bounds(self) -> dict[str, datetime | timedelta]:
        """What ``member_window_q`` compares memberships with (see there)."""
        bounds = self.bounds()
        reach = {}
        if "start" in bounds:
            reach["reach_from"] = since = min(bounds["start"], bounds["day_start"])
            reach["reach_cap"] = since - EARLIEST
        if "end" in bounds:
            reach["reach_to"] = max(bounds["end"], bounds["day_end"])
        return reach

    def overlap_q(self) -> Q:
        """Events overlapping the window (zero-length events on its start count)."""
        return overlap_q(self.bounds())


def member_window_q(bounds: Mapping[str, datetime | timedelta | Param], user) -> Q:
    """Memberships of ``user`` (an id) whose event may overlap a window given by its
    ``Window.member_bounds``, for events filtered by ``overlap_q``: the two together
    select exactly the user's events overlapping the window, through the index on
    ``EventMember (user, start)``.

    An event overlapping the window starts before ``reach_to`` (the later of the two
    ends ``overlap_q`` compares starts with) and ends after ``reach_from`` (the
    earlier of the two it compares ends with, or it starts in the window), so it
    starts no earlier than ``reach_from`` minus the user's longest event: its row has
    the event's start and length (``EventMember.start``, ``span``). ``reach_cap`` keeps
    that bound from falling before year 1.
    """
    q = Q(memberships__user_id=user)
    if "reach_from" in bounds:
        longest = EventMember.objects.filter(user_id=user).order_by("-span").values("span")[:1]
        reach = Least(Subquery(longest), bounds["reach_cap"])
        q &= Q(memberships__start__gte=bounds["reach_from"] - reach)
    if "reach_to" in bounds:
        q &= Q(memberships__start__lt=bounds["reach_to"])
    return q


def overlap_q(bounds: Mapping[str, datetime | Param]) -> Q:
    """Events overlapping a window given by its ``Window.bounds``."""
    timed, all_day = Q(all_day=False), Q(all_day=True)
    if "end" in bounds:
        timed &= Q(start__lt=bounds["end"])
        all_day &= Q(start__lt=bounds["day_end"])
    if "start" in bounds:
        timed &= Q(end__gt=bounds["start"]) | Q(start__gte=bounds["start"])
        all_day &= Q(end__gt=bounds["day_start"])
    return timed | all_day


def month_last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- querysets ---------------------------------------------------------------------------


def with_details(events: QuerySet[Event]) -> QuerySet[Event]:
    """Everything the event serializer reads, in a constant number of queries:
    the owner joined in, then one query for members (with their users' public fields)
    and one for the contact ids, whatever the number of events. Users load only their
    public columns (a month view may hold thousands)."""
    memberships = EventMember.objects.select_related("user").only(
        "event_id", "user_id", "joined_at", *(f"user__{f}" for f in PUBLIC_PROFILE_FIELDS)
    )
    event_columns = [field.name for field in Event._meta.concrete_fields]
    owner_columns = [f"owner__{f}" for f in PUBLIC_PROFILE_FIELDS]
    return (
        events.select_related("owner")
        .only(*event_columns, *owner_columns)
        .prefetch_related(
            # ``to_attr`` lists: Django then skips building a queryset per event.
            Prefetch("memberships", queryset=memberships, to_attr="prefetched_memberships"),
            Prefetch(
                "contacts", queryset=Contact.objects.only("id"), to_attr="prefetched_contacts"
            ),
        )
    )


def member_events(user: User) -> QuerySet[Event]:
    """Events ``user`` is a member of (owners are members), by start."""
    return Event.objects.filter(memberships__user=user).order_by("start", "id")


def visible_events(user: User) -> QuerySet[Event]:
    """Events ``user`` may see: their own, plus public group events of their friends.

    Each carries ``is_member`` (whether ``user`` may act as a member).
    """
    membership = EventMember.objects.filter(event=OuterRef("pk"), user=user)
    public_of_friends = Q(kind=Event.Kind.GROUP, is_private=False, owner_id__in=friend_ids(user))
    return (
        Event.objects.annotate(is_member=Exists(membership))
        .filter(Q(is_member=True) | public_of_friends)
        .order_by("start", "id")
    )


def events_in_window(user: User, window: Window) -> QuerySet[Event]:
    """``user``'s events overlapping ``window``, by start, as instances
    (``calendars.event_rows.WindowEvents`` reads them as rows for the lists)."""
    member = member_window_q(window.member_bounds(), user.pk)
    return with_details(
        Event.objects.filter(member).filter(window.overlap_q()).order_by("start", "id")
    )


def event_invites_of(user: User) -> QuerySet[EventInvite]:
    """Pending invitations ``user`` received or sent, with what the serializer shows."""
    return (
        EventInvite.objects.filter(Q(to_user=user) | Q(from_user=user))
        .select_related("event", "from_user", "to_user")
        .order_by("-created_at", "-id")
    )


def feed_by_secret(secret: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(secret=secret).first()


# --- days of events ----------------------------------------------------------------------


def event_days(event: Event, tz: ZoneInfo) -> tuple[date, date]:
    """The first and last day (inclusive) ``event`` falls on, seen from ``tz``."""
    return days_of(event.start, event.end, event.all_day, tz)


def aware_utc(naive: datetime) -> datetime:
    """A naive datetime in UTC, made aware (``datetime.combine`` costs a fifth of
    ``replace(tzinfo=UTC)``)."""
    return datetime.combine(naive, naive.time(), UTC)


def days_of(start: datetime, end: datetime, all_day: bool, tz: ZoneInfo) -> tuple[date, date]:
    """The first and last day (inclusive) of an event from ``start`` to ``end`` (aware,
    or naive in UTC as the lists' rows hold them), seen from ``tz``.

    A timed event ending exactly at a midnight does not reach into that day; all-day
    events keep their floating dates whatever the timezone.
    """
    if all_day:
        if start.tzinfo is not None:
            start, end = start.astimezone(UTC), end.astimezone(UTC)
        return start.date(), end.date()
    if start.tzinfo is None:
        start, end = aware_utc(start), aware_utc(end)
    start, end = start.astimezone(tz), end.astimezone(tz)
    last = end.date()
    if end > start and end.time() == time.min:
        last -= ONE_DAY
    return start.date(), last


def group_by_day(
    spans: Iterable[tuple[T, datetime, datetime, bool]], year: int, month: int, tz: ZoneInfo
) -> dict[int, list[T]]:
    """``{day number: [items]}`` for the days of the month that have events, from
    ``(item, start, end, all_day)`` spans given by start (ties by id; ``start`` and
    ``end`` as ``days_of`` takes them).

    A multi-day event appears on each of its days. Within a day: all-day events first,
    then by start.
    """
    spans = [
        (item, _naive_utc(start), _naive_utc(end), all_day) for item, start, end, all_day in spans
    ]
    if not spans:
        return {}
    items, starts, ends, all_days = zip(*spans, strict=True)
    return group_rows_by_day(items, starts, ends, all_days, year, month, tz)


def _naive_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def group_rows_by_day(
    items: Sequence[T],
    starts: Sequence[datetime | str],
    ends: Sequence[datetime | str],
    all_days: Sequence[bool],
    year: int,
    month: int,
    tz: ZoneInfo,
) -> dict[int, list[T]]:
    """``group_by_day`` for spans given column by column (the month view's rows), their
    times naive in UTC or the text of their UTC wall time (``event_rows.UtcWallText``).

    Each time's day is found by bisecting the month's table of the instants where the
    local date changes (``MonthDays``), in the type the times come in: no timezone
    conversion, parsing or date arithmetic per event.
    """
    if not starts:
        return {}
    table = month_days(tz, year, month, starts[0].__class__ is str)
    changes, dates, midnights = table.changes, table.dates, table.midnights
    floating, last = table.floating, table.length
    days: list[list[T]] = [[] for _ in range(last + 1)]
    timed = []
    # All-day events first, each kind in the given order (by start, ties by id).
    for item, start, end, all_day in zip(items, starts, ends, all_days, strict=True):
        if not all_day:
            timed.append((item, start, end))
            continue
        first, final = bisect_right(floating, start) or 1, min(bisect_right(floating, end), last)
        for day in range(first, final + 1):
            days[day].append(item)
    for item, start, end in timed:
        begin, finish = dates[bisect_right(changes, start)], dates[bisect_right(changes, end)]
        if end in midnights and end > start:  # it ends as its last day begins
            finish -= 1
        if begin == finish and 0 < begin <= last:  # most events: a day, without a range()
            days[begin].append(item)
            continue
        for day in range(max(begin, 1), min(finish, last) + 1):
            days[day].append(item)
    return {day: shown for day, shown in enumerate(days) if shown}


# Local dates are only needed exactly around the month: further out, any offset (at most
# a day and a few hours) keeps them on the same side of the month.
_MARGIN = timedelta(days=3)
_PROBE = timedelta(hours=1)
_SECOND = timedelta(seconds=1)


class MonthOffsets:
    """A timezone's UTC offsets around a month, for naive datetimes in UTC.

    ``bounds`` are the instants (naive UTC, ascending) where the offset changes between
    ``low`` and ``high``, ``offsets`` the offset before the first and after each. Found
    by probing every hour and bisecting each change to the second (tz transitions fall
    on whole seconds; no zone changes its offset twice within an hour).
    """

    def __init__(self, tz: ZoneInfo, year: int, month: int):
        self.low = low = datetime(year, month, 1) - _MARGIN
        self.high = high = datetime.combine(month_last_day(year, month), time.min) + _MARGIN
        self.bounds: list[datetime] = []
        self.offsets = [_offset(tz, low)]
        moment = low
        while moment < high:
            after = moment + _PROBE
            if _offset(tz, after) != self.offsets[-1]:
                self.bounds.append(_change(tz, moment, after))
                self.offsets.append(_offset(tz, after))
            moment = after


class MonthDays:
    """The day of a month on which each instant falls in a timezone, for times naive in
    UTC or the text of their UTC wall time (``event_rows.UtcWallText``), which compares
    as they do: whole seconds have no fraction, a fraction sorts after its second.

    ``changes`` are the instants (ascending, in the times' type) from which the local
    date may differ, over ``MonthOffsets``' span around the month: its start, each local
    midnight and each change of offset (a clock set back across midnight takes the date
    back); ``dates[i]`` is the day of the month (1 its first; less before it, more than
    ``length`` after) from ``changes[i - 1]`` until ``changes[i]`` (``dates[0]``, before
    the span, is before the month too). ``midnights`` are the changes at which the local
    time is 00:00 (a timed event ending there does not reach into that day, as in
    ``days_of``). ``floating`` are the midnights (in UTC) of the month's days and of the
    next: all-day events' floating dates fall between them.
    """

    def __init__(self, tz: ZoneInfo, year: int, month: int, text: bool):
        table = month_offsets(tz, year, month)
        first = date(year, month, 1)
        self.length = month_last_day(year, month).day

        def day(local: datetime) -> int:
            return (local.date() - first).days + 1

        changes, self.dates, midnights = [], [day(table.low + table.offsets[0])], []
        segments = zip(
            [table.low, *table.bounds], [*table.bounds, table.high], table.offsets, strict=True
        )
        for since, until, offset in segments:
            local = since + offset
            changes.append(since)
            self.dates.append(day(local))
            if local.time() == time.min:
                midnights.append(since)
            midnight = datetime.combine(local.date() + ONE_DAY, time.min)
            while midnight < until + offset:
                changes.append(midnight - offset)
                self.dates.append(day(midnight))
                midnights.append(midnight - offset)
                midnight += ONE_DAY
        floating = [datetime.combine(first, time.min) + k * ONE_DAY for k in range(self.length + 1)]
        form = _wall_text if text else _as_is
        self.changes, self.floating = list(map(form, changes)), list(map(form, floating))
        self.midnights = frozenset(map(form, midnights))


def _wall_text(naive_utc: datetime) -> str:
    return naive_utc.isoformat(" ")


def _as_is(naive_utc: datetime) -> datetime:
    return naive_utc


def _offset(tz: ZoneInfo, naive_utc: datetime) -> timedelta:
    return aware_utc(naive_utc).astimezone(tz).utcoffset()


def _change(tz: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first whole second after ``before`` up to ``after`` with ``after``'s offset."""
    target = _offset(tz, after)
    low, high = 0, int((after - before) / _SECOND)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(tz, before + middle * _SECOND) == target:
            high = middle
        else:
            low = middle
    return before + high * _SECOND


@lru_cache(maxsize=1024)
def month_offsets(tz: ZoneInfo, year: int, month: int) -> MonthOffsets:
    return MonthOffsets(tz, year, month)


@lru_cache(maxsize=1024)
def month_days(tz: ZoneInfo, year: int, month: int, text: bool) -> MonthDays:
    return MonthDays(tz, year, month, text)
