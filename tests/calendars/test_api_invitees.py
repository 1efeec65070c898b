"""``/calendars/{id}/invitees/``: owner only; friends only; deadlines; mails."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block
from accounts.signals import user_blocked
from calendars.models import Availability, Invitee
from common.codes import Code
from scheduling.models import Meeting
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    AvailabilityFactory,
    CalendarFactory,
    InviteeFactory,
    at,
    make_friends,
)

pytestmark = pytest.mark.django_db


def in_days(days: float) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


@pytest.fixture
def calendar(alice):
    return CalendarFactory(owner=alice, name="Team sync")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", email="carol@example.com", first_name="Carol")


def url(calendar) -> str:
    return reverse("api:calendar-invitees-list", args=[calendar.pk])


def detail(invitee) -> str:
    return reverse("api:calendar-invitees-detail", args=[invitee.calendar_id, invitee.pk])


# --- add ------------------------------------------------------------------------------


def test_the_owner_invites_a_friend_who_gets_a_mail(
    alice, bob, alice_client, calendar, mailoutbox, django_capture_on_commit_callbacks
):
    make_friends(alice, bob)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            url(calendar), {"user": bob.pk, "deadline": in_days(3)}, format="json"
        )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.INVITEE_ADDED
    assert body["data"]["user"]["id"] == bob.pk
    assert body["data"]["calendar"] == calendar.pk
    assert body["data"]["has_availability"] is False
    invitee = Invitee.objects.get()
    assert (invitee.calendar, invitee.user) == (calendar, bob)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["bob@example.com"]
    assert "Team sync" in mailoutbox[0].subject
    assert f"/calendars/{calendar.pk}" in mailoutbox[0].body


def test_a_non_friend_cannot_be_invited(alice_client, bob, calendar, mailoutbox):
    response = alice_client.post(url(calendar), {"user": bob.pk, "deadline": in_days(3)})

    assert response.status_code == 400
    assert response.json()["code"] == Code.INVITEE_NOT_FRIEND
    assert "user" in response.json()["errors"]
    assert not Invitee.objects.exists()
    assert mailoutbox == []


def test_an_unknown_user_is_not_a_friend(alice_client, calendar):
    response = alice_client.post(url(calendar), {"user": 987654, "deadline": in_days(3)})

    assert response.status_code == 400
    assert response.json()["code"] == Code.INVITEE_NOT_FRIEND


def test_the_owner_cannot_invite_themselves(alice, alice_client, calendar):
    response = alice_client.post(url(calendar), {"user": alice.pk, "deadline": in_days(3)})

    assert response.status_code == 400
    assert response.json()["code"] == Code.INVITEE_SELF
    assert not Invitee.objects.exists()


@pytest.mark.parametrize("blocker", ["owner", "friend"])
def test_a_blocked_pair_cannot_be_invited(alice, bob, alice_client, calendar, blocker):
    make_friends(alice, bob)
    a, b = (alice, bob) if blocker == "owner" else (bob, alice)
    Block.objects.create(blocker=a, blocked=b)

    response = alice_client.post(url(calendar), {"user": bob.pk, "deadline": in_days(3)})

    assert response.status_code == 403
    assert response.json()["code"] == Code.INVITEE_BLOCKED
    assert not Invitee.objects.exists()


def test_inviting_twice_is_a_conflict(alice, bob, alice_client, calendar):
    InviteeFactory(calendar=calendar, user=bob)

    response = alice_client.post(url(calendar), {"user": bob.pk, "deadline": in_days(3)})

    assert response.status_code == 409
    assert response.json()["code"] == Code.INVITEE_DUPLICATE
    assert Invitee.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"deadline": "2000-01-01T00:00:00Z"}, "deadline"),
        ({"deadline": "yesterday"}, "deadline"),
        ({"deadline": None}, "deadline"),
        ({"user": "bob"}, "user"),
        ({"user": -1}, "user"),
        ({"user": 10**40}, "user"),
        ({"user": None}, "user"),
    ],
)
def test_invalid_invitations_are_400(alice, bob, alice_client, calendar, body, field):
    make_friends(alice, bob)
    full = {"user": bob.pk, "deadline": in_days(2), **body}

    response = alice_client.post(url(calendar), full, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.INVITEE_ADD_FAILED
    assert field in response.json()["errors"]
    assert not Invitee.objects.exists()


@pytest.mark.parametrize("missing", ["user", "deadline"])
def test_user_and_deadline_are_required(alice, bob, alice_client, calendar, missing):
    make_friends(alice, bob)
    body = {"user": bob.pk, "deadline": in_days(2)}
    del body[missing]

    response = alice_client.post(url(calendar), body, format="json")

    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_an_invitee_cannot_invite_others(alice, bob, carol, bob_client, calendar):
    InviteeFactory(calendar=calendar, user=bob)
    make_friends(alice, carol)

    response = bob_client.post(url(calendar), {"user": carol.pk, "deadline": in_days(2)})

    assert response.status_code == 403
    assert response.json()["code"] == Code.CALENDAR_OWNER_ONLY
    assert Invitee.objects.count() == 1


def test_a_stranger_gets_404_and_anonymous_401(api_client, bob_client, calendar):
    stranger = bob_client.get(url(calendar))
    anonymous = api_client.get(url(calendar))

    assert stranger.status_code == 404
    assert stranger.json()["code"] == Code.CALENDAR_NOT_FOUND
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == Code.TOKEN_INVALID


def test_a_finalized_calendar_takes_no_invitee(alice, bob, alice_client, calendar):
    make_friends(alice, bob)
    calendar.finalized = True
    calendar.save()

    response = alice_client.post(url(calendar), {"user": bob.pk, "deadline": in_days(2)})

    assert response.status_code == 410
    assert response.json()["code"] == Code.CALENDAR_FINALIZED
    assert not Invitee.objects.exists()


# --- list and retrieve ----------------------------------------------------------------


def test_the_owner_lists_invitees_with_has_availability(alice, bob, carol, alice_client, calendar):
    with_availability = InviteeFactory(calendar=calendar, user=bob)
    without = InviteeFactory(calendar=calendar, user=carol)
    AvailabilityFactory(calendar=calendar, user=bob)

    response = alice_client.get(url(calendar))

    assert response.status_code == 200
    assert response.json()["code"] == Code.INVITEES_LISTED
    results = response.json()["data"]["results"]
    assert [(r["id"], r["has_availability"]) for r in results] == [
        (with_availability.pk, True),
        (without.pk, False),
    ]
    assert results[0]["user"]["username"] == "bob_b"


def test_an_invitee_cannot_list_or_read_invitees(bob, bob_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)

    assert bob_client.get(url(calendar)).status_code == 403
    assert bob_client.get(detail(invitee)).status_code == 403


def test_the_invitee_list_costs_the_same_queries_for_one_or_many(
    alice, alice_client, calendar, django_assert_num_queries
):
    InviteeFactory(calendar=calendar)
    # 1 token user, 2 calendar with role, 3 count, 4 page of invitees with users.
    with django_assert_num_queries(4):
        assert alice_client.get(url(calendar)).json()["data"]["count"] == 1
    for _ in range(24):
        AvailabilityFactory(calendar=calendar, user=InviteeFactory(calendar=calendar).user)
    with django_assert_num_queries(4):
        assert len(alice_client.get(url(calendar)).json()["data"]["results"]) == 20


def test_the_owner_reads_one_invitee(bob, alice_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)

    response = alice_client.get(detail(invitee))

    assert response.status_code == 200
    assert response.json()["code"] == Code.INVITEE_RETRIEVED
    assert response.json()["data"]["id"] == invitee.pk


def test_an_invitee_of_another_calendar_is_404(alice, alice_client, calendar):
    elsewhere = InviteeFactory(calendar=CalendarFactory(owner=alice))

    response = alice_client.get(
        reverse("api:calendar-invitees-detail", args=[calendar.pk, elsewhere.pk])
    )

    assert response.status_code == 404
    assert response.json()["code"] == Code.INVITEE_NOT_FOUND


# --- update ---------------------------------------------------------------------------


def test_the_owner_moves_a_deadline(bob, alice_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)
    new_deadline = timezone.now() + timedelta(days=10)

    response = alice_client.patch(
        detail(invitee), {"deadline": new_deadline.isoformat(), "user": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["code"] == Code.INVITEE_UPDATED
    invitee.refresh_from_db()
    assert invitee.deadline == new_deadline
    assert invitee.user == bob


@pytest.mark.parametrize("deadline", ["2001-01-01T00:00:00Z", "soon", None])
def test_a_deadline_must_be_a_future_moment(bob, alice_client, calendar, deadline):
    invitee = InviteeFactory(calendar=calendar, user=bob)
    before = invitee.deadline

    response = alice_client.patch(detail(invitee), {"deadline": deadline}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.INVITEE_UPDATE_FAILED
    invitee.refresh_from_db()
    assert invitee.deadline == before


def test_an_invitee_cannot_move_their_deadline(bob, bob_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)

    response = bob_client.patch(detail(invitee), {"deadline": in_days(30)}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == Code.CALENDAR_OWNER_ONLY


def test_deadlines_are_frozen_once_finalized(bob, alice_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)
    calendar.finalized = True
    calendar.save()

    response = alice_client.patch(detail(invitee), {"deadline": in_days(30)}, format="json")

    assert response.status_code == 410
    assert response.json()["code"] == Code.CALENDAR_FINALIZED


# --- remove ---------------------------------------------------------------------------


def test_removing_an_invitee_removes_their_availabilities_and_meeting(
    alice, bob, carol, alice_client, calendar
):
    invitee = InviteeFactory(calendar=calendar, user=bob)
    kept = InviteeFactory(calendar=calendar, user=carol)
    AvailabilityFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=carol)
    AvailabilityFactory(calendar=calendar, user=alice)
    Meeting.objects.create(
        calendar=calendar, invitee=invitee, start=at(3, 9), end=at(3, 9, 30), preference_score=4
    )

    response = alice_client.delete(detail(invitee))

    assert response.status_code == 200
    assert response.json()["code"] == Code.INVITEE_REMOVED
    assert response.json()["data"] is None
    assert list(Invitee.objects.all()) == [kept]
    assert set(Availability.objects.values_list("user_id", flat=True)) == {alice.pk, carol.pk}
    assert not Meeting.objects.exists()


def test_an_invitee_cannot_remove_anyone(bob, bob_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)

    response = bob_client.delete(detail(invitee))

    assert response.status_code == 403
    assert Invitee.objects.filter(pk=invitee.pk).exists()


def test_no_one_is_removed_once_finalized(bob, alice_client, calendar):
    invitee = InviteeFactory(calendar=calendar, user=bob)
    calendar.finalized = True
    calendar.save()

    response = alice_client.delete(detail(invitee))

    assert response.status_code == 410
    assert Invitee.objects.filter(pk=invitee.pk).exists()


def test_the_database_refuses_a_second_invitation():
    invitee = InviteeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitee.objects.create(
            calendar=invitee.calendar, user=invitee.user, deadline=invitee.deadline
        )


def test_blocking_ends_open_invitations_between_the_two(alice, bob, carol):
    open_calendar = CalendarFactory(owner=alice)
    bobs_calendar = CalendarFactory(owner=bob)
    finalized = CalendarFactory(owner=alice, finalized=True)
    ended = [
        InviteeFactory(calendar=open_calendar, user=bob),
        InviteeFactory(calendar=bobs_calendar, user=alice),
    ]
    kept = [
        InviteeFactory(calendar=finalized, user=bob),
        InviteeFactory(calendar=open_calendar, user=carol),
    ]
    AvailabilityFactory(calendar=open_calendar, user=bob)
    AvailabilityFactory(calendar=open_calendar, user=carol)
    Meeting.objects.create(
        calendar=open_calendar, invitee=ended[0], start=at(3, 9), end=at(3, 9, 30),
        preference_score=4,
    )  # fmt: skip

    user_blocked.send(sender=Block, blocker=bob, blocked=alice)

    assert set(Invitee.objects.all()) == set(kept)
    assert list(Availability.objects.values_list("user_id", flat=True)) == [carol.pk]
    assert not Meeting.objects.exists()
