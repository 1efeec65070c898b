"""Day, range and month views of events in the user's timezone (API.md §6)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    EventFactory,
    EventMemberFactory,
    GroupEventFactory,
)
from tests.contacts.factories import ContactFactory
from tests.contacts.friend_factories import befriend

pytestmark = pytest.mark.django_db

EVENTS = reverse("api:events-list")
MONTH = reverse("api:events-month")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ids(response) -> list[int]:
    return [e["id"] for e in response.json()["data"]["results"]]


def month_ids(response) -> dict[str, list[int]]:
    return {day: [e["id"] for e in events] for day, events in response.json()["data"].items()}


@pytest.fixture
def user_in(make_client):
    """``user_in("Asia/Tehran")``: a (user, client) pair living in that timezone."""

    def _make(tz: str):
        user = UserFactory(timezone=tz)
        return user, make_client(user)

    return _make


# --- ?date= and ?start=&end= ---------------------------------------------------------------


def test_a_day_lists_my_events_of_that_day_by_start(alice_client, alice):
    late = EventFactory(owner=alice, start=utc(2026, 11, 22, 15), end=utc(2026, 11, 22, 16))
    early = EventFactory(owner=alice, start=utc(2026, 11, 22, 8), end=utc(2026, 11, 22, 9))
    EventFactory(owner=alice, start=utc(2026, 11, 23, 8), end=utc(2026, 11, 23, 9))
    EventFactory(start=utc(2026, 11, 22, 8), end=utc(2026, 11, 22, 9))  # someone else's

    response = alice_client.get(EVENTS, {"date": "2026-11-22"})

    assert response.status_code == 200
    assert response.json()["code"] == Code.EVENTS_LISTED
    assert ids(response) == [early.pk, late.pk]


def test_a_day_includes_events_running_through_it(alice_client, alice):
    trip = EventFactory(owner=alice, start=utc(2026, 11, 20, 8), end=utc(2026, 11, 25, 20))

    assert ids(alice_client.get(EVENTS, {"date": "2026-11-22"})) == [trip.pk]


def test_an_event_ending_at_midnight_is_not_on_the_next_day(alice_client, alice):
    EventFactory(owner=alice, start=utc(2026, 11, 21, 22), end=utc(2026, 11, 22, 0))
    at_midnight = EventFactory(owner=alice, start=utc(2026, 11, 22, 0), end=utc(2026, 11, 22, 0))

    assert ids(alice_client.get(EVENTS, {"date": "2026-11-22"})) == [at_midnight.pk]


def test_group_events_i_am_a_member_of_are_listed_but_not_friends_public_ones(
    bob_client, alice, bob
):
    befriend(alice, bob)
    member_of = GroupEventFactory(owner=alice)
    EventMemberFactory(event=member_of, user=bob)
    GroupEventFactory(owner=alice, is_private=False)  # visible to bob, but not his

    assert ids(bob_client.get(EVENTS, {"date": "2026-11-22"})) == [member_of.pk]


def test_a_date_range_includes_its_end_day(alice_client, alice):
    first = EventFactory(owner=alice, start=utc(2026, 11, 1, 9), end=utc(2026, 11, 1, 10))
    last = EventFactory(owner=alice, start=utc(2026, 11, 3, 23), end=utc(2026, 11, 3, 23, 30))
    EventFactory(owner=alice, start=utc(2026, 11, 4, 0), end=utc(2026, 11, 4, 1))

    response = alice_client.get(EVENTS, {"start": "2026-11-01", "end": "2026-11-03"})

    assert ids(response) == [first.pk, last.pk]


def test_a_datetime_range_is_exact(alice_client, alice):
    EventFactory(owner=alice, start=utc(2026, 11, 22, 8), end=utc(2026, 11, 22, 9))
    inside = EventFactory(owner=alice, start=utc(2026, 11, 22, 10), end=utc(2026, 11, 22, 11))
    EventFactory(owner=alice, start=utc(2026, 11, 22, 12), end=utc(2026, 11, 22, 13))

    response = alice_client.get(
        EVENTS, {"start": "2026-11-22T09:30:00Z", "end": "2026-11-22T12:00:00Z"}
    )

    assert ids(response) == [inside.pk]


def test_a_naive_datetime_is_read_in_my_timezone(user_in):
    user, client = user_in("Asia/Tehran")
    event = EventFactory(owner=user, start=utc(2026, 11, 22, 6), end=utc(2026, 11, 22, 7))

    # 09:00..10:00 Tehran = 05:30..06:30 UTC: overlaps; 11:00.. Tehran does not.
    hit = client.get(EVENTS, {"start": "2026-11-22T09:00:00", "end": "2026-11-22T10:00:00"})
    miss = client.get(EVENTS, {"start": "2026-11-22T11:00:00", "end": "2026-11-22T12:00:00"})

    assert ids(hit) == [event.pk]
    assert ids(miss) == []


def test_an_open_ended_range(alice_client, alice):
    EventFactory(owner=alice, start=utc(2026, 1, 1, 9), end=utc(2026, 1, 1, 10))
    later = EventFactory(owner=alice, start=utc(2027, 1, 1, 9), end=utc(2027, 1, 1, 10))

    assert ids(alice_client.get(EVENTS, {"start": "2026-06-01"})) == [later.pk]


def test_without_a_window_every_event_of_mine_is_listed(alice_client, alice):
    events = [
        EventFactory(owner=alice, start=utc(2020 + i, 1, 1), end=utc(2020 + i, 1, 2))
        for i in range(3)
    ]

    assert ids(alice_client.get(EVENTS)) == [e.pk for e in events]


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2026-02-30"},
        {"date": "tomorrow"},
        {"date": "0001-01-01"},
        {"start": "nope"},
        {"end": "2026-11-22T25:00:00Z"},
        {"start": "2026-11-23", "end": "2026-11-22"},
        {"date": "2026-11-22", "start": "2026-11-22"},
        {"start": "9999-12-31"},
    ],
)
def test_bad_windows_are_400(alice_client, params):
    response = alice_client.get(EVENTS, params)

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_QUERY_INVALID


_BEFORE = "The end must not be before the start."
_EITHER = "Give either date or start/end, not both."


@pytest.mark.parametrize(
    "params, errors",
    [
        ({"start": "2026-11-23", "end": "2026-11-22"}, {"end": [_BEFORE]}),
        ({"date": "2026-11-22", "start": "2026-11-22"}, {"non_field_errors": [_EITHER]}),
        (
            {"date": "0999-12-31", "end": "nope"},
            {
                "date": ["Use a year between 1000 and 9998."],
                "end": ["Use a date (YYYY-MM-DD) or an ISO 8601 datetime."],
            },
        ),
    ],
)
def test_a_bad_window_names_its_errors(alice_client, params, errors):
    response = alice_client.get(EVENTS, params)

    assert response.status_code == 400
    assert response.json() == {
        "code": Code.EVENT_QUERY_INVALID,
        "msg": "The date, range or month asked for is invalid.",
        "errors": errors,
    }


def test_listing_needs_authentication(api_client):
    response = api_client.get(EVENTS, {"date": "2026-11-22"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def _crowded_events(owner, rows: int) -> None:
    """``rows`` group events of ``owner`` on 2026-11-22, each with a member, a contact
    and its chat."""
    contact = ContactFactory(owner=owner)
    for i in range(rows):
        event = GroupEventFactory(
            owner=owner,
            start=utc(2026, 11, 22, 8) + timedelta(minutes=i),
            end=utc(2026, 11, 22, 9) + timedelta(minutes=i),
        )
        EventMemberFactory(event=event)
        event.contacts.add(contact)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_at_any_size(
    alice_client, alice, rows, django_assert_num_queries
):
    _crowded_events(alice, rows)

    # 1 the bearer's user, 2 the page of events joined with their owners, their contact
    # ids in a column, their members' profiles in another (the chat's id is a column of
    # the event) and the count of all
    with django_assert_num_queries(2):
        response = alice_client.get(EVENTS, {"date": "2026-11-22", "page_size": 100})

    assert response.json()["data"]["count"] == rows
    results = response.json()["data"]["results"]
    assert len(results[0]["members"]) == 2
    assert all(isinstance(event["conversation"], int) for event in results)


def test_pages_of_a_range(alice_client, alice):
    events = [
        EventFactory(owner=alice, start=utc(2026, 11, day, 9), end=utc(2026, 11, day, 10))
        for day in range(1, 8)
    ]
    window = {"start": "2026-11-01", "end": "2026-11-30", "page_size": 3}

    pages = [alice_client.get(EVENTS, {**window, "page": n}).json()["data"] for n in (1, 2, 3)]
    last = alice_client.get(EVENTS, {**window, "page": "last"}).json()["data"]

    assert [page["count"] for page in pages] == [7, 7, 7]
    assert [[e["id"] for e in page["results"]] for page in pages] == [
        [e.pk for e in events[0:3]], [e.pk for e in events[3:6]], [events[6].pk]
    ]  # fmt: skip
    assert pages[0]["previous"] is None and "page=2" in pages[0]["next"]
    assert "page=2" in pages[2]["previous"] and pages[2]["next"] is None
    assert last == pages[2]


@pytest.mark.parametrize("page", ["4", "0", "-1", "two", "1.5", "²", "9" * 30, "123456789"])
def test_a_page_that_does_not_exist_is_a_generic_404(alice_client, alice, page):
    for day in range(1, 8):
        EventFactory(owner=alice, start=utc(2026, 11, day, 9), end=utc(2026, 11, day, 10))

    response = alice_client.get(
        EVENTS, {"start": "2026-11-01", "end": "2026-11-30", "page_size": 3, "page": page}
    )

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND


def test_an_empty_range_is_an_empty_first_page(alice_client):
    data = alice_client.get(EVENTS, {"date": "2026-11-22"}).json()["data"]

    assert data == {"count": 0, "next": None, "previous": None, "results": []}


# --- the month view -------------------------------------------------------------------------


def test_the_month_maps_unpadded_day_numbers_to_that_days_events(alice_client, alice):
    fifth = EventFactory(owner=alice, start=utc(2026, 11, 5, 9), end=utc(2026, 11, 5, 10))
    twentieth = EventFactory(owner=alice, start=utc(2026, 11, 20, 9), end=utc(2026, 11, 20, 10))
    EventFactory(owner=alice, start=utc(2026, 12, 5, 9), end=utc(2026, 12, 5, 10))
    EventFactory(start=utc(2026, 11, 6, 9), end=utc(2026, 11, 6, 10))  # someone else's

    response = alice_client.get(MONTH, {"year": 2026, "month": 11})

    assert response.status_code == 200
    assert response.json()["code"] == Code.EVENTS_LISTED
    assert month_ids(response) == {"5": [fifth.pk], "20": [twentieth.pk]}
    assert response.json()["data"]["5"][0]["name"] == fifth.name


def test_a_multi_day_event_appears_on_each_of_its_days_within_the_month(alice_client, alice):
    across = EventFactory(owner=alice, start=utc(2026, 10, 30, 9), end=utc(2026, 11, 2, 10))
    short = EventFactory(owner=alice, start=utc(2026, 11, 2, 12), end=utc(2026, 11, 2, 13))

    response = alice_client.get(MONTH, {"year": 2026, "month": 11})

    assert month_ids(response) == {"1": [across.pk], "2": [across.pk, short.pk]}


def test_a_month_without_events_is_an_empty_object(alice_client):
    response = alice_client.get(MONTH, {"year": 2026, "month": 2})

    assert response.status_code == 200
    assert response.json()["data"] == {}


def test_the_month_defaults_to_the_current_one_in_my_timezone(user_in):
    user, client = user_in("Pacific/Kiritimati")
    now = timezone.now()
    today = now.astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    event = EventFactory(owner=user, start=now, end=now)

    response = client.get(MONTH)

    assert month_ids(response) == {str(today.day): [event.pk]}


def test_all_day_events_come_first_within_a_day(alice_client, alice):
    timed = EventFactory(owner=alice, start=utc(2026, 11, 22, 0, 30), end=utc(2026, 11, 22, 1))
    all_day = EventFactory(
        owner=alice, all_day=True, start=utc(2026, 11, 22), end=utc(2026, 11, 22)
    )

    response = alice_client.get(MONTH, {"year": 2026, "month": 11})

    assert month_ids(response) == {"22": [all_day.pk, timed.pk]}


@pytest.mark.parametrize(
    "params",
    [
        {"year": 2026, "month": 13},
        {"year": 2026, "month": 0},
        {"year": "abc", "month": 1},
        {"year": 99999, "month": 1},
        {"year": 1, "month": 1},
        {"year": 2026, "month": "1.5"},
    ],
)
def test_a_bad_month_is_400(alice_client, params):
    response = alice_client.get(MONTH, params)

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_QUERY_INVALID


def test_a_bad_month_names_its_errors(alice_client):
    response = alice_client.get(MONTH, {"year": "abc", "month": "13"})

    assert response.status_code == 400
    assert response.json() == {
        "code": Code.EVENT_QUERY_INVALID,
        "msg": "The date, range or month asked for is invalid.",
        "errors": {
            "year": ["A valid integer is required."],
            "month": ["Ensure this value is less than or equal to 12."],
        },
    }


def test_empty_parameters_are_left_out(alice_client, alice):
    event = EventFactory(owner=alice, start=utc(2026, 11, 5, 9), end=utc(2026, 11, 5, 10))

    by_month = alice_client.get(MONTH, {"year": "2026", "month": "11", "day": ""})
    listed = alice_client.get(EVENTS, {"date": "", "start": "2026-11-05", "end": ""})

    assert month_ids(by_month) == {"5": [event.pk]}
    assert ids(listed) == [event.pk]


def test_the_month_needs_authentication(api_client):
    assert api_client.get(MONTH, {"year": 2026, "month": 11}).status_code == 401


@pytest.mark.parametrize("rows", [1, 50])
def test_the_month_costs_the_same_queries_at_any_size(
    alice_client, alice, rows, django_assert_num_queries
):
    _crowded_events(alice, rows)

    # 1 the bearer's user, 2 the month's events joined with their owners, their
    # contact ids in a column and their members' profiles in another (the chat's id is
    # a column of the event)
    with django_assert_num_queries(2):
        response = alice_client.get(MONTH, {"year": 2026, "month": 11})

    assert len(response.json()["data"]["22"]) == rows
    assert all(isinstance(event["conversation"], int) for event in response.json()["data"]["22"])


# --- timezones ------------------------------------------------------------------------------


def test_an_event_at_2330_utc_lands_on_the_next_day_in_tehran(user_in):
    tehran, tehran_client = user_in("Asia/Tehran")
    london, london_client = user_in("UTC")
    event = GroupEventFactory(
        owner=tehran, start=utc(2026, 11, 21, 23, 30), end=utc(2026, 11, 21, 23, 45)
    )
    EventMemberFactory(event=event, user=london)

    tehran_month = tehran_client.get(MONTH, {"year": 2026, "month": 11})
    utc_month = london_client.get(MONTH, {"year": 2026, "month": 11})

    assert month_ids(tehran_month) == {"22": [event.pk]}  # 03:00 on the 22nd in Tehran
    assert month_ids(utc_month) == {"21": [event.pk]}
    assert ids(tehran_client.get(EVENTS, {"date": "2026-11-22"})) == [event.pk]
    assert ids(tehran_client.get(EVENTS, {"date": "2026-11-21"})) == []


def test_an_event_late_on_the_last_utc_day_of_a_month_moves_to_the_next_month(user_in):
    user, client = user_in("Asia/Tehran")
    event = EventFactory(owner=user, start=utc(2026, 11, 30, 23, 30), end=utc(2026, 11, 30, 23, 45))

    assert client.get(MONTH, {"year": 2026, "month": 11}).json()["data"] == {}
    assert month_ids(client.get(MONTH, {"year": 2026, "month": 12})) == {"1": [event.pk]}


def test_berlin_spring_forward_day_is_23_hours_long(user_in):
    # 29 March 2026: Berlin goes from UTC+1 to UTC+2 at 01:00 UTC.
    user, client = user_in("Europe/Berlin")
    day_start = EventFactory(owner=user, start=utc(2026, 3, 28, 23, 0), end=utc(2026, 3, 28, 23, 0))
    late = EventFactory(owner=user, start=utc(2026, 3, 29, 21, 30), end=utc(2026, 3, 29, 21, 45))
    next_day = EventFactory(owner=user, start=utc(2026, 3, 29, 22, 0), end=utc(2026, 3, 29, 22, 15))
    EventFactory(owner=user, start=utc(2026, 3, 28, 22, 45), end=utc(2026, 3, 28, 22, 59))  # 28th

    month = client.get(MONTH, {"year": 2026, "month": 3})
    day = client.get(EVENTS, {"date": "2026-03-29"})

    assert month_ids(month)["29"] == [day_start.pk, late.pk]  # 00:00 CET and 23:30 CEST
    assert month_ids(month)["30"] == [next_day.pk]  # 00:00 CEST on the 30th
    assert ids(day) == [day_start.pk, late.pk]


def test_berlin_fall_back_day_is_25_hours_long(user_in):
    # 25 October 2026: Berlin goes from UTC+2 to UTC+1 at 01:00 UTC.
    user, client = user_in("Europe/Berlin")
    first = EventFactory(owner=user, start=utc(2026, 10, 24, 22, 0), end=utc(2026, 10, 24, 22, 30))
    last = EventFactory(owner=user, start=utc(2026, 10, 25, 22, 30), end=utc(2026, 10, 25, 22, 45))
    next_day = EventFactory(
        owner=user, start=utc(2026, 10, 25, 23, 0), end=utc(2026, 10, 25, 23, 5)
    )

    month = client.get(MONTH, {"year": 2026, "month": 10})
    day = client.get(EVENTS, {"date": "2026-10-25"})

    assert month_ids(month) == {"25": [first.pk, last.pk], "26": [next_day.pk]}
    assert ids(day) == [first.pk, last.pk]


def test_an_event_across_the_dst_change_covers_both_days(user_in):
    user, client = user_in("Europe/Berlin")
    night = EventFactory(owner=user, start=utc(2026, 3, 28, 21), end=utc(2026, 3, 29, 5))

    assert month_ids(client.get(MONTH, {"year": 2026, "month": 3})) == {
        "28": [night.pk],
        "29": [night.pk],
    }


def test_all_day_events_fall_on_the_same_days_in_every_timezone(make_client):
    owner = UserFactory(timezone="Europe/Berlin")
    event = GroupEventFactory(
        owner=owner, all_day=True, start=utc(2026, 11, 22), end=utc(2026, 11, 23)
    )
    clients = [make_client(owner)]
    for tz in ["Asia/Tehran", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]:
        member = UserFactory(timezone=tz)
        EventMemberFactory(event=event, user=member)
        clients.append(make_client(member))

    for client in clients:
        assert month_ids(client.get(MONTH, {"year": 2026, "month": 11})) == {
            "22": [event.pk],
            "23": [event.pk],
        }
        assert ids(client.get(EVENTS, {"date": "2026-11-21"})) == []
        assert ids(client.get(EVENTS, {"date": "2026-11-23"})) == [event.pk]
        assert ids(client.get(EVENTS, {"date": "2026-11-24"})) == []


def test_an_unknown_profile_timezone_falls_back_to_utc(user_in):
    user, client = user_in("Mars/Olympus_Mons")
    event = EventFactory(owner=user, start=utc(2026, 11, 21, 23, 30), end=utc(2026, 11, 21, 23, 45))

    assert month_ids(client.get(MONTH, {"year": 2026, "month": 11})) == {"21": [event.pk]}


def test_a_page_past_the_end_is_a_generic_404(alice_client, alice):
    EventFactory(owner=alice)

    response = alice_client.get(EVENTS, {"page": 5})

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND
