"""The chat of a group event (API.md §6, §8): it opens with the event, its members follow
the event's members, it is renamed with it and goes with it."""

import importlib
from functools import partial

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection
from django.urls import reverse

from calendars.event_services import (
    event_chat_open,
    event_chat_sync,
    event_create_group,
    event_delete,
    event_invite_accept,
    event_leave,
)
from calendars.models import Event, EventInvite
from common.codes import Code
from common.exceptions import ApplicationError
from support.models import Conversation, ConversationMember, Message
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.calendars.factories import (
    EventFactory,
    EventInviteFactory,
    EventMemberFactory,
    GroupEventFactory,
    at,
)
from tests.contacts.friend_factories import befriend
from tests.races import run_each_together
from tests.support.factories import send

pytestmark = pytest.mark.django_db

EVENTS = reverse("api:events-list")
CONVERSATIONS = reverse("api:conversation-list")
GROUP = {
    "name": "Picnic",
    "kind": "group",
    "start": "2026-11-22T12:00:00Z",
    "end": "2026-11-22T15:00:00Z",
}


def detail(pk: int) -> str:
    return reverse("api:events-detail", kwargs={"pk": pk})


def messages_url(conversation_id: int) -> str:
    return reverse("api:conversation-messages-list", args=[conversation_id])


def chat_members(conversation_id: int) -> set[int]:
    return set(
        ConversationMember.objects.filter(conversation_id=conversation_id).values_list(
            "user_id", flat=True
        )
    )


# --- opening ----------------------------------------------------------------------------


def test_creating_a_group_event_opens_its_chat_with_the_owner(alice_client, alice):
    response = alice_client.post(EVENTS, GROUP)

    assert response.status_code == 201
    data = response.json()["data"]
    event = Event.objects.get()
    chat = Conversation.objects.get()
    assert data["conversation"] == chat.pk == event.conversation_id
    assert chat.kind == Conversation.Kind.EVENT
    assert chat.title == "Picnic"
    assert chat_members(chat.pk) == {alice.pk}


def test_a_single_event_has_no_chat(alice_client):
    response = alice_client.post(EVENTS, {**GROUP, "kind": "single"})

    assert response.status_code == 201
    assert response.json()["data"]["conversation"] is None
    assert Event.objects.get().conversation is None
    assert not Conversation.objects.exists()


def test_an_invalid_group_event_opens_no_chat(alice_client):
    response = alice_client.post(EVENTS, {**GROUP, "end": "2026-11-22T11:00:00Z"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_CREATE_FAILED
    assert not Event.objects.exists()
    assert not Conversation.objects.exists()


def test_members_see_the_chat_id_in_every_event_view(alice_client, bob_client, alice, bob):
    event = GroupEventFactory(owner=alice, start=at(5, 9), end=at(5, 10))
    EventMemberFactory(event=event, user=bob)
    befriend(alice, bob)

    shown = [
        alice_client.get(detail(event.pk)).json()["data"],
        alice_client.get(EVENTS, {"date": "2031-03-05"}).json()["data"]["results"][0],
        alice_client.get(reverse("api:events-month"), {"year": 2031, "month": 3}).json()["data"][
            "5"
        ][0],
        bob_client.get(detail(event.pk)).json()["data"],
    ]

    assert [data["conversation"] for data in shown] == [event.conversation_id] * 4


def test_my_event_chats_are_listed_by_kind(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice, name="Picnic")
    EventMemberFactory(event=event, user=bob)
    alice_client.post(reverse("api:conversation-direct"), {"user": bob.pk})

    response = alice_client.get(CONVERSATIONS, {"kind": "event"})

    assert response.status_code == 200
    results = response.json()["data"]["results"]
    assert [(c["id"], c["kind"], c["title"]) for c in results] == [
        (event.conversation_id, "event", "Picnic")
    ]
    assert {m["id"] for m in results[0]["members"]} == {alice.pk, bob.pk}


def test_event_create_group_opens_the_chat_of_all_its_members(alice, bob):
    event = event_create_group(
        owner=alice, members=[bob, alice, bob], name="Sync", start=at(3, 9), end=at(3, 10)
    )

    assert event.kind == Event.Kind.GROUP
    assert [user.pk for user in event.member_users] == [alice.pk, bob.pk]
    assert event.conversation.title == "Sync"
    assert chat_members(event.conversation_id) == {alice.pk, bob.pk}


def test_event_create_group_is_all_or_nothing(alice, bob):
    with pytest.raises(IntegrityError):  # start after end breaks the event's constraint
        event_create_group(owner=alice, members=[bob], name="X", start=at(3, 10), end=at(3, 9))

    assert not Event.objects.exists()
    assert not Conversation.objects.exists()


def test_event_chat_open_is_idempotent_and_skips_single_events(alice, bob):
    event = GroupEventFactory(owner=alice, with_chat=False)
    EventMemberFactory(event=event, user=bob)
    single = EventFactory(owner=alice)

    first = event_chat_open(event=event)
    again = event_chat_open(event=event)

    assert first.pk == again.pk
    event.refresh_from_db()
    assert event.conversation_id == first.pk
    assert chat_members(first.pk) == {alice.pk, bob.pk}
    assert event_chat_open(event=single) is None
    assert Conversation.objects.count() == 1


# --- joining and leaving -------------------------------------------------------------------


def test_accepting_an_invitation_joins_the_chat(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    invite = EventInviteFactory(event=event, to_user=bob)

    response = bob_client.post(reverse("api:event-invites-accept", kwargs={"pk": invite.pk}))

    assert response.status_code == 200
    assert response.json()["data"]["conversation"] == event.conversation_id
    assert chat_members(event.conversation_id) == {alice.pk, bob.pk}


def test_accepting_twice_keeps_one_chat_membership(alice, bob):
    event = GroupEventFactory(owner=alice)
    invite = EventInviteFactory(event=event, to_user=bob)

    event_invite_accept(invite=invite, by=bob)
    event_invite_accept(invite=invite, by=bob)

    assert ConversationMember.objects.filter(user=bob).count() == 1


def test_declining_does_not_join_the_chat(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    invite = EventInviteFactory(event=event, to_user=bob)

    bob_client.post(reverse("api:event-invites-decline", kwargs={"pk": invite.pk}))

    assert chat_members(event.conversation_id) == {alice.pk}


def test_a_member_leaving_leaves_the_chat_and_loses_access(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    said = send(event.conversation, bob, "I can't make it")

    response = bob_client.post(reverse("api:events-leave", kwargs={"pk": event.pk}))

    assert response.status_code == 200
    assert chat_members(event.conversation_id) == {alice.pk}
    assert Message.objects.filter(pk=said.pk).exists()  # their words stay
    for answer in (
        bob_client.get(messages_url(event.conversation_id)),
        bob_client.post(messages_url(event.conversation_id), {"text": "wait"}),
        bob_client.post(reverse("api:conversation-read", args=[event.conversation_id])),
    ):
        assert answer.status_code == 404
        assert answer.json()["code"] == Code.CONVERSATION_NOT_FOUND
    assert bob_client.get(CONVERSATIONS, {"kind": "event"}).json()["data"]["count"] == 0


def test_the_owner_leaving_hands_over_the_event_and_keeps_its_chat(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    send(event.conversation, alice, "Over to you, Bob")

    alice_client.post(reverse("api:events-leave", kwargs={"pk": event.pk}))

    event.refresh_from_db()
    assert event.owner == bob
    assert Conversation.objects.filter(pk=event.conversation_id).exists()
    assert chat_members(event.conversation_id) == {bob.pk}
    assert Message.objects.filter(conversation_id=event.conversation_id).count() == 1
    assert alice_client.get(messages_url(event.conversation_id)).status_code == 404


def test_the_last_member_leaving_deletes_the_chat(alice_client, alice):
    event = GroupEventFactory(owner=alice)
    send(event.conversation, alice, "Anyone?")

    response = alice_client.post(reverse("api:events-leave", kwargs={"pk": event.pk}))

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_a_group_event_without_a_chat_still_takes_members(alice, bob):
    """A chat deleted by staff is not reopened behind their back."""
    event = GroupEventFactory(owner=alice)
    event.conversation.delete()
    invite = EventInviteFactory(event=event, to_user=bob)

    event_invite_accept(invite=invite, by=bob)
    event_leave(event=event, by=alice)

    event.refresh_from_db()
    assert event.conversation is None
    assert event.owner == bob
    assert not Conversation.objects.exists()


# --- renaming and changing kind --------------------------------------------------------------


def test_renaming_the_event_renames_its_chat(alice_client, alice):
    event = GroupEventFactory(owner=alice, name="Picnic")

    response = alice_client.patch(detail(event.pk), {"name": "Picnic by the lake"})

    assert response.status_code == 200
    event.conversation.refresh_from_db()
    assert event.conversation.title == "Picnic by the lake"


def test_other_changes_leave_the_chat_as_it_is(alice_client, alice):
    event = GroupEventFactory(owner=alice, name="Picnic")
    chat_id = event.conversation_id

    alice_client.patch(detail(event.pk), {"location": "The park", "name": "Picnic"})

    event.refresh_from_db()
    assert event.conversation_id == chat_id
    assert event.conversation.title == "Picnic"


def test_a_single_event_turning_group_opens_its_chat(alice_client, alice):
    event = EventFactory(owner=alice, name="Dinner")

    response = alice_client.patch(detail(event.pk), {"kind": "group", "name": "Dinner party"})

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.conversation_id is not None
    assert response.json()["data"]["conversation"] == event.conversation_id
    assert event.conversation.title == "Dinner party"
    assert chat_members(event.conversation_id) == {alice.pk}


def test_a_lone_group_event_turning_single_closes_its_chat(alice_client, alice):
    event = GroupEventFactory(owner=alice)
    send(event.conversation, alice, "note to self")

    response = alice_client.patch(detail(event.pk), {"kind": "single"})

    assert response.status_code == 200
    assert response.json()["data"]["conversation"] is None
    event.refresh_from_db()
    assert event.conversation is None
    assert not Conversation.objects.exists()


def test_a_refused_kind_change_keeps_the_chat(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice, name="Picnic")
    EventMemberFactory(event=event, user=bob)

    response = alice_client.patch(detail(event.pk), {"kind": "single", "name": "Other"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_UPDATE_FAILED
    event.refresh_from_db()
    assert event.conversation.title == "Picnic"
    assert chat_members(event.conversation_id) == {alice.pk, bob.pk}


def test_put_keeps_the_kind_and_the_chat(alice_client, alice):
    event = GroupEventFactory(owner=alice, name="Picnic")
    chat_id = event.conversation_id

    response = alice_client.put(detail(event.pk), {**GROUP, "name": "Brunch"})

    assert response.status_code == 200
    assert response.json()["data"]["conversation"] == chat_id
    assert Conversation.objects.get().title == "Brunch"


# --- deleting -------------------------------------------------------------------------------


def test_deleting_the_event_deletes_its_chat(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    send(event.conversation, bob, "Yay")
    kept = GroupEventFactory(owner=alice)

    response = alice_client.delete(detail(event.pk))

    assert response.status_code == 200
    assert list(Conversation.objects.values_list("pk", flat=True)) == [kept.conversation_id]
    assert not Message.objects.exists()
    assert not ConversationMember.objects.filter(user=bob).exists()


def test_a_refused_delete_keeps_the_chat(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    response = bob_client.delete(detail(event.pk))

    assert response.status_code == 403
    assert Conversation.objects.filter(pk=event.conversation_id).exists()


def test_deleting_my_account_deletes_the_chats_of_my_events(alice_client, alice, bob):
    mine = GroupEventFactory(owner=alice)
    EventMemberFactory(event=mine, user=bob)
    theirs = GroupEventFactory(owner=bob)
    EventMemberFactory(event=theirs, user=alice)

    response = alice_client.delete(reverse("api:me"), {"password": DEFAULT_PASSWORD}, format="json")

    assert response.status_code == 200, response.json()
    assert list(Conversation.objects.values_list("pk", flat=True)) == [theirs.conversation_id]
    assert chat_members(theirs.conversation_id) == {bob.pk}


def test_the_admin_deleting_an_event_deletes_its_chat(admin_client, alice):
    event = GroupEventFactory(owner=alice)

    response = admin_client.post(
        reverse("admin:calendars_event_delete", args=[event.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Event.objects.exists()
    assert not Conversation.objects.exists()


# --- end to end -----------------------------------------------------------------------------


def test_the_whole_flow_through_the_api(alice_client, bob_client, alice, bob):
    befriend(alice, bob)
    created = alice_client.post(EVENTS, GROUP).json()["data"]
    chat = created["conversation"]
    assert bob_client.get(messages_url(chat)).status_code == 404  # not a member yet

    invited = alice_client.post(
        reverse("api:events-invites", kwargs={"pk": created["id"]}), {"user": bob.pk}
    )
    accepted = bob_client.post(
        reverse("api:event-invites-accept", kwargs={"pk": invited.json()["data"]["id"]})
    )
    assert accepted.json()["data"]["conversation"] == chat
    listed = bob_client.get(CONVERSATIONS, {"kind": "event"}).json()["data"]["results"]
    assert [(c["id"], c["title"]) for c in listed] == [(chat, "Picnic")]

    sent = bob_client.post(messages_url(chat), {"text": "I'll bring the blanket"})
    assert sent.status_code == 201
    assert sent.json()["code"] == Code.MESSAGE_SENT

    read = alice_client.get(messages_url(chat))
    assert read.status_code == 200
    assert read.json()["code"] == Code.MESSAGES_LISTED
    assert [(m["sender"]["id"], m["text"]) for m in read.json()["data"]["results"]] == [
        (bob.pk, "I'll bring the blanket")
    ]
    unread = alice_client.get(CONVERSATIONS, {"kind": "event"}).json()["data"]["results"]
    assert unread[0]["unread_count"] == 1

    left = bob_client.post(reverse("api:events-leave", kwargs={"pk": created["id"]}))
    assert left.status_code == 200

    gone = bob_client.get(messages_url(chat))
    assert gone.status_code == 404
    assert gone.json()["code"] == Code.CONVERSATION_NOT_FOUND
    assert alice_client.get(messages_url(chat)).status_code == 200


def test_chats_need_authentication(api_client, alice):
    event = GroupEventFactory(owner=alice)

    response = api_client.get(messages_url(event.conversation_id))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- races (PostgreSQL) ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_an_accept_racing_the_owners_delete_leaves_no_chat_behind():
    for _ in range(3):
        owner, guest = UserFactory(), UserFactory()
        event = GroupEventFactory(owner=owner)
        invite = EventInviteFactory(event=event, to_user=guest)

        results = run_each_together(
            partial(event_delete, event=event),
            partial(event_invite_accept, invite=invite, by=guest),
            catch=(ApplicationError,),  # the accept may find the event gone: 404
        )

        failures = [r.status_code for r in results if isinstance(r, ApplicationError)]
        assert failures in ([], [404])
        assert not Event.objects.filter(pk=event.pk).exists()
        assert not EventInvite.objects.filter(pk=invite.pk).exists()
        assert not Conversation.objects.filter(pk=event.conversation_id).exists()
        assert not ConversationMember.objects.filter(conversation_id=event.conversation_id).exists()


# --- the migration that opened chats for older group events ----------------------------------


def test_the_migration_opens_chats_for_group_events_without_one(alice, bob):
    migration = importlib.import_module("calendars.migrations.0005_open_group_event_chats")
    older = GroupEventFactory(owner=alice, name="Older", with_chat=False)
    EventMemberFactory(event=older, user=bob)
    newer = GroupEventFactory(owner=alice)
    single = EventFactory(owner=alice)

    migration.open_chats(django_apps, None)
    migration.open_chats(django_apps, None)  # idempotent

    older.refresh_from_db()
    assert older.conversation.kind == Conversation.Kind.EVENT
    assert older.conversation.title == "Older"
    assert chat_members(older.conversation_id) == {alice.pk, bob.pk}
    assert Conversation.objects.count() == 2  # the newer event kept its own
    assert Event.objects.get(pk=newer.pk).conversation_id == newer.conversation_id
    assert Event.objects.get(pk=single.pk).conversation_id is None


# --- changes made in the admin ----------------------------------------------------------------


def _admin_form(event: Event, **changes) -> dict:
    """The POST of the event's admin change form, with its member and invitation inlines."""
    members = list(event.memberships.order_by("id"))
    data = {
        "owner": event.owner_id,
        "name": event.name,
        "kind": event.kind,
        "start_0": event.start.strftime("%Y-%m-%d"),
        "start_1": event.start.strftime("%H:%M:%S"),
        "end_0": event.end.strftime("%Y-%m-%d"),
        "end_1": event.end.strftime("%H:%M:%S"),
        "icon": event.icon,
        "is_private": "on",
        "memberships-TOTAL_FORMS": len(members),
        "memberships-INITIAL_FORMS": len(members),
        "invites-TOTAL_FORMS": 0,
        "invites-INITIAL_FORMS": 0,
    }
    for index, member in enumerate(members):
        data[f"memberships-{index}-id"] = member.pk
        data[f"memberships-{index}-event"] = event.pk
        data[f"memberships-{index}-user"] = member.user_id
    data.update(changes)
    return data


def test_an_admin_edit_of_members_and_name_reaches_the_chat(admin_client, alice, bob):
    event = GroupEventFactory(owner=alice, name="Picnic")
    EventMemberFactory(event=event, user=bob)
    url = reverse("admin:calendars_event_change", args=[event.pk])

    response = admin_client.post(
        url, _admin_form(event, name="Brunch", **{"memberships-1-DELETE": "on"})
    )

    assert response.status_code == 302, response.context["errors"]
    event.refresh_from_db()
    assert event.name == "Brunch"
    assert event.conversation.title == "Brunch"
    assert chat_members(event.conversation_id) == {alice.pk}


def test_an_admin_turning_an_event_single_closes_its_chat(admin_client, alice):
    event = GroupEventFactory(owner=alice)
    url = reverse("admin:calendars_event_change", args=[event.pk])

    response = admin_client.post(url, _admin_form(event, kind="single"))

    assert response.status_code == 302, response.context["errors"]
    event.refresh_from_db()
    assert event.conversation is None
    assert not Conversation.objects.exists()


def test_memberships_added_or_deleted_in_the_admin_reach_the_chat(admin_client, alice, bob):
    event = GroupEventFactory(owner=alice)

    added = admin_client.post(
        reverse("admin:calendars_eventmember_add"), {"event": event.pk, "user": bob.pk}
    )
    assert added.status_code == 302
    assert chat_members(event.conversation_id) == {alice.pk, bob.pk}

    membership = event.memberships.get(user=bob)
    deleted = admin_client.post(
        reverse("admin:calendars_eventmember_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert chat_members(event.conversation_id) == {alice.pk}


def test_event_chat_sync_reopens_a_missing_chat_and_follows_the_members(alice, bob):
    event = GroupEventFactory(owner=alice, with_chat=False)
    EventMemberFactory(event=event, user=bob)

    event_chat_sync(event=event)

    event.refresh_from_db()
    assert chat_members(event.conversation_id) == {alice.pk, bob.pk}
    event.memberships.filter(user=alice).delete()
    event_chat_sync(event=event)
    assert chat_members(event.conversation_id) == {bob.pk}
