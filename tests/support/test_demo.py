"""The demo data of chat and support."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from support.models import Conversation, Message, Report, SupportCase

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Conversation.objects.count(),
        Message.objects.count(),
        SupportCase.objects.count(),
        Report.objects.count(),
    )


def _assert_last_messages_are_denormalised() -> None:
    for conversation in Conversation.objects.all():
        latest = conversation.messages.order_by("-id").first()
        assert conversation.last_message_id == (latest.pk if latest else None)
        # and the members' copies of its activity time (which order the list) with it
        copies = set(conversation.memberships.values_list("last_activity_at", flat=True))
        assert copies <= {conversation.last_activity_at}


def test_load_demo_creates_chats_idempotently():
    call_command("load_demo", verbosity=0)
    first = _counts()
    call_command("load_demo", verbosity=0)

    assert _counts() == first
    # three direct chats and a case's conversation, and the chats of the two demo group
    # events (seeded by calendars) with three messages in one of them
    assert first == (6, 11, 1, 1)
    assert Conversation.objects.filter(kind="event").count() == 2
    assert Conversation.objects.filter(kind="direct", members__username="alice").count() == 2
    _assert_last_messages_are_denormalised()


def test_load_demo_scales_messages_per_user():
    call_command("load_demo", scale=30, verbosity=0)
    scaled = _counts()
    call_command("load_demo", scale=30, verbosity=0)

    assert _counts() == scaled
    for username in ["alice", "bob_b", "carol", "dave_d"]:
        assert Message.objects.filter(sender__username=username).count() >= 30
    _assert_last_messages_are_denormalised()


def test_load_demo_scale_gives_each_demo_user_chats_with_scale_users():
    call_command("load_demo", scale=30, verbosity=0)
    call_command("load_demo", scale=30, verbosity=0)

    alice = User.objects.get(username="alice")
    # alice: bob and carol, dave (her scale chat partner) and three scale users.
    direct = Conversation.objects.filter(kind="direct", members=alice)
    assert direct.filter(members__username__startswith="demo_").count() == 3
    client = APIClient()
    client.force_authenticate(alice)
    listed = client.get(reverse("api:conversation-list"), {"page_size": 100}).json()["data"]
    scale_chats = [
        c
        for c in listed["results"]
        if c["last_message"] and c["last_message"]["text"].startswith("Could we talk")
    ]
    assert len(scale_chats) == 3
    assert all(c["unread_count"] == 1 for c in scale_chats)
    _assert_last_messages_are_denormalised()
