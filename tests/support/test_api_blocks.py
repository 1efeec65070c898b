"""Blocks: list, block, unblock, and what a block stops in chats."""

import pytest
from django.urls import reverse

from accounts.models import Block
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.support.factories import BlockFactory, direct_chat

pytestmark = pytest.mark.django_db

LIST = reverse("api:block-list")


def detail(user_id) -> str:
    return reverse("api:block-detail", args=[user_id])


# --- list -----------------------------------------------------------------------------


def test_i_list_the_users_i_blocked_newest_first(alice_client, alice, bob):
    carol = UserFactory()
    first = BlockFactory(blocker=alice, blocked=bob)
    BlockFactory(blocker=alice, blocked=carol)
    BlockFactory(blocker=carol, blocked=alice)  # blocks of me are not mine to list

    response = alice_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.BLOCKS_LISTED
    assert [u["id"] for u in body["data"]["results"]] == [carol.pk, bob.pk]
    assert set(body["data"]["results"][1]) == {
        "id",
        "username",
        "first_name",
        "last_name",
        "avatar",
        "description",
        "background_color",
        "blocked_at",
    }
    assert body["data"]["results"][1]["blocked_at"] is not None
    assert first.blocked == bob


def test_anonymous_cannot_list_blocks(api_client):
    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 50])
def test_the_block_list_costs_the_same_queries_for_1_and_50_rows(
    alice_client, alice, rows, django_assert_num_queries
):
    BlockFactory.create_batch(rows, blocker=alice)

    # 1 the user of the token, 2 count, 3 the page of blocked users.
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})

    assert len(response.json()["data"]["results"]) == rows


# --- block ----------------------------------------------------------------------------


def test_i_block_a_user(alice_client, alice, bob):
    response = alice_client.post(LIST, {"user": bob.pk})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.BLOCK_CREATED
    assert body["data"]["id"] == bob.pk
    assert body["data"]["username"] == "bob_b"
    assert body["data"]["blocked_at"] is not None
    assert "email" not in body["data"]
    assert Block.objects.filter(blocker=alice, blocked=bob).exists()


def test_blocking_myself_is_a_400(alice_client, alice):
    response = alice_client.post(LIST, {"user": alice.pk})

    assert response.status_code == 400
    assert response.json()["code"] == Code.BLOCK_SELF
    assert not Block.objects.exists()


@pytest.mark.parametrize("active", [True, False])
def test_blocking_an_unknown_user_is_a_404(alice_client, active):
    user_id = 999_999 if active else UserFactory(is_active=False).pk

    response = alice_client.post(LIST, {"user": user_id})

    assert response.status_code == 404
    assert response.json()["code"] == Code.BLOCK_USER_NOT_FOUND
    assert not Block.objects.exists()


def test_blocking_twice_is_a_409(alice_client, alice, bob):
    alice_client.post(LIST, {"user": bob.pk})

    response = alice_client.post(LIST, {"user": bob.pk})

    assert response.status_code == 409
    assert response.json()["code"] == Code.BLOCK_EXISTS
    assert Block.objects.count() == 1


def test_i_may_block_someone_who_blocked_me(alice_client, alice, bob):
    BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.post(LIST, {"user": bob.pk})

    assert response.status_code == 201
    assert Block.objects.count() == 2


@pytest.mark.parametrize(
    "body", [{}, {"user": "abc"}, {"user": None}, {"user": 0}, {"user": 10**30}]
)
def test_invalid_blocks_are_a_400(alice_client, body):
    response = alice_client.post(LIST, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.BLOCK_INVALID
    assert not Block.objects.exists()


def test_anonymous_cannot_block(api_client, bob):
    response = api_client.post(LIST, {"user": bob.pk})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- unblock --------------------------------------------------------------------------


def test_i_unblock_a_user(alice_client, alice, bob):
    BlockFactory(blocker=alice, blocked=bob)

    response = alice_client.delete(detail(bob.pk))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.BLOCK_REMOVED,
        "msg": Code.BLOCK_REMOVED.msg,
        "data": None,
    }
    assert not Block.objects.exists()


def test_unblocking_someone_i_did_not_block_is_a_404(alice_client, alice, bob):
    BlockFactory(blocker=bob, blocked=alice)  # their block is not mine to lift

    response = alice_client.delete(detail(bob.pk))

    assert response.status_code == 404
    assert response.json()["code"] == Code.BLOCK_NOT_FOUND
    assert Block.objects.count() == 1


def test_unblocking_an_unknown_user_is_a_404(alice_client):
    response = alice_client.delete(detail(10**30))

    assert response.status_code == 404
    assert response.json()["code"] == Code.BLOCK_NOT_FOUND


def test_anonymous_cannot_unblock(api_client, bob):
    response = api_client.delete(detail(bob.pk))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- effects on chats -----------------------------------------------------------------


def test_a_block_stops_direct_messages_until_it_is_lifted(alice_client, bob_client, alice, bob):
    chat = direct_chat(alice, bob)
    messages = reverse("api:conversation-messages-list", args=[chat.pk])
    alice_client.post(LIST, {"user": bob.pk})

    blocked_send = bob_client.post(messages, {"text": "hi"})
    blocked_open = bob_client.post(reverse("api:conversation-direct"), {"user": alice.pk})
    alice_client.delete(detail(bob.pk))
    after_unblock = bob_client.post(messages, {"text": "hi"})

    assert blocked_send.status_code == 403
    assert blocked_send.json()["code"] == Code.CHAT_BLOCKED
    assert blocked_open.status_code == 403
    assert blocked_open.json()["code"] == Code.CHAT_BLOCKED
    assert after_unblock.status_code == 201
