"""The Django admin of friend requests and friendships."""

import pytest
from django.test import Client

from contacts.friend_admin import FriendshipForm
from contacts.models import Friendship
from tests.accounts.factories import UserFactory
from tests.contacts.friend_factories import FriendRequestFactory, befriend

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["friendrequest", "friendship"])
def test_changelists_render_with_search_and_filters(admin_client_, model, alice, bob):
    FriendRequestFactory(from_user=alice, to_user=UserFactory())
    befriend(alice, bob)

    response = admin_client_.get(f"/admin/contacts/{model}/", {"q": "alice"})

    assert response.status_code == 200
    assert b"alice" in response.content


def test_the_friendship_form_stores_the_pair_in_order(alice, bob):
    high, low = (alice, bob) if alice.pk > bob.pk else (bob, alice)

    form = FriendshipForm(data={"user_low": high.pk, "user_high": low.pk})

    assert form.is_valid(), form.errors
    friendship = form.save()
    assert (friendship.user_low, friendship.user_high) == (low, high)


def test_the_friendship_form_refuses_a_self_friendship(alice):
    form = FriendshipForm(data={"user_low": alice.pk, "user_high": alice.pk})

    assert not form.is_valid()
    assert Friendship.objects.count() == 0
