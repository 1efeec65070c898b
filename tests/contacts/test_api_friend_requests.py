"""/friend-requests/: list, send, accept, decline, cancel (API.md §4)."""

import pytest
from django.urls import reverse

from accounts.models import Block
from common.codes import Code
from contacts.models import FriendRequest, Friendship
from contacts.selectors import are_friends
from tests.accounts.factories import UserFactory
from tests.contacts.friend_factories import FriendRequestFactory, befriend

pytestmark = pytest.mark.django_db

REQUESTS = reverse("api:friend-requests-list")


def accept_url(pk: int) -> str:
    return reverse("api:friend-requests-accept", kwargs={"pk": pk})


def decline_url(pk: int) -> str:
    return reverse("api:friend-requests-decline", kwargs={"pk": pk})


def request_url(pk: int) -> str:
    return reverse("api:friend-requests-detail", kwargs={"pk": pk})


# --- list -------------------------------------------------------------------------------


def test_it_lists_incoming_requests_by_default(alice_client, alice, bob):
    incoming = FriendRequestFactory(from_user=bob, to_user=alice)
    FriendRequestFactory(from_user=alice, to_user=UserFactory())  # outgoing
    FriendRequestFactory(from_user=bob, to_user=UserFactory())  # not mine at all

    response = alice_client.get(REQUESTS)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.FRIEND_REQUESTS_LISTED
    assert body["data"]["count"] == 1
    result = body["data"]["results"][0]
    assert result["id"] == incoming.pk
    assert result["from_user"]["id"] == bob.pk
    assert result["from_user"]["username"] == "bob_b"
    assert result["to_user"]["id"] == alice.pk
    assert "email" not in result["from_user"]
    assert set(result) == {"id", "from_user", "to_user", "created_at"}


def test_it_lists_outgoing_requests_on_demand(alice_client, alice, bob):
    FriendRequestFactory(from_user=bob, to_user=alice)
    outgoing = FriendRequestFactory(from_user=alice, to_user=UserFactory())

    body = alice_client.get(REQUESTS, {"direction": "outgoing"}).json()

    assert [r["id"] for r in body["data"]["results"]] == [outgoing.pk]


def test_an_unknown_direction_is_400(alice_client):
    response = alice_client.get(REQUESTS, {"direction": "sideways"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.VALIDATION_ERROR
    assert "direction" in response.json()["errors"]


def test_requests_are_listed_newest_first(alice_client, alice):
    first = FriendRequestFactory(to_user=alice)
    second = FriendRequestFactory(to_user=alice)

    results = alice_client.get(REQUESTS).json()["data"]["results"]

    assert [r["id"] for r in results] == [second.pk, first.pk]


def test_listing_requests_needs_authentication(api_client):
    response = api_client.get(REQUESTS)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 50])
def test_request_list_costs_the_same_queries_at_any_size(
    alice_client, alice, rows, django_assert_num_queries
):
    FriendRequestFactory.create_batch(rows, to_user=alice)

    # 1 the bearer's user, 2 count, 3 the page joined with both users
    with django_assert_num_queries(3):
        response = alice_client.get(REQUESTS, {"page_size": 100})

    assert response.json()["data"]["count"] == rows


# --- send -------------------------------------------------------------------------------


def test_sending_a_request_by_id_creates_it(alice_client, alice, bob):
    response = alice_client.post(REQUESTS, {"to_user": bob.pk})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.FRIEND_REQUEST_SENT
    created = FriendRequest.objects.get()
    assert (created.from_user, created.to_user) == (alice, bob)
    assert body["data"]["id"] == created.pk
    assert body["data"]["from_user"]["id"] == alice.pk
    assert body["data"]["to_user"]["id"] == bob.pk


def test_sending_a_request_by_username_ignores_case(alice_client, alice, bob):
    response = alice_client.post(REQUESTS, {"username": "Bob_B"})

    assert response.status_code == 201
    assert FriendRequest.objects.filter(from_user=alice, to_user=bob).exists()


def test_id_and_username_together_must_name_the_same_user(alice_client, bob):
    other = UserFactory()

    agreeing = alice_client.post(REQUESTS, {"to_user": bob.pk, "username": "bob_b"})
    clashing = alice_client.post(REQUESTS, {"to_user": other.pk, "username": "bob_b"})

    assert agreeing.status_code == 201
    assert clashing.status_code == 400
    assert clashing.json()["code"] == Code.FRIEND_REQUEST_INVALID
    assert "username" in clashing.json()["errors"]
    assert FriendRequest.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"to_user": "abc"},
        {"to_user": None},
        {"to_user": -1},
        {"to_user": 0},
        {"to_user": 2**70},
        {"to_user": [1]},
        {"to_user": {"id": 1}},
        {"to_user": 1.5},
        {"username": ""},
        {"username": "x" * 151},
        {"username": ["bob_b"]},
    ],
)
def test_bad_send_bodies_are_400_and_change_nothing(alice_client, bob, body):
    response = alice_client.post(REQUESTS, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.FRIEND_REQUEST_INVALID
    assert response.json()["errors"]
    assert FriendRequest.objects.count() == 0


def test_a_malformed_json_body_is_400(alice_client):
    response = alice_client.post(REQUESTS, '{"to_user": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST


def test_asking_yourself_is_400(alice_client, alice):
    response = alice_client.post(REQUESTS, {"to_user": alice.pk})

    assert response.status_code == 400
    assert response.json()["code"] == Code.FRIEND_REQUEST_SELF
    assert FriendRequest.objects.count() == 0


@pytest.mark.parametrize("body", [{"to_user": 999999}, {"username": "nobody_here"}])
def test_asking_an_unknown_user_is_404(alice_client, body):
    response = alice_client.post(REQUESTS, body)

    assert response.status_code == 404
    assert response.json()["code"] == Code.FRIEND_REQUEST_USER_NOT_FOUND


def test_asking_an_inactive_user_is_404(alice_client):
    gone = UserFactory(is_active=False)

    response = alice_client.post(REQUESTS, {"to_user": gone.pk})

    assert response.status_code == 404
    assert FriendRequest.objects.count() == 0


def test_asking_a_friend_is_409(alice_client, alice, bob):
    befriend(alice, bob)

    response = alice_client.post(REQUESTS, {"to_user": bob.pk})

    assert response.status_code == 409
    assert response.json()["code"] == Code.ALREADY_FRIENDS
    assert FriendRequest.objects.count() == 0


def test_asking_twice_is_409(alice_client, alice, bob):
    FriendRequestFactory(from_user=alice, to_user=bob)

    response = alice_client.post(REQUESTS, {"username": "bob_b"})

    assert response.status_code == 409
    assert response.json()["code"] == Code.FRIEND_REQUEST_EXISTS
    assert FriendRequest.objects.count() == 1


def test_asking_someone_who_asked_you_makes_you_friends(alice_client, alice, bob):
    FriendRequestFactory(from_user=bob, to_user=alice)

    response = alice_client.post(REQUESTS, {"to_user": bob.pk})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.FRIEND_REQUEST_MUTUAL
    assert body["data"]["id"] == bob.pk
    assert body["data"]["friends_since"]
    assert are_friends(alice, bob)
    assert FriendRequest.objects.count() == 0


@pytest.mark.parametrize("alice_blocks", [True, False])
def test_no_requests_across_a_block(alice_client, alice, bob, alice_blocks):
    blocker, blocked = (alice, bob) if alice_blocks else (bob, alice)
    Block.objects.create(blocker=blocker, blocked=blocked)

    response = alice_client.post(REQUESTS, {"to_user": bob.pk})

    assert response.status_code == 403
    assert response.json()["code"] == Code.FRIEND_REQUEST_BLOCKED
    assert FriendRequest.objects.count() == 0


def test_sending_needs_authentication(api_client, bob):
    response = api_client.post(REQUESTS, {"to_user": bob.pk})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert FriendRequest.objects.count() == 0


# --- accept -----------------------------------------------------------------------------


def test_the_receiver_accepts(alice_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)

    response = alice_client.post(accept_url(friend_request.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.FRIEND_REQUEST_ACCEPTED
    assert body["data"]["id"] == bob.pk
    assert body["data"]["friends_since"]
    assert are_friends(alice, bob)
    assert Friendship.objects.count() == 1
    assert not FriendRequest.objects.exists()


def test_the_sender_cannot_accept_their_own_request(alice_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=alice, to_user=bob)

    response = alice_client.post(accept_url(friend_request.pk))

    assert response.status_code == 403
    assert response.json()["code"] == Code.FRIEND_REQUEST_NOT_RECEIVER
    assert not are_friends(alice, bob)
    assert FriendRequest.objects.count() == 1


def test_strangers_do_not_see_a_request(alice_client, bob):
    friend_request = FriendRequestFactory(from_user=bob)

    for url in (accept_url(friend_request.pk), decline_url(friend_request.pk)):
        response = alice_client.post(url)
        assert response.status_code == 404
        assert response.json()["code"] == Code.FRIEND_REQUEST_NOT_FOUND
    response = alice_client.delete(request_url(friend_request.pk))
    assert response.status_code == 404
    assert FriendRequest.objects.count() == 1
    assert Friendship.objects.count() == 0


def test_an_unknown_request_is_404(alice_client):
    response = alice_client.post(accept_url(424242))

    assert response.status_code == 404
    assert response.json()["code"] == Code.FRIEND_REQUEST_NOT_FOUND


def test_accepting_needs_authentication(api_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)

    response = api_client.post(accept_url(friend_request.pk))

    assert response.status_code == 401
    assert not are_friends(alice, bob)


# --- decline and cancel -----------------------------------------------------------------


def test_the_receiver_declines_and_the_sender_may_ask_again(alice_client, bob_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)

    response = alice_client.post(decline_url(friend_request.pk))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.FRIEND_REQUEST_DECLINED,
        "msg": Code.FRIEND_REQUEST_DECLINED.msg,
        "data": None,
    }
    assert not FriendRequest.objects.exists()
    assert not are_friends(alice, bob)
    assert bob_client.post(REQUESTS, {"to_user": alice.pk}).status_code == 201


def test_the_sender_cannot_decline(alice_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=alice, to_user=bob)

    response = alice_client.post(decline_url(friend_request.pk))

    assert response.status_code == 403
    assert response.json()["code"] == Code.FRIEND_REQUEST_NOT_RECEIVER
    assert FriendRequest.objects.count() == 1


def test_the_sender_cancels(alice_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=alice, to_user=bob)

    response = alice_client.delete(request_url(friend_request.pk))

    assert response.status_code == 200
    assert response.json()["code"] == Code.FRIEND_REQUEST_CANCELLED
    assert response.json()["data"] is None
    assert not FriendRequest.objects.exists()


def test_the_receiver_cannot_cancel(alice_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)

    response = alice_client.delete(request_url(friend_request.pk))

    assert response.status_code == 403
    assert response.json()["code"] == Code.FRIEND_REQUEST_NOT_SENDER
    assert FriendRequest.objects.count() == 1


def test_declining_and_cancelling_need_authentication(api_client, alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)

    assert api_client.post(decline_url(friend_request.pk)).status_code == 401
    assert api_client.delete(request_url(friend_request.pk)).status_code == 401
    assert FriendRequest.objects.count() == 1
