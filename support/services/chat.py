"""Writes of the chat (API.md §8): event, direct and case conversations, their members,
unread counters and messages, and the moderation desk's removal of messages.

Every function is keyword-only and raises :mod:`common.exceptions` errors carrying an
8xx response code. The ``conversation_*`` functions of the first section are the
interface the events code (``calendars``) calls to keep a group event's chat in step
with the event; ``support`` itself never imports ``calendars``.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from accounts.selectors import is_blocked
from common.codes import Code
from common.exceptions import Forbidden, Gone, NotFound, ValidationFailed
from support.models import Conversation, ConversationMember, Message, SupportCase
from support.selectors import direct_other_user_id, unread_count_of_member

# --- Event conversations (called by calendars) -----------------------------------------


def conversation_create_for_event(*, title: str, members: Iterable[User]) -> Conversation:
    """Open the chat of a group event (kind ``event``) with the event's members.

    Called by the events code when a group event is created; the event keeps the
    returned conversation. ``title`` is cut to 200 characters; duplicate members are
    ignored.
    """
    with transaction.atomic():
        conversation = Conversation.objects.create(kind=Conversation.Kind.EVENT, title=title[:200])
        unique = {user.pk: user for user in members}
        ConversationMember.objects.bulk_create(
            [_new_member(conversation, user_id=pk) for pk in unique]
        )
    return conversation


def conversation_member_add(*, conversation: Conversation, user: User) -> ConversationMember:
    """Add ``user`` to an event (or case) conversation; idempotent.

    Called when a user joins the event. A new member can read the whole history but
    starts with nothing unread: their read marker starts at the latest message.
    Direct conversations have fixed members and raise ``ValueError``.
    """
    _require_open_membership(conversation)
    with transaction.atomic():
        _lock_conversation(conversation.pk)
        member, _ = ConversationMember.objects.get_or_create(
            conversation=conversation,
            user=user,
            defaults={
                "last_read_id": lambda: _latest_message_id(conversation),
                "unread_count": 0,
                "last_activity_at": lambda: _activity(conversation.pk),
            },
        )
    return member


def conversation_member_remove(*, conversation: Conversation, user: User) -> bool:
    """Remove ``user`` from an event (or case) conversation; ``True`` if they were in it.

    Called when a user leaves the event (or is removed from it). Their messages stay.
    Direct conversations have fixed members and raise ``ValueError``.
    """
    _require_open_membership(conversation)
    deleted, _ = ConversationMember.objects.filter(conversation=conversation, user=user).delete()
    return bool(deleted)


def conversation_rename(*, conversation: Conversation, title: str) -> Conversation:
    """Change a conversation's title (the events code calls it when an event is renamed)."""
    conversation.title = title[:200]
    conversation.save(update_fields=["title"])
    return conversation


def conversation_delete(*, conversation: Conversation) -> None:
    """Delete a conversation with its members and messages (when its event is deleted)."""
    conversation.delete()


def _require_open_membership(conversation: Conversation) -> None:
    if conversation.kind == Conversation.Kind.DIRECT:
        raise ValueError("The members of a direct conversation are fixed.")


# --- Unread counters ------------------------------------------------------------------
#
# ``ConversationMember.unread_count`` is kept exact by the writes that change it, each
# in its own transaction: a message sent counts for every other member who has not read
# past it (+1, one UPDATE), the sender's marker moves past it (0); a deleted message
# leaves the counts of those who had not read it (-1); marking read and joining start
# at 0; the moderation desk and a sender's account deletion recount the conversations
# they touch. The writes that set a count rather than move it take the conversation's
# row lock first, as sending does, so that no message can slip in between reading the
# messages and writing the count.


def _lock_conversation(*conversation_ids: int) -> None:
    """Lock the conversations' rows (in id order, against deadlocks) until the commit."""
    list(
        Conversation.objects.select_for_update(no_key=True)
        .filter(pk__in=conversation_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _new_member(conversation: Conversation, **fields) -> ConversationMember:
    """A member row for a conversation just created (its activity time as it is)."""
    return ConversationMember(
        conversation=conversation, last_activity_at=conversation.last_activity_at, **fields
    )


def _activity(conversation_id: int):
    """The conversation's activity time as stored (read under its row lock, it is the
    one a joining member copies)."""
    return (
        Conversation.objects.filter(pk=conversation_id)
        .values_list("last_activity_at", flat=True)
        .get()
    )


def conversations_activity_copy(*, conversation_ids) -> None:
    """Copy each conversation's ``last_activity_at`` to its members (one UPDATE), for
    the writes that set it or add members in bulk: the moderation desk, demo and
    benchmark data. Sending keeps it up to date by itself."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return
    activity = Conversation.objects.filter(pk=OuterRef("conversation_id")).values(
        "last_activity_at"
    )
    with transaction.atomic():
        _lock_conversation(*ids)
        ConversationMember.objects.filter(conversation_id__in=ids).update(
            last_activity_at=Subquery(activity)
        )


def _latest_message_id(conversation: Conversation) -> int:
    latest = Message.objects.filter(conversation=conversation).aggregate(latest=Max("id"))
    return latest["latest"] or 0


def conversations_unread_recount(*, conversation_ids, ignoring_sender: User | None = None) -> None:
    """Recount the unread messages of every member of these conversations from their
    read markers; ``ignoring_sender``'s messages not counted (they are about to go).

    For the writes that change many messages at once: the moderation desk, a user's
    account deletion, demo and benchmark data made in bulk.
    """
    ids = sorted(set(conversation_ids))
    if not ids:
        return
    with transaction.atomic():
        _lock_conversation(*ids)
        ConversationMember.objects.filter(conversation_id__in=ids).update(
            unread_count=unread_count_of_member(ignoring_sender=ignoring_sender)
        )


def conversations_unread_forget_sender(*, sender: User) -> None:
    """Before ``sender``'s account goes (and with it, by the database's cascade, their
    messages), recount the conversations they wrote in without their messages."""
    conversation_ids = set(
        Message.objects.filter(sender=sender, deleted_at__isnull=True)
        .order_by()
        .values_list("conversation_id", flat=True)
    )
    conversations_unread_recount(conversation_ids=conversation_ids, ignoring_sender=sender)


def _count_as_unread(message: Message) -> None:
    """A new message is unread for every member but its sender (one UPDATE); the
    sender has read everything up to it."""
    members = ConversationMember.objects.filter(conversation_id=message.conversation_id)
    members.filter(last_read_id__lt=message.pk).exclude(user_id=message.sender_id).update(
        unread_count=F("unread_count") + 1
    )
    members.filter(user_id=message.sender_id, last_read_id__lt=message.pk).update(
        last_read_id=message.pk, unread_count=0
    )


def _uncount_as_unread(message: Message) -> None:
    """A message just deleted leaves the count of every member who had not read it.
    (``unread_count > 0`` only guards the column's check against rows made past the
    services, such as raw test data.)"""
    ConversationMember.objects.filter(
        conversation_id=message.conversation_id,
        last_read_id__lt=message.pk,
        unread_count__gt=0,
    ).exclude(user_id=message.sender_id).update(unread_count=F("unread_count") - 1)


# --- Direct conversations -----------------------------------------------------------


def direct_user_find(*, user_id: int | None = None, email: str | None = None) -> User:
    """The active user with this id or (case-insensitive) email, else 404."""
    users = User.objects.filter(is_active=True)
    user = (
        users.filter(pk=user_id).first()
        if user_id is not None
        else users.filter(email__iexact=(email or "").strip()).first()
    )
    if user is None:
        raise NotFound(Code.DIRECT_USER_NOT_FOUND)
    return user


def direct_conversation_get_or_create(*, user: User, other: User) -> tuple[Conversation, bool]:
    """The one direct conversation of ``user`` and ``other``, created if needed.

    Returns ``(conversation, created)``. Safe under concurrency: the unique constraint on
    the ordered pair lets exactly one insert win; a loser catches the ``IntegrityError``
    and answers with the winner's conversation. Yourself: 400; a blocked pair: 403.
    """
    if other.pk == user.pk:
        raise ValidationFailed(
            Code.DIRECT_CONVERSATION_SELF, errors={"user": [Code.DIRECT_CONVERSATION_SELF.msg]}
        )
    if is_blocked(user, other):
        raise Forbidden(Code.CHAT_BLOCKED)
    low, high = Conversation.ordered_pair(user.pk, other.pk)
    pair = {"kind": Conversation.Kind.DIRECT, "direct_low_id": low, "direct_high_id": high}
    existing = Conversation.objects.filter(**pair).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(**pair)
            ConversationMember.objects.bulk_create(
                [_new_member(conversation, user_id=low), _new_member(conversation, user_id=high)]
            )
    except IntegrityError:
        # A concurrent request created the pair's conversation first: use theirs.
        return Conversation.objects.get(**pair), False
    return conversation, True


# --- Messages -----------------------------------------------------------------------


def _check_can_write(conversation: Conversation, user: User) -> None:
    """403 in a direct chat with a block between the two; 410 in a closed case's chat."""
    other_id = direct_other_user_id(conversation, user)
    if other_id is not None and is_blocked(user, other_id):
        raise Forbidden(Code.CHAT_BLOCKED)
    if conversation.kind == Conversation.Kind.CASE:
        closed = SupportCase.objects.filter(
            conversation=conversation, status=SupportCase.Status.CLOSED
        ).exists()
        if closed:
            raise Gone(Code.CASE_CONVERSATION_CLOSED)


def _staff_join_case(conversation: Conversation, user: User) -> None:
    """Staff acting in a case conversation become members of it (list, read marker).
    The caller then moves their marker to the latest message (and their count to 0)."""
    if conversation.kind == Conversation.Kind.CASE and user.is_staff:
        ConversationMember.objects.get_or_create(
            conversation=conversation,
            user=user,
            defaults={"last_activity_at": lambda: _activity(conversation.pk)},
        )


def message_send(*, conversation: Conversation, sender: User, text: str) -> Message:
    """Post ``text`` (already validated) to ``conversation`` as ``sender``.

    The caller has checked that ``sender`` may access the conversation. Updates the
    conversation's denormalised last message and activity time (never moving them
    backwards), the other members' unread counts, and moves the sender's read marker
    past it. Sends to one conversation take turns on its row lock.
    """
    _check_can_write(conversation, sender)
    with transaction.atomic():
        _lock_conversation(conversation.pk)
        _staff_join_case(conversation, sender)
        message = Message.objects.create(conversation=conversation, sender=sender, text=text)
        moved = Conversation.objects.filter(
            Q(last_message__isnull=True) | Q(last_message_id__lt=message.pk),
            pk=conversation.pk,
        ).update(last_message=message, last_activity_at=message.created_at)
        if moved:  # the members' copies (see ConversationMember) move with it
            ConversationMember.objects.filter(conversation_id=conversation.pk).update(
                last_activity_at=message.created_at
            )
        _count_as_unread(message)
    return message


def _check_author(message: Message, user: User) -> None:
    if message.sender_id != user.pk:
        raise Forbidden(Code.MESSAGE_NOT_YOURS)
    if message.deleted:
        raise Gone(Code.MESSAGE_GONE)


def message_edit(*, message: Message, by: User, text: str) -> Message:
    """Replace the text of ``by``'s own message and set ``edited_at``.

    Another member: 403. A deleted message: 410. A direct chat with a block, or a
    closed case's chat: as for sending (403, 410).
    """
    _check_author(message, by)
    _check_can_write(message.conversation, by)
    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
        text=text, edited_at=now
    )
    if not updated:
        raise Gone(Code.MESSAGE_GONE)
    message.text, message.edited_at = text, now
    return message


def message_delete(*, message: Message, by: User) -> Message:
    """Delete ``by``'s own message, keeping a tombstone (``text`` null, deleted).

    Another member: 403. Already deleted: 410. Always allowed otherwise (also in a
    blocked direct chat or a closed case: taking back your words is never refused).
    """
    _check_author(message, by)
    now = timezone.now()
    with transaction.atomic():
        _lock_conversation(message.conversation_id)
        updated = Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            text="", deleted_at=now
        )
        if not updated:
            raise Gone(Code.MESSAGE_GONE)
        _uncount_as_unread(message)
    message.text, message.deleted_at = "", now
    return message


def conversation_mark_read(*, conversation: Conversation, user: User) -> ConversationMember:
    """Mark every message of ``conversation`` read for ``user`` (the marker only grows)
    and set their unread count to 0."""
    with transaction.atomic():
        _lock_conversation(conversation.pk)
        _staff_join_case(conversation, user)
        latest_id = _latest_message_id(conversation)
        mine = ConversationMember.objects.filter(conversation=conversation, user=user)
        mine.update(
            last_read_id=Greatest("last_read_id", Value(latest_id), output_field=BigIntegerField()),
            unread_count=0,
        )
        member = mine.first()
    if member is None:  # left the conversation meanwhile
        raise NotFound(Code.CONVERSATION_NOT_FOUND)
    return member


# --- Moderation (the Django admin desk) ---------------------------------------------


def messages_remove(*, messages) -> int:
    """Turn the given messages (a queryset) into tombstones, whoever wrote them; the
    number removed. The moderation desk's action for reported messages."""
    with transaction.atomic():
        conversation_ids = set(
            messages.filter(deleted_at__isnull=True).values_list("conversation_id", flat=True)
        )
        _lock_conversation(*conversation_ids)
        removed = messages.filter(deleted_at__isnull=True).update(
            text="", deleted_at=timezone.now()
        )
        conversations_unread_recount(conversation_ids=conversation_ids)
    return removed
