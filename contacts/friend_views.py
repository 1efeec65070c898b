"""Friends and friend requests (API.md §4)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from common.codes import Code
from common.filters import SearchFilter
from common.views import KithGenericViewSet
from contacts.friend_filters import FriendRequestFilter
from contacts.friend_selectors import friend_requests_of, friends_of
from contacts.friend_serializers import (
    FriendRequestCreateSerializer,
    FriendRequestSerializer,
    FriendSerializer,
)
from contacts.friend_services import (
    friend_request_accept,
    friend_request_cancel,
    friend_request_decline,
    friend_request_send,
    friendship_delete,
)
from contacts.models import FriendRequest, Friendship


def _as_friend(friendship: Friendship, me: User, other: User | None = None) -> User:
    """The other user of a friendship, carrying ``friends_since`` for the serializer."""
    if other is None:
        other_id = (
            friendship.user_high_id if friendship.user_low_id == me.pk else friendship.user_low_id
        )
        other = User.objects.get(pk=other_id)
    other.friends_since = friendship.created_at
    return other


@extend_schema_view(
    list=extend_schema(summary="My friends, newest friendship first"),
    destroy=extend_schema(
        summary="Unfriend",
        parameters=[OpenApiParameter("user_id", int, OpenApiParameter.PATH)],
        responses={200: None},
    ),
)
@extend_schema(tags=["friends"])
class FriendViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """``/friends/``: public profiles with ``friends_since``; DELETE unfriends.

    ``?search=`` matches username, first or last name (case-insensitive).
    """

    serializer_class = FriendSerializer
    filter_backends = [SearchFilter]
    search_fields = ["username", "first_name", "last_name"]
    lookup_url_kwarg = "user_id"
    success_codes = {"list": Code.FRIENDS_LISTED, "destroy": Code.FRIEND_REMOVED}
    not_found_codes = {"destroy": Code.NOT_FRIENDS}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return friends_of(self.request.user)

    def destroy(self, request, user_id: str):
        friendship_delete(user=request.user, other_id=int(user_id))
        return Response(None)


@extend_schema_view(
    list=extend_schema(summary="Pending friend requests (incoming by default)"),
    create=extend_schema(
        summary="Ask someone to be friends",
        description=(
            "201 with the new request. When that user had already asked you, their request "
            "is accepted instead: 200 (code 305) with your new friend."
        ),
        request=FriendRequestCreateSerializer,
        responses={201: FriendRequestSerializer, 200: FriendSerializer},
    ),
    accept=extend_schema(
        summary="Accept (receiver only)", request=None, responses={200: FriendSerializer}
    ),
    decline=extend_schema(summary="Decline (receiver only)", request=None, responses={200: None}),
    destroy=extend_schema(summary="Cancel (sender only)", responses={200: None}),
)
@extend_schema(tags=["friends"])
class FriendRequestViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """``/friend-requests/``: requests you sent or received; the receiver answers them."""

    serializer_class = FriendRequestSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = FriendRequestFilter
    success_codes = {
        "list": Code.FRIEND_REQUESTS_LISTED,
        "create": Code.FRIEND_REQUEST_SENT,
        "accept": Code.FRIEND_REQUEST_ACCEPTED,
        "decline": Code.FRIEND_REQUEST_DECLINED,
        "destroy": Code.FRIEND_REQUEST_CANCELLED,
    }
    error_codes = {"create": Code.FRIEND_REQUEST_INVALID, "list": Code.VALIDATION_ERROR}
    not_found_codes = {
        "accept": Code.FRIEND_REQUEST_NOT_FOUND,
        "decline": Code.FRIEND_REQUEST_NOT_FOUND,
        "destroy": Code.FRIEND_REQUEST_NOT_FOUND,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FriendRequest.objects.none()
        return friend_requests_of(self.request.user)

    def filter_queryset(self, queryset):
        # ``direction`` narrows the list only; accept/decline/cancel look in both.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def create(self, request):
        serializer = FriendRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = friend_request_send(by=request.user, **serializer.validated_data)
        if isinstance(result, Friendship):
            friend = _as_friend(result, request.user)
            response = Response(self._friend_data(friend), status=status.HTTP_200_OK)
            response.code = Code.FRIEND_REQUEST_MUTUAL
            return response
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        friend_request = self.get_object()
        friendship = friend_request_accept(request=friend_request, by=request.user)
        return Response(
            self._friend_data(_as_friend(friendship, request.user, friend_request.from_user))
        )

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        friend_request_decline(request=self.get_object(), by=request.user)
        return Response(None)

    def destroy(self, request, pk=None):
        friend_request_cancel(request=self.get_object(), by=request.user)
        return Response(None)

    def _friend_data(self, friend: User) -> dict:
        return FriendSerializer(friend, context=self.get_serializer_context()).data
