"""``load_demo`` seeds friendships and events, idempotently."""

import pytest
from django.core.management import call_command

from calendars.models import Event, EventInvite, EventMember
from contacts.models import FriendRequest, Friendship
from contacts.selectors import are_friends

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Friendship.objects.count(),
        FriendRequest.objects.count(),
        Event.objects.count(),
        EventMember.objects.count(),
        EventInvite.objects.count(),
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
