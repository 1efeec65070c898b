"""Writes of events, memberships, invitations and the iCal feed secret (API.md §6).

Membership changes lock the event row first, so that two members leaving at once, or an
accept racing the last member's leave, always leave a consistent event (or none).

A group event has a chat (API.md §6, §8): these services keep it in step with the
event, in the same transaction as the event's own write, through the ``support``
services: it opens with the event (or when a single event turns group), members join
and leave it with the event, it is renamed with the event and deleted with it (or when
the event turns single). A group event without a chat (its chat deleted by staff) is
left without one.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, time

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.selectors import is_blocked
from calendars.event_selectors import ONE_DAY, local_midnight, user_tz
from calendars.models import CalendarFeed, Event, EventInvite, EventMember
from calendars.models.event_sharing import new_feed_secret
from common.codes import Code
from common.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from contacts.selectors import are_friends
from support.models import Conversation
from support.services import (
    conversation_create_for_event,
    conversation_delete,
    conversation_member_add,
    conversation_member_remove,
    conversation_rename,
)


def _floating(instant: datetime, tz) -> datetime:
    """The day of ``instant`` in ``tz``, as the floating midnight all-day events store."""
    return datetime.combine(instant.astimezone(tz).date(), time.min, tzinfo=UTC)


def _apply_times(event: Event, data: dict, tz, failure: Code) -> None:
    """Set start, end and all_day from ``data``, normalising all-day events to dates.

    Values sent now are read in the user's timezone; for an event turning all-day the
    stored instants are too. An all-day event turning timed keeps its days, from
    midnight of the first to midnight after the last, in the user's timezone.
    """
    was_all_day = event.all_day if event.pk else False
    all_day = data.get("all_day", was_all_day)
    start, end = data.get("start", event.start), data.get("end", event.end)
    if all_day and not was_all_day:
        start, end = _floating(start, tz), _floating(end, tz)
    elif all_day:
        start = _floating(start, tz) if "start" in data else start
        end = _floating(end, tz) if "end" in data else end
    elif was_all_day:
        if "start" not in data:
            start = local_midnight(start.date(), tz)
        if "end" not in data:
            end = local_midnight(end.date() + ONE_DAY, tz)
    if start > end:
        raise ValidationFailed(failure, errors={"end": ["The end must not be before the start."]})
    event.start, event.end, event.all_day = start, end, all_day


_SIMPLE_FIELDS = [
    "name",
    "kind",
    "category",
    "location",
    "description",
    "related_people",
    "icon",
    "is_private",
]


# --- the chat of a group event -----------------------------------------------------------


def _chat_of(event: Event) -> Conversation | None:
    """The event's chat, or None (single events; a chat deleted by staff)."""
    if event.conversation_id is None:
        return None
    return Conversation.objects.filter(pk=event.conversation_id).first()


def _open_chat(event: Event, members: Iterable[User]) -> None:
    """Give ``event`` (not saved yet, or saved by the caller) a new chat of ``members``."""
    event.conversation = conversation_create_for_event(title=event.name, members=members)


def _close_chat(event: Event) -> None:
    """Delete the event's chat with its messages (the event goes, or turns single)."""
    chat = _chat_of(event)
    if chat is not None:
        conversation_delete(conversation=chat)
    event.conversation = None


@transaction.atomic
def event_chat_open(*, event: Event) -> Conversation | None:
    """Open the chat of a group event that has none, with its current members.

    Idempotent: an event that has a chat keeps it; a single event gets none (None).
    """
    event = _locked(event)
    if event.kind != Event.Kind.GROUP:
        return None
    chat = _chat_of(event)
    if chat is None:
        _open_chat(event, event.member_users)
        event.save(update_fields=["conversation"])
        chat = event.conversation
    return chat


@transaction.atomic
def event_chat_sync(*, event: Event) -> None:
    """Bring the event's chat in line with the event after a change made outside these
    services (the admin): a group event has a chat titled after it whose members are
    exactly the event's members; a single event has none."""
    event = _locked(event)
    if event.kind != Event.Kind.GROUP:
        if event.conversation_id is not None:
            _close_chat(event)
            event.save(update_fields=["conversation"])
        return
    chat = _chat_of(event)
    if chat is None:
        event_chat_open(event=event)
        return
    if chat.title != event.name[:200]:
        conversation_rename(conversation=chat, title=event.name)
    members = {user.pk: user for user in event.member_users}
    in_chat = set(chat.members.values_list("pk", flat=True))
    for user_id in members.keys() - in_chat:
        conversation_member_add(conversation=chat, user=members[user_id])
    for user in User.objects.filter(pk__in=in_chat - members.keys()):
        conversation_member_remove(conversation=chat, user=user)


# --- events ------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, owner: User, data: dict) -> Event:
    """Create an event; its owner is its first member, and of its chat if it is a group
    event."""
    event = Event(owner=owner, **{k: v for k, v in data.items() if k in _SIMPLE_FIELDS})
    _apply_times(event, data, user_tz(owner), Code.EVENT_CREATE_FAILED)
    if event.kind == Event.Kind.GROUP:
        _open_chat(event, [owner])
    event.save()
    EventMember.objects.create(event=event, user=owner)
    if data.get("contacts"):
        event.contacts.set(data["contacts"])
    return event


@transaction.atomic
def event_create_group(
    *,
    owner: User,
    members: Iterable[User],
    name: str,
    start: datetime,
    end: datetime,
    category: str = "",
    description: str = "",
    location: str = "",
    is_private: bool = True,
) -> Event:
    """Create a timed group event of ``owner`` and ``members`` with its chat.

    For callers other than the API (a finalized schedule's meetings); the times are
    instants, ``start <= end``. The owner is the first member; duplicates are ignored.
    """
    people = {owner.pk: owner}
    for user in members:
        people.setdefault(user.pk, user)
    event = Event(
        owner=owner,
        name=name,
        kind=Event.Kind.GROUP,
        category=category,
        description=description,
        location=location,
        is_private=is_private,
        start=start,
        end=end,
    )
    _open_chat(event, people.values())
    event.save()
    EventMember.objects.bulk_create(
        [EventMember(event=event, user=user) for user in people.values()]
    )
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: dict) -> Event:
    """The owner changes the event; every change raises its iCal ``SEQUENCE``.

    A group event with other members or pending invitations cannot become single; a
    lone one can, and loses its chat. A single event turning group gets one. Renaming
    a group event renames its chat.
    """
    event = _locked(event)
    old_kind, old_name, old_times = event.kind, event.name, (event.start, event.end)
    if data.get("kind") == Event.Kind.SINGLE and event.kind == Event.Kind.GROUP:
        crowded = (
            EventMember.objects.filter(event=event).exclude(user=event.owner_id).exists()
            or EventInvite.objects.filter(event=event).exists()
        )
        if crowded:
            raise ValidationFailed(
                Code.EVENT_UPDATE_FAILED,
                errors={"kind": ["It has other members or pending invitations."]},
            )
    for field in _SIMPLE_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    _apply_times(event, data, user_tz(by), Code.EVENT_UPDATE_FAILED)
    _follow_kind_and_name(event, old_kind=old_kind, old_name=old_name)
    event.sequence = F("sequence") + 1
    event.save()
    event.refresh_from_db(fields=["sequence", "updated_at"])
    if (event.start, event.end) != old_times:
        event_member_times_sync(event=event)
    if "contacts" in data:
        event.contacts.set(data["contacts"])
    return event


def event_member_times_sync(*, event: Event) -> None:
    """Copy the event's start and length to its memberships (``EventMember.start`` and
    ``span``, which the time-window lists search by): after every change of its times.
    """
    EventMember.objects.filter(event=event).update(start=event.start, span=event.end - event.start)


def _follow_kind_and_name(event: Event, *, old_kind: str, old_name: str) -> None:
    """Open, close or rename the chat of an event that changed kind or name."""
    if event.kind == Event.Kind.SINGLE:
        if old_kind == Event.Kind.GROUP:
            _close_chat(event)
    elif old_kind == Event.Kind.SINGLE:
        _open_chat(event, event.member_users)
    elif event.name != old_name:
        chat = _chat_of(event)
        if chat is not None:
            conversation_rename(conversation=chat, title=event.name)


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Delete the event with its memberships, invitations and chat."""
    event = _locked(event)
    _close_chat(event)
    event.delete()


def _locked(event: Event) -> Event:
    """The event's row, locked; 404 when it was deleted meanwhile."""
    locked = Event.objects.select_for_update().filter(pk=event.pk).first()
    if locked is None:
        raise NotFound(Code.EVENT_NOT_FOUND)
    return locked


@transaction.atomic
def event_leave(*, event: Event, by: User) -> Event | None:
    """``by`` leaves, and leaves the event's chat. An owner leaving hands the event
    (and its chat) to the longest-standing member (and the contacts, which were the old
    owner's, are cleared); the last member leaving deletes it with its chat. Returns
    the event, or None when it was deleted.
    """
    event = _locked(event)
    if not EventMember.objects.filter(event=event, user=by).exists():
        raise Forbidden(Code.EVENT_FORBIDDEN, "You are not a member of this event.")
    others = EventMember.objects.filter(event=event).exclude(user=by).order_by("joined_at", "id")
    successor = others.first()
    if successor is None:
        _close_chat(event)
        event.delete()
        return None
    EventMember.objects.filter(event=event, user=by).delete()
    chat = _chat_of(event)
    if chat is not None:
        conversation_member_remove(conversation=chat, user=by)
    if event.owner_id == by.pk:
        event.owner_id = successor.user_id
        event.sequence = F("sequence") + 1
        event.save(update_fields=["owner", "sequence", "updated_at"])
        event.refresh_from_db(fields=["sequence"])
        event.contacts.clear()
    return event


# --- invitations --------------------------------------------------------------------------


@transaction.atomic
def event_invite_create(*, event: Event, by: User, user_id: int) -> EventInvite:
    """A member of a group event invites one of their friends.

    400 for a single event or someone who is not ``by``'s friend, 409 when they are
    already a member or invited, 403 across a block.
    """
    if event.kind != Event.Kind.GROUP:
        raise ValidationFailed(Code.EVENT_INVITE_NOT_GROUP)
    event = _locked(event)
    invitee = User.objects.filter(pk=user_id, is_active=True).first()
    if invitee is None:
        raise ValidationFailed(Code.EVENT_INVITE_NOT_FRIEND, errors={"user": ["No such user."]})
    if EventMember.objects.filter(event=event, user=invitee).exists():
        raise Conflict(Code.EVENT_ALREADY_MEMBER)
    if EventInvite.objects.filter(event=event, to_user=invitee).exists():
        raise Conflict(Code.EVENT_ALREADY_INVITED)
    if is_blocked(by, invitee):
        raise Forbidden(Code.EVENT_INVITE_BLOCKED)
    if not are_friends(by, invitee):
        raise ValidationFailed(
            Code.EVENT_INVITE_NOT_FRIEND, errors={"user": ["Not a friend of yours."]}
        )
    return EventInvite.objects.create(event=event, from_user=by, to_user=invitee)


@transaction.atomic
def event_invite_accept(*, invite: EventInvite, by: User) -> Event:
    """The invitee joins the event and its chat; the invitation goes. Accepting twice is
    harmless."""
    if invite.to_user_id != by.pk:
        raise Forbidden(Code.EVENT_INVITE_NOT_INVITEE)
    event = _locked(invite.event)
    deleted, _ = EventInvite.objects.filter(pk=invite.pk).delete()
    member = EventMember.objects.filter(event=event, user=by).exists()
    if not deleted and not member:
        raise NotFound(Code.EVENT_INVITE_NOT_FOUND)
    if not member:
        EventMember.objects.create(event=event, user=by)
        chat = _chat_of(event)
        if chat is not None:
            conversation_member_add(conversation=chat, user=by)
    return event


def event_invite_decline(*, invite: EventInvite, by: User) -> None:
    if invite.to_user_id != by.pk:
        raise Forbidden(Code.EVENT_INVITE_NOT_INVITEE)
    invite.delete()


def event_invites_end_between(*, a: User | int, b: User | int) -> None:
    """Drop pending invitations either user sent the other (a block)."""
    a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
    EventInvite.objects.filter(from_user_id=a_id, to_user_id=b_id).delete()
    EventInvite.objects.filter(from_user_id=b_id, to_user_id=a_id).delete()


# --- the iCal feed --------------------------------------------------------------------------


def calendar_feed_get(*, user: User) -> CalendarFeed:
    """The user's feed, its secret made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """A new secret: the old feed URL stops working at once."""
    feed = calendar_feed_get(user=user)
    feed.secret = new_feed_secret()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["secret", "rotated_at"])
    return feed
