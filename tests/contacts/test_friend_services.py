"""Friend services: constraints, races (PostgreSQL) and the block receiver."""

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import Block
from accounts.signals import user_blocked
from common.exceptions import ApplicationError, NotFound
from contacts.friend_services import (
    friend_request_accept,
    friend_request_cancel,
    friend_request_send,
)
from contacts.models import FriendRequest, Friendship
from contacts.selectors import are_friends
from tests.accounts.factories import UserFactory
from tests.contacts.friend_factories import FriendRequestFactory, befriend
from tests.races import run_each_together

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"
)


# --- database constraints ---------------------------------------------------------------


@pytest.mark.django_db
def test_one_friendship_per_pair_whatever_the_order(alice, bob):
    befriend(alice, bob)
    low, high = Friendship.ordered(alice.pk, bob.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        Friendship.objects.create(user_low_id=low, user_high_id=high)
    with pytest.raises(IntegrityError), transaction.atomic():
        Friendship.objects.create(user_low_id=high, user_high_id=low)  # reversed: unordered


@pytest.mark.django_db
def test_one_pending_request_per_pair_in_either_direction(alice, bob):
    FriendRequestFactory(from_user=alice, to_user=bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        FriendRequest.objects.create(from_user=bob, to_user=alice)


@pytest.mark.django_db
def test_a_request_to_oneself_is_refused_by_the_database(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        FriendRequest.objects.create(from_user=alice, to_user=alice)


# --- services ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_again_once_friends_answers_the_same_friendship(alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)
    first = friend_request_accept(request=friend_request, by=alice)

    again = friend_request_accept(request=friend_request, by=alice)

    assert again == first
    assert Friendship.objects.count() == 1


@pytest.mark.django_db
def test_accepting_a_cancelled_request_is_404(alice, bob):
    friend_request = FriendRequestFactory(from_user=bob, to_user=alice)
    friend_request_cancel(request=friend_request, by=bob)

    with pytest.raises(NotFound):
        friend_request_accept(request=friend_request, by=alice)
    assert not are_friends(alice, bob)


# --- the block receiver -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_block_ends_the_friendship_and_pending_requests_between_the_two(alice, bob):
    carol = UserFactory()
    befriend(alice, bob)
    befriend(alice, carol)
    FriendRequestFactory(from_user=carol, to_user=bob)
    dave = UserFactory()
    FriendRequestFactory(from_user=bob, to_user=dave)
    block = Block.objects.create(blocker=bob, blocked=alice)

    user_blocked.send(sender=Block, blocker=block.blocker, blocked=block.blocked)

    assert not are_friends(alice, bob)
    assert are_friends(alice, carol)
    assert FriendRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_block_removes_requests_in_both_directions(alice, bob):
    FriendRequestFactory(from_user=alice, to_user=bob)
    Block.objects.create(blocker=bob, blocked=alice)

    user_blocked.send(sender=Block, blocker=bob, blocked=alice)

    assert not FriendRequest.objects.exists()


# --- races (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_crossing_requests_leave_exactly_one_friendship():
    for _ in range(5):  # a few rounds: the race must never go wrong
        a, b = UserFactory(), UserFactory()

        results = run_each_together(
            lambda a=a, b=b: friend_request_send(by=a, to_user=b.pk),
            lambda a=a, b=b: friend_request_send(by=b, to_user=a.pk),
            catch=(ApplicationError, IntegrityError),
        )

        kinds = sorted(type(r).__name__ for r in results)
        assert kinds == ["FriendRequest", "Friendship"], results
        low, high = Friendship.ordered(a.pk, b.pk)
        assert Friendship.objects.filter(user_low_id=low, user_high_id=high).count() == 1
        assert not FriendRequest.objects.filter(from_user__in=[a, b]).exists()


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_leave_exactly_one_friendship():
    a, b = UserFactory(), UserFactory()
    friend_request = FriendRequestFactory(from_user=a, to_user=b)

    results = run_each_together(
        lambda: friend_request_accept(request=friend_request, by=b),
        lambda: friend_request_accept(request=friend_request, by=b),
        catch=(ApplicationError, IntegrityError),
    )

    assert all(isinstance(r, Friendship) for r in results), results
    assert results[0].pk == results[1].pk
    assert Friendship.objects.count() == 1
    assert not FriendRequest.objects.exists()


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_accept_racing_a_cancel_never_befriends_after_the_cancel_won():
    a, b = UserFactory(), UserFactory()
    friend_request = FriendRequestFactory(from_user=a, to_user=b)

    results = run_each_together(
        lambda: friend_request_accept(request=friend_request, by=b),
        lambda: friend_request_cancel(request=friend_request, by=a),
        catch=(ApplicationError, IntegrityError),
    )

    accepted, cancelled = results
    if isinstance(accepted, Friendship):  # the accept went first; the cancel found nothing
        assert isinstance(cancelled, NotFound)
        assert Friendship.objects.count() == 1
    else:
        assert isinstance(accepted, NotFound) and cancelled is None
        assert Friendship.objects.count() == 0
    assert not FriendRequest.objects.exists()
