"""``/calendars/{id}/schedule/``: read, generate, save by hand, clear."""

import pytest
from django.urls import reverse

from calendars.models import Availability
from common.codes import Code
from scheduling.models import Meeting, Schedule
from tests.accounts.factories import UserFactory
from tests.calendars.factories import AvailabilityFactory, CalendarFactory, InviteeFactory, at
from tests.scheduling.factories import MeetingFactory, make_event

pytestmark = pytest.mark.django_db

EMPTY = {
    "meetings": [],
    "unscheduled": [],
    "score": {"scheduled": 0, "invitees": 0, "preference_total": 0},
    "source": None,
}


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", first_name="Carol")


@pytest.fixture
def dave(db):
    return UserFactory(username="dave_d", first_name="Dave")


@pytest.fixture
def calendar(alice, bob, carol, dave):
    """The greedy trap: alice free 09-10 and 11-12; bob (X) free 08-13 preferring it;
    carol (Y) free only 09-10; dave gave nothing. 60-minute meetings, UTC."""
    calendar = CalendarFactory(owner=alice, meeting_minutes=60, end_date=at(3, 0).date())
    for user in (bob, carol, dave):
        InviteeFactory(calendar=calendar, user=user)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 11), end=at(3, 12))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 8), end=at(3, 13), preference=3)
    AvailabilityFactory(calendar=calendar, user=carol, start=at(3, 9), end=at(3, 10), preference=1)
    return calendar


def url(calendar) -> str:
    return reverse("api:calendar-schedule", args=[calendar.pk])


def brief(data) -> list[tuple]:
    return [(m["user"]["username"], m["start"], m["preference_score"]) for m in data["meetings"]]


# --- reading before and after ---------------------------------------------------------


def test_before_any_schedule_it_is_empty(alice_client, calendar):
    response = alice_client.get(url(calendar))

    assert response.status_code == 200
    assert response.json()["code"] == Code.SCHEDULE_RETRIEVED
    assert response.json()["data"] == EMPTY


def test_the_owner_generates_the_optimal_schedule(alice_client, calendar, dave):
    response = alice_client.post(url(calendar))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.SCHEDULE_GENERATED
    data = body["data"]
    assert brief(data) == [
        ("carol", "2031-03-03T09:00:00Z", 3),
        ("bob_b", "2031-03-03T11:00:00Z", 5),
    ]
    assert data["meetings"][0]["end"] == "2031-03-03T10:00:00Z"
    assert data["meetings"][0]["event"] is None
    assert data["unscheduled"] == [
        {"user": data["unscheduled"][0]["user"], "reason": "no_availability"}
    ]
    assert data["unscheduled"][0]["user"]["id"] == dave.pk
    assert data["score"] == {"scheduled": 2, "invitees": 3, "preference_total": 8}
    assert data["source"] == "generated"
    assert Meeting.objects.filter(calendar=calendar).count() == 2
    assert Schedule.objects.get(calendar=calendar).source == "generated"
    assert alice_client.get(url(calendar)).json()["data"] == data


def test_generating_again_replaces_the_schedule(alice_client, calendar, carol):
    alice_client.post(url(calendar))
    Availability.objects.filter(user=carol).delete()

    data = alice_client.post(url(calendar)).json()["data"]

    assert brief(data) == [("bob_b", "2031-03-03T09:00:00Z", 5)]
    assert Meeting.objects.filter(calendar=calendar).count() == 1
    reasons = {u["user"]["username"]: u["reason"] for u in data["unscheduled"]}
    assert reasons == {"carol": "no_availability", "dave_d": "no_availability"}


def test_an_invitee_sees_only_their_own_meeting(bob_client, alice_client, calendar):
    alice_client.post(url(calendar))

    response = bob_client.get(url(calendar))

    assert response.status_code == 200
    data = response.json()["data"]
    assert brief(data) == [("bob_b", "2031-03-03T11:00:00Z", 5)]
    assert data["unscheduled"] == []
    assert data["score"] == {"scheduled": 1, "invitees": 1, "preference_total": 5}


def test_an_unscheduled_invitee_sees_only_their_own_reason(
    dave, alice_client, make_client, calendar
):
    alice_client.post(url(calendar))

    data = make_client(dave).get(url(calendar)).json()["data"]

    assert data["meetings"] == []
    assert [(u["user"]["id"], u["reason"]) for u in data["unscheduled"]] == [
        (dave.pk, "no_availability")
    ]
    assert data["score"] == {"scheduled": 0, "invitees": 1, "preference_total": 0}


def test_reasons_cover_overlap_busy_and_conflict(alice, bob, carol, dave, alice_client, calendar):
    AvailabilityFactory(calendar=calendar, user=dave, start=at(3, 14), end=at(3, 15))
    make_event(bob, at(3, 9, 30), at(3, 12, 30))  # bob is busy in both owner slots

    data = alice_client.post(url(calendar)).json()["data"]

    assert brief(data) == [("carol", "2031-03-03T09:00:00Z", 3)]
    reasons = {u["user"]["username"]: u["reason"] for u in data["unscheduled"]}
    assert reasons == {"bob_b": "busy", "dave_d": "no_overlap_with_owner"}


def test_the_owners_events_and_shared_events_block_slots(alice, bob, carol, alice_client, calendar):
    make_event(carol, at(3, 11), at(3, 11, 30), members=[alice])  # alice is a member

    data = alice_client.post(url(calendar)).json()["data"]

    # Only 09-10 is left: bob (3 + 0... preference 5) beats carol (3); carol: conflict.
    assert brief(data) == [("bob_b", "2031-03-03T09:00:00Z", 5)]
    reasons = {u["user"]["username"]: u["reason"] for u in data["unscheduled"]}
    assert reasons["carol"] == "conflict"


def test_events_are_ignored_when_the_calendar_says_so(bob, alice_client, calendar):
    calendar.avoid_event_conflicts = False
    calendar.save()
    make_event(bob, at(3, 8), at(3, 13))

    data = alice_client.post(url(calendar)).json()["data"]

    assert data["score"]["scheduled"] == 2


def test_events_outside_the_calendar_or_of_others_do_not_count(alice, bob, alice_client, calendar):
    make_event(bob, at(4, 11), at(4, 12))
    make_event(UserFactory(), at(3, 8), at(3, 13))

    data = alice_client.post(url(calendar)).json()["data"]

    assert data["score"]["scheduled"] == 2


# --- who may -----------------------------------------------------------------------------


def test_invitees_may_read_but_not_change_the_schedule(bob_client, calendar):
    MeetingFactory(
        invitee=calendar.invitees.get(user__username="bob_b"), start=at(3, 11), end=at(3, 12)
    )

    for response in [
        bob_client.post(url(calendar)),
        bob_client.put(url(calendar), {"meetings": []}, format="json"),
        bob_client.delete(url(calendar)),
    ]:
        assert response.status_code == 403
        assert response.json()["code"] == Code.CALENDAR_OWNER_ONLY
    assert Meeting.objects.count() == 1


def test_strangers_get_404_and_anonymous_401(api_client, make_client, calendar):
    stranger = make_client(UserFactory())

    for response in [
        stranger.get(url(calendar)),
        stranger.post(url(calendar)),
        stranger.put(url(calendar), {"meetings": []}, format="json"),
        stranger.delete(url(calendar)),
    ]:
        assert response.status_code == 404
        assert response.json()["code"] == Code.CALENDAR_NOT_FOUND
    for response in [api_client.get(url(calendar)), api_client.post(url(calendar))]:
        assert response.status_code == 401
        assert response.json()["code"] == Code.TOKEN_INVALID
    assert not Schedule.objects.exists()


def test_an_unknown_calendar_is_404(alice_client):
    response = alice_client.get(reverse("api:calendar-schedule", args=[424242]))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CALENDAR_NOT_FOUND


# --- manual schedules ----------------------------------------------------------------------


def test_the_owner_saves_a_schedule_by_hand(alice_client, calendar, bob):
    body = {"meetings": [{"user": bob.pk, "start": "2031-03-03T09:00:00Z", "end": at(3, 10)}]}

    response = alice_client.put(url(calendar), body, format="json")

    assert response.status_code == 200
    data = response.json()["data"]
    assert response.json()["code"] == Code.SCHEDULE_SAVED
    assert brief(data) == [("bob_b", "2031-03-03T09:00:00Z", 5)]
    reasons = {u["user"]["username"]: u["reason"] for u in data["unscheduled"]}
    assert reasons == {"carol": "conflict", "dave_d": "no_availability"}
    assert data["source"] == "manual"
    meeting = Meeting.objects.get()
    assert (meeting.invitee.user, meeting.start, meeting.preference_score) == (bob, at(3, 9), 5)


def test_an_empty_manual_schedule_is_a_schedule(alice_client, calendar):
    data = alice_client.put(url(calendar), {"meetings": []}, format="json").json()["data"]

    assert data["meetings"] == []
    assert len(data["unscheduled"]) == 3
    assert data["score"] == {"scheduled": 0, "invitees": 3, "preference_total": 0}


def test_a_manual_schedule_breaking_the_rules_is_400_with_errors_per_meeting(
    alice_client, calendar, bob, carol, dave
):
    alice_client.post(url(calendar))
    body = {
        "meetings": [
            {"user": bob.pk, "start": "2031-03-03T09:00:00Z", "end": "2031-03-03T10:00:00Z"},
            {"user": carol.pk, "start": "2031-03-03T09:00:00Z", "end": "2031-03-03T10:00:00Z"},
            {"user": dave.pk, "start": "2031-03-03T11:00:00Z", "end": "2031-03-03T12:00:00Z"},
            {"user": bob.pk, "start": "2031-03-03T11:30:00Z", "end": "2031-03-03T12:30:00Z"},
            {"user": 999999, "start": "2031-03-03T11:00:00Z", "end": "2031-03-03T11:30:00Z"},
        ]
    }

    response = alice_client.put(url(calendar), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.SCHEDULE_INVALID
    errors = response.json()["errors"]
    assert set(errors) == {
        "meetings.1.start",
        "meetings.2.start",
        "meetings.3.user",
        "meetings.3.start",
        "meetings.4.user",
        "meetings.4.end",
    }
    # The generated schedule is untouched.
    assert Schedule.objects.get().source == "generated"
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"meetings": "all of them"},
        {"meetings": [{"user": "bob", "start": "2031-03-03T09:00:00Z", "end": "x"}]},
        {"meetings": [{"user": 10**30, "start": "2031-03-03T09:00:00Z"}]},
        {"meetings": [{"start": "2031-03-03T09:00:00Z", "end": "2031-03-03T10:00:00Z"}]},
        {"meetings": [None]},
    ],
)
def test_malformed_manual_schedules_are_400(alice_client, calendar, body):
    response = alice_client.put(url(calendar), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.SCHEDULE_INVALID
    assert not Schedule.objects.exists()


def test_a_manual_meeting_must_avoid_events(alice, bob, alice_client, calendar):
    make_event(alice, at(3, 9, 45), at(3, 9, 50))
    body = {"meetings": [{"user": bob.pk, "start": at(3, 9), "end": at(3, 10)}]}

    response = alice_client.put(url(calendar), body, format="json")

    assert response.status_code == 400
    assert "event of the owner" in response.json()["errors"]["meetings.0.start"][0]


# --- clearing ---------------------------------------------------------------------------


def test_the_owner_clears_the_schedule(alice_client, calendar):
    alice_client.post(url(calendar))

    response = alice_client.delete(url(calendar))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.SCHEDULE_CLEARED,
        "msg": Code.SCHEDULE_CLEARED.msg,
        "data": None,
    }
    assert not Meeting.objects.exists()
    assert not Schedule.objects.exists()
    assert alice_client.get(url(calendar)).json()["data"] == EMPTY


def test_a_finalized_schedule_cannot_change(alice_client, bob, calendar):
    alice_client.post(url(calendar))
    calendar.finalized = True
    calendar.save()

    for response in [
        alice_client.post(url(calendar)),
        alice_client.put(url(calendar), {"meetings": []}, format="json"),
        alice_client.delete(url(calendar)),
    ]:
        assert response.status_code == 410
        assert response.json()["code"] == Code.CALENDAR_FINALIZED
    assert Meeting.objects.count() == 2
    assert alice_client.get(url(calendar)).status_code == 200


# --- query counts -------------------------------------------------------------------------


def test_reading_the_schedule_costs_the_same_queries_for_few_or_many(
    alice, alice_client, calendar, django_assert_num_queries
):
    alice_client.post(url(calendar))
    # 1 token user, 2 calendar with role, 3 schedule row, 4 meetings with users,
    # 5 invitees with users, 6 availabilities, 7 event memberships, 8 owned events.
    with django_assert_num_queries(8):
        alice_client.get(url(calendar))
    calendar.end_date = at(4, 0).date()
    calendar.save()
    AvailabilityFactory(calendar=calendar, user=alice, start=at(4, 8), end=at(4, 18))
    for hour in range(8, 18):
        invitee = InviteeFactory(calendar=calendar)
        AvailabilityFactory(calendar=calendar, user=invitee.user, start=at(4, hour), end=at(4, 18))
        make_event(invitee.user, at(4, hour), at(4, hour, 30))
    alice_client.post(url(calendar))
    with django_assert_num_queries(8):
        data = alice_client.get(url(calendar)).json()["data"]
    assert data["score"]["invitees"] == 13
    assert data["score"]["scheduled"] == 11  # the invitee free from 17:00 is busy then
