"""Paging the conversation list and the message cursor: the links, the edges and the
errors clients rely on (the pages are read from rows, the links are DRF's)."""

import base64
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.support.factories import SupportCaseFactory, direct_chat, event_chat, send

pytestmark = pytest.mark.django_db

LIST = reverse("api:conversation-list")


def messages_url(conversation) -> str:
    return reverse("api:conversation-messages-list", args=[conversation.pk])


def made_up_cursor(**fields) -> str:
    return base64.b64encode(urlencode(fields).encode()).decode()


@pytest.fixture
def five_chats(alice):
    """Five direct chats of alice's, newest activity last made."""
    chats = [direct_chat(alice, UserFactory()) for _ in range(5)]
    for chat in chats:
        send(chat, chat.members.exclude(pk=alice.pk).get(), "hi")
    return chats[::-1]  # newest activity first


# --- the conversation list --------------------------------------------------------------


def test_pages_of_conversations_link_to_each_other(alice_client, five_chats):
    first = alice_client.get(LIST, {"page_size": 2}).json()["data"]
    second = alice_client.get(first["next"]).json()["data"]
    last = alice_client.get(second["next"]).json()["data"]

    assert [first["count"], second["count"], last["count"]] == [5, 5, 5]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/conversations/?page=2&page_size=2"
    assert second["previous"] == "http://testserver/api/v1/conversations/?page_size=2"
    assert last["next"] is None
    ids = [c["id"] for page in (first, second, last) for c in page["results"]]
    assert ids == [chat.pk for chat in five_chats]


def test_the_last_page_by_name(alice_client, five_chats):
    response = alice_client.get(LIST, {"page_size": 2, "page": "last"})

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["count"] == 5
    assert [c["id"] for c in data["results"]] == [five_chats[4].pk]
    assert data["next"] is None


@pytest.mark.parametrize("page", ["4", "0", "-1", "two", "1.5"])
def test_a_page_that_does_not_exist_is_a_404(alice_client, five_chats, page):
    response = alice_client.get(LIST, {"page_size": 2, "page": page})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


def test_an_empty_list_is_one_empty_page(alice_client):
    data = alice_client.get(LIST).json()["data"]

    assert data == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_count_follows_the_kind_filter(alice_client, alice, bob):
    direct_chat(alice, bob)
    event_chat(alice, bob)
    event_chat(alice, UserFactory())
    SupportCaseFactory(opened_by=alice)

    counts = {
        kind: alice_client.get(LIST, {"kind": kind, "page_size": 1}).json()["data"]["count"]
        for kind in ("direct", "event", "case", "")
    }

    assert counts == {"direct": 1, "event": 2, "case": 1, "": 4}


def test_one_conversation_with_a_kind_that_is_not_its_own_is_a_404(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    url = reverse("api:conversation-detail", args=[chat.pk])

    assert alice_client.get(url, {"kind": "direct"}).status_code == 200
    assert alice_client.get(url, {"kind": "event"}).status_code == 404
    assert alice_client.get(url, {"kind": "nope"}).status_code == 400


def test_a_huge_conversation_id_is_a_404(alice_client):
    response = alice_client.get(reverse("api:conversation-detail", args=[10**30]))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


# --- the message cursor ---------------------------------------------------------------------


def test_walking_the_cursor_forwards_and_back(alice_client, alice, bob):
    chat = direct_chat(alice, bob)
    sent = [send(chat, bob if n % 2 else alice, f"m{n}").pk for n in range(7)]

    first = alice_client.get(messages_url(chat), {"page_size": 3}).json()["data"]
    second = alice_client.get(first["next"]).json()["data"]
    third = alice_client.get(second["next"]).json()["data"]
    back = alice_client.get(third["previous"]).json()["data"]
    start = alice_client.get(back["previous"]).json()["data"]

    def ids(page):
        return [m["id"] for m in page["results"]]

    assert ids(first) + ids(second) + ids(third) == sent
    assert first["previous"] is None and third["next"] is None
    assert ids(back) == ids(second)
    assert ids(start) == ids(first)
    assert start["previous"] is None


@pytest.mark.parametrize("position", ["abc", "1e5", "1.0"])
def test_a_made_up_cursor_position_is_a_400(alice_client, alice, bob, position):
    chat = direct_chat(alice, bob)
    send(chat, bob, "hi")

    response = alice_client.get(messages_url(chat), {"cursor": made_up_cursor(p=position)})

    assert response.status_code == 400
    assert response.json()["code"] == Code.MESSAGES_QUERY_INVALID


@pytest.mark.parametrize(("position", "seen"), [(str(10**30), 0), ("-5", 1)])
def test_a_cursor_position_past_any_id_is_read_as_a_number(
    alice_client, alice, bob, position, seen
):
    chat = direct_chat(alice, bob)
    send(chat, bob, "hi")

    response = alice_client.get(messages_url(chat), {"cursor": made_up_cursor(p=position)})

    assert response.status_code == 200
    assert len(response.json()["data"]["results"]) == seen


def test_a_bad_cursor_of_a_conversation_i_cannot_read_is_a_404(bob_client, alice):
    chat = direct_chat(alice, UserFactory())

    response = bob_client.get(messages_url(chat), {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONVERSATION_NOT_FOUND


def test_an_empty_conversation_is_an_empty_page(alice_client, alice, bob):
    chat = event_chat(alice, bob)

    response = alice_client.get(messages_url(chat))

    assert response.status_code == 200
    assert response.json()["data"] == {"next": None, "previous": None, "results": []}
