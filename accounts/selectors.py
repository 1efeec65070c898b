"""Reads about users that other apps ask for."""

from django.db.models import Case, F, Q, QuerySet, When

from accounts.models import Block, User

# The user columns a public profile shows (``accounts.serializers.PublicProfileSerializer``).
PUBLIC_PROFILE_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "avatar",
    "description",
    "background_color",
)


def private_columns(prefix: str = "") -> list[str]:
    """``defer()`` arguments for the user columns a public profile doesn't show.

    Lists that show users as public profiles load only the columns they need (no
    password hash, no timestamps to parse). ``prefix`` is the path to the user, e.g.
    ``"sender"`` for ``Message.objects.select_related("sender")``; empty for a
    ``User`` queryset.
    """
    lead = f"{prefix}__" if prefix else ""
    return [
        f"{lead}{field.name}"
        for field in User._meta.concrete_fields
        if field.name not in PUBLIC_PROFILE_FIELDS
    ]


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


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    """True when another account uses ``email`` (compared case-insensitively)."""
    users = User.objects.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def username_taken(username: str, *, exclude: User | None = None) -> bool:
    """True when another account uses ``username`` (compared case-insensitively)."""
    users = User.objects.filter(username__iexact=username)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def users_visible_to(user: User) -> QuerySet[User]:
    """Active users ``user`` may find and see, by id: blocks in either direction hide.

    The block check is a subquery, so a page of users costs one query whatever its size.
    """
    return User.objects.filter(is_active=True).exclude(pk__in=blocked_user_ids(user)).order_by("id")
