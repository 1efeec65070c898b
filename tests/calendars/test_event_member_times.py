"""Memberships carry their event's start and length, and the time-window lists that
search by them stay exact through every write (``EventMember.start``/``span``)."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from calendars.event_rows import WindowEvents
from calendars.event_selectors import EARLIEST, Window, events_in_window, wall_clock
from calendars.event_services import event_create_group
from calendars.models import Event, EventMember
from tests.accounts.factories import UserFactory
from tests.calendars.factories import EventFactory, EventInviteFactory, GroupEventFactory
from tests.contacts.friend_factories import befriend

pytestmark = pytest.mark.django_db

EVENTS = reverse("api:events-list")
MONTH = reverse("api:events-month")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def detail(pk: int) -> str:
    return reverse("api:events-detail", kwargs={"pk": pk})


def assert_copies_exact() -> None:
    """Every membership holds its event's start and length."""
    rows = EventMember.objects.values_list("start", "span", "event__start", "event__end")
    assert rows.exists()
    for start, span, event_start, event_end in rows:
        assert (start, span) == (event_start, event_end - event_start)


def month_ids(client, year: int, month: int) -> dict[str, list[int]]:
    data = client.get(MONTH, {"year": year, "month": month}).json()["data"]
    return {day: [e["id"] for e in events] for day, events in data.items()}


def listed(client, **params) -> list[int]:
    return [e["id"] for e in client.get(EVENTS, params).json()["data"]["results"]]


# --- the copies ------------------------------------------------------------------------------


def test_a_membership_copies_its_events_start_and_length(alice, bob):
    event = EventFactory(owner=alice, start=utc(2026, 11, 22, 9), end=utc(2026, 11, 24, 10))
    EventMember.objects.bulk_create([EventMember(event=event, user=bob)])

    assert EventMember.objects.filter(event=event).count() == 2
    assert_copies_exact()


def test_events_made_by_the_services_carry_the_copies(alice, bob):
    event_create_group(owner=alice, members=[bob], name="1:1", start=utc(2031, 3, 3, 9),
                       end=utc(2031, 3, 3, 9, 30))  # fmt: skip

    assert_copies_exact()


def test_moving_an_event_moves_it_in_every_members_month(alice_client, bob_client, alice, bob):
    event = GroupEventFactory(owner=alice, start=utc(2026, 11, 22, 9), end=utc(2026, 11, 22, 10))
    event.memberships.create(user=bob)

    response = alice_client.patch(
        detail(event.pk), {"start": "2026-12-05T09:00:00Z", "end": "2026-12-06T10:00:00Z"}
    )

    assert response.status_code == 200
    assert_copies_exact()
    for client in (alice_client, bob_client):
        assert month_ids(client, 2026, 11) == {}
        assert month_ids(client, 2026, 12) == {"5": [event.pk], "6": [event.pk]}
        assert listed(client, date="2026-12-06") == [event.pk]


def test_turning_an_event_all_day_and_back_keeps_the_copies(make_client):
    berlin = UserFactory(timezone="Europe/Berlin")
    client = make_client(berlin)
    event = EventFactory(owner=berlin, start=utc(2026, 11, 21, 23, 30), end=utc(2026, 11, 23, 1))

    client.patch(detail(event.pk), {"all_day": True})
    assert_copies_exact()
    assert month_ids(client, 2026, 11) == {"22": [event.pk], "23": [event.pk]}

    client.patch(detail(event.pk), {"all_day": False})
    assert_copies_exact()
    assert month_ids(client, 2026, 11) == {"22": [event.pk], "23": [event.pk]}


def test_an_accepted_invitation_brings_the_event_into_the_invitees_month(bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, start=utc(2026, 11, 2), end=utc(2026, 11, 9))
    invite = EventInviteFactory(event=event, from_user=alice, to_user=bob)

    bob_client.post(reverse("api:event-invites-accept", kwargs={"pk": invite.pk}))

    assert_copies_exact()
    # Ending at midnight, it does not reach the 9th.
    assert set(month_ids(bob_client, 2026, 11)) == {str(day) for day in range(2, 9)}


def test_the_admin_moving_an_event_moves_it_for_its_members(alice_client, alice):
    event = GroupEventFactory(owner=alice, start=utc(2026, 11, 22, 9), end=utc(2026, 11, 22, 10))
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {
        "owner": alice.pk,
        "name": event.name,
        "kind": "group",
        "start_0": "2027-01-05",
        "start_1": "09:00:00",
        "end_0": "2027-01-05",
        "end_1": "11:00:00",
        "icon": "default",
        "is_private": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": event.memberships.get().pk,
        "memberships-0-event": event.pk,
        "memberships-0-user": alice.pk,
        "invites-TOTAL_FORMS": "0",
        "invites-INITIAL_FORMS": "0",
    }

    response = admin.post(f"/admin/calendars/event/{event.pk}/change/", form)

    assert response.status_code == 302, response.context["adminform"].errors
    assert_copies_exact()
    assert month_ids(alice_client, 2026, 11) == {}
    assert month_ids(alice_client, 2027, 1) == {"5": [event.pk]}


# --- long events and the bound they set ----------------------------------------------------


def test_a_long_event_shows_in_every_month_it_spans_and_follows_when_shortened(alice_client, alice):
    season = EventFactory(owner=alice, start=utc(2026, 6, 1, 8), end=utc(2026, 12, 20, 18))
    EventFactory(owner=alice, start=utc(2026, 9, 10, 8), end=utc(2026, 9, 10, 9))

    assert set(month_ids(alice_client, 2026, 9)) == {str(day) for day in range(1, 31)}
    assert listed(alice_client, date="2026-10-15") == [season.pk]

    alice_client.patch(detail(season.pk), {"end": "2026-06-03T18:00:00Z"})

    assert_copies_exact()
    assert month_ids(alice_client, 2026, 10) == {}
    assert listed(alice_client, date="2026-10-15") == []
    assert month_ids(alice_client, 2026, 6) == {"1": [season.pk], "2": [season.pk],
                                                "3": [season.pk]}  # fmt: skip


def test_someone_elses_long_event_does_not_show_in_my_lists(alice_client, alice, bob):
    EventFactory(owner=bob, start=utc(2020, 1, 1), end=utc(2030, 1, 1))
    mine = EventFactory(owner=alice, start=utc(2026, 11, 22, 9), end=utc(2026, 11, 22, 10))

    assert month_ids(alice_client, 2026, 11) == {"22": [mine.pk]}


def test_a_user_without_events_gets_empty_lists(alice_client):
    assert month_ids(alice_client, 2026, 11) == {}
    assert listed(alice_client, start="2026-01-01") == []


@pytest.mark.parametrize("all_day", [False, True])
def test_events_at_the_ends_of_the_allowed_years(make_client, all_day):
    """An event from year 1000 to 9998 is found from any window; no bound leaves the
    range the databases hold."""
    user = UserFactory(timezone="Pacific/Kiritimati")
    client = make_client(user)
    ages = EventFactory(owner=user, all_day=all_day, start=utc(1000, 1, 1),
                        end=utc(9998, 12, 31))  # fmt: skip

    assert month_ids(client, 1000, 1)["1"] == [ages.pk]
    assert month_ids(client, 9998, 12)["31"] == [ages.pk]
    assert listed(client, start="1000-01-01", end="1000-01-01") == [ages.pk]
    assert listed(client, start="9998-12-31") == [ages.pk]
    assert listed(client, end="1000-01-02T00:00:00") == [ages.pk]


# --- the window bounds against an oracle ------------------------------------------------------


def overlaps(event: Event, window: Window) -> bool:
    """``Window.overlap_q`` in Python."""
    if event.all_day:
        after_start = window.start is None or (
            event.end > wall_clock(window.start, window.tz) - timedelta(days=1)
        )
        before_end = window.end is None or event.start < wall_clock(window.end, window.tz)
        return after_start and before_end
    after_start = window.start is None or event.end > window.start or event.start >= window.start
    return after_start and (window.end is None or event.start < window.end)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran", "Pacific/Pago_Pago"])
def test_the_lists_find_exactly_the_events_overlapping_any_window(zone):
    """Random timed and all-day events of every length, from none to many months, and
    random windows (open on either side or not): the indexed query finds what the
    overlap rule says, no more and no less."""
    rng = random.Random(zone)
    tz = ZoneInfo(zone)
    user, other = UserFactory(timezone=zone), UserFactory()
    origin = utc(2026, 1, 1)
    lengths = [0, 1, 30, 60, 60 * 24, 60 * 24 * 3, 60 * 24 * 40, 60 * 24 * 200]
    events = []
    for _ in range(80):
        start = origin + timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 365))
        end = start + timedelta(minutes=rng.choice(lengths))
        if rng.random() < 0.25:
            start = datetime.combine(start.date(), datetime.min.time(), tzinfo=UTC)
            end = datetime.combine(end.date(), datetime.min.time(), tzinfo=UTC)
            events.append(EventFactory(owner=user, all_day=True, start=start, end=end))
        else:
            events.append(EventFactory(owner=user, start=start, end=end))
    EventFactory(owner=other, start=origin, end=origin + timedelta(days=900))

    for _ in range(60):
        first = date(2026, 1, 1) + timedelta(days=rng.randrange(-30, 400))
        window = Window.days(first, first + timedelta(days=rng.choice([0, 1, 6, 30])), tz)
        window = Window(
            None if rng.random() < 0.15 else window.start,
            None if rng.random() < 0.15 else window.end,
            tz,
        )
        expected = [
            e.pk for e in sorted(events, key=lambda e: (e.start, e.pk)) if overlaps(e, window)
        ]
        assert [e.pk for e in events_in_window(user, window)] == expected, window
        assert [row[0] for row in WindowEvents(user, window).all()] == expected, window


def test_the_earliest_bound_is_before_every_allowed_event():
    assert utc(1000, 1, 1) - timedelta(days=2) > EARLIEST
