"""Messages: pages, polling and sending (limits, blocks)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from common.codes import Code
from support.models import Conversation, ConversationMember, Message
from support.services import case_close
from tests.accounts.factories import UserFactory
from tests.support.factories import (
    BlockFactory,
    SupportCaseFactory,
    direct_chat,
    event_chat,
    send,
)

pytestmark = pytest.mark.django_db


def messages_url(conversation) -> str:
    return reverse("api:conversation-messages-list", args=[conversation.pk])


def message_url(message) -> str:
    return reverse("api:message-detail", args=[message.pk])


def cursor_of(url: str) -> dict:
    """The query of a `next`/`previous` link, to request it again through reverse()."""
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


@pytest.fixture
def chat(alice, bob) -> Conversation:
    return direct_chat(alice, bob)


# --- reading --------------------------------------------------------------------------


def test_a_member_reads_the_messages_oldest_first(bob_client, alice, bob, chat):
    first = send(chat, alice, "one")
    second = send(chat, bob, "two")

    response = bob_client.get(messages_url(chat))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.MESSAGES_LISTED
    assert body["data"]["next"] is None
    assert body["data"]["previous"] is None
    results = body["data"]["results"]
    assert [m["id"] for m in results] == [first.pk, second.pk]
    assert results[0] == {
        "id": first.pk,
        "conversation": chat.pk,
        "sender": {
            "id": alice.pk,
            "username": "alice",
            "first_name": "Alice",
            "last_name": alice.last_name,
            "avatar": None,
            "description": "",
            "background_color": "",
        },
        "text": "one",
        "created_at": results[0]["created_at"],
        "edited_at": None,
        "deleted": False,
    }


def test_cursor_pages_stay_stable_while_messages_arrive(alice_client, alice, bob, chat):
    sent = [send(chat, bob, f"m{i}") for i in range(5)]

    first = alice_client.get(messages_url(chat), {"page_size": 2}).json()["data"]
    send(chat, bob, "late")  # arrives between two page requests
    second = alice_client.get(messages_url(chat), cursor_of(first["next"])).json()["data"]
    third = alice_client.get(messages_url(chat), cursor_of(second["next"])).json()["data"]
    back = alice_client.get(messages_url(chat), cursor_of(second["previous"])).json()["data"]

    ids = [m["id"] for page in (first, second, third) for m in page["results"]]
    assert ids == [m.pk for m in sent] + [Message.objects.get(text="late").pk]
    assert [m["id"] for m in back["results"]] == [sent[0].pk, sent[1].pk]


def test_page_size_is_capped_at_100(alice_client, alice, bob, chat):
    Message.objects.bulk_create(
        [Message(conversation=chat, sender=bob, text=str(i)) for i in range(101)]
    )

    response = alice_client.get(messages_url(chat), {"page_size": 500})

    assert len(response.json()["data"]["results"]) == 100
    assert response.json()["data"]["next"] is not None


def test_after_returns_only_newer_messages(alice_client, alice, bob, chat):
    old = send(chat, bob, "old")
    new = [send(chat, bob, "new 1"), send(chat, alice, "new 2")]

    response = alice_client.get(messages_url(chat), {"after": old.pk})

    assert response.status_code == 200
    assert [m["id"] for m in response.json()["data"]["results"]] == [m.pk for m in new]


def test_after_the_latest_message_is_an_empty_page(alice_client, bob, chat):
    latest = send(chat, bob, "hi")

    response = alice_client.get(messages_url(chat), {"after": latest.pk})

    assert response.status_code == 200
    assert response.json()["data"]["results"] == []


def test_after_pages_with_the_cursor_too(alice_client, bob, chat):
    old = send(chat, bob, "old")
    newer = [send(chat, bob, str(i)) for i in range(3)]

    first = alice_client.get(messages_url(chat), {"after": old.pk, "page_size": 2}).json()
    second = alice_client.get(messages_url(chat), cursor_of(first["data"]["next"])).json()

    assert cursor_of(first["data"]["next"])["after"] == str(old.pk)
    ids = [m["id"] for page in (first, second) for m in page["data"]["results"]]
    assert ids == [m.pk for m in newer]


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", str(10**30)])
def test_a_bad_after_is_a_400(alice_client, chat, after):
    response = alice_client.get(messages_url(chat), {"after": after})

    assert response.status_code == 400
    assert response.json()["code"] == Code.MESSAGES_QUERY_INVALID
    assert "after" in response.json()["errors"]


def test_a_bad_cursor_is_a_400(alice_client, chat):
    response = alice_client.get(messages_url(chat), {"cursor": "garbage"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.MESSAGES_QUERY_INVALID
    assert "cursor" in response.json()["errors"]


def test_a_stranger_gets_404_for_the_messages(bob_client, alice):
    other_chat = direct_chat(alice, UserFactory())
    send(other_chat, alice, "private")

    response = bob_client.get(messages_url(other_chat))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


def test_an_unknown_conversation_is_a_404(alice_client):
    response = alice_client.get(reverse("api:conversation-messages-list", args=[10**30]))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


def test_staff_read_case_conversations_but_not_direct_ones(staff_client, alice, bob, chat):
    case = SupportCaseFactory(opened_by=alice)
    send(case.conversation, alice, "Help")

    assert staff_client.get(messages_url(case.conversation)).status_code == 200
    assert staff_client.get(messages_url(chat)).status_code == 404


def test_anonymous_cannot_read_messages(api_client, chat):
    response = api_client.get(messages_url(chat))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("after", [False, True])
def test_a_message_page_costs_the_same_queries_for_1_and_50_rows(
    alice_client, alice, bob, chat, rows, after, django_assert_num_queries
):
    marker = send(chat, alice, "start")
    for i in range(rows):
        send(chat, bob if i % 2 else alice, f"m{i}")
    params = {"page_size": 100, **({"after": marker.pk} if after else {})}

    # 1 the user of the token, 2 the page of messages with their senders, if I may
    # read the conversation (membership or staff check).
    with django_assert_num_queries(2):
        response = alice_client.get(messages_url(chat), params)

    assert response.status_code == 200
    assert len(response.json()["data"]["results"]) == rows + (0 if after else 1)


# --- sending --------------------------------------------------------------------------


def test_a_member_sends_a_message(alice_client, alice, bob, chat):
    response = alice_client.post(messages_url(chat), {"text": "  Hello Bob  "})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.MESSAGE_SENT
    message = Message.objects.get()
    assert body["data"]["id"] == message.pk
    assert body["data"]["text"] == "Hello Bob"
    assert body["data"]["sender"]["id"] == alice.pk
    assert body["data"]["conversation"] == chat.pk
    assert body["data"]["deleted"] is False
    assert message.text == "Hello Bob"
    chat.refresh_from_db()
    assert chat.last_message_id == message.pk
    assert chat.last_activity_at == message.created_at
    assert ConversationMember.objects.get(conversation=chat, user=alice).last_read_id == message.pk
    assert ConversationMember.objects.get(conversation=chat, user=bob).last_read_id == 0


def test_a_message_of_exactly_the_maximum_length_is_accepted(alice_client, chat):
    response = alice_client.post(messages_url(chat), {"text": "x" * 4000})

    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": None},
        {"text": "x" * 4001},
        {"text": ["a"]},
        {"text": {"a": 1}},
    ],
)
def test_invalid_messages_are_a_400(alice_client, chat, body):
    response = alice_client.post(messages_url(chat), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.MESSAGE_SEND_FAILED
    assert "text" in response.json()["errors"]
    assert not Message.objects.exists()


def test_the_maximum_length_is_configurable(alice_client, chat, settings):
    settings.MESSAGE_MAX_LENGTH = 10

    too_long = alice_client.post(messages_url(chat), {"text": "x" * 11})
    fits = alice_client.post(messages_url(chat), {"text": "x" * 10})

    assert too_long.status_code == 400
    assert fits.status_code == 201


def test_a_malformed_message_body_is_a_400(alice_client, chat):
    response = alice_client.post(messages_url(chat), "{", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST


def test_sending_is_rate_limited_but_reading_is_not(alice_client, chat, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "messages": "2/min"},
    }

    statuses = [alice_client.post(messages_url(chat), {"text": "hi"}).status_code for _ in range(3)]
    limited = alice_client.post(messages_url(chat), {"text": "hi"})

    assert statuses == [201, 201, 429]
    assert limited.json()["code"] == Code.THROTTLED
    assert "Retry-After" in limited
    assert Message.objects.count() == 2
    assert alice_client.get(messages_url(chat)).status_code == 200


def test_the_rate_limit_is_per_user(alice_client, bob_client, chat, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "messages": "1/min"},
    }

    assert alice_client.post(messages_url(chat), {"text": "hi"}).status_code == 201
    assert alice_client.post(messages_url(chat), {"text": "hi"}).status_code == 429
    assert bob_client.post(messages_url(chat), {"text": "hi"}).status_code == 201


def test_a_stranger_cannot_send(bob_client, alice):
    other_chat = direct_chat(alice, UserFactory())

    response = bob_client.post(messages_url(other_chat), {"text": "hi"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND
    assert not Message.objects.exists()


@pytest.mark.parametrize("blocker_is_alice", [True, False])
def test_a_blocked_pair_cannot_message_in_their_direct_chat(
    alice_client, alice, bob, chat, blocker_is_alice
):
    send(chat, bob, "before the block")
    if blocker_is_alice:
        BlockFactory(blocker=alice, blocked=bob)
    else:
        BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.post(messages_url(chat), {"text": "hi"})

    assert response.status_code == 403
    assert response.json()["code"] == Code.CHAT_BLOCKED
    assert Message.objects.count() == 1
    # The history stays readable.
    assert alice_client.get(messages_url(chat)).status_code == 200


def test_a_block_does_not_silence_an_event_chat(alice_client, alice, bob):
    group = event_chat(alice, bob)
    BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.post(messages_url(group), {"text": "hi all"})

    assert response.status_code == 201


def test_a_closed_case_accepts_no_messages(alice_client, alice, staff):
    case = SupportCaseFactory(opened_by=alice)
    case_close(case=case, by=staff)

    response = alice_client.post(messages_url(case.conversation), {"text": "hello?"})

    assert response.status_code == 410
    assert response.json()["code"] == Code.CASE_CONVERSATION_CLOSED
    assert not Message.objects.exists()


def test_staff_posting_in_a_case_join_its_conversation(staff_client, staff, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = staff_client.post(messages_url(case.conversation), {"text": "How can we help?"})

    assert response.status_code == 201
    assert ConversationMember.objects.filter(conversation=case.conversation, user=staff).exists()


def test_anonymous_cannot_send(api_client, chat):
    response = api_client.post(messages_url(chat), {"text": "hi"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
