"""Serializers of chat and support: they validate input and shape output only."""

import orjson
from django.conf import settings
from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer, public_profile, public_profile_from_row
from common.ids import MAX_ID
from common.serializers import datetime_formatter, iso_datetime
from support.models import Conversation, Message, Report, SupportCase
from support.selectors import CONVERSATION_COLUMNS, LAST_MESSAGE, MEMBERS, MESSAGE_SENDER

# --- Messages -----------------------------------------------------------------------


class MessageSerializer(serializers.ModelSerializer):
    """A message; a deleted one is a tombstone with `text` null and `deleted` true."""

    sender = PublicProfileSerializer(read_only=True)
    text = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "conversation", "sender", "text", "created_at", "edited_at", "deleted"]
        read_only_fields = fields

    def to_representation(self, message: Message) -> dict:
        return message_representation(message, self.context.get("request"))

    def get_text(self, message) -> str | None:
        return None if message.deleted else message.text


def message_representation(message: Message, request) -> dict:
    """``MessageSerializer``'s output for one message (sent or edited), built by hand
    like the rows of a page (:func:`message_page_representation`). Needs ``sender``
    joined."""
    return _message(
        (message.pk, message.conversation_id, message.text)
        + (message.created_at, message.edited_at, message.deleted_at),
        public_profile(message.sender, request),
        iso_datetime,
    )


def message_page_representation(rows, request) -> list[dict]:
    """``MessageSerializer``'s output for message rows of ``support.selectors``
    (``MESSAGE_COLUMNS``, then the sender's public profile). Message pages and the
    conversation list are hot paths: they are built from rows, without model instances
    or DRF fields (``common.serializers``)."""
    formatter = RowFormatter(request)
    return [_message_from_row(row, formatter) for row in rows]


def _message_from_row(row, formatter: "RowFormatter") -> dict:
    # The sender's id opens their profile columns: most rows find it built already.
    sender = formatter.profiles.get(row[MESSAGE_SENDER.start])
    if sender is None:
        sender = formatter.profile(row[MESSAGE_SENDER])
    return _message(row, sender, formatter.datetime)


def _message(row, sender: dict, datetime) -> dict:
    message_id, conversation_id, text, created_at, edited_at, deleted_at = row[:6]
    deleted = deleted_at is not None
    return {
        "id": message_id,
        "conversation": conversation_id,
        "sender": sender,
        "text": None if deleted else text,
        "created_at": datetime(created_at),
        "edited_at": None if edited_at is None else datetime(edited_at),
        "deleted": deleted,
    }


class RowFormatter:
    """Formats the values of rows as DRF writes them, for one response: each user's
    public profile built once (the same sender on every message of a page, yourself in
    every conversation), datetimes in the current timezone looked up once; a datetime
    the database already wrote as DRF's text (``support.rows``) is kept."""

    def __init__(self, request):
        self.request = request
        self.profiles: dict[int, dict] = {}
        formatted = datetime_formatter()
        self.datetime = lambda value: value if value.__class__ is str else formatted(value)

    def profile(self, row) -> dict:
        """``public_profile`` of a profile row (``PUBLIC_PROFILE_FIELDS`` values)."""
        profile = self.profiles.get(row[0])
        if profile is None:
            profile = self.profiles[row[0]] = public_profile_from_row(row, self.request)
        return profile


class MessageWriteSerializer(serializers.Serializer):
    """The text of a new or edited message: 1 to `MESSAGE_MAX_LENGTH` characters
    (4000 by default), surrounding whitespace trimmed."""

    text = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        # Built per instance so the setting is read at request time, not at import.
        fields["text"] = serializers.CharField(max_length=settings.MESSAGE_MAX_LENGTH)
        return fields


class MessageQuerySerializer(serializers.Serializer):
    """Query parameters of a message page: `after` (poll for messages past an id)."""

    after = serializers.IntegerField(required=False, min_value=0, max_value=MAX_ID)


# --- Conversations ------------------------------------------------------------------


class ConversationSerializer(serializers.ModelSerializer):
    """A conversation as its member sees it.

    `members` lists every member (yourself included) as public profiles, for every
    kind; in a direct conversation the other user is the member who is not you.
    `title` is empty for direct conversations, the event's name for event chats and
    the case's title for case chats. `unread_count` counts the messages after your
    read marker that others sent and that are not deleted. `last_activity_at` is the
    time of the latest message, or of the creation before any; the list sorts by it.
    """

    members = PublicProfileSerializer(many=True, read_only=True)
    last_message = MessageSerializer(read_only=True, allow_null=True)
    unread_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "kind",
            "title",
            "members",
            "last_message",
            "unread_count",
            "last_activity_at",
            "created_at",
        ]
        read_only_fields = fields

    # Its output is built from rows (``conversation_rows_representation``); the
    # declared fields give the schema, and DRF's rendering of them for instances is
    # what the representation tests compare those rows with.


def conversation_rows_representation(rows, request) -> list[dict]:
    """``ConversationSerializer``'s output for conversation rows
    (``selectors.conversation_rows``, members included), built by hand: the
    conversation list is a hot path (see :func:`message_page_representation`)."""
    formatter = RowFormatter(request)
    datetime, profile = formatter.datetime, formatter.profile
    results = []
    for row in rows:
        conversation_id, kind, title, unread_count, last_activity_at, created_at = row[
            : len(CONVERSATION_COLUMNS)
        ]
        last = row[LAST_MESSAGE]
        results.append(
            {
                "id": conversation_id,
                "kind": kind,
                "title": title,
                "members": [profile(member) for member in orjson.loads(row[MEMBERS])],
                "last_message": None if last[0] is None else _message_from_row(last, formatter),
                "unread_count": unread_count,
                "last_activity_at": datetime(last_activity_at),
                "created_at": datetime(created_at),
            }
        )
    return results


class DirectConversationSerializer(serializers.Serializer):
    """Whom to talk to: exactly one of `user` (id) or `email` (case-insensitive)."""

    user = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    email = serializers.EmailField(required=False, max_length=254)

    def validate(self, attrs):
        if ("user" in attrs) == ("email" in attrs):
            raise serializers.ValidationError("Give exactly one of user or email.")
        return attrs


class ReadMarkerSerializer(serializers.Serializer):
    """Your read marker after `POST /conversations/{id}/read/`: the id of the latest
    message read (null in a conversation without messages) and the unread count (0)."""

    conversation = serializers.IntegerField(source="conversation_id", read_only=True)
    last_read_message = serializers.SerializerMethodField()
    unread_count = serializers.SerializerMethodField()

    def get_last_read_message(self, member) -> int | None:
        return member.last_read_id or None

    def get_unread_count(self, member) -> int:
        return 0


# --- Support cases ------------------------------------------------------------------


class SupportCaseSerializer(serializers.ModelSerializer):
    """A support case; `conversation` is the id of its chat with staff."""

    opened_by = PublicProfileSerializer(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    class Meta:
        model = SupportCase
        fields = [
            "id",
            "title",
            "description",
            "status",
            "opened_by",
            "conversation",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["id", "status", "opened_by", "conversation", "created_at", "closed_at"]


# --- Reports ------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    """A spam report of a job, review, user or message, named by type and id."""

    reporter = PublicProfileSerializer(read_only=True)
    resolved_by = PublicProfileSerializer(read_only=True, allow_null=True)
    target_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(max_length=1000)

    class Meta:
        model = Report
        fields = [
            "id",
            "target_type",
            "target_id",
            "reason",
            "status",
            "reporter",
            "created_at",
            "resolved_at",
            "resolved_by",
        ]
        read_only_fields = [
            "id",
            "status",
            "reporter",
            "created_at",
            "resolved_at",
            "resolved_by",
        ]


# --- Blocks -------------------------------------------------------------------------


class BlockedUserSerializer(PublicProfileSerializer):
    """A user you blocked: their public profile and when you blocked them."""

    blocked_at = serializers.DateTimeField(read_only=True)

    class Meta(PublicProfileSerializer.Meta):
        fields = [*PublicProfileSerializer.Meta.fields, "blocked_at"]
        read_only_fields = fields


class BlockCreateSerializer(serializers.Serializer):
    """Whom to block: the user's id."""

    user = serializers.IntegerField(min_value=1, max_value=MAX_ID)
