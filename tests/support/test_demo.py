"""The demo data of chat and support."""

import pytest
from django.core.management import call_command

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
