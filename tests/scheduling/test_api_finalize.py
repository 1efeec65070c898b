"""``/calendars/{id}/finalize/`` and the whole flow, end to end through the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calendars.models import Availability, Calendar, Event, EventMember, Invitee
from common.codes import Code
from scheduling.models import Meeting
from support.models import Conversation
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    AvailabilityFactory,
    CalendarFactory,
    InviteeFactory,
    at,
    make_friends,
)
from tests.scheduling.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", email="carol@example.com", first_name="Carol")


def finalize_url(calendar_id) -> str:
    return reverse("api:calendar-finalize", args=[calendar_id])


def schedule_url(calendar_id) -> str:
    return reverse("api:calendar-schedule", args=[calendar_id])


def test_the_whole_flow_from_calendar_to_events(
    alice,
    bob,
    carol,
    alice_client,
    bob_client,
    make_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    carol_client = make_client(carol)
    make_friends(alice, bob)
    make_friends(alice, carol)
    deadline = (timezone.now() + timedelta(days=5)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        created = alice_client.post(
            reverse("api:calendars-list"),
            {
                "name": "Mentoring",
                "start_date": "2031-03-30",  # Berlin springs forward that night
                "end_date": "2031-03-31",
                "meeting_minutes": 30,
                "timezone": "Europe/Berlin",
            },
            format="json",
        )
        calendar_id = created.json()["data"]["id"]
        invitees = reverse("api:calendar-invitees-list", args=[calendar_id])
        for user in (bob, carol):
            added = alice_client.post(invitees, {"user": user.pk, "deadline": deadline})
            assert added.status_code == 201
    assert [m.to for m in mailoutbox] == [[bob.email], [carol.email]]

    availabilities = reverse("api:calendar-availabilities-list", args=[calendar_id])
    for client, start, end, preference in [
        (alice_client, "2031-03-30T01:00:00+01:00", "2031-03-30T04:00:00+02:00", 2),
        (bob_client, "2031-03-30T01:00:00+01:00", "2031-03-30T01:30:00+01:00", 3),
        (carol_client, "2031-03-30T01:00:00+01:00", "2031-03-30T03:30:00+02:00", 1),
    ]:
        body = {"start": start, "end": end, "preference": preference}
        assert client.post(availabilities, body, format="json").status_code == 201

    generated = alice_client.post(schedule_url(calendar_id)).json()["data"]
    # 01:30-02:00 and 02:xx do not exist that night: bob gets 01:00, carol 03:00 CEST.
    assert [(m["user"]["id"], m["start"]) for m in generated["meetings"]] == [
        (bob.pk, "2031-03-30T00:00:00Z"),
        (carol.pk, "2031-03-30T01:00:00Z"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(finalize_url(calendar_id))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CALENDAR_FINALIZE_DONE
    assert body["data"]["finalized"] is True
    assert body["data"]["id"] == calendar_id
    assert len(body["data"]["meetings"]) == 2
    events = Event.objects.order_by("start")
    assert [e.pk for e in events] == [m["event"] for m in body["data"]["meetings"]]
    for event, invitee in zip(events, (bob, carol), strict=True):
        assert event.owner == alice
        assert event.kind == Event.Kind.GROUP
        assert event.is_private is True
        assert event.name == "Mentoring"
        assert event.end - event.start == timedelta(minutes=30)
        members = set(EventMember.objects.filter(event=event).values_list("user_id", flat=True))
        assert members == {alice.pk, invitee.pk}
        # Each event has its chat, of both participants.
        assert event.conversation.kind == Conversation.Kind.EVENT
        assert event.conversation.title == "Mentoring"
        assert set(event.conversation.members.values_list("pk", flat=True)) == members
    assert Conversation.objects.filter(kind="event").count() == 2
    assert Calendar.objects.get(pk=calendar_id).finalized_at is not None

    finals = mailoutbox[2:]
    assert sorted(m.to[0] for m in finals) == sorted([alice.email, bob.email, carol.email])
    bob_mail = next(m for m in finals if m.to == [bob.email])
    assert "Mentoring" in bob_mail.subject
    assert "30 minutes" in bob_mail.body
    owner_mail = next(m for m in finals if m.to == [alice.email])
    assert "Bob" in owner_mail.body or bob.username in owner_mail.body

    # Afterwards everything is frozen, and the schedule shows the events.
    again = alice_client.post(finalize_url(calendar_id))
    assert again.status_code == 400
    assert again.json()["code"] == Code.CALENDAR_ALREADY_FINALIZED
    assert Event.objects.count() == 2
    shown = bob_client.get(schedule_url(calendar_id)).json()["data"]
    assert shown["meetings"][0]["event"] == events[0].pk


def test_every_change_after_finalize_is_410(alice, bob, carol, alice_client, bob_client):
    calendar = CalendarFactory(owner=alice, finalized=True)
    invitee = InviteeFactory(calendar=calendar, user=bob)
    mine = AvailabilityFactory(calendar=calendar, user=bob)
    make_friends(alice, carol)
    deadline = (timezone.now() + timedelta(days=5)).isoformat()
    invitees = reverse("api:calendar-invitees-list", args=[calendar.pk])
    invitee_url = reverse("api:calendar-invitees-detail", args=[calendar.pk, invitee.pk])
    availabilities = reverse("api:calendar-availabilities-list", args=[calendar.pk])
    availability_url = reverse("api:calendar-availabilities-detail", args=[calendar.pk, mine.pk])
    slot = {"start": at(3, 13).isoformat(), "end": at(3, 14).isoformat()}

    responses = [
        alice_client.patch(reverse("api:calendars-detail", args=[calendar.pk]), {"name": "x"}),
        alice_client.post(invitees, {"user": carol.pk, "deadline": deadline}),
        alice_client.patch(invitee_url, {"deadline": deadline}),
        alice_client.delete(invitee_url),
        alice_client.post(availabilities, slot),
        bob_client.post(availabilities, slot),
        bob_client.patch(availability_url, {"preference": 3}),
        bob_client.delete(availability_url),
        alice_client.post(schedule_url(calendar.pk)),
        alice_client.put(schedule_url(calendar.pk), {"meetings": []}, format="json"),
        alice_client.delete(schedule_url(calendar.pk)),
    ]

    for response in responses:
        assert response.status_code == 410
        assert response.json()["code"] == Code.CALENDAR_FINALIZED
    assert Invitee.objects.count() == Availability.objects.count() == 1


def test_only_the_owner_finalizes(alice, bob, api_client, bob_client, make_client):
    calendar = CalendarFactory(owner=alice)
    InviteeFactory(calendar=calendar, user=bob)

    invitee = bob_client.post(finalize_url(calendar.pk))
    stranger = make_client(UserFactory()).post(finalize_url(calendar.pk))
    anonymous = api_client.post(finalize_url(calendar.pk))

    assert invitee.status_code == 403
    assert invitee.json()["code"] == Code.CALENDAR_OWNER_ONLY
    assert stranger.status_code == 404
    assert stranger.json()["code"] == Code.CALENDAR_NOT_FOUND
    assert anonymous.status_code == 401
    calendar.refresh_from_db()
    assert calendar.finalized is False


def test_finalizing_without_a_schedule_closes_the_calendar(
    alice, bob, alice_client, mailoutbox, django_capture_on_commit_callbacks
):
    calendar = CalendarFactory(owner=alice)
    InviteeFactory(calendar=calendar, user=bob)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(finalize_url(calendar.pk))

    assert response.status_code == 200
    assert response.json()["data"]["meetings"] == []
    assert not Event.objects.exists()
    calendar.refresh_from_db()
    assert calendar.finalized is True
    bob_mail = next(m for m in mailoutbox if m.to == [bob.email])
    assert "No meeting" in bob_mail.body


def test_a_stale_schedule_is_not_finalized(alice, bob, alice_client):
    calendar = CalendarFactory(owner=alice, meeting_minutes=60)
    InviteeFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    bobs = AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 9), end=at(3, 10))
    assert alice_client.post(schedule_url(calendar.pk)).json()["data"]["score"]["scheduled"] == 1
    bobs.delete()  # bob took his availability back after the schedule was made

    response = alice_client.post(finalize_url(calendar.pk))

    assert response.status_code == 400
    assert response.json()["code"] == Code.SCHEDULE_STALE
    assert "meetings.0.start" in response.json()["errors"]
    calendar.refresh_from_db()
    assert calendar.finalized is False
    assert not Event.objects.exists()
    assert not Conversation.objects.exists()


def test_a_schedule_made_before_a_new_event_is_stale(alice, bob, alice_client):
    calendar = CalendarFactory(owner=alice, meeting_minutes=60)
    InviteeFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 9), end=at(3, 10))
    alice_client.post(schedule_url(calendar.pk))
    make_event(bob, at(3, 9), at(3, 9, 15))

    response = alice_client.post(finalize_url(calendar.pk))

    assert response.status_code == 400
    assert "event of the invitee" in response.json()["errors"]["meetings.0.start"][0]


def test_the_calendars_own_events_do_not_make_anyone_busy_afterwards(alice, bob, alice_client):
    calendar = CalendarFactory(owner=alice, meeting_minutes=60)
    InviteeFactory(calendar=calendar, user=bob)
    carol_invitee = InviteeFactory(calendar=calendar)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 9), end=at(3, 10), preference=3)
    AvailabilityFactory(calendar=calendar, user=carol_invitee.user, start=at(3, 9), end=at(3, 10))
    alice_client.post(schedule_url(calendar.pk))
    assert alice_client.post(finalize_url(calendar.pk)).status_code == 200

    data = alice_client.get(schedule_url(calendar.pk)).json()["data"]

    # The owner's new event covers 09-10, yet the left-out invitee still lost to bob.
    assert [u["reason"] for u in data["unscheduled"]] == ["conflict"]
    assert data["meetings"][0]["event"] == Event.objects.get().pk


def test_deleting_a_finalize_event_keeps_the_meeting(alice, bob, alice_client):
    calendar = CalendarFactory(owner=alice, meeting_minutes=60)
    InviteeFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 9), end=at(3, 10))
    alice_client.post(schedule_url(calendar.pk))
    alice_client.post(finalize_url(calendar.pk))

    Event.objects.get().delete()

    assert Meeting.objects.get().event is None
    assert not Conversation.objects.exists()  # the event's chat went with it


def test_the_participants_of_a_finalized_meeting_chat_in_its_event(
    alice, bob, alice_client, bob_client
):
    calendar = CalendarFactory(owner=alice, meeting_minutes=60)
    InviteeFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=alice, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=bob, start=at(3, 9), end=at(3, 10))
    alice_client.post(schedule_url(calendar.pk))
    alice_client.post(finalize_url(calendar.pk))
    event = Event.objects.get()
    shown = bob_client.get(reverse("api:events-detail", args=[event.pk])).json()["data"]
    messages = reverse("api:conversation-messages-list", args=[shown["conversation"]])

    sent = bob_client.post(messages, {"text": "See you at nine!"})

    assert sent.status_code == 201
    page = alice_client.get(messages).json()["data"]["results"]
    assert [(m["sender"]["id"], m["text"]) for m in page] == [(bob.pk, "See you at nine!")]
