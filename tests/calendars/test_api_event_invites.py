"""Invitations into group events, accepting, declining and leaving (API.md §6)."""

from functools import partial

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from accounts.models import Block
from accounts.signals import user_blocked
from calendars.event_services import event_leave
from calendars.models import Event, EventInvite, EventMember
from common.codes import Code
from common.exceptions import ApplicationError
from support.models import Conversation
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    EventFactory,
    EventInviteFactory,
    EventMemberFactory,
    GroupEventFactory,
)
from tests.contacts.factories import ContactFactory
from tests.contacts.friend_factories import befriend
from tests.races import run_each_together

pytestmark = pytest.mark.django_db

INVITES = reverse("api:event-invites-list")


def invite_url(event_pk: int) -> str:
    return reverse("api:events-invites", kwargs={"pk": event_pk})


def leave_url(event_pk: int) -> str:
    return reverse("api:events-leave", kwargs={"pk": event_pk})


def accept_url(pk: int) -> str:
    return reverse("api:event-invites-accept", kwargs={"pk": pk})


def decline_url(pk: int) -> str:
    return reverse("api:event-invites-decline", kwargs={"pk": pk})


def members(event: Event) -> list[int]:
    return list(event.memberships.order_by("joined_at", "id").values_list("user_id", flat=True))


# --- inviting -----------------------------------------------------------------------------


def test_the_owner_invites_a_friend(alice_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice)

    response = alice_client.post(invite_url(event.pk), {"user": bob.pk})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.EVENT_INVITE_SENT
    invite = EventInvite.objects.get()
    assert (invite.event, invite.from_user, invite.to_user) == (event, alice, bob)
    assert body["data"]["id"] == invite.pk
    assert body["data"]["event"] == {
        "id": event.pk,
        "name": event.name,
        "start": event.start.isoformat().replace("+00:00", "Z"),
        "end": event.end.isoformat().replace("+00:00", "Z"),
    }
    assert body["data"]["from_user"]["id"] == alice.pk
    assert body["data"]["to_user"]["id"] == bob.pk


def test_a_member_invites_a_friend_of_their_own(bob_client, alice, bob):
    carol = UserFactory()
    befriend(bob, carol)
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    response = bob_client.post(invite_url(event.pk), {"user": carol.pk})

    assert response.status_code == 201
    assert EventInvite.objects.filter(event=event, from_user=bob, to_user=carol).exists()


def test_only_friends_can_be_invited(alice_client, alice):
    event = GroupEventFactory(owner=alice)

    response = alice_client.post(invite_url(event.pk), {"user": UserFactory().pk})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_INVITE_NOT_FRIEND
    assert not EventInvite.objects.exists()


def test_inviting_an_unknown_user_is_400(alice_client, alice):
    event = GroupEventFactory(owner=alice)

    response = alice_client.post(invite_url(event.pk), {"user": 999999})

    assert response.status_code == 400
    assert not EventInvite.objects.exists()


@pytest.mark.parametrize("body", [{}, {"user": "bob"}, {"user": None}, {"user": [1]}, {"user": 0}])
def test_bad_invite_bodies_are_400(alice_client, alice, body):
    event = GroupEventFactory(owner=alice)

    response = alice_client.post(invite_url(event.pk), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_INVITE_INVALID
    assert not EventInvite.objects.exists()


def test_inviting_a_member_or_oneself_is_409(alice_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    for user in (bob, alice):
        response = alice_client.post(invite_url(event.pk), {"user": user.pk})
        assert response.status_code == 409
        assert response.json()["code"] == Code.EVENT_ALREADY_MEMBER
    assert not EventInvite.objects.exists()


def test_inviting_twice_is_409(alice_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice)
    EventInviteFactory(event=event, from_user=alice, to_user=bob)

    response = alice_client.post(invite_url(event.pk), {"user": bob.pk})

    assert response.status_code == 409
    assert response.json()["code"] == Code.EVENT_ALREADY_INVITED
    assert EventInvite.objects.count() == 1


@pytest.mark.parametrize("alice_blocks", [True, False])
def test_no_invitations_across_a_block(alice_client, alice, bob, alice_blocks):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice)
    Block.objects.create(
        blocker=alice if alice_blocks else bob, blocked=bob if alice_blocks else alice
    )

    response = alice_client.post(invite_url(event.pk), {"user": bob.pk})

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_INVITE_BLOCKED
    assert not EventInvite.objects.exists()


def test_single_events_take_no_invitations(alice_client, alice, bob):
    befriend(alice, bob)
    event = EventFactory(owner=alice)

    response = alice_client.post(invite_url(event.pk), {"user": bob.pk})

    assert response.status_code == 400
    assert response.json()["code"] == Code.EVENT_INVITE_NOT_GROUP


def test_a_friend_seeing_a_public_event_cannot_invite(bob_client, alice, bob):
    befriend(alice, bob)
    carol = UserFactory()
    befriend(bob, carol)
    event = GroupEventFactory(owner=alice, is_private=False)

    response = bob_client.post(invite_url(event.pk), {"user": carol.pk})

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_FORBIDDEN
    assert not EventInvite.objects.exists()


def test_strangers_cannot_invite_into_a_private_event(bob_client, alice, bob):
    carol = UserFactory()
    befriend(bob, carol)
    event = GroupEventFactory(owner=alice)

    response = bob_client.post(invite_url(event.pk), {"user": carol.pk})

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND


def test_inviting_needs_authentication(api_client, alice, bob):
    event = GroupEventFactory(owner=alice)

    assert api_client.post(invite_url(event.pk), {"user": bob.pk}).status_code == 401
    assert not EventInvite.objects.exists()


# --- the invitation list -------------------------------------------------------------------


def test_i_see_my_pending_invitations(bob_client, alice, bob):
    mine = EventInviteFactory(event=GroupEventFactory(owner=alice), to_user=bob)
    EventInviteFactory(event=GroupEventFactory(owner=alice))  # someone else's

    response = bob_client.get(INVITES)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.EVENT_INVITES_LISTED
    assert [i["id"] for i in body["data"]["results"]] == [mine.pk]
    assert set(body["data"]["results"][0]) == {"id", "event", "from_user", "to_user", "created_at"}
    assert set(body["data"]["results"][0]["event"]) == {"id", "name", "start", "end"}


def test_i_see_the_invitations_i_sent_on_demand(alice_client, alice, bob):
    sent = EventInviteFactory(event=GroupEventFactory(owner=alice), from_user=alice, to_user=bob)

    assert alice_client.get(INVITES).json()["data"]["count"] == 0
    outgoing = alice_client.get(INVITES, {"direction": "outgoing"}).json()["data"]["results"]
    assert [i["id"] for i in outgoing] == [sent.pk]


def test_a_bad_direction_is_400(alice_client):
    assert alice_client.get(INVITES, {"direction": "up"}).status_code == 400


def test_the_invitation_list_needs_authentication(api_client):
    assert api_client.get(INVITES).status_code == 401


@pytest.mark.parametrize("rows", [1, 50])
def test_the_invitation_list_costs_the_same_queries_at_any_size(
    bob_client, bob, rows, django_assert_num_queries
):
    for _ in range(rows):
        EventInviteFactory(to_user=bob)

    # 1 the bearer's user, 2 count, 3 the page joined with event, sender and invitee
    with django_assert_num_queries(3):
        response = bob_client.get(INVITES, {"page_size": 100})

    assert response.json()["data"]["count"] == rows


# --- accepting and declining -------------------------------------------------------------


def test_the_invitee_accepts_and_becomes_a_member(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    invite = EventInviteFactory(event=event, to_user=bob)

    response = bob_client.post(accept_url(invite.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.EVENT_INVITE_ACCEPTED
    assert body["data"]["id"] == event.pk
    assert [m["id"] for m in body["data"]["members"]] == [alice.pk, bob.pk]
    assert members(event) == [alice.pk, bob.pk]
    assert not EventInvite.objects.exists()
    assert bob_client.get(reverse("api:events-detail", kwargs={"pk": event.pk})).status_code == 200


def test_the_inviter_cannot_accept(alice_client, alice, bob):
    invite = EventInviteFactory(event=GroupEventFactory(owner=alice), from_user=alice, to_user=bob)

    for url in (accept_url(invite.pk), decline_url(invite.pk)):
        response = alice_client.post(url)
        assert response.status_code == 403
        assert response.json()["code"] == Code.EVENT_INVITE_NOT_INVITEE
    assert EventInvite.objects.count() == 1


def test_strangers_do_not_see_an_invitation(alice_client):
    invite = EventInviteFactory()

    for url in (accept_url(invite.pk), decline_url(invite.pk)):
        response = alice_client.post(url)
        assert response.status_code == 404
        assert response.json()["code"] == Code.EVENT_INVITE_NOT_FOUND
    assert EventInvite.objects.count() == 1


def test_the_invitee_declines(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    invite = EventInviteFactory(event=event, to_user=bob)

    response = bob_client.post(decline_url(invite.pk))

    assert response.status_code == 200
    assert response.json()["code"] == Code.EVENT_INVITE_DECLINED
    assert response.json()["data"] is None
    assert not EventInvite.objects.exists()
    assert members(event) == [alice.pk]


def test_answering_needs_authentication(api_client, bob):
    invite = EventInviteFactory(to_user=bob)

    assert api_client.post(accept_url(invite.pk)).status_code == 401
    assert api_client.post(decline_url(invite.pk)).status_code == 401
    assert EventInvite.objects.count() == 1


def test_a_block_withdraws_pending_invitations_between_the_two(alice, bob):
    event = GroupEventFactory(owner=alice)
    EventInviteFactory(event=event, from_user=alice, to_user=bob)
    kept = EventInviteFactory(event=event, from_user=alice)
    Block.objects.create(blocker=bob, blocked=alice)

    user_blocked.send(sender=Block, blocker=bob, blocked=alice)

    assert list(EventInvite.objects.all()) == [kept]


# --- leaving -----------------------------------------------------------------------------


def test_a_member_leaves(bob_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)

    response = bob_client.post(leave_url(event.pk))

    assert response.status_code == 200
    assert response.json() == {"code": Code.EVENT_LEFT, "msg": Code.EVENT_LEFT.msg, "data": None}
    assert members(event) == [alice.pk]
    assert bob_client.get(reverse("api:events-detail", kwargs={"pk": event.pk})).status_code == 404


def test_the_owner_leaving_hands_the_event_to_the_longest_standing_member(alice_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    carol = UserFactory()
    EventMemberFactory(event=event, user=carol)
    event.contacts.add(ContactFactory(owner=alice))

    response = alice_client.post(leave_url(event.pk))

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.owner == bob
    assert members(event) == [bob.pk, carol.pk]
    assert not event.contacts.exists()  # they were alice's
    assert event.sequence == 1


def test_the_last_member_leaving_deletes_the_event(alice_client, alice):
    event = GroupEventFactory(owner=alice)
    EventInviteFactory(event=event)

    response = alice_client.post(leave_url(event.pk))

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert not EventInvite.objects.exists()


def test_leaving_a_single_event_deletes_it(alice_client, alice):
    event = EventFactory(owner=alice)

    alice_client.post(leave_url(event.pk))

    assert not Event.objects.filter(pk=event.pk).exists()


def test_a_friend_seeing_a_public_event_cannot_leave_it(bob_client, alice, bob):
    befriend(alice, bob)
    event = GroupEventFactory(owner=alice, is_private=False)

    response = bob_client.post(leave_url(event.pk))

    assert response.status_code == 403
    assert response.json()["code"] == Code.EVENT_FORBIDDEN
    assert members(event) == [alice.pk]


def test_strangers_cannot_leave(bob_client, alice):
    event = GroupEventFactory(owner=alice)

    response = bob_client.post(leave_url(event.pk))

    assert response.status_code == 404
    assert response.json()["code"] == Code.EVENT_NOT_FOUND


def test_leaving_needs_authentication(api_client, alice):
    event = GroupEventFactory(owner=alice)

    assert api_client.post(leave_url(event.pk)).status_code == 401
    assert members(event) == [alice.pk]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_the_last_two_members_leaving_together_delete_the_event():
    for _ in range(3):
        owner, other = UserFactory(), UserFactory()
        event = GroupEventFactory(owner=owner)
        EventMemberFactory(event=event, user=other)

        results = run_each_together(
            partial(event_leave, event=event, by=owner),
            partial(event_leave, event=event, by=other),
            catch=(ApplicationError, IntegrityError),
        )

        failures = [result for result in results if isinstance(result, Exception)]
        assert failures == []
        assert not Event.objects.filter(pk=event.pk).exists()
        assert not EventMember.objects.filter(event_id=event.pk).exists()
        assert not Conversation.objects.filter(pk=event.conversation_id).exists()
