"""Reads of the contacts app that other apps use (friends)."""

from django.db.models import Case, F, Q, QuerySet, When

from contacts.models import Friendship


def are_friends(a, b) -> bool:
    """True when users ``a`` and ``b`` (users or ids) are friends."""
    a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
    if a_id == b_id:
        return False
    low, high = Friendship.ordered(a_id, b_id)
    return Friendship.objects.filter(user_low_id=low, user_high_id=high).exists()


def friend_ids(user) -> QuerySet:
    """A subquery-ready queryset of the ids of ``user``'s friends."""
    user_id = getattr(user, "pk", user)
    other = Case(When(user_low_id=user_id, then=F("user_high_id")), default=F("user_low_id"))
    return friendships_of(user_id).annotate(friend_id=other).values("friend_id")


def friendships_of(user) -> QuerySet:
    user_id = getattr(user, "pk", user)
    return Friendship.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))
