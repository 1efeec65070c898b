"""Factories of friend requests and friendships (the address book's are in factories.py)."""

import factory

from contacts.models import FriendRequest, Friendship
from tests.accounts.factories import UserFactory


class FriendRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FriendRequest

    from_user = factory.SubFactory(UserFactory)
    to_user = factory.SubFactory(UserFactory)


class FriendshipFactory(factory.django.DjangoModelFactory):
    """``FriendshipFactory(users=(a, b))`` stores the pair in order, whatever the order."""

    class Meta:
        model = Friendship
        exclude = ["users"]

    users = factory.LazyFunction(lambda: (UserFactory(), UserFactory()))
    user_low = factory.LazyAttribute(lambda o: min(o.users, key=lambda u: u.pk))
    user_high = factory.LazyAttribute(lambda o: max(o.users, key=lambda u: u.pk))


def befriend(a, b) -> Friendship:
    return FriendshipFactory(users=(a, b))
