"""The hand-built message and conversation representations equal DRF's generic ones."""

import pytest

from support import services
from support.selectors import conversation_list, message_list
from support.serializers import ConversationSerializer, MessageSerializer
from tests.accounts.factories import UserFactory
from tests.common.representation import assert_same_as_generic, request_context
from tests.jobs.factories import image_upload
from tests.support.factories import direct_chat, event_chat, send

pytestmark = pytest.mark.django_db


def test_message_and_conversation_output_equal_drf_generic_rendering(
    alice, bob, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    carol = UserFactory(avatar=image_upload(), description="Carol here")
    chat = direct_chat(alice, bob)
    send(chat, bob, "Hi “Alice”")
    edited = send(chat, alice, "Typo")
    services.message_edit(message=edited, by=alice, text="Fixed")
    group = event_chat(alice, bob, carol)
    gone = send(group, carol, "Oops")
    services.message_delete(message=gone, by=carol)
    event_chat(alice, UserFactory(), title="Quiet")  # no messages yet

    messages = list(message_list(conversation=chat)) + list(message_list(conversation=group))
    conversations = list(conversation_list(user=alice))
    assert len(messages) == 3 and len(conversations) == 3

    for context in (request_context(alice), {}):
        assert_same_as_generic(MessageSerializer, messages, **context)
        assert_same_as_generic(ConversationSerializer, conversations, **context)
