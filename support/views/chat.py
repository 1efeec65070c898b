"""Conversations and their messages (API.md §8)."""

from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.codes import Code
from common.exceptions import NotFound, ValidationFailed
from common.filters import LazyDjangoFilterBackend
from common.pagination import CountedRowsPagination
from common.serializers import in_utc
from common.views import DestroyOkMixin, KithGenericViewSet
from support import selectors, services
from support.filters import ConversationFilter
from support.models import Conversation, Message
from support.pagination import MessagePagination
from support.serializers import (
    ConversationSerializer,
    DirectConversationSerializer,
    MessageQuerySerializer,
    MessageSerializer,
    MessageWriteSerializer,
    ReadMarkerSerializer,
    conversation_rows_representation,
    message_page_representation,
)
from support.throttles import MessageSendThrottle

# --- Conversations ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="My conversations",
        description=(
            "Conversations you are a member of, newest activity first, each with its "
            "`last_message` (null when none) and your `unread_count`. `?kind=` filters. "
            "Staff join a case conversation when they post in it or mark it read."
        ),
    ),
    retrieve=extend_schema(summary="One of my conversations"),
)
class ConversationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KithGenericViewSet):
    """Your conversations; opening a direct chat; marking a conversation read."""

    # Conversations are answered from rows (``selectors.conversation_rows``, members
    # included), never from model instances: the list is a hot path.

    serializer_class = ConversationSerializer
    pagination_class = CountedRowsPagination
    filter_backends = [LazyDjangoFilterBackend]
    filterset_class = ConversationFilter
    success_codes = {
        "list": Code.CONVERSATIONS_LISTED,
        "retrieve": Code.CONVERSATION_RETRIEVED,
        "read": Code.CONVERSATION_READ,
    }
    error_codes = {
        "list": Code.CONVERSATION_FILTER_INVALID,
        "direct": Code.DIRECT_CONVERSATION_INVALID,
    }
    not_found_codes = Code.CONVERSATION_NOT_FOUND

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        if self.action == "read":
            return selectors.conversations_accessible_to(self.request.user)
        return selectors.conversation_list(user=self.request.user)

    def _one(self, conversations, pk) -> dict:
        rows = list(selectors.conversation_rows(conversations.filter(pk=pk), utc_text=in_utc()))
        if not rows:
            raise NotFound(Code.CONVERSATION_NOT_FOUND)
        return conversation_rows_representation(rows, self.request)[0]

    def list(self, request):
        # ``?kind=`` as the filter backend reads it: an unknown kind is a 400.
        self.filter_queryset(Conversation.objects.none())
        kind = request.query_params.get("kind") or None

        def fetch(limit: int, offset: int) -> list[tuple]:
            return selectors.conversation_page(
                user=request.user, kind=kind, limit=limit, offset=offset
            )

        def everything():
            conversations = self.filter_queryset(self.get_queryset())
            return selectors.conversation_rows(conversations, utc_text=in_utc())

        rows = self.paginator.paginate_rows(fetch, everything, request)
        return self.get_paginated_response(conversation_rows_representation(rows, request))

    def retrieve(self, request, pk=None):
        return Response(self._one(self.filter_queryset(self.get_queryset()), pk))

    @extend_schema(
        summary="Open (or get) my direct conversation with a user",
        description=(
            "Body: `user` (id) or `email` (case-insensitive). 201 when created, 200 when "
            "it already existed. Yourself: 400 (808). Unknown user: 404 (809). A block "
            "between you: 403 (810)."
        ),
        request=DirectConversationSerializer,
        responses={201: ConversationSerializer, 200: ConversationSerializer},
    )
    @action(detail=False, methods=["post"])
    def direct(self, request):
        serializer = DirectConversationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = services.direct_user_find(
            user_id=serializer.validated_data.get("user"),
            email=serializer.validated_data.get("email"),
        )
        conversation, created = services.direct_conversation_get_or_create(
            user=request.user, other=other
        )
        response = Response(
            self._one(selectors.conversation_list(user=request.user), conversation.pk),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
        response.code = (
            Code.DIRECT_CONVERSATION_CREATED if created else Code.DIRECT_CONVERSATION_RETRIEVED
        )
        return response

    @extend_schema(
        summary="Mark every message of a conversation read",
        request=None,
        responses={200: ReadMarkerSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        member = services.conversation_mark_read(conversation=self.get_object(), user=request.user)
        return Response(ReadMarkerSerializer(member).data)


_AFTER = OpenApiParameter(
    "after",
    OpenApiTypes.INT,
    description="Only messages with an id greater than this (polling for new ones).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Messages of a conversation",
        description=(
            "Members only (staff: every case conversation); others get 404. Oldest first, "
            "cursor-paged (`next`/`previous` links stay valid while messages arrive). "
            "`?after=<message id>` returns only newer messages, also cursor-paged."
        ),
        parameters=[_AFTER],
    ),
    create=extend_schema(
        summary="Send a message",
        description=(
            "`text`: 1 to 4000 characters (`MESSAGE_MAX_LENGTH`). Rate-limited per user "
            "(`THROTTLE_RATE_MESSAGES`, 429 code 917). A direct chat with a block between "
            "you: 403 (810). A closed support case: 410 (821)."
        ),
        request=MessageWriteSerializer,
        responses={201: MessageSerializer},
    ),
)
class ConversationMessageViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """``/conversations/{conversation_id}/messages/``: read and send messages."""

    serializer_class = MessageSerializer
    pagination_class = MessagePagination
    filter_backends: list = []
    success_codes = {"list": Code.MESSAGES_LISTED, "create": Code.MESSAGE_SENT}
    error_codes = {"list": Code.MESSAGES_QUERY_INVALID, "create": Code.MESSAGE_SEND_FAILED}
    not_found_codes = Code.CONVERSATION_NOT_FOUND

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            throttles.append(MessageSendThrottle())
        return throttles

    @cached_property
    def conversation(self):
        conversation = (
            selectors.conversations_accessible_to(self.request.user)
            .filter(pk=self.kwargs["conversation_id"])
            .first()
        )
        if conversation is None:
            raise NotFound(Code.CONVERSATION_NOT_FOUND)
        return conversation

    def require_access(self) -> Conversation:
        """The conversation; 404 unless you may read it."""
        return self.conversation

    def get_queryset(self):
        return Message.objects.none()  # the schema's; list reads rows, create a service

    def list(self, request, conversation_id=None):
        """A page of messages built from rows. The access check rides on the page's
        query: one query for a page of a conversation you may read, and one more only
        for an empty page, to tell an empty conversation from one you may not read."""
        after = self._after(request)

        def fetch(**page) -> list[dict]:
            rows = selectors.message_page(
                user=request.user, conversation_id=int(conversation_id), after=after, **page
            )
            return message_page_representation(rows, request)

        try:
            messages = self.paginator.paginate_rows(fetch, request, view=self)
        except ValidationFailed:  # a bad cursor; but a conversation you can't read is a 404
            self.require_access()
            raise
        if not messages:
            self.require_access()
        return self.get_paginated_response(messages)

    def _after(self, request) -> int | None:
        """``?after=`` (validated: a bad one is a 400 before anything else)."""
        if "after" not in request.query_params:
            return None
        query = MessageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data.get("after")

    def create(self, request, conversation_id=None):
        conversation = self.conversation
        serializer = MessageWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_send(
            conversation=conversation, sender=request.user, text=serializer.validated_data["text"]
        )
        data = MessageSerializer(message, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Edit my message",
        description=(
            "Author only: another member gets 403 (819), a non-member 404 (818). Sets "
            "`edited_at`. A deleted message: 410 (820)."
        ),
        request=MessageWriteSerializer,
        responses={200: MessageSerializer},
    ),
    destroy=extend_schema(
        summary="Delete my message",
        description=(
            "Author only. Keeps a tombstone: `text` null, `deleted` true. Deleting it "
            "again: 410 (820)."
        ),
    ),
)
class MessageViewSet(DestroyOkMixin, KithGenericViewSet):
    """``/messages/{id}/``: edit or delete your own message."""

    serializer_class = MessageSerializer
    http_method_names = ["patch", "delete", "options"]
    success_codes = {"partial_update": Code.MESSAGE_UPDATED, "destroy": Code.MESSAGE_DELETED}
    error_codes = {"partial_update": Code.MESSAGE_UPDATE_FAILED}
    not_found_codes = Code.MESSAGE_NOT_FOUND

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        return selectors.messages_accessible_to(self.request.user)

    def partial_update(self, request, pk=None):
        message = self.get_object()
        serializer = MessageWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_edit(
            message=message, by=request.user, text=serializer.validated_data["text"]
        )
        return Response(MessageSerializer(message, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        services.message_delete(message=instance, by=self.request.user)
