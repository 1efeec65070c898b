"""Conversations, their members and their messages."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Conversation(models.Model):
    """A chat of three kinds: ``direct`` (two users), ``event`` (a group event's members)
    and ``case`` (a support case's opener, and staff).

    A direct conversation stores its two users as an ordered pair (``direct_low_id <
    direct_high_id``); a conditional unique constraint on that pair makes "one direct
    conversation per pair of users" hold in the database, whatever the order or timing
    of the requests that open it. Other kinds leave the pair empty.

    ``last_message`` and ``last_activity_at`` are denormalised by the message-sending
    service so the conversation list can sort by activity and show the latest message
    without a query per row. ``last_activity_at`` starts at creation time.
    """

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        EVENT = "event", "Event"
        CASE = "case", "Support case"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ConversationMember", related_name="conversations"
    )
    direct_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    direct_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="support_conv_activity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["direct_low", "direct_high"],
                condition=Q(kind="direct"),
                name="support_direct_pair_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="direct",
                        direct_low__isnull=False,
                        direct_high__isnull=False,
                        direct_low__lt=F("direct_high"),
                    )
                    | (~Q(kind="direct") & Q(direct_low__isnull=True, direct_high__isnull=True))
                ),
                name="support_direct_pair_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["direct", "event", "case"]), name="support_conv_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} conversation #{self.pk}"

    @staticmethod
    def ordered_pair(a_id: int, b_id: int) -> tuple[int, int]:
        """The ``(direct_low_id, direct_high_id)`` of two users."""
        return (a_id, b_id) if a_id < b_id else (b_id, a_id)


class ConversationMember(models.Model):
    """A user in a conversation, with their read marker and unread counter.

    ``last_read_id`` is a watermark in the message id sequence: every message of the
    conversation with a greater id is unread for this member (their own and deleted
    messages aside). It is a position, not a reference, so it survives the deletion of
    the message it was taken from; it only ever grows.

    ``unread_count`` is that number of unread messages, stored so the conversation list
    needs no count per row. Every write that changes it keeps it exact in its own
    transaction (``support.services``: sending, deleting, marking read, joining, the
    moderation desk; ``support.receivers``: a sender's account deletion).

    ``last_activity_at`` is a copy of the conversation's, so that a user's conversation
    list is read newest first off one index of their memberships (``user``, activity,
    conversation), a page at a time, rather than by sorting all their conversations on
    every request. The services set it when a member joins and move it with the
    conversation's when a message is sent (under the conversation's row lock).
    """

    # No single-column indexes: the unique (conversation, user) and the (user, activity,
    # conversation) index lead with each column.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
        db_index=False,
    )
    last_read_id = models.PositiveBigIntegerField(default=0)
    unread_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="support_conversation_member_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "-last_activity_at", "-conversation"],
                name="support_member_activity_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    """A message in a conversation. Deleting keeps a tombstone: the text is emptied and
    ``deleted_at`` set (the API shows ``text`` null and ``deleted`` true), so pages and
    read markers keep their positions."""

    # Indexed by (conversation, id) below, which pages, polls and counts unread
    # messages by id range; a single-column index would only tempt the planner.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["conversation", "id"], name="support_message_conv_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(text=""),
                name="support_message_tombstone_has_no_text",
            ),
        ]

    def __str__(self) -> str:
        if self.deleted:
            return f"#{self.pk} (deleted)"
        return f"#{self.pk} {self.text[:40]}"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None
