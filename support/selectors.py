"""Reads of chat and support: scoped querysets with what their serializers need."""

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import PUBLIC_PROFILE_FIELDS
from common.compiled import COUNT, CompiledQuery, CountColumn, Param, in_page
from common.ids import MAX_ID
from common.rows import JsonRows, values_rows
from common.serializers import in_utc
from support.models import Conversation, ConversationMember, Message, Report, SupportCase
from support.rows import DATETIMES


def conversations_accessible_to(user: User) -> QuerySet[Conversation]:
    """Conversations whose messages ``user`` may read and write: those they are a member
    of and, for staff, every support-case conversation."""
    membership = ConversationMember.objects.filter(conversation=OuterRef("pk"), user=user)
    condition = Q(Exists(membership))
    if user.is_staff:
        condition |= Q(kind=Conversation.Kind.CASE)
    return Conversation.objects.filter(condition)


def unread_count_of_member(*, ignoring_sender: User | None = None):
    """An expression, on ``ConversationMember`` rows, of the member's unread messages
    counted afresh: those after their read marker that others sent and that are not
    deleted (``ignoring_sender``'s not counted either). What ``unread_count`` stores."""
    messages = Message.objects.filter(
        conversation=OuterRef("conversation"),
        id__gt=OuterRef("last_read_id"),
        deleted_at__isnull=True,
    ).exclude(sender=OuterRef("user"))
    if ignoring_sender is not None:
        messages = messages.exclude(sender=ignoring_sender)
    count = messages.order_by().values("conversation").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def conversation_list(*, user: User) -> QuerySet[Conversation]:
    """``user``'s conversations, newest activity first, each annotated with their
    ``unread_count`` (stored on their membership). Read as rows by
    :func:`conversation_rows`."""
    return (
        Conversation.objects.annotate(
            mine=FilteredRelation("memberships", condition=Q(memberships__user=user))
        )
        .filter(mine__isnull=False)
        .annotate(unread_count=F("mine__unread_count"))
        .order_by("-last_activity_at", "-id")
    )


def _profile(prefix: str) -> list[str]:
    return [f"{prefix}__{field}" for field in PUBLIC_PROFILE_FIELDS]


# The columns of a message row, its sender's public profile last (``MESSAGE_SENDER``).
MESSAGE_COLUMNS = ("id", "conversation_id", "text", "created_at", "edited_at", "deleted_at")
MESSAGE_SENDER = slice(len(MESSAGE_COLUMNS), len(MESSAGE_COLUMNS) + len(PUBLIC_PROFILE_FIELDS))

# The columns of a conversation row: the conversation and the member's unread count
# (``CONVERSATION_COLUMNS``), then its last message as a message row (``LAST_MESSAGE``,
# all None when there is none), then its members (``MEMBERS``, a JSON text).
CONVERSATION_COLUMNS = ("id", "kind", "title", "unread_count", "last_activity_at", "created_at")
LAST_MESSAGE = slice(len(CONVERSATION_COLUMNS), len(CONVERSATION_COLUMNS) + MESSAGE_SENDER.stop)
MEMBERS = LAST_MESSAGE.stop

# [[user id, username, ... (PUBLIC_PROFILE_FIELDS)], ...] by user id: the members' public
# profiles, from the (conversation, user) index, as a JSON list in the conversation's row.
# It comes as the JSON's text (a text field has no converter): the representation
# parses it with orjson, several times faster than JSONField's json.loads.
_MEMBER_ROWS = ExpressionWrapper(
    JsonRows(
        lambda conversation: ConversationMember.objects.filter(conversation=conversation).order_by(
            "user_id"
        ),
        *_profile("user"),
    ),
    output_field=TextField(),
)


def conversation_rows(conversations: QuerySet[Conversation], *, utc_text: bool) -> QuerySet:
    """Rows (tuples) of ``conversations`` (a :func:`conversation_list` queryset) with
    the last message and its sender joined and the members' profiles, in the columns
    above: one query, whatever the number of rows. ``utc_text``: the datetimes as
    DRF's UTC text (``support.rows``)."""
    last = [f"last_message__{column}" for column in MESSAGE_COLUMNS]
    columns = (*CONVERSATION_COLUMNS, *last, *_profile("last_message__sender"), "member_rows")
    rows = conversations.annotate(member_rows=_MEMBER_ROWS)
    return values_rows(rows, columns, utc_text, DATETIMES)


_USER = User._meta.pk
_CONVERSATION = Conversation._meta.pk
_KIND = Conversation._meta.get_field("kind")
_MESSAGE = Message._meta.pk


def _memberships(kind: bool) -> QuerySet:
    """The conversation ids of the ``user`` placeholder's memberships (in conversations
    of the ``kind`` placeholder's kind), in the list's order: by the members' copies
    of the activity times, off the (user, activity, conversation) index."""
    mine = ConversationMember.objects.filter(user=Param("user", _USER))
    if kind:
        mine = mine.filter(conversation__kind=Param("kind", _KIND))
    return mine.order_by("-last_activity_at", "-conversation_id").values_list("conversation_id")


_PAGE_IDS = CompiledQuery(_memberships)
_ALL_IDS = CompiledQuery(lambda kind: _memberships(kind).order_by())


def _conversation_page(shape: tuple[bool, bool]) -> QuerySet:
    kind, utc_text = shape
    # The page's conversations first (LIMIT/OFFSET on the members' index), then their
    # last messages, senders and members: joined for the rows of the page only. The
    # page's ids as an array (``in_page``): with ``IN (<ids>)`` PostgreSQL hashes them
    # against a scan of every conversation of every user.
    page = RawSQL(*_PAGE_IDS.subquery(kind, sliced=True))  # noqa: S611 - Django's SQL
    every, params = _ALL_IDS.subquery(kind)
    total = CountColumn(RawSQL(COUNT.format(every), params))  # noqa: S611
    conversations = conversation_list(user=Param("user", _USER)).filter(in_page(page))
    return conversation_rows(conversations, utc_text=utc_text).annotate(total=total)


_CONVERSATION_PAGE = CompiledQuery(_conversation_page)


def conversation_page(*, user: User, kind: str | None, limit: int, offset: int) -> list[tuple]:
    """A page of :func:`conversation_rows` of ``user``'s conversations (of ``kind``),
    each with the number of those conversations as one more last column (a subquery
    PostgreSQL runs once); the datetimes as text when the current time zone is UTC."""
    values = {"user": user.pk, "kind": kind, "limit": limit, "offset": offset}
    return _CONVERSATION_PAGE.rows((kind is not None, in_utc()), values)


def _message_page(shape: tuple[bool, bool, bool, bool, bool]) -> QuerySet:
    staff, descending, after, beyond, utc_text = shape
    conversation = Param("conversation", _CONVERSATION)
    membership = ConversationMember.objects.filter(
        conversation=conversation, user=Param("user", _USER)
    )
    access = Q(Exists(membership))
    if staff:
        case = Conversation.objects.filter(pk=conversation, kind=Conversation.Kind.CASE)
        access |= Q(Exists(case))
    rows = Message.objects.filter(access, conversation=conversation)
    if after:
        rows = rows.filter(id__gt=Param("after", _MESSAGE))
    if beyond:
        position = Param("beyond", _MESSAGE)
        rows = rows.filter(id__lt=position) if descending else rows.filter(id__gt=position)
    rows = rows.order_by("-id" if descending else "id")
    return values_rows(rows, (*MESSAGE_COLUMNS, *_profile("sender")), utc_text, DATETIMES)


_MESSAGE_PAGE = CompiledQuery(_message_page)


def message_page(
    *,
    user: User,
    conversation_id: int,
    after: int | None = None,
    beyond: int | None = None,
    descending: bool = False,
    limit: int,
    offset: int = 0,
) -> list[tuple]:
    """Message rows (``MESSAGE_COLUMNS``, then the sender's public profile) of a
    conversation ``user`` may access (see :func:`conversations_accessible_to`), by id
    (``descending`` or not), sliced by ``limit`` and ``offset``: only those with an id
    greater than ``after`` (polling), and past the position ``beyond`` in that order
    (the cursor's).

    The access check is part of the query: no rows for a conversation ``user`` may
    not read (the caller tells that from an empty conversation when a page is empty).
    The check names constants only, so PostgreSQL runs it once, before it walks the
    ``(conversation, id)`` index. The datetimes come as text when the current time
    zone is UTC (``support.rows``).
    """
    if conversation_id > MAX_ID:  # no such row, and too large a number for the database
        return []
    shape = (user.is_staff, descending, after is not None, beyond is not None, in_utc())
    values = {"user": user.pk, "conversation": conversation_id, "after": after, "beyond": beyond}
    return _MESSAGE_PAGE.rows(shape, values, limit=limit, offset=offset)


def messages_accessible_to(user: User) -> QuerySet[Message]:
    """Messages in conversations ``user`` may access (see :func:`conversations_accessible_to`)."""
    return Message.objects.filter(
        conversation__in=conversations_accessible_to(user).values("pk")
    ).select_related("sender", "conversation")


def case_list(*, user: User) -> QuerySet[SupportCase]:
    """Support cases ``user`` may see: staff see all, others their own."""
    queryset = SupportCase.objects.select_related("opened_by")
    if not user.is_staff:
        queryset = queryset.filter(opened_by=user)
    return queryset.order_by("-created_at", "-id")


def report_list() -> QuerySet[Report]:
    """Every report, newest first, with reporter and resolver joined (staff only)."""
    return Report.objects.select_related("reporter", "resolved_by").order_by("-created_at", "-id")


def blocked_users(*, user: User) -> QuerySet[User]:
    """The users ``user`` blocked, newest block first, annotated with ``blocked_at``."""
    return (
        User.objects.filter(blocks_received__blocker=user)
        # Reuses the join of the filter above: the time of this blocker's block.
        .annotate(blocked_at=F("blocks_received__created_at"))
        .order_by("-blocked_at", "-id")
    )


def direct_other_user_id(conversation: Conversation, user: User) -> int | None:
    """The other user of a direct conversation (``None`` for other kinds)."""
    if conversation.kind != Conversation.Kind.DIRECT:
        return None
    if conversation.direct_low_id == user.pk:
        return conversation.direct_high_id
    return conversation.direct_low_id
