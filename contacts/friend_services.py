"""Writes of friends and friend requests (API.md §4).

Every write between two users first locks both user rows, lower id first
(:func:`_lock_pair`). That serialises everything that concerns one pair, so two
crossing requests, two simultaneous accepts or an accept racing a cancel all end in
exactly one friendship or none; the unique (low, high) constraint on ``Friendship`` and
the one-request-per-pair constraint on ``FriendRequest`` hold the line in the database
as well. SQLite has no row locks, but its write transactions are already serial.
"""

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from accounts.selectors import is_blocked
from common.codes import Code
from common.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from contacts.models import FriendRequest, Friendship
from contacts.selectors import are_friends


def _lock_pair(a_id: int, b_id: int) -> None:
    """Lock both users' rows (FOR NO KEY UPDATE, in id order, so never a deadlock)."""
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=[a_id, b_id])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _requests_between(a_id: int, b_id: int):
    return FriendRequest.objects.filter(
        Q(from_user_id=a_id, to_user_id=b_id) | Q(from_user_id=b_id, to_user_id=a_id)
    )


def _befriend(a_id: int, b_id: int) -> Friendship:
    """The pair's friendship, made if missing; their pending requests are gone after.

    ``get_or_create`` on the ordered pair: should another transaction win the insert,
    the unique constraint refuses ours and the existing row is returned.
    """
    low, high = Friendship.ordered(a_id, b_id)
    friendship, _ = Friendship.objects.get_or_create(user_low_id=low, user_high_id=high)
    _requests_between(a_id, b_id).delete()
    return friendship


def _resolve_user(*, to_user: int | None, username: str | None) -> User:
    users = User.objects.filter(is_active=True)
    if to_user is not None:
        user = users.filter(pk=to_user).first()
        if user is not None and username is not None and user.username != username.lower():
            raise ValidationFailed(
                Code.FRIEND_REQUEST_INVALID,
                errors={"username": ["This is not the username of to_user."]},
            )
    else:
        user = users.filter(username=(username or "").strip().lower()).first()
    if user is None:
        raise NotFound(Code.FRIEND_REQUEST_USER_NOT_FOUND)
    return user


def friend_request_send(
    *, by: User, to_user: int | None = None, username: str | None = None
) -> FriendRequest | Friendship:
    """Ask a user (by id or username) to be friends.

    Returns the new pending request, or, when that user had already asked ``by``, the
    friendship their request turned into. Raises 404 for an unknown user, 400 for
    yourself, 403 across a block, 409 when already friends or already asked.
    """
    target = _resolve_user(to_user=to_user, username=username)
    if target.pk == by.pk:
        raise ValidationFailed(
            Code.FRIEND_REQUEST_SELF, errors={"to_user": ["You cannot befriend yourself."]}
        )
    if is_blocked(by, target):
        raise Forbidden(Code.FRIEND_REQUEST_BLOCKED)
    with transaction.atomic():
        _lock_pair(by.pk, target.pk)
        if are_friends(by, target):
            raise Conflict(Code.ALREADY_FRIENDS)
        pending = _requests_between(by.pk, target.pk).first()
        if pending is not None and pending.from_user_id == by.pk:
            raise Conflict(Code.FRIEND_REQUEST_EXISTS)
        if pending is not None:
            return _befriend(by.pk, target.pk)
        return FriendRequest.objects.create(from_user=by, to_user=target)


def friend_request_accept(*, request: FriendRequest, by: User) -> Friendship:
    """The receiver accepts: the pair become friends and the request goes.

    Accepting again once friends (two taps, two devices) answers the same friendship.
    """
    if request.to_user_id != by.pk:
        raise Forbidden(Code.FRIEND_REQUEST_NOT_RECEIVER)
    with transaction.atomic():
        _lock_pair(request.from_user_id, request.to_user_id)
        if not FriendRequest.objects.filter(pk=request.pk).exists():
            # Accepted, declined or cancelled meanwhile: only a friendship makes it a success.
            if are_friends(request.from_user_id, request.to_user_id):
                return _befriend(request.from_user_id, request.to_user_id)
            raise NotFound(Code.FRIEND_REQUEST_NOT_FOUND)
        return _befriend(request.from_user_id, request.to_user_id)


def _withdraw(request: FriendRequest) -> None:
    """Delete a pending request under the pair lock (so it cannot race an accept)."""
    with transaction.atomic():
        _lock_pair(request.from_user_id, request.to_user_id)
        deleted, _ = FriendRequest.objects.filter(pk=request.pk).delete()
    if not deleted:
        raise NotFound(Code.FRIEND_REQUEST_NOT_FOUND)


def friend_request_decline(*, request: FriendRequest, by: User) -> None:
    """The receiver declines: the request is deleted, the sender may ask again."""
    if request.to_user_id != by.pk:
        raise Forbidden(Code.FRIEND_REQUEST_NOT_RECEIVER)
    _withdraw(request)


def friend_request_cancel(*, request: FriendRequest, by: User) -> None:
    """The sender takes the request back."""
    if request.from_user_id != by.pk:
        raise Forbidden(Code.FRIEND_REQUEST_NOT_SENDER)
    _withdraw(request)


def friendship_delete(*, user: User, other_id: int) -> None:
    """Unfriend; 404 when the two are not friends."""
    if not 0 < other_id < 2**63:  # not an id at all (and beyond what SQLite binds)
        raise NotFound(Code.NOT_FRIENDS)
    low, high = Friendship.ordered(user.pk, other_id)
    deleted, _ = Friendship.objects.filter(user_low_id=low, user_high_id=high).delete()
    if not deleted:
        raise NotFound(Code.NOT_FRIENDS)


def friendship_end_between(*, a: User | int, b: User | int) -> None:
    """End whatever links two users: their friendship and pending requests (a block)."""
    a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
    low, high = Friendship.ordered(a_id, b_id)
    with transaction.atomic():
        _lock_pair(a_id, b_id)
        Friendship.objects.filter(user_low_id=low, user_high_id=high).delete()
        _requests_between(a_id, b_id).delete()
