"""Each member's copy of its conversation's activity time
(``ConversationMember.last_activity_at``), which orders the conversation list, stays
equal to the conversation's through every write that sets either."""

import importlib

import pytest
from django.apps import apps
from django.db.models import F
from django.urls import reverse

from support import services
from support.models import Conversation, ConversationMember
from tests.accounts.factories import UserFactory
from tests.support.factories import SupportCaseFactory, direct_chat, event_chat, send

pytestmark = pytest.mark.django_db

LIST = reverse("api:conversation-list")


def assert_copies_match() -> None:
    members = ConversationMember.objects.all()
    assert members.exists()
    assert not members.exclude(last_activity_at=F("conversation__last_activity_at")).exists()


def test_new_conversations_give_their_members_their_activity_time(alice, bob):
    event_chat(alice, bob)
    direct_chat(alice, bob)
    services.case_open(user=alice, title="Help")

    assert_copies_match()


def test_a_message_moves_every_members_copy(alice, bob):
    carol = UserFactory()
    chat = event_chat(alice, bob, carol)

    message = send(chat, bob, "hi")

    assert set(ConversationMember.objects.values_list("last_activity_at", flat=True)) == {
        message.created_at
    }
    assert_copies_match()


def test_a_member_joining_later_copies_the_latest_activity(alice, bob):
    chat = event_chat(alice)
    send(chat, alice, "before you came")
    stale = Conversation.objects.get(pk=chat.pk)
    send(chat, alice, "and again")

    services.conversation_member_add(conversation=stale, user=bob)

    assert_copies_match()


@pytest.mark.parametrize("how", ["send", "read"])
def test_staff_joining_a_case_copy_its_latest_activity(staff_client, staff, alice, how):
    case = SupportCaseFactory(opened_by=alice)
    send(case.conversation, alice, "Help")
    url = reverse(
        "api:conversation-messages-list" if how == "send" else "api:conversation-read",
        args=[case.conversation.pk],
    )

    response = staff_client.post(url, {"text": "On it"} if how == "send" else None)

    assert response.status_code in (200, 201)
    assert ConversationMember.objects.filter(user=staff).exists()
    assert_copies_match()


def test_the_copy_service_mends_copies_set_by_bulk_writes(alice, bob):
    chat = event_chat(alice, bob)
    other = direct_chat(alice, bob)
    send(chat, bob, "hi")
    ConversationMember.objects.update(last_activity_at=other.created_at)

    services.conversations_activity_copy(conversation_ids=[chat.pk, other.pk, chat.pk])

    assert_copies_match()


def test_the_migration_backfills_the_copies(alice, bob):
    send(event_chat(alice, bob), bob, "hi")
    ConversationMember.objects.update(last_activity_at=alice.date_joined)
    migration = importlib.import_module("support.migrations.0003_member_last_activity")

    migration.backfill_last_activity(apps, None)

    assert_copies_match()


def test_the_list_follows_the_copies_page_by_page(alice_client, alice):
    chats = [direct_chat(alice, UserFactory()) for _ in range(5)]
    for chat in (chats[3], chats[0], chats[4]):
        send(chat, alice, "news")
    expected = [chats[4], chats[0], chats[3], chats[2], chats[1]]

    first = alice_client.get(LIST, {"page_size": 3}).json()["data"]
    second = alice_client.get(LIST, {"page_size": 3, "page": 2}).json()["data"]

    assert [c["id"] for c in first["results"] + second["results"]] == [c.pk for c in expected]
    assert [first["count"], second["count"]] == [5, 5]
