"""Reads about users that other apps ask for."""

from django.db.models import Case, F, Q, When

from accounts.models import Block, User


def is_blocked(a: User | int, b: User | int) -> bool:
    """True when either user has blocked the other."""
    a_id = getattr(a, "pk", a)
    b_id = getattr(b, "pk", b)
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def blocked_user_ids(user: User | int):
    """Ids of users that ``user`` blocked or was blocked by (a subquery-friendly list)."""
    user_id = getattr(user, "pk", user)
    other = Case(When(blocker_id=user_id, then=F("blocked_id")), default=F("blocker_id"))
    return (
        Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id))
        .annotate(other_id=other)
        .values("other_id")
    )
