"""/events/ create, read, update, delete and /events/icons/ (API.md §6)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from calendars.models import Event, EventMember
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    EventFactory,
    EventInviteFactory,
    EventMemberFactory,
    GroupEventFactory,
)
from tests.contacts.factories import ContactFactory
from tests.contacts.friend_factories import befriend

pytestmark = pytest.mark.django_db

EVENTS = reverse("api:events-list")
ICONS = reverse("api:events-icons")
EVENT_FIELDS = {
    "id", "name", "kind", "category", "location", "start", "end", "all_day", "description",
    "related_people", "contacts", "icon", "is_private", "owner", "members", "conversation",
    "created_at",
}  # fmt: skip
VALID = {"name": "Dinner", "start": "2026-11-22T18:00:00Z", "end": "2026-11-22T20:00:00Z"}


def detail(pk: int) -> str:
    return reverse("api:events-detail", kwargs={"pk": pk})


# --- create ------------------------------------------------------------------------------


def test_creating_an_event_answers_201_with_every_field(alice_client, alice):
    response = alice_client.post(
        EVENTS,
        {
            **VALID,
            "category": "family",
            "location": "Home",
            "description": "Bring wine",
            "related_people": "Grandma",
            "icon": "meal",
            "is_private": False,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.EVENT_CREATED
    data = body["data"]
    assert set(data) == EVENT_FIELDS
    event = Event.objects.get()
    assert data["id"] == event.pk
    assert data["name"] == "Dinner"
    assert data["kind"] == "single"
    assert data["start"] == "2026-11-22T18:00:00Z"
    assert data["end"] == "2026-11-22T20:00:00Z"
    assert data["icon"] == "meal"
    assert data["is_private"] is False
    assert data["all_day"] is False
    assert data["owner"]["id"] == alice.pk
    assert [m["id"] for m in data["members"]] == [alice.pk]
    assert data["conversation"] is None
    assert data["contacts"] == []
    assert event.owner == alice
    assert event.sequence == 0
    assert list(event.members.all()) == [alice]


def test_defaults_are_a_private_single_event_with_the_default_icon(alice_client):
    data = alice_client.post(EVENTS, VALID).json()["data"]

    assert (data["kind"], data["is_private"], data["icon"], data["category"]) == (
        "single",
        True,
        "default",
        "",
    )


def test_a_group_event_starts_with_its_owner_as_only_member(alice_client, alice):
    data = alice_client.post(EVENTS, {**VALID, "kind": "group"}).json()["data"]

    assert data["kind"] == "group"
    assert [m["id"] for m in data["members"]] == [alice.pk]


def test_an_event_may_start_and_end_at_the_same_time(alice_client):
    response = alice_client.post(EVENTS, {**VALID, "end": VALID["start"]})

    assert response.status_code == 201


def test_times_are_stored_in_utc_whatever_offset_is_sent(alice_client):
    data = alice_client.post(
        EVENTS, {**VALID, "start": "2026-11-22T12:00:00+03:30", "end": "2026-11-22T13:00:00+03:30"}
    ).json()["data"]

    assert data["start"] == "2026-11-22T08:30:00Z"
    assert Event.objects.get().start == datetime(2026, 11, 22, 8, 30, tzinfo=UTC)


def test_own_contacts_can_be_attached(alice_client, alice):
    first, second = ContactFactory(owner=alice), ContactFactory(owner=alice)

    response = alice_client.post(EVENTS, {**VALID, "contacts": [second.pk, first.pk, first.pk]})

    assert response.status_code == 201
    assert response.json()["data"]["contacts"] == sorted([first.pk, second.pk])
    assert set(Event.objects.get().contacts.all()) == {first, second}


def test_someone_elses_contacts_are_refused(alice_client, alice, bob):
    mine, theirs = ContactFactory(owner=alice), ContactFactory(owner=bob)

    response = alice_client.post(EVENTS, {**VALID, "contacts": [mine.pk, theirs.pk]})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_CREATE_FAILED
    assert str(theirs.pk) in response.json()["errors"]["contacts"][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"name": None},
        {"name": ""},
        {"name": "x" * 201},
        {"name": "nul\x00byte"},
        {"category": "c" * 51},
        {"location": "l" * 256},
        {"description": "d" * 5001},
        {"related_people": "p" * 501},
        {"icon": "rocket"},
        {"icon": None},
        {"kind": "triple"},
        {"is_private": "maybe"},
        {"all_day": "sometimes"},
        {"start": "not a date"},
        {"start": "2026-13-01T00:00:00Z"},
        {"start": None},
        {"start": 12345},
        {"start": "0001-01-01T00:00:00+14:00"},
        {"end": "9999-12-31T23:59:59Z"},
        {"end": "2026-11-22T17:59:59Z"},
        {"contacts": "1"},
        {"contacts": ["a"]},
        {"contacts": [-1]},
        {"contacts": [2**70]},
        {"contacts": [999999]},
        {"contacts": list(range(1, 300))},
    ],
)
def test_invalid_input_is_400_with_code_512_and_creates_nothing(alice_client, change):
    response = alice_client.post(EVENTS, {**VALID, **change}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.EVENT_CREATE_FAILED
    assert body["errors"]
    assert not Event.objects.exists()


@pytest.mark.parametrize("missing", ["name", "start", "end"])
def test_name_start_and_end_are_required(alice_client, missing):
    body = {k: v for k, v in VALID.items() if k != missing}

    response = alice_client.post(EVENTS, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_CREATE_FAILED
    assert missing in response.json()["errors"]


def test_a_malformed_json_body_is_400(alice_client):
    response = alice_client.post(EVENTS, '{"name": "x",', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST
    assert not Event.objects.exists()


def test_creating_needs_authentication(api_client):
    response = api_client.post(EVENTS, VALID)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert not Event.objects.exists()


# --- all-day events ------------------------------------------------------------------------


def test_an_all_day_event_keeps_the_days_of_start_and_end_in_my_timezone(make_client):
    tehran = UserFactory(timezone="Asia/Tehran")

    data = (
        make_client(tehran)
        .post(
            EVENTS,
            {
                "name": "Holiday",
                "all_day": True,
                "start": "2026-11-21T22:00:00Z",  # 01:30 on the 22nd in Tehran
                "end": "2026-11-23T10:00:00Z",
            },
        )
        .json()["data"]
    )

    assert data["all_day"] is True
    assert data["start"] == "2026-11-22T00:00:00Z"
    assert data["end"] == "2026-11-23T00:00:00Z"


def test_turning_a_timed_event_all_day_and_back(make_client):
    berlin = UserFactory(timezone="Europe/Berlin")
    client = make_client(berlin)
    event = EventFactory(
        owner=berlin,
        start=datetime(2026, 11, 21, 23, 30, tzinfo=UTC),  # 00:30 on the 22nd in Berlin
        end=datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
    )

    all_day = client.patch(detail(event.pk), {"all_day": True}).json()["data"]
    timed = client.patch(detail(event.pk), {"all_day": False}).json()["data"]

    assert (all_day["start"], all_day["end"]) == ("2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z")
    # Back to times: the whole day in Berlin, midnight to midnight.
    assert (timed["start"], timed["end"]) == ("2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z")


# --- read ---------------------------------------------------------------------------------


def test_the_owner_reads_an_event(alice_client, alice):
    event = EventFactory(owner=alice)

    response = alice_client.get(detail(event.pk))

    assert response.status_code == 200
    assert response.json()["code"] == Code.EVENT_RETRIEVED
    assert response.json()["data"]["id"] == event.pk


def test_a_member_reads_a_private_group_event(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    data = bob_client.get(detail(event.pk)).json()["data"]

    assert [m["id"] for m in data["members"]] == [alice.pk, bob.pk]


def test_others_do_not_see_a_private_event(bob_client, alice, bob):
    befriend(alice, bob)  # even a friend
    event = GroupEventFactory(owner=alice, is_private=True)

    response = bob_client.get(detail(event.pk))

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND


def test_an_invitee_does_not_see_a_private_event_before_accepting(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventInviteFactory(event=event, to_user=bob)

    assert bob_client.get(detail(event.pk)).status_code == 404


def test_friends_of_the_owner_see_a_public_group_event(bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, is_private=False)

    response = bob_client.get(detail(event.pk))

    assert response.status_code == 200
    assert response.json()["data"]["id"] == event.pk


def test_strangers_do_not_see_a_public_group_event(bob_client, alice):
    event = GroupEventFactory(owner=alice, is_private=False)

    assert bob_client.get(detail(event.pk)).status_code == 404


def test_a_public_single_event_stays_with_its_owner(bob_client, alice, bob):
    befriend(alice, bob)
    event = EventFactory(owner=alice, is_private=False)

    assert bob_client.get(detail(event.pk)).status_code == 404


def test_contacts_are_shown_to_the_owner_only(alice_client, bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, is_private=False)
    event.contacts.add(ContactFactory(owner=alice))

    assert len(alice_client.get(detail(event.pk)).json()["data"]["contacts"]) == 1
    assert bob_client.get(detail(event.pk)).json()["data"]["contacts"] == []


@pytest.mark.parametrize("pk", [424242, 10**30])
def test_an_unknown_event_is_404(alice_client, pk):
    response = alice_client.get(f"/api/v1/events/{pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND


def test_reading_needs_authentication(api_client, alice):
    event = EventFactory(owner=alice)

    response = api_client.get(detail(event.pk))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- update ---------------------------------------------------------------------------------


def test_the_owner_updates_and_each_change_raises_the_sequence(alice_client, alice):
    event = EventFactory(owner=alice, name="Old")

    first = alice_client.patch(detail(event.pk), {"name": "New", "icon": "party"})
    second = alice_client.patch(detail(event.pk), {"location": "Park"})

    assert first.status_code == 200
    assert first.json()["code"] == Code.EVENT_UPDATED
    assert first.json()["data"]["name"] == "New"
    assert second.json()["data"]["location"] == "Park"
    event.refresh_from_db()
    assert (event.name, event.icon, event.location, event.sequence) == ("New", "party", "Park", 2)


def test_put_replaces_the_event(alice_client, alice):
    event = EventFactory(owner=alice, location="Somewhere")

    response = alice_client.put(
        detail(event.pk),
        {"name": "Whole", "start": "2026-12-01T10:00:00Z", "end": "2026-12-01T11:00:00Z"},
    )

    assert response.status_code == 200
    assert response.json()["code"] == Code.EVENT_UPDATED
    event.refresh_from_db()
    assert event.name == "Whole"
    assert event.start == datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_put_without_the_required_fields_is_400(alice_client, alice):
    event = EventFactory(owner=alice)

    response = alice_client.put(detail(event.pk), {"name": "Only a name"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_UPDATE_FAILED


def test_an_update_that_puts_the_end_before_the_start_is_400(alice_client, alice):
    event = EventFactory(owner=alice)
    before = event.start.replace(hour=event.start.hour - 1)

    response = alice_client.patch(detail(event.pk), {"end": before.isoformat()})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_UPDATE_FAILED
    assert "end" in response.json()["errors"]
    event.refresh_from_db()
    assert event.sequence == 0
    assert event.end > event.start


@pytest.mark.parametrize(
    "change", [{"icon": "rocket"}, {"name": ""}, {"start": "yesterday"}, {"contacts": [999999]}]
)
def test_invalid_updates_are_400_with_code_518_and_change_nothing(alice_client, alice, change):
    event = EventFactory(owner=alice, name="Kept")

    response = alice_client.patch(detail(event.pk), change, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_UPDATE_FAILED
    event.refresh_from_db()
    assert (event.name, event.sequence) == ("Kept", 0)


def test_contacts_are_replaced_by_an_update(alice_client, alice):
    event = EventFactory(owner=alice)
    old, new = ContactFactory(owner=alice), ContactFactory(owner=alice)
    event.contacts.add(old)

    data = alice_client.patch(detail(event.pk), {"contacts": [new.pk]}, format="json").json()[
        "data"
    ]
    cleared = alice_client.patch(detail(event.pk), {"contacts": []}, format="json").json()["data"]

    assert data["contacts"] == [new.pk]
    assert cleared["contacts"] == []
    assert not event.contacts.exists()


def test_a_group_event_with_other_members_cannot_become_single(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    response = alice_client.patch(detail(event.pk), {"kind": "single"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_UPDATE_FAILED
    assert "kind" in response.json()["errors"]
    event.refresh_from_db()
    assert event.kind == "group"


def test_a_group_event_with_pending_invitations_cannot_become_single(alice_client, alice):
    event = GroupEventFactory(owner=alice)
    EventInviteFactory(event=event)

    assert alice_client.patch(detail(event.pk), {"kind": "single"}).status_code == 400


def test_a_lone_group_event_may_become_single(alice_client, alice):
    event = GroupEventFactory(owner=alice)

    response = alice_client.patch(detail(event.pk), {"kind": "single"})

    assert response.status_code == 200
    assert response.json()["data"]["kind"] == "single"


def test_a_member_who_is_not_the_owner_cannot_update(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice, name="Kept")
    EventMemberFactory(event=event, user=bob)

    response = bob_client.patch(detail(event.pk), {"name": "Mine now"})

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_FORBIDDEN
    event.refresh_from_db()
    assert event.name == "Kept"


def test_a_friend_seeing_a_public_event_cannot_update(bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, is_private=False)

    response = bob_client.put(detail(event.pk), {**VALID})

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_FORBIDDEN


def test_strangers_cannot_update(bob_client, alice):
    event = EventFactory(owner=alice, name="Kept")

    response = bob_client.patch(detail(event.pk), {"name": "Mine"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND
    event.refresh_from_db()
    assert event.name == "Kept"


def test_updating_needs_authentication(api_client, alice):
    event = EventFactory(owner=alice, name="Kept")

    assert api_client.patch(detail(event.pk), {"name": "x"}).status_code == 401
    event.refresh_from_db()
    assert event.name == "Kept"


# --- delete ---------------------------------------------------------------------------------


def test_the_owner_deletes_the_event_with_its_members_and_invitations(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    EventInviteFactory(event=event)

    response = alice_client.delete(detail(event.pk))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.EVENT_DELETED,
        "msg": Code.EVENT_DELETED.msg,
        "data": None,
    }
    assert not Event.objects.exists()
    assert not EventMember.objects.exists()


def test_a_member_who_is_not_the_owner_cannot_delete(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    response = bob_client.delete(detail(event.pk))

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_DELETE_FAILED
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_friend_seeing_a_public_event_cannot_delete(bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, is_private=False)

    assert bob_client.delete(detail(event.pk)).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_strangers_cannot_delete(bob_client, alice):
    event = EventFactory(owner=alice)

    response = bob_client.delete(detail(event.pk))

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND
    assert Event.objects.filter(pk=event.pk).exists()


def test_deleting_needs_authentication(api_client, alice):
    event = EventFactory(owner=alice)

    assert api_client.delete(detail(event.pk)).status_code == 401
    assert Event.objects.filter(pk=event.pk).exists()


# --- icons ----------------------------------------------------------------------------------


def test_icons_lists_the_allowed_names(alice_client):
    response = alice_client.get(ICONS)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.EVENT_ICONS_LISTED
    assert body["data"][0] == "default"
    assert {"birthday", "meeting", "call", "travel", "sport", "meal", "party", "work"} <= set(
        body["data"]
    )


def test_every_listed_icon_is_accepted(alice_client):
    for icon in alice_client.get(ICONS).json()["data"]:
        assert alice_client.post(EVENTS, {**VALID, "icon": icon}).status_code == 201


def test_icons_need_authentication(api_client):
    assert api_client.get(ICONS).status_code == 401


def test_a_time_without_an_offset_is_read_in_my_timezone(make_client):
    tehran = UserFactory(timezone="Asia/Tehran")

    data = (
        make_client(tehran)
        .post(EVENTS, {"name": "Tea", "start": "2026-11-22T12:00:00", "end": "2026-11-22T13:00"})
        .json()["data"]
    )

    assert (data["start"], data["end"]) == ("2026-11-22T08:30:00Z", "2026-11-22T09:30:00Z")


def test_a_local_time_skipped_by_dst_is_taken_with_the_offset_before_the_change(make_client):
    berlin = UserFactory(timezone="Europe/Berlin")

    response = make_client(berlin).post(
        EVENTS, {"name": "Ghost", "start": "2026-03-29T02:30:00", "end": "2026-03-29T04:00:00"}
    )

    assert response.status_code == 201
    assert response.json()["data"]["start"] == "2026-03-29T01:30:00Z"  # 03:30 CEST
