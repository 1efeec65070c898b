"""``load_demo`` seeds friendships and events, idempotently."""

import pytest
from django.core.management import call_command

from calendars.models import Event, EventInvite, EventMember
from contacts.models import FriendRequest, Friendship
from contacts.selectors import are_friends
from support.models import Conversation, Message

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Friendship.objects.count(),
        FriendRequest.objects.count(),
        Event.objects.count(),
        EventMember.objects.count(),
        EventInvite.objects.count(),
        Conversation.objects.filter(kind="event").count(),
        Message.objects.filter(conversation__kind="event").count(),
    )


def test_load_demo_seeds_friends_and_events_once(django_user_model):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first
    alice = django_user_model.objects.get(username="alice")
    bob = django_user_model.objects.get(username="bob_b")
    assert are_friends(alice, bob)
    assert Event.objects.filter(owner=alice, kind="group", is_private=False).exists()
    assert first[1] >= 1 and first[4] >= 1
    # Every event has its owner among its members.
    assert all(e.memberships.filter(user=e.owner).exists() for e in Event.objects.all())


def test_scale_adds_events_per_user_in_bulk_and_stays_idempotent():
    call_command("load_demo")
    base = Event.objects.count()

    call_command("load_demo", scale=5)
    call_command("load_demo", scale=5)

    assert Event.objects.count() == base + 4 * 5
    assert EventMember.objects.filter(event__name__startswith="Demo event").count() == 4 * 5


def test_load_demo_gives_every_group_event_its_chat_with_a_few_messages():
    call_command("load_demo")

    groups = Event.objects.filter(kind="group")
    assert groups.count() >= 2
    for event in groups:
        assert event.conversation is not None
        assert event.conversation.title == event.name
        assert set(event.conversation.members.all()) == set(event.members.all())
    assert not Event.objects.filter(kind="single", conversation__isnull=False).exists()
    birthday = Event.objects.get(name="Carol's birthday")
    senders = birthday.conversation.messages.values_list("sender__username", flat=True)
    assert list(senders) == ["carol", "alice", "bob_b"]
    assert birthday.conversation.last_message is not None
