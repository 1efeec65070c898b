"""Reads of friends and friend requests (API.md §4)."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from contacts.models import FriendRequest, Friendship
from contacts.selectors import friend_ids


def friends_of(user: User) -> QuerySet[User]:
    """``user``'s friends, each annotated with ``friends_since``; newest friends first.

    Two queries for a page whatever its size (count, then the rows): the friendship's
    date is a correlated subquery on the friendship's unique (low, high) index.
    """
    me = user.pk
    since = Friendship.objects.filter(
        Q(user_low_id=me, user_high_id=OuterRef("pk"))
        | Q(user_low_id=OuterRef("pk"), user_high_id=me)
    ).values("created_at")[:1]
    return (
        User.objects.filter(pk__in=friend_ids(me))
        .annotate(friends_since=Subquery(since))
        .order_by("-friends_since", "id")
    )


def friend_requests_of(user: User) -> QuerySet[FriendRequest]:
    """Pending requests ``user`` sent or received, with both users joined in."""
    return (
        FriendRequest.objects.filter(Q(from_user=user) | Q(to_user=user))
        .select_related("from_user", "to_user")
        .order_by("-created_at", "-id")
    )


def friendship_between(a: User | int, b: User | int) -> Friendship | None:
    a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
    low, high = Friendship.ordered(a_id, b_id)
    return Friendship.objects.filter(user_low_id=low, user_high_id=high).first()
