"""Conversations: the list, one conversation, opening a direct chat, read markers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.codes import Code
from support.models import Conversation, ConversationMember
from support.selectors import conversation_page
from support.services import message_delete
from tests.accounts.factories import UserFactory
from tests.support.factories import (
    BlockFactory,
    SupportCaseFactory,
    direct_chat,
    event_chat,
    send,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:conversation-list")
DIRECT = reverse("api:conversation-direct")


def detail(conversation) -> str:
    return reverse("api:conversation-detail", args=[conversation.pk])


def read(conversation) -> str:
    return reverse("api:conversation-read", args=[conversation.pk])


# --- list -------------------------------------------------------------------------------


def test_the_list_shows_my_conversations_newest_activity_first(alice_client, alice, bob):
    carol = UserFactory()
    older = direct_chat(alice, bob)
    newer = event_chat(alice, carol, title="Picnic")
    send(older, bob, "Hi Alice")  # activity moves the older chat to the top

    response = alice_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CONVERSATIONS_LISTED
    assert body["data"]["count"] == 2
    first, second = body["data"]["results"]
    assert [first["id"], second["id"]] == [older.pk, newer.pk]
    assert first["kind"] == "direct"
    assert first["title"] == ""
    assert sorted(m["id"] for m in first["members"]) == sorted([alice.pk, bob.pk])
    assert set(first["members"][0]) == {
        "id",
        "username",
        "first_name",
        "last_name",
        "avatar",
        "description",
        "background_color",
    }
    assert first["last_message"]["text"] == "Hi Alice"
    assert first["last_message"]["sender"]["id"] == bob.pk
    assert first["unread_count"] == 1
    assert second["kind"] == "event"
    assert second["title"] == "Picnic"
    assert second["last_message"] is None
    assert second["unread_count"] == 0


def test_the_list_hides_conversations_i_am_not_in(bob_client, alice):
    carol, dave = UserFactory(), UserFactory()
    direct_chat(alice, carol)
    event_chat(alice, dave)

    response = bob_client.get(LIST)

    assert response.status_code == 200
    assert response.json()["data"]["count"] == 0


def test_the_list_filters_by_kind(alice_client, alice, bob):
    direct_chat(alice, bob)
    chat = event_chat(alice, bob)
    SupportCaseFactory(opened_by=alice)

    response = alice_client.get(LIST, {"kind": "event"})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["data"]["results"]] == [chat.pk]
    kinds = {c["kind"] for c in alice_client.get(LIST).json()["data"]["results"]}
    assert kinds == {"direct", "event", "case"}


def test_an_unknown_kind_is_a_400(alice_client):
    response = alice_client.get(LIST, {"kind": "group"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONVERSATION_FILTER_INVALID
    assert "kind" in response.json()["errors"]


def test_unread_count_skips_my_own_and_deleted_messages(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    send(chat, bob, "one")
    gone = send(chat, bob, "two")
    send(chat, bob, "three")
    message_delete(message=gone, by=bob)
    send(chat, alice, "mine")  # replying moves my marker past what came before
    send(chat, bob, "four")

    response = alice_client.get(LIST)

    assert response.json()["data"]["results"][0]["unread_count"] == 1


def test_unread_count_counts_everything_after_my_marker(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    for text in ["a", "b", "c"]:
        send(chat, bob, text)

    response = alice_client.get(LIST)

    assert response.json()["data"]["results"][0]["unread_count"] == 3


def test_anonymous_cannot_list(api_client):
    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def _many_conversations(alice, count: int) -> None:
    for _ in range(count):
        other = UserFactory()
        chat = direct_chat(alice, other)
        send(chat, other, "hi")
        send(chat, alice, "hello")
        send(chat, other, "news")


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("kind", [None, "direct"])
def test_the_list_costs_the_same_queries_for_1_and_50_rows(
    alice_client, alice, rows, kind, django_assert_num_queries
):
    _many_conversations(alice, rows)
    event_chat(alice, UserFactory())  # filtered out by ?kind=direct

    # 1 the user of the token, 2 the page of conversations with my unread count, the
    # last message with its sender, the members and the number of conversations.
    with django_assert_num_queries(2):
        response = alice_client.get(LIST, {"page_size": 100, **({"kind": kind} if kind else {})})

    assert response.status_code == 200
    results = response.json()["data"]["results"]
    shown = [r for r in results if r["kind"] == "direct"]
    assert len(shown) == rows
    assert len(results) == rows + (0 if kind else 1)
    assert all(r["unread_count"] == 1 and r["last_message"]["text"] == "news" for r in shown)


def test_the_page_reads_its_conversations_by_id_not_by_scanning_them_all(alice, bob):
    direct_chat(alice, bob)
    others = UserFactory.create_batch(2)
    direct_chat(*others)  # a conversation alice is not in

    with CaptureQueriesContext(connection) as queries:
        rows = conversation_page(user=alice, kind=None, limit=20, offset=0)

    assert len(rows) == 1
    (page,) = queries.captured_queries
    # The page's ids as an array: PostgreSQL looks each up by primary key. As
    # ``IN (<ids>)`` it hashes them against a scan of every user's conversations.
    in_page = '"support_conversation"."id" = ANY(ARRAY(SELECT'
    if connection.vendor == "postgresql":
        assert in_page in page["sql"]
    else:
        assert '"support_conversation"."id" IN (SELECT' in page["sql"]


# --- one conversation -----------------------------------------------------------------


def test_a_member_gets_the_conversation(bob_client, alice, bob):
    chat = direct_chat(alice, bob)
    send(chat, alice, "hi")

    response = bob_client.get(detail(chat))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CONVERSATION_RETRIEVED
    assert body["data"]["id"] == chat.pk
    assert body["data"]["unread_count"] == 1


@pytest.mark.parametrize("more", [0, 20])
def test_a_conversation_costs_the_same_queries_for_2_and_22_members(
    alice_client, alice, bob, more, django_assert_num_queries
):
    others = [UserFactory() for _ in range(more)]
    chat = event_chat(alice, bob, *others)
    send(chat, bob, "hi")

    # 1 the user of the token, 2 the conversation with my unread count, its last
    # message with its sender and its members.
    with django_assert_num_queries(2):
        response = alice_client.get(detail(chat))

    assert response.status_code == 200
    shown = response.json()["data"]["members"]
    assert [m["id"] for m in shown] == sorted([alice.pk, bob.pk, *(u.pk for u in others)])
    assert response.json()["data"]["last_message"]["text"] == "hi"


def test_a_stranger_gets_404_for_a_conversation(bob_client, alice):
    chat = direct_chat(alice, UserFactory())

    response = bob_client.get(detail(chat))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


def test_anonymous_cannot_get_a_conversation(api_client, alice, bob):
    response = api_client.get(detail(direct_chat(alice, bob)))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- direct ---------------------------------------------------------------------------


def test_opening_a_direct_chat_by_id_creates_it(alice_client, alice, bob):
    response = alice_client.post(DIRECT, {"user": bob.pk})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.DIRECT_CONVERSATION_CREATED
    conversation = Conversation.objects.get()
    assert body["data"]["id"] == conversation.pk
    assert body["data"]["kind"] == "direct"
    assert body["data"]["unread_count"] == 0
    assert body["data"]["last_message"] is None
    assert sorted(m["id"] for m in body["data"]["members"]) == sorted([alice.pk, bob.pk])
    assert conversation.kind == Conversation.Kind.DIRECT
    assert set(conversation.members.values_list("pk", flat=True)) == {alice.pk, bob.pk}


def test_opening_it_again_from_either_side_answers_the_same_chat(
    alice_client, bob_client, alice, bob
):
    created = alice_client.post(DIRECT, {"user": bob.pk}).json()["data"]["id"]

    again = alice_client.post(DIRECT, {"user": bob.pk})
    other_side = bob_client.post(DIRECT, {"email": "ALICE@Example.com"})

    assert again.status_code == 200
    assert again.json()["code"] == Code.DIRECT_CONVERSATION_RETRIEVED
    assert again.json()["data"]["id"] == created
    assert other_side.status_code == 200
    assert other_side.json()["data"]["id"] == created
    assert Conversation.objects.count() == 1
    assert ConversationMember.objects.count() == 2


def test_opening_a_direct_chat_by_email_ignores_case(alice_client, bob):
    response = alice_client.post(DIRECT, {"email": " Bob@EXAMPLE.com"})

    assert response.status_code == 201
    assert bob.pk in [m["id"] for m in response.json()["data"]["members"]]


def test_a_direct_chat_with_myself_is_a_400(alice_client, alice):
    response = alice_client.post(DIRECT, {"user": alice.pk})

    assert response.status_code == 400
    assert response.json()["code"] == Code.DIRECT_CONVERSATION_SELF
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("body", [{"user": 999_999}, {"email": "nobody@example.com"}])
def test_a_direct_chat_with_an_unknown_user_is_a_404(alice_client, body):
    response = alice_client.post(DIRECT, body)

    assert response.status_code == 404
    assert response.json()["code"] == Code.DIRECT_USER_NOT_FOUND
    assert not Conversation.objects.exists()


def test_a_deactivated_user_is_unknown(alice_client):
    gone = UserFactory(is_active=False)

    response = alice_client.post(DIRECT, {"user": gone.pk})

    assert response.status_code == 404
    assert response.json()["code"] == Code.DIRECT_USER_NOT_FOUND


@pytest.mark.parametrize("blocker_is_alice", [True, False])
def test_a_blocked_pair_cannot_open_a_direct_chat(alice_client, alice, bob, blocker_is_alice):
    if blocker_is_alice:
        BlockFactory(blocker=alice, blocked=bob)
    else:
        BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.post(DIRECT, {"user": bob.pk})

    assert response.status_code == 403
    assert response.json()["code"] == Code.CHAT_BLOCKED
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"user": "abc"},
        {"user": None},
        {"user": 0},
        {"user": 10**30},
        {"user": [1]},
        {"email": "not-an-email"},
        {"email": "x" * 250 + "@example.com"},
        {"user": 1, "email": "bob@example.com"},
    ],
)
def test_invalid_direct_bodies_are_a_400(alice_client, body):
    response = alice_client.post(DIRECT, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.DIRECT_CONVERSATION_INVALID
    assert not Conversation.objects.exists()


def test_a_malformed_json_body_is_a_400(alice_client):
    response = alice_client.post(DIRECT, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST


def test_anonymous_cannot_open_a_direct_chat(api_client, bob):
    response = api_client.post(DIRECT, {"user": bob.pk})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- read markers -----------------------------------------------------------------------


def test_marking_read_clears_the_unread_count(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    send(chat, bob, "one")
    last = send(chat, bob, "two")

    response = alice_client.post(read(chat))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CONVERSATION_READ
    assert body["data"] == {
        "conversation": chat.pk,
        "last_read_message": last.pk,
        "unread_count": 0,
    }
    assert ConversationMember.objects.get(conversation=chat, user=alice).last_read_id == last.pk
    assert alice_client.get(LIST).json()["data"]["results"][0]["unread_count"] == 0
    # Bob's own marker is untouched by Alice reading.
    assert ConversationMember.objects.get(conversation=chat, user=bob).last_read_id == last.pk


def test_marking_an_empty_conversation_read(alice_client, alice, bob):
    chat = direct_chat(alice, bob)

    response = alice_client.post(read(chat))

    assert response.status_code == 200
    assert response.json()["data"]["last_read_message"] is None


def test_new_messages_after_reading_are_unread(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    send(chat, bob, "one")
    alice_client.post(read(chat))
    send(chat, bob, "two")

    response = alice_client.get(LIST)

    assert response.json()["data"]["results"][0]["unread_count"] == 1


def test_a_stranger_cannot_mark_read(bob_client, alice):
    chat = direct_chat(alice, UserFactory())

    response = bob_client.post(read(chat))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND
    assert not ConversationMember.objects.filter(user__username="bob_b").exists()


def test_staff_marking_a_case_read_join_its_conversation(staff_client, staff, alice):
    case = SupportCaseFactory(opened_by=alice)
    send(case.conversation, alice, "Help")

    response = staff_client.post(read(case.conversation))

    assert response.status_code == 200
    assert ConversationMember.objects.filter(conversation=case.conversation, user=staff).exists()
    listed = staff_client.get(LIST).json()["data"]["results"]
    assert [c["id"] for c in listed] == [case.conversation.pk]


def test_anonymous_cannot_mark_read(api_client, alice, bob):
    response = api_client.post(read(direct_chat(alice, bob)))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def test_conversations_are_not_created_or_changed_directly(alice_client, alice, bob):
    """Direct chats open through /conversations/direct/, event chats with their event
    and case chats with their case: the collection itself takes no writes."""
    chat = direct_chat(alice, bob)

    created = alice_client.post(LIST, {"kind": "event", "title": "x"})
    changed = alice_client.patch(detail(chat), {"title": "x"})
    deleted = alice_client.delete(detail(chat))

    assert [created.status_code, changed.status_code, deleted.status_code] == [405, 405, 405]
    assert created.json()["code"] == Code.METHOD_NOT_ALLOWED
    assert Conversation.objects.count() == 1
