"""Messages: editing (author only, `edited_at`) and deleting (tombstones)."""

import pytest
from django.urls import reverse

from common.codes import Code
from support.models import Conversation
from tests.accounts.factories import UserFactory
from tests.support.factories import BlockFactory, direct_chat, send

pytestmark = pytest.mark.django_db


def messages_url(conversation) -> str:
    return reverse("api:conversation-messages-list", args=[conversation.pk])


def message_url(message) -> str:
    return reverse("api:message-detail", args=[message.pk])


@pytest.fixture
def chat(alice, bob) -> Conversation:
    return direct_chat(alice, bob)


# --- editing --------------------------------------------------------------------------


def test_the_author_edits_a_message(alice_client, alice, chat):
    message = send(chat, alice, "helo")

    response = alice_client.patch(message_url(message), {"text": "hello"})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.MESSAGE_UPDATED
    assert body["data"]["text"] == "hello"
    assert body["data"]["edited_at"] is not None
    message.refresh_from_db()
    assert message.text == "hello"
    assert message.edited_at is not None


def test_another_member_cannot_edit(bob_client, alice, chat):
    message = send(chat, alice, "mine")

    response = bob_client.patch(message_url(message), {"text": "yours"})

    assert response.status_code == 403
    assert response.json()["code"] == Code.MESSAGE_NOT_YOURS
    message.refresh_from_db()
    assert message.text == "mine"
    assert message.edited_at is None


def test_a_stranger_gets_404_for_a_message(make_client, alice, chat):
    message = send(chat, alice, "mine")

    response = make_client(UserFactory()).patch(message_url(message), {"text": "x"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.MESSAGE_NOT_FOUND


def test_editing_a_deleted_message_is_gone(alice_client, alice, chat):
    message = send(chat, alice, "oops")
    alice_client.delete(message_url(message))

    response = alice_client.patch(message_url(message), {"text": "back"})

    assert response.status_code == 410
    assert response.json()["code"] == Code.MESSAGE_GONE
    message.refresh_from_db()
    assert message.deleted
    assert message.text == ""


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": None}, {"text": "x" * 4001}])
def test_invalid_edits_are_a_400(alice_client, alice, chat, body):
    message = send(chat, alice, "keep")

    response = alice_client.patch(message_url(message), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.MESSAGE_UPDATE_FAILED
    message.refresh_from_db()
    assert message.text == "keep"


def test_editing_in_a_blocked_direct_chat_is_forbidden(alice_client, alice, bob, chat):
    message = send(chat, alice, "hi")
    BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.patch(message_url(message), {"text": "hey"})

    assert response.status_code == 403
    assert response.json()["code"] == Code.CHAT_BLOCKED


def test_put_is_not_allowed_on_messages(alice_client, alice, chat):
    message = send(chat, alice, "hi")

    response = alice_client.put(message_url(message), {"text": "hey"})

    assert response.status_code == 405
    assert response.json()["code"] == Code.METHOD_NOT_ALLOWED


def test_anonymous_cannot_edit(api_client, alice, chat):
    response = api_client.patch(message_url(send(chat, alice, "hi")), {"text": "x"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- deleting -------------------------------------------------------------------------


def test_the_author_deletes_a_message_leaving_a_tombstone(alice_client, bob_client, alice, chat):
    message = send(chat, alice, "regret")

    response = alice_client.delete(message_url(message))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.MESSAGE_DELETED,
        "msg": Code.MESSAGE_DELETED.msg,
        "data": None,
    }
    message.refresh_from_db()
    assert message.deleted
    tombstone = bob_client.get(messages_url(chat)).json()["data"]["results"][0]
    assert tombstone["id"] == message.pk
    assert tombstone["text"] is None
    assert tombstone["deleted"] is True


def test_another_member_cannot_delete(bob_client, alice, chat):
    message = send(chat, alice, "mine")

    response = bob_client.delete(message_url(message))

    assert response.status_code == 403
    assert response.json()["code"] == Code.MESSAGE_NOT_YOURS
    message.refresh_from_db()
    assert not message.deleted


def test_a_stranger_cannot_delete(make_client, alice, chat):
    message = send(chat, alice, "mine")

    response = make_client(UserFactory()).delete(message_url(message))

    assert response.status_code == 404
    assert response.json()["code"] == Code.MESSAGE_NOT_FOUND


def test_deleting_twice_is_gone(alice_client, alice, chat):
    message = send(chat, alice, "once")
    alice_client.delete(message_url(message))

    response = alice_client.delete(message_url(message))

    assert response.status_code == 410
    assert response.json()["code"] == Code.MESSAGE_GONE


def test_deleting_is_allowed_in_a_blocked_direct_chat(alice_client, alice, bob, chat):
    message = send(chat, alice, "hi")
    BlockFactory(blocker=bob, blocked=alice)

    assert alice_client.delete(message_url(message)).status_code == 200


def test_anonymous_cannot_delete(api_client, alice, chat):
    response = api_client.delete(message_url(send(chat, alice, "hi")))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
