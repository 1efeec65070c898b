"""The hand-built event representations equal DRF's generic one."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from accounts.selectors import PUBLIC_PROFILE_FIELDS
from accounts.serializers import PublicProfileSerializer, public_profile_from_row
from calendars.event_rows import (
    EVENT_ROW_COLUMNS,
    JSON_ROW_SPAN,
    OWNER_ONLY,
    ROW_END,
    ROW_START,
    WindowEvents,
    drf_utc,
    row_spans,
)
from calendars.event_selectors import Window, event_days, events_in_window, group_rows_by_day
from calendars.event_serializers import (
    EventSerializer,
    event_rows_json,
    event_rows_representation,
)
from calendars.models import Event
from common.renderers import EnvelopeJSONRenderer
from common.serializers import generic_representation
from tests.accounts.factories import UserFactory
from tests.calendars.factories import EventFactory, EventMemberFactory, GroupEventFactory
from tests.common.representation import assert_same_as_generic, request_context
from tests.contacts.factories import ContactFactory
from tests.jobs.factories import image_upload

pytestmark = pytest.mark.django_db

ROW_CREATED = EVENT_ROW_COLUMNS.index("created_at_utc")
NOVEMBER = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC), UTC)


@pytest.fixture
def events(alice, bob, settings, tmp_path):
    """Alice's events of November 2026: with contacts, a group event with members (one
    with an avatar and characters JSON escapes, bob), an all-day one and one with
    microseconds; bob is a member of the group event only."""
    settings.MEDIA_ROOT = tmp_path
    single = EventFactory(owner=alice, location="Main St 5", description="“Teeth”")
    # Linked newest first: the database may hand them over in that order.
    for contact in reversed([ContactFactory(owner=alice) for _ in range(3)]):
        single.contacts.add(contact)
    group = GroupEventFactory(
        owner=alice, is_private=False, category="work", related_people="Tim", icon="meal"
    )
    group.contacts.set([ContactFactory(owner=alice)])
    member = UserFactory(avatar=image_upload(), first_name='Zoë "Z" \\ Ünal', description="a\nb")
    EventMemberFactory(event=group, user=member)
    EventMemberFactory(event=group, user=bob)
    all_day = EventFactory(
        owner=alice,
        all_day=True,
        start=datetime(2026, 11, 23, tzinfo=UTC),
        end=datetime(2026, 11, 24, tzinfo=UTC),
    )
    precise = datetime(2026, 11, 30, 23, 59, 59, 123456, tzinfo=UTC)
    EventFactory(owner=alice, start=precise, end=precise + timedelta(microseconds=1))
    # A creation time on a whole second: DRF writes it without a fraction.
    Event.objects.filter(pk=single.pk).update(created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    # One with trailing zeros in its fraction, which PostgreSQL's text leaves out.
    trailing = datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC)
    Event.objects.filter(pk=all_day.pk).update(created_at=trailing)
    return list(events_in_window(alice, NOVEMBER))


def test_event_output_equals_drf_generic_rendering(events, alice, bob):
    assert len(events) == 4 and Event.objects.count() == 4

    for context in (request_context(alice), request_context(bob), {}):
        assert_same_as_generic(EventSerializer, events, **context)


def _rendered(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran", "America/New_York"])
@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_the_lists_rows_render_as_drf_renders_the_events(events, request, reader, zone):
    """What the month view and the lists build from rows, for the owner and for a
    member, in any current timezone: byte for byte DRF's rendering of the events."""
    user = request.getfixturevalue(reader)
    context = request_context(user)
    with timezone.override(zone):
        found = WindowEvents(user, NOVEMBER)
        rows = found.all()
        shown = event_rows_representation(rows, context["request"])
        generic = [
            generic_representation(EventSerializer(context=context), event)
            for event in events
            if user.pk in {member.pk for member in event.member_users}
        ]

    assert [row[0] for row in rows] == [event["id"] for event in generic]
    assert len(shown) == (4 if reader == "alice" else 1)
    assert _rendered(shown) == _rendered(generic)


def test_a_page_of_rows_renders_its_own_events(events, alice):
    context = request_context(alice)
    found = WindowEvents(alice, NOVEMBER)

    page = found[1:3]
    shown = event_rows_representation(page, context["request"])

    generic = [generic_representation(EventSerializer(context=context), e) for e in events[1:3]]
    assert found.count() == 4
    assert _rendered(shown) == _rendered(generic)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran"])
def test_rows_hold_their_times_naive_in_utc_or_as_text_in_utc(events, alice, zone):
    """In UTC (the API's time zone) the database writes the times as text, which
    ``drf_utc`` makes DRF's; under another time zone they are naive datetimes in UTC."""
    with timezone.override(zone):
        rows = {row[0]: row for row in WindowEvents(alice, NOVEMBER).all()}

    as_drf = serializers.DateTimeField().to_representation
    for event in events:
        times = [rows[event.pk][i] for i in (ROW_START, ROW_END, ROW_CREATED)]
        expected = [event.start, event.end, event.created_at]
        if zone == "UTC":
            assert [drf_utc(text) for text in times] == [as_drf(value) for value in expected]
        else:
            assert [value.replace(tzinfo=UTC) for value in times] == expected
    if zone == "UTC":
        created = {drf_utc(row[ROW_CREATED]) for row in rows.values()}
        assert {"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.120000Z"} <= created
        texts = {drf_utc(text) for row in rows.values() for text in row[ROW_START : ROW_END + 1]}
        assert {"2026-11-30T23:59:59.123456Z", "2026-11-23T00:00:00Z"} <= texts


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran", "America/New_York"])
def test_rows_give_the_same_days_for_grouping_as_text_and_as_datetimes(events, alice, zone):
    """The month groups the text of the rows' times (in UTC) as it groups the naive
    datetimes (under another time zone): the same events on the same days."""
    tz, rows = ZoneInfo(zone), {}
    for current in ("UTC", "Asia/Tehran"):
        with timezone.override(current):
            found = WindowEvents(alice, NOVEMBER).all()
        rows[current] = group_rows_by_day(
            [row[0] for row in found], *row_spans(found), 2026, 11, tz
        )

    assert rows["UTC"] == rows["Asia/Tehran"]
    assert sum(map(len, rows["UTC"].values())) >= len(events)


@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_an_events_members_are_listed_unless_its_owner_is_the_only_one(events, request, reader):
    """``[null]`` (the owner alone) without looking the members up, for single events
    and for a group event nobody joined yet; the list in order for the others, for the
    owner and for a member who isn't the owner."""
    alone = GroupEventFactory(owner=request.getfixturevalue("alice"), name="Nobody yet")
    user = request.getfixturevalue(reader)
    rows = WindowEvents(user, NOVEMBER).all()
    members = {row[0]: row[EVENT_ROW_COLUMNS.index("member_rows")] for row in rows}

    assert len(members) == (5 if reader == "alice" else 1)
    for event in [*events, alone]:
        if event.pk not in members:
            continue
        owner = event.owner_id
        if event.kind == "single" or event == alone:
            assert members[event.pk] == OWNER_ONLY
        else:
            assert [member and member[0] for member in json.loads(members[event.pk])] == [
                None if user.pk == owner else user.pk for user in event.member_users
            ]


def test_a_public_profile_from_a_row_equals_the_serializers(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with_avatar = UserFactory(avatar=image_upload(), description="Hi", background_color="#00ff00")
    for user in (alice, with_avatar):
        row = [getattr(user, field) for field in PUBLIC_PROFILE_FIELDS]
        row[PUBLIC_PROFILE_FIELDS.index("avatar")] = user.avatar.name
        for context in (request_context(alice), {}):
            generic = generic_representation(PublicProfileSerializer(context=context), user)
            fast = public_profile_from_row(row, context.get("request"))
            assert _rendered(fast) == _rendered(generic)


def _generic_events(events, context) -> list[dict]:
    user = context["request"].user
    return [
        generic_representation(EventSerializer(context=context), event)
        for event in events
        if user.pk in {member.pk for member in event.member_users}
    ]


@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_the_month_views_json_rows_render_as_drf_renders_the_events(events, request, reader):
    """PostgreSQL writes each event's JSON (in UTC) but for its owner and members: the
    renderer writes those as they are, byte for byte DRF's rendering of the events; the
    rows also give the spans the other rows give. Elsewhere there are no such rows."""
    user = request.getfixturevalue(reader)
    context = request_context(user)
    with timezone.override("UTC"):
        found = WindowEvents(user, NOVEMBER)
        rows = found.json_rows()
        if connection.vendor != "postgresql":
            assert rows is None
            return
        shown = event_rows_json(rows, context["request"])
        spans = row_spans(found.all())

    assert len(shown) == (4 if reader == "alice" else 1)
    assert EnvelopeJSONRenderer().render(shown) == _rendered(_generic_events(events, context))
    assert row_spans(rows, JSON_ROW_SPAN) == spans


def _postgresql_json_rows(user) -> list[tuple]:
    """The month view's JSON rows of ``user``'s November in UTC; skipped elsewhere, where
    there are none (the PostgreSQL pass runs the test)."""
    with timezone.override("UTC"):
        rows = WindowEvents(user, NOVEMBER).json_rows()
    if rows is None:
        assert connection.vendor != "postgresql"
        pytest.skip("the month view's JSON rows are PostgreSQL's")
    return rows


def test_the_month_views_json_rows_show_other_owners_as_drf_does(events, alice, bob):
    """Events of other owners (with an avatar, text JSON escapes), the reader's and
    theirs in turn: each owner's profile is read for their rows, the reader's once."""
    owner = UserFactory(avatar=image_upload(), last_name='Ö "Q" \\ \u2028', description="x\ty")
    for hour in (8, 10):
        theirs = GroupEventFactory(owner=owner, start=datetime(2026, 11, 3, hour, tzinfo=UTC))
        EventMemberFactory(event=theirs, user=alice)
        EventMemberFactory(event=theirs, user=bob)
    context = request_context(alice)
    rows = _postgresql_json_rows(alice)
    events = list(events_in_window(alice, NOVEMBER))

    shown = EnvelopeJSONRenderer().render(event_rows_json(rows, context["request"]))
    assert shown == _rendered(_generic_events(events, context))
    assert len({event.owner_id for event in events}) == 2 and len(events) == 6


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran", "America/New_York", "Pacific/Kiritimati"])
@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_the_month_view_answers_as_drf_renders_each_days_events(
    events, request, make_client, reader, zone
):
    """The whole month view in the reader's timezone, byte for byte: DRF's rendering
    of the serializer's output for the events of each day (``event_days``), all-day
    events first, then by start; one event crosses midnight in most of these zones, on
    the days of the all-day one."""
    alice = request.getfixturevalue("alice")
    EventFactory(
        owner=alice,
        start=datetime(2026, 11, 23, 22, 30, tzinfo=UTC),
        end=datetime(2026, 11, 24, 1, tzinfo=UTC),
    )
    user = request.getfixturevalue(reader)
    user.timezone = zone
    user.save(update_fields=["timezone"])
    tz, context = ZoneInfo(zone), request_context(user)

    response = make_client(user).get(reverse("api:events-month"), {"year": 2026, "month": 11})

    days: dict[int, list] = {}
    shown = events_in_window(user, Window.month(2026, 11, tz))
    for event in sorted(shown, key=lambda event: not event.all_day):  # stable: by start
        first, last = event_days(event, tz)
        for day in range(first.toordinal(), last.toordinal() + 1):
            if date.fromordinal(day).month == 11:
                generic = generic_representation(EventSerializer(context=context), event)
                days.setdefault(date.fromordinal(day).day, []).append(generic)
    body = response.json()
    expected = {
        "code": body["code"],
        "msg": body["msg"],
        "data": {str(d): days[d] for d in sorted(days)},
    }
    assert response.status_code == 200 and len(days) >= (1 if reader == "bob" else 3)
    assert response.content == EnvelopeJSONRenderer().render(expected)


def test_json_rows_escape_text_as_drf_does(alice):
    """Quotes, backslashes, control characters, line separators, astral characters."""
    text = 'a"b\\c/\x00\x01\x08\x0c\n\r\t\x1f\x7f \u2028\u2029 \u00e9\u20ac\U0001f600 </script>'
    text = text.replace("\x00", "")  # PostgreSQL text holds no NUL
    event = EventFactory(
        owner=alice, name=text[:200], description=text, location=text, related_people=text
    )
    context = request_context(alice)
    rows = _postgresql_json_rows(alice)
    event = events_in_window(alice, NOVEMBER).get(pk=event.pk)

    shown = EnvelopeJSONRenderer().render(event_rows_json(rows, context["request"]))
    assert shown == _rendered([generic_representation(EventSerializer(context=context), event)])
    assert b"\\u2028" in shown


def test_json_rows_are_only_written_in_utc(events, alice):
    with timezone.override("Asia/Tehran"):
        assert WindowEvents(alice, NOVEMBER).json_rows() is None
