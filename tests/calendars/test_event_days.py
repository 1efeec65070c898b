"""Which days an event falls on, in any timezone: properties against a brute-force oracle.

The oracle walks the event in 15-minute steps and notes each step's local date. Every
timezone offset in use is a multiple of 15 minutes, so local midnights lie on that grid
and no day the event touches can be missed.
"""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars.event_selectors import (
    Window,
    aware_utc,
    days_of,
    event_days,
    events_in_window,
    group_by_day,
    month_last_day,
    month_offsets,
)
from calendars.models import Event
from tests.accounts.factories import UserFactory
from tests.calendars.factories import EventFactory

QUARTER = timedelta(minutes=15)
ORIGIN = datetime(2025, 1, 1, tzinfo=UTC)
ZONES = [
    "UTC",
    "Europe/Berlin",
    "Asia/Tehran",
    "America/New_York",
    "America/Santiago",  # DST changes at midnight: some days start at 01:00
    "America/Havana",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kathmandu",  # +05:45
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
]

instants = st.integers(0, 3 * 365 * 96).map(lambda q: ORIGIN + q * QUARTER)
durations = st.integers(0, 5 * 96).map(lambda q: q * QUARTER)
zones = st.sampled_from(ZONES).map(ZoneInfo)


def oracle_days(start: datetime, end: datetime, tz: ZoneInfo) -> set[date]:
    if start == end:
        return {start.astimezone(tz).date()}
    days, moment = set(), start
    while moment < end:
        days.add(moment.astimezone(tz).date())
        moment += QUARTER
    return days


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


@settings(max_examples=400, deadline=None)
@given(start=instants, duration=durations, tz=zones)
def test_event_days_match_the_oracle(start, duration, tz):
    event = Event(start=start, end=start + duration, all_day=False)

    first, last = event_days(event, tz)

    assert span(first, last) == oracle_days(event.start, event.end, tz)


@settings(max_examples=400, deadline=None)
@given(moment=instants, tz=zones, shift=st.integers(-2, 2))
def test_a_day_window_holds_exactly_the_instants_of_that_local_day(moment, tz, shift):
    day = moment.astimezone(tz).date() + timedelta(days=shift)

    window = Window.days(day, day, tz)

    assert (window.start <= moment < window.end) == (moment.astimezone(tz).date() == day)


@settings(max_examples=200, deadline=None)
@given(start=instants, duration=durations, tz=zones)
def test_the_month_view_lists_an_event_on_exactly_its_days_of_the_month(start, duration, tz):
    event = Event(pk=1, start=start, end=start + duration, all_day=False)
    first_day = start.astimezone(tz).date()
    spans = [(event, event.start, event.end, event.all_day)]

    grouped = group_by_day(spans, first_day.year, first_day.month, tz)

    expected = {
        d.day
        for d in oracle_days(event.start, event.end, tz)
        if d.month == first_day.month and d.year == first_day.year
    }
    assert set(grouped) == expected


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(instants, durations, st.booleans()), min_size=1, max_size=6),
    tz=zones,
)
def test_rows_naive_times_in_utc_group_as_aware_ones(spans, tz):
    """The lists' rows hold naive times in UTC: the month groups them as it groups the
    same instants, aware (all-day events by their floating dates)."""
    aware = [
        (index, start.astimezone(tz), (start + duration).astimezone(tz), all_day)
        for index, (start, duration, all_day) in enumerate(sorted(spans))
    ]
    naive = [(index, _naive(start), _naive(end), all_day) for index, start, end, all_day in aware]
    month = aware[0][1].date()

    for span_aware, span_naive in zip(aware, naive, strict=True):
        assert days_of(*span_aware[1:], tz) == days_of(*span_naive[1:], tz)
    assert group_by_day(naive, month.year, month.month, tz) == group_by_day(
        aware, month.year, month.month, tz
    )


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe"])
def test_the_database_window_agrees_with_the_days_of_each_event(zone):
    """Around a DST change, ``?date=`` (the SQL window) selects exactly the events whose
    days (computed in Python) include that date, for timed and all-day events alike."""
    tz = ZoneInfo(zone)
    user = UserFactory(timezone=zone)
    change = {"Europe/Berlin": date(2026, 3, 29), "America/Santiago": date(2026, 4, 5),
              "Australia/Lord_Howe": date(2026, 4, 5)}[zone]  # fmt: skip
    base = datetime.combine(change - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    rng = random.Random(zone)
    events = []
    for _ in range(60):
        start = base + rng.randrange(0, 5 * 96) * QUARTER
        end = start + rng.choice([0, 1, 4, 40, 96, 150]) * QUARTER
        events.append(EventFactory(owner=user, start=start, end=end))
    for offset in range(5):
        day = datetime.combine(change + timedelta(days=offset - 2), datetime.min.time(), tzinfo=UTC)
        events.append(
            EventFactory(
                owner=user, all_day=True, start=day, end=day + offset % 2 * timedelta(days=1)
            )
        )

    for offset in range(-3, 6):
        day = change + timedelta(days=offset)
        found = set(events_in_window(user, Window.days(day, day, tz)).values_list("pk", flat=True))
        expected = {e.pk for e in events if day in span(*event_days(e, tz))}
        assert found == expected, day


@settings(max_examples=400, deadline=None)
@given(start=instants, duration=durations, tz=zones)
def test_the_month_offset_table_gives_the_days_of_each_event(start, duration, tz):
    """The month view reads local dates from a table of the zone's offsets around the
    month: within the month they are exactly ``days_of``'s."""
    naive_start, naive_end = _naive(start), _naive(start + duration)
    month = start.astimezone(tz).date()
    first, last = date(month.year, month.month, 1), month_last_day(month.year, month.month)

    got = month_offsets(tz, month.year, month.month).days(naive_start, naive_end)

    begin, finish = days_of(naive_start, naive_end, False, tz)
    assert got == (begin, finish) or (max(got[0], first), min(got[1], last)) == (
        max(begin, first),
        min(finish, last),
    )


@pytest.mark.parametrize("zone", ZONES)
def test_the_month_offset_table_gives_each_quarter_hours_local_time_around_each_month(zone):
    tz = ZoneInfo(zone)
    for month in range(1, 13):
        table = month_offsets(tz, 2026, month)
        moment = datetime(2026, month, 1) - timedelta(days=3)
        end = datetime.combine(month_last_day(2026, month), datetime.min.time()) + timedelta(days=3)
        while moment < end:
            expected = aware_utc(moment).astimezone(tz).replace(tzinfo=None)
            assert table.local(moment) == expected, (zone, moment)
            moment += QUARTER
