"""``/calendars/{id}/availabilities/``: range, overlaps, deadlines, authors, finalize."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from calendars.models import Availability
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.calendars.factories import AvailabilityFactory, CalendarFactory, InviteeFactory, at
from tests.races import run_together

pytestmark = pytest.mark.django_db

S9, S10 = "2031-03-03T09:00:00Z", "2031-03-03T10:00:00Z"


@pytest.fixture
def calendar(alice):
    """3..7 March 2031 in Tehran (UTC+03:30): the range is 2 Mar 20:30Z .. 7 Mar 20:30Z."""
    return CalendarFactory(owner=alice, timezone="Asia/Tehran")


@pytest.fixture
def invitee(calendar, bob):
    return InviteeFactory(calendar=calendar, user=bob)


def url(calendar) -> str:
    return reverse("api:calendar-availabilities-list", args=[calendar.pk])


def detail(availability) -> str:
    return reverse(
        "api:calendar-availabilities-detail", args=[availability.calendar_id, availability.pk]
    )


def body(start, end, preference=2) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "preference": preference}


# --- create ---------------------------------------------------------------------------


def test_the_owner_adds_an_availability(alice, alice_client, calendar):
    response = alice_client.post(url(calendar), body(at(3, 9), at(3, 12), 3), format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert response.json()["code"] == Code.AVAILABILITY_ADDED
    assert data["user"]["id"] == alice.pk
    assert data["calendar"] == calendar.pk
    assert data["start"] == "2031-03-03T09:00:00Z"
    assert data["end"] == "2031-03-03T12:00:00Z"
    assert data["preference"] == 3
    row = Availability.objects.get()
    assert (row.user, row.start, row.end, row.preference) == (alice, at(3, 9), at(3, 12), 3)


def test_an_invitee_adds_an_availability_with_the_default_preference(
    bob, bob_client, calendar, invitee
):
    payload = {"start": "2031-03-04T10:00:00+03:30", "end": "2031-03-04T11:00:00+03:30"}

    response = bob_client.post(url(calendar), payload, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["preference"] == 2
    assert response.json()["data"]["start"] == "2031-03-04T06:30:00Z"
    assert Availability.objects.get().user == bob


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(2, 20), at(2, 21)),  # 23:30 .. 00:30 Tehran: starts the day before
        (at(7, 20), at(7, 21)),  # 23:30 .. 00:30 Tehran: ends after the last day
        (at(1, 9), at(1, 10)),
        (at(9, 9), at(9, 10)),
    ],
)
def test_an_availability_must_lie_inside_the_days_in_the_calendar_timezone(
    alice_client, calendar, start, end
):
    response = alice_client.post(url(calendar), body(start, end), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.AVAILABILITY_ADD_FAILED
    assert "start" in response.json()["errors"]
    assert not Availability.objects.exists()


def test_the_whole_range_in_the_calendar_timezone_is_accepted(alice_client, calendar):
    response = alice_client.post(url(calendar), body(at(2, 20, 30), at(7, 20, 30)), format="json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "2031-03-03T10:00:00Z", "end": "2031-03-03T10:00:00Z"}, "end"),
        ({"start": "2031-03-03T11:00:00Z", "end": "2031-03-03T10:00:00Z"}, "end"),
        ({"start": S9, "end": S10, "preference": 0}, "preference"),
        ({"start": S9, "end": S10, "preference": 4}, "preference"),
        ({"start": S9, "end": S10, "preference": "x"}, "preference"),
        ({"start": "tomorrow", "end": "2031-03-03T10:00:00Z"}, "start"),
        ({"start": "2031-03-03T09:00:00Z", "end": 12}, "end"),
        ({"start": "0001-01-01T00:00:00+14:00", "end": "2031-03-03T10:00:00Z"}, "start"),
        ({"end": "2031-03-03T10:00:00Z"}, "start"),
        ({"start": "2031-03-03T09:00:00Z"}, "end"),
    ],
)  # fmt: skip
def test_invalid_availabilities_are_400(alice_client, calendar, payload, field):
    response = alice_client.post(url(calendar), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.AVAILABILITY_ADD_FAILED
    assert field in response.json()["errors"]
    assert not Availability.objects.exists()


def test_own_availabilities_must_not_overlap(alice, alice_client, calendar):
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 12))

    response = alice_client.post(url(calendar), body(at(3, 11), at(3, 13)), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.AVAILABILITY_OVERLAP
    assert Availability.objects.count() == 1


def test_touching_availabilities_and_other_peoples_overlaps_are_fine(
    alice, bob, alice_client, calendar, invitee
):
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 12))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 12), end=at(3, 15))
    AvailabilityFactory(
        calendar=CalendarFactory(owner=alice), user=alice, start=at(3, 12), end=at(3, 15)
    )

    response = alice_client.post(url(calendar), body(at(3, 12), at(3, 15)), format="json")

    assert response.status_code == 201


def test_an_invitee_past_the_deadline_gets_410(bob, bob_client, calendar, invitee):
    mine = AvailabilityFactory(calendar=calendar, user=bob)
    invitee.deadline = timezone.now() - timedelta(seconds=1)
    invitee.save()

    created = bob_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json")
    updated = bob_client.patch(detail(mine), {"preference": 3}, format="json")
    deleted = bob_client.delete(detail(mine))

    for response in (created, updated, deleted):
        assert response.status_code == 410
        assert response.json()["code"] == Code.INVITEE_DEADLINE_PASSED
    mine.refresh_from_db()
    assert mine.preference == 2
    assert Availability.objects.count() == 1


def test_the_owner_has_no_deadline(alice, alice_client, calendar, invitee):
    invitee.deadline = timezone.now() - timedelta(days=1)
    invitee.save()

    response = alice_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json")

    assert response.status_code == 201


def test_a_finalized_calendar_refuses_every_change_with_410(
    alice, bob, alice_client, bob_client, calendar, invitee
):
    owners = AvailabilityFactory(calendar=calendar, user=alice)
    bobs = AvailabilityFactory(calendar=calendar, user=bob)
    calendar.finalized = True
    calendar.save()

    responses = [
        alice_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json"),
        bob_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json"),
        alice_client.patch(detail(owners), {"preference": 1}, format="json"),
        bob_client.patch(detail(bobs), {"preference": 1}, format="json"),
        alice_client.delete(detail(owners)),
        bob_client.delete(detail(bobs)),
    ]

    for response in responses:
        assert response.status_code == 410
        assert response.json()["code"] == Code.CALENDAR_FINALIZED
    assert Availability.objects.count() == 2


def test_strangers_get_404_and_anonymous_401(alice, api_client, bob_client, calendar):
    owners = AvailabilityFactory(calendar=calendar, user=alice)

    for response in [
        bob_client.get(url(calendar)),
        bob_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json"),
        bob_client.get(detail(owners)),
        bob_client.delete(detail(owners)),
    ]:
        assert response.status_code == 404
        assert response.json()["code"] == Code.CALENDAR_NOT_FOUND
    anonymous = api_client.post(url(calendar), body(at(4, 9), at(4, 10)), format="json")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == Code.TOKEN_INVALID
    assert Availability.objects.count() == 1


# --- list and read --------------------------------------------------------------------


def test_the_owner_sees_all_and_an_invitee_their_own(
    alice, bob, alice_client, bob_client, calendar, invitee
):
    owners = AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    bobs = AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 8), end=at(3, 9))

    everything = alice_client.get(url(calendar))
    own = bob_client.get(url(calendar))

    assert everything.json()["code"] == Code.AVAILABILITIES_LISTED
    assert [a["id"] for a in everything.json()["data"]["results"]] == [bobs.pk, owners.pk]
    assert [a["id"] for a in own.json()["data"]["results"]] == [bobs.pk]
    assert alice_client.get(detail(bobs)).status_code == 200
    hidden = bob_client.get(detail(owners))
    assert hidden.status_code == 404
    assert hidden.json()["code"] == Code.AVAILABILITY_NOT_FOUND


def test_the_owner_filters_by_user(alice, bob, alice_client, calendar, invitee):
    AvailabilityFactory(calendar=calendar, user=alice)
    bobs = AvailabilityFactory(calendar=calendar, user=bob)

    response = alice_client.get(url(calendar), {"user": bob.pk})

    assert [a["id"] for a in response.json()["data"]["results"]] == [bobs.pk]


def test_the_availability_list_costs_the_same_queries_for_one_or_many(
    alice, alice_client, calendar, django_assert_num_queries
):
    AvailabilityFactory(calendar=calendar, user=alice)
    # 1 token user, 2 calendar with role, 3 count, 4 page of availabilities with users.
    with django_assert_num_queries(4):
        assert alice_client.get(url(calendar)).json()["data"]["count"] == 1
    for day in range(3, 8):
        for hour in range(10, 16):
            user = InviteeFactory(calendar=calendar).user
            AvailabilityFactory(calendar=calendar, user=user, start=at(day, hour), end=at(day, 17))
    with django_assert_num_queries(4):
        assert len(alice_client.get(url(calendar)).json()["data"]["results"]) == 20


# --- update and delete ----------------------------------------------------------------


def test_the_author_updates_their_availability(alice, alice_client, calendar):
    mine = AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))

    response = alice_client.patch(
        detail(mine), {"end": "2031-03-03T11:00:00Z", "preference": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["code"] == Code.AVAILABILITY_UPDATED
    mine.refresh_from_db()
    assert (mine.start, mine.end, mine.preference) == (at(3, 9), at(3, 11), 1)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"end": "2031-03-03T08:00:00Z"}, Code.AVAILABILITY_UPDATE_FAILED),
        ({"end": "2031-03-03T13:30:00Z"}, Code.AVAILABILITY_OVERLAP),
        ({"start": "2031-03-02T19:00:00Z"}, Code.AVAILABILITY_UPDATE_FAILED),
        ({"preference": 9}, Code.AVAILABILITY_UPDATE_FAILED),
    ],
)
def test_updates_follow_the_same_rules(alice, alice_client, calendar, payload, code):
    mine = AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 13), end=at(3, 14))

    response = alice_client.patch(detail(mine), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    mine.refresh_from_db()
    assert (mine.start, mine.end, mine.preference) == (at(3, 9), at(3, 10), 2)


def test_moving_within_its_own_span_is_no_overlap(alice, alice_client, calendar):
    mine = AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 12))

    response = alice_client.patch(detail(mine), {"start": "2031-03-03T10:00:00Z"}, format="json")

    assert response.status_code == 200


def test_the_owner_cannot_change_an_invitees_availability(bob, alice_client, calendar, invitee):
    bobs = AvailabilityFactory(calendar=calendar, user=bob)

    patched = alice_client.patch(detail(bobs), {"preference": 3}, format="json")
    deleted = alice_client.delete(detail(bobs))

    assert patched.status_code == deleted.status_code == 403
    assert patched.json()["code"] == deleted.json()["code"] == Code.AVAILABILITY_NOT_AUTHOR
    bobs.refresh_from_db()
    assert bobs.preference == 2


def test_an_invitee_cannot_touch_the_owners_availability(alice, bob_client, calendar, invitee):
    owners = AvailabilityFactory(calendar=calendar, user=alice)

    assert bob_client.patch(detail(owners), {"preference": 3}, format="json").status_code == 404
    assert bob_client.delete(detail(owners)).status_code == 404
    assert Availability.objects.filter(pk=owners.pk, preference=2).exists()


def test_the_author_deletes_their_availability(bob, bob_client, calendar, invitee):
    bobs = AvailabilityFactory(calendar=calendar, user=bob)

    response = bob_client.delete(detail(bobs))

    assert response.status_code == 200
    assert response.json()["code"] == Code.AVAILABILITY_DELETED
    assert response.json()["data"] is None
    assert not Availability.objects.exists()


def test_put_is_not_allowed(alice, alice_client, calendar):
    mine = AvailabilityFactory(calendar=calendar, user=alice)

    response = alice_client.put(detail(mine), body(at(3, 9), at(3, 10)), format="json")

    assert response.status_code == 405


# --- database constraints ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"preference": 0},
        {"preference": 4},
        {"start": at(3, 10), "end": at(3, 10)},
        {"start": at(3, 11), "end": at(3, 10)},
    ],
)
def test_the_database_enforces_preference_and_order(calendar, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityFactory(calendar=calendar, **fields)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_availabilities_cannot_both_land(make_client):
    owner = UserFactory()
    calendar = CalendarFactory(owner=owner)
    clients = [make_client(owner) for _ in range(4)]

    def post(index: int) -> int:
        response = clients[index].post(
            url(calendar), body(at(3, 9), at(3, 11 + index)), format="json"
        )
        return response.status_code

    statuses = run_together(len(clients), post)

    assert sorted(statuses) == [201, 400, 400, 400]
    assert Availability.objects.filter(calendar=calendar).count() == 1
