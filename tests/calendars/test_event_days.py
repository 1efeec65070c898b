"""Which days an event falls on, in any timezone: properties against a brute-force oracle.

The oracle walks the event in 15-minute steps and notes each step's local date. Every
timezone offset in use is a multiple of 15 minutes, so local midnights lie on that grid
and no day the event touches can be missed.
"""

import random
from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
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
    group_rows_by_day,
    month_days,
    month_last_day,
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


def _wall_text(naive: datetime) -> str:
    """A naive time in UTC as PostgreSQL writes it (``event_rows.UtcWallText``): the
    fraction without its trailing zeros, none on a whole second."""
    text = naive.isoformat(" ")
    return text.rstrip("0") if "." in text else text


NUDGES = [timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1), timedelta(seconds=1)]


@settings(max_examples=400, deadline=None)
@given(
    start=instants,
    duration=durations,
    tz=zones,
    nudges=st.tuples(st.sampled_from(NUDGES), st.sampled_from(NUDGES)),
    all_day=st.booleans(),
)
def test_the_month_view_groups_times_as_text_as_it_groups_them_as_datetimes(
    start, duration, tz, nudges, all_day
):
    """The month view's rows hold the text of UTC wall times (PostgreSQL's, SQLite's):
    grouped as the same instants, naive or aware, are grouped, near midnights too."""
    start = _naive(start) + nudges[0]
    end = max(start, _naive(start + duration) + nudges[1])
    month = start.date()
    spans = [(1, start, end, all_day)]

    expected = group_by_day([(1, aware_utc(start), aware_utc(end), all_day)], *_ym(month), tz)

    assert group_by_day(spans, *_ym(month), tz) == expected
    for text in (_wall_text, lambda naive: naive.isoformat(" ")):
        grouped = group_rows_by_day([1], [text(start)], [text(end)], [all_day], *_ym(month), tz)
        assert grouped == expected


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


@pytest.mark.parametrize(
    ("zone", "year"),
    [*((zone, 2026) for zone in ZONES), ("America/Juneau", 1867), ("America/Sao_Paulo", 2018)],
)
def test_the_month_day_table_gives_each_instants_local_day_around_each_month(zone, year):
    """Every quarter hour (and the second and microsecond around it) from three days
    before each month to three days after falls on its local date's day, as a naive time
    and as text. Juneau's clock went back a whole day in October 1867; São Paulo's went
    back from midnight to 23:00."""
    tz = ZoneInfo(zone)
    for month in range(1, 13):
        first = date(year, month, 1)
        tables = [month_days(tz, year, month, text) for text in (False, True)]
        low = moment = datetime(year, month, 1) - timedelta(days=3)
        end = datetime.combine(month_last_day(year, month), datetime.min.time()) + timedelta(days=3)
        while moment < end:
            for instant in {max(low, moment - timedelta(seconds=1)), moment, moment + NUDGES[1]}:
                local = aware_utc(instant).astimezone(tz).replace(tzinfo=None)
                expected = (local.date() - first).days + 1
                for table, form in zip(tables, (lambda naive: naive, _wall_text), strict=True):
                    at = form(instant)
                    assert table.dates[bisect_right(table.changes, at)] == expected, (zone, at)
                    assert (at in table.midnights) == (local.time() == time.min), (zone, at)
            moment += QUARTER
