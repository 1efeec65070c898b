"""Reads of chat and support: scoped querysets with what their serializers need."""

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import private_columns
from support.models import Conversation, ConversationMember, Message, Report, SupportCase


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
    ``unread_count`` (stored on their membership), with the last message and its
    sender joined and the members prefetched into ``member_list``: one query for the
    rows and one for the members, whatever the number of rows."""
    return (
        Conversation.objects.annotate(
            mine=FilteredRelation("memberships", condition=Q(memberships__user=user))
        )
        .filter(mine__isnull=False)
        .annotate(unread_count=F("mine__unread_count"))
        .select_related("last_message__sender")
        .defer(*private_columns("last_message__sender"))
        .prefetch_related(
            # A plain list (``to_attr``): Django then skips building a queryset per row.
            Prefetch(
                "members",
                queryset=User.objects.defer(*private_columns()).order_by("id"),
                to_attr="member_list",
            )
        )
        .order_by("-last_activity_at", "-id")
    )


def message_list(*, conversation: Conversation, after: int | None = None) -> QuerySet[Message]:
    """The messages of a conversation with their senders, optionally only those with an
    id greater than ``after`` (polling). Pagination orders them by id."""
    queryset = (
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .defer(*private_columns("sender"))
    )
    if after is not None:
        queryset = queryset.filter(id__gt=after)
    return queryset


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
