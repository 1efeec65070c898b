"""GET /friends/ and DELETE /friends/{user_id}/ (API.md §4)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.codes import Code
from contacts.models import Friendship
from contacts.selectors import are_friends
from tests.accounts.factories import UserFactory
from tests.contacts.friend_factories import FriendRequestFactory, befriend

pytestmark = pytest.mark.django_db

FRIENDS = reverse("api:friends-list")


def friend_url(user_id: int) -> str:
    return reverse("api:friends-detail", kwargs={"user_id": user_id})


def test_it_lists_my_friends_as_public_profiles_with_friends_since(alice_client, alice, bob):
    friendship = befriend(alice, bob)

    response = alice_client.get(FRIENDS)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.FRIENDS_LISTED
    assert body["data"]["count"] == 1
    assert body["data"]["results"] == [
        {
            "id": bob.pk,
            "username": "bob_b",
            "first_name": "Bob",
            "last_name": bob.last_name,
            "avatar": None,
            "description": "",
            "background_color": "",
            "friends_since": friendship.created_at.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_public_profiles_never_show_email_phone_or_birthday(alice_client, alice, bob):
    befriend(alice, bob)

    result = alice_client.get(FRIENDS).json()["data"]["results"][0]

    assert not {"email", "phone_number", "birthday", "timezone"} & result.keys()


def test_friends_are_ordered_newest_friendship_first_then_by_id(alice_client, alice):
    old, new_a, new_b = UserFactory(), UserFactory(), UserFactory()
    now = timezone.now()
    for user, when in [(old, now - timedelta(days=3)), (new_b, now), (new_a, now)]:
        Friendship.objects.filter(pk=befriend(alice, user).pk).update(created_at=when)

    results = alice_client.get(FRIENDS).json()["data"]["results"]

    assert [r["id"] for r in results] == [new_a.pk, new_b.pk, old.pk]


def test_it_lists_only_my_friends_whichever_side_of_the_pair_i_am(alice_client, alice, bob):
    lower, higher = UserFactory(), UserFactory()
    befriend(alice, lower)
    befriend(higher, alice)
    befriend(bob, UserFactory())  # not mine
    FriendRequestFactory(from_user=alice, to_user=bob)  # pending is not a friend

    results = alice_client.get(FRIENDS).json()["data"]["results"]

    assert {r["id"] for r in results} == {lower.pk, higher.pk}


def test_friends_search_matches_names_and_username(alice_client, alice):
    carol = UserFactory(username="carol_c", first_name="Carol", last_name="Chen")
    befriend(alice, carol)
    befriend(alice, UserFactory(username="dave_d", first_name="Dave", last_name="Dawson"))

    results = alice_client.get(FRIENDS, {"search": "CHE"}).json()["data"]["results"]

    assert [r["id"] for r in results] == [carol.pk]


def test_friends_list_needs_authentication(api_client):
    response = api_client.get(FRIENDS)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 50])
def test_friends_list_costs_the_same_queries_at_any_size(
    alice_client, alice, rows, django_assert_num_queries
):
    for user in UserFactory.create_batch(rows):
        befriend(alice, user)

    # 1 the bearer's user, 2 count, 3 the page of users with their friends_since subquery
    with django_assert_num_queries(3):
        response = alice_client.get(FRIENDS, {"page_size": 100})

    assert response.json()["data"]["count"] == rows


def test_unfriending_ends_the_friendship_for_both(alice_client, alice, bob, make_client):
    befriend(bob, alice)

    response = alice_client.delete(friend_url(bob.pk))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.FRIEND_REMOVED,
        "msg": Code.FRIEND_REMOVED.msg,
        "data": None,
    }
    assert not are_friends(alice, bob)
    assert make_client(bob).get(FRIENDS).json()["data"]["count"] == 0


def test_unfriending_a_stranger_is_404(alice_client, alice, bob):
    befriend(bob, UserFactory())

    response = alice_client.delete(friend_url(bob.pk))

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FRIENDS
    assert Friendship.objects.count() == 1


@pytest.mark.parametrize("user_id", [0, 999999, 10**30])
def test_unfriending_an_unknown_user_is_404(alice_client, user_id):
    response = alice_client.delete(f"/api/v1/friends/{user_id}/")

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FRIENDS


def test_unfriending_needs_authentication(api_client, alice, bob):
    befriend(alice, bob)

    response = api_client.delete(friend_url(bob.pk))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert are_friends(alice, bob)


def test_the_friends_list_is_read_only(alice_client):
    response = alice_client.post(FRIENDS, {"user": 1})

    assert response.status_code == 405
    assert response.json()["code"] == Code.METHOD_NOT_ALLOWED
