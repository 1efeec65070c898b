"""The hand-built message and conversation representations (from instances and from
``values_list`` rows) equal DRF's generic ones."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from common.serializers import generic_representation
from support import services
from support.models import Conversation, Message
from support.selectors import (
    conversation_list,
    conversation_page,
    conversation_rows,
    message_page,
)
from support.serializers import (
    ConversationSerializer,
    MessageSerializer,
    conversation_rows_representation,
    message_page_representation,
)
from tests.accounts.factories import UserFactory
from tests.common.representation import assert_same_as_generic, request_context
from tests.jobs.factories import image_upload
from tests.support.factories import direct_chat, event_chat, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def chats(alice, bob, settings, tmp_path):
    """A direct chat (an edited message), an event chat (a member with an avatar, a
    deleted message) and an event chat without messages, all alice's; some times on a
    whole second (no fraction written)."""
    settings.MEDIA_ROOT = tmp_path
    carol = UserFactory(avatar=image_upload(), description="Carol here")
    chat = direct_chat(alice, bob)
    send(chat, bob, "Hi “Alice”")
    edited = send(chat, alice, "Typo")
    services.message_edit(message=edited, by=alice, text="Fixed")
    group = event_chat(alice, bob, carol)
    send(group, carol, "Hello all")
    gone = send(group, carol, "Oops")
    services.message_delete(message=gone, by=carol)
    quiet = event_chat(alice, UserFactory(), title="Quiet")
    whole = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    Message.objects.filter(pk=edited.pk).update(created_at=whole, edited_at=whole)
    Conversation.objects.filter(pk=quiet.pk).update(created_at=whole, last_activity_at=whole)
    services.conversations_activity_copy(conversation_ids=[quiet.pk])
    return [chat, group, quiet]


def _generic(serializer_class, instance, context) -> bytes:
    serializer = serializer_class(context=context)
    return JSONRenderer().render(generic_representation(serializer, instance))


def test_messages_from_instances_equal_drf_generic_rendering(chats, alice):
    messages = list(Message.objects.select_related("sender").order_by("id"))
    assert len(messages) == 4

    for context in (request_context(alice), {}):
        assert_same_as_generic(MessageSerializer, messages, **context)


# DRF writes datetimes in the current timezone: a response made under another one.
ZONES = pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran"])


@ZONES
def test_message_rows_equal_drf_generic_rendering(chats, alice, zone):
    for context in (request_context(alice), {}):
        request = context.get("request")
        for chat in chats:
            instances = Message.objects.filter(conversation=chat).order_by("id")
            with timezone.override(zone):  # read and shown as a response in that zone
                rows = message_page(user=alice, conversation_id=chat.pk, limit=100)
                fast = message_page_representation(rows, request)
                generic = [_generic(MessageSerializer, m, context) for m in instances]
            assert [JSONRenderer().render(built) for built in fast] == generic


def test_in_utc_the_database_writes_the_datetimes_of_message_rows(chats, alice):
    with timezone.override("UTC"):
        utc = message_page(user=alice, conversation_id=chats[0].pk, limit=100)
    with timezone.override("Asia/Tehran"):
        tehran = message_page(user=alice, conversation_id=chats[0].pk, limit=100)

    # created_at, edited_at: DRF's text in UTC (a whole second without its fraction)
    assert [row[3:5] for row in utc][1] == ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z")
    assert [type(value) for value in tehran[1][3:5]] == [datetime, datetime]


# Rows read with DRF's UTC text for datetimes only serve a response made in UTC.
@pytest.mark.parametrize(
    ("zone", "utc_text"), [("UTC", True), ("UTC", False), ("Asia/Tehran", False)]
)
def test_conversation_rows_equal_drf_generic_rendering(chats, alice, zone, utc_text):
    conversations = conversation_list(user=alice)
    rows = list(conversation_rows(conversations, utc_text=utc_text))
    assert len(rows) == 3

    for context in (request_context(alice), {}):
        with timezone.override(zone):
            fast = conversation_rows_representation(rows, context.get("request"))
            generic = [_generic(ConversationSerializer, c, context) for c in conversations]
        assert [JSONRenderer().render(built) for built in fast] == generic


def test_a_page_of_conversation_rows_is_the_rows_with_their_count(chats, alice):
    conversations = conversation_list(user=alice)

    page = conversation_page(user=alice, kind=None, limit=20, offset=0)

    assert [row[:-1] for row in page] == list(conversation_rows(conversations, utc_text=True))
    assert [row[-1] for row in page] == [3, 3, 3]
    events = conversation_rows(conversations.filter(kind="event"), utc_text=True)
    assert conversation_page(user=alice, kind="event", limit=1, offset=1) == [(*events[1], 2)]
    with timezone.override("Asia/Tehran"):
        page = conversation_page(user=alice, kind=None, limit=20, offset=0)
    assert [row[:-1] for row in page] == list(conversation_rows(conversations, utc_text=False))
