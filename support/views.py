"""Viewsets of chat and support (API.md §8). Thin: scoping, codes, services."""

from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound as DRFNotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import User
from common.codes import Code
from common.exceptions import NotFound, ValidationFailed
from common.pagination import MessageCursorPagination
from common.permissions import IsStaff
from common.views import DestroyOkMixin, KithGenericViewSet
from support import selectors, services
from support.filters import ConversationFilter, ReportFilter, SupportCaseFilter
from support.models import Conversation, Message, SupportCase
from support.serializers import (
    MAX_ID,
    BlockCreateSerializer,
    BlockedUserSerializer,
    ConversationSerializer,
    DirectConversationSerializer,
    MessageQuerySerializer,
    MessageSerializer,
    MessageWriteSerializer,
    ReadMarkerSerializer,
    ReportSerializer,
    SupportCaseSerializer,
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

    serializer_class = ConversationSerializer
    filter_backends = [DjangoFilterBackend]
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
        conversation = selectors.conversation_list(user=request.user).get(pk=conversation.pk)
        response = Response(
            ConversationSerializer(conversation, context=self.get_serializer_context()).data,
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


class MessagePagination(MessageCursorPagination):
    """The chat cursor; a cursor that does not decode is a 400 on the query, not a 404."""

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except DRFNotFound:
            raise ValidationFailed(
                Code.MESSAGES_QUERY_INVALID, errors={"cursor": ["Invalid cursor."]}
            ) from None


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

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        query = MessageQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.message_list(
            conversation=self.conversation, after=query.validated_data.get("after")
        )

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


# --- Support cases ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Support cases",
        description="Your own cases; staff see every case. `?status=open|closed`.",
    ),
    create=extend_schema(
        summary="Open a support case",
        description="Opens its conversation (kind `case`) with you as a member.",
    ),
    retrieve=extend_schema(summary="One support case"),
)
class SupportCaseViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    KithGenericViewSet,
):
    """``/support/cases/``: a user's cases with staff."""

    serializer_class = SupportCaseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SupportCaseFilter
    success_codes = {
        "list": Code.CASES_LISTED,
        "create": Code.CASE_OPENED,
        "retrieve": Code.CASE_RETRIEVED,
        "close": Code.CASE_CLOSED,
    }
    error_codes = {"list": Code.CASES_FILTER_INVALID, "create": Code.CASE_OPEN_FAILED}
    not_found_codes = Code.CASE_NOT_FOUND

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportCase.objects.none()
        return selectors.case_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.case_open(
            user=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Close a support case",
        description="Its opener or staff. Already closed: 409 (836).",
        request=None,
        responses={200: SupportCaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = services.case_close(case=self.get_object(), by=request.user)
        return Response(self.get_serializer(case).data)


# --- Reports ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Spam reports (staff)",
        description="Staff only (others 403, 847). `?status=open|resolved`, `?target_type=`.",
    ),
    create=extend_schema(
        summary="Report a job, review, user or message",
        description=(
            "Once per target (409, 843). A target that does not exist, or a message you "
            "cannot see: 404 (842). Reporting yourself: 400 (844)."
        ),
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, KithGenericViewSet):
    """``/support/reports/``: anyone reports; staff list and resolve."""

    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter
    success_codes = {
        "list": Code.REPORTS_LISTED,
        "create": Code.REPORT_CREATED,
        "resolve": Code.REPORT_RESOLVED,
    }
    error_codes = {"list": Code.REPORTS_FILTER_INVALID, "create": Code.REPORT_INVALID}
    not_found_codes = Code.REPORT_NOT_FOUND
    permission_denied_codes = Code.REPORTS_STAFF_ONLY

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return [IsAuthenticated(), IsStaff()]

    def get_queryset(self):
        return selectors.report_list()

    def perform_create(self, serializer):
        serializer.instance = services.report_create(
            reporter=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Resolve a report (staff)",
        description="Already resolved: 409 (850).",
        request=None,
        responses={200: ReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        report = services.report_resolve(report=self.get_object(), by=request.user)
        return Response(self.get_serializer(report).data)


# --- Blocks -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Users I blocked", description="Newest block first."),
    create=extend_schema(
        summary="Block a user",
        description=(
            "Body `user` (id). Ends any friendship and pending friend requests between "
            "you; while it stands neither of you can message the other in a direct chat, "
            "and they cannot send you friend, event or calendar invites. Yourself: 400 "
            "(863); unknown user 404 (864); already blocked 409 (865)."
        ),
        request=BlockCreateSerializer,
        responses={201: BlockedUserSerializer},
    ),
    destroy=extend_schema(
        summary="Unblock a user",
        description="404 (867) when you have not blocked them.",
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class BlockViewSet(DestroyOkMixin, mixins.ListModelMixin, KithGenericViewSet):
    """``/blocks/``: the users you blocked."""

    serializer_class = BlockedUserSerializer
    lookup_url_kwarg = "user_id"
    lookup_value_regex = r"\d+"
    filter_backends: list = []
    success_codes = {
        "list": Code.BLOCKS_LISTED,
        "create": Code.BLOCK_CREATED,
        "destroy": Code.BLOCK_REMOVED,
    }
    error_codes = {"create": Code.BLOCK_INVALID}
    not_found_codes = Code.BLOCK_NOT_FOUND

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return selectors.blocked_users(user=self.request.user)

    def create(self, request):
        serializer = BlockCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        blocked = User.objects.filter(pk=serializer.validated_data["user"], is_active=True).first()
        if blocked is None:
            raise NotFound(Code.BLOCK_USER_NOT_FOUND)
        block = services.user_block(blocker=request.user, blocked=blocked)
        blocked.blocked_at = block.created_at
        data = BlockedUserSerializer(blocked, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request, user_id=None):
        blocked_id = int(user_id)
        if blocked_id > MAX_ID:  # no such user; keeps the lookup valid SQL
            raise NotFound(Code.BLOCK_NOT_FOUND)
        services.user_unblock(blocker=request.user, blocked_id=blocked_id)
        return Response(None, status=status.HTTP_200_OK)
