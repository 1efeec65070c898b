"""Blocking users (API.md §8)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from accounts.models import User
from common.codes import Code
from common.exceptions import NotFound
from common.ids import MAX_ID
from common.views import DestroyOkMixin, KithGenericViewSet
from support import selectors, services
from support.serializers import BlockCreateSerializer, BlockedUserSerializer

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
