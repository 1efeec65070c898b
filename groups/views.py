"""Groups of contacts and their membership (API.md §3)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.codes import Code
from common.filters import SearchFilter
from common.ids import ID_REGEX
from common.views import DestroyOkMixin, KithGenericViewSet
from contacts.filters import StableOrderingFilter
from groups import selectors, services
from groups.filters import GroupFilter
from groups.models import Group
from groups.serializers import (
    GroupContactAddSerializer,
    GroupDetailSerializer,
    GroupSerializer,
)

_NOT_FOUND = "Not found or not yours: 404 code 524."


@extend_schema_view(
    list=extend_schema(
        summary="List your groups",
        description="Paged, by name. `?search=` matches the name; `?contact=<id>` keeps "
        "the groups containing that contact.",
    ),
    create=extend_schema(
        summary="Create a group",
        description="Invalid, or a name you already use (ignoring case): 400 code 501.",
        responses={201: GroupDetailSerializer},
    ),
    retrieve=extend_schema(summary="A group with its members", description=_NOT_FOUND),
    partial_update=extend_schema(
        summary="Rename a group",
        description="Invalid or duplicate name: 400 code 523. " + _NOT_FOUND,
        responses={200: GroupDetailSerializer},
    ),
    destroy=extend_schema(
        summary="Delete a group",
        description="Its contacts stay in your address book. Not found or not yours: 404 code 502.",
    ),
)
class GroupViewSet(
    DestroyOkMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    KithGenericViewSet,
):
    """Your private groups of contacts."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    filterset_class = GroupFilter
    search_fields = ["name"]
    ordering_fields = ["name", "created_at", "contact_count"]
    ordering = ["name", "id"]

    success_codes = {
        "list": Code.GROUPS_LISTED,
        "create": Code.GROUP_CREATED,
        "retrieve": Code.GROUP_RETRIEVED,
        "partial_update": Code.GROUP_UPDATED,
        "destroy": Code.GROUP_DELETED,
        "add_contact": Code.GROUP_CONTACT_ADDED,
        "remove_contact": Code.GROUP_CONTACT_REMOVED,
    }
    error_codes = {
        "list": Code.GROUPS_LIST_FAILED,
        "create": Code.GROUP_CREATE_FAILED,
        "partial_update": Code.GROUP_UPDATE_FAILED,
        "add_contact": Code.GROUP_CONTACT_ADD_FAILED,
    }
    not_found_codes = {
        "retrieve": Code.GROUP_NOT_FOUND,
        "partial_update": Code.GROUP_NOT_FOUND,
        "destroy": Code.GROUP_DELETE_FAILED,
        "add_contact": Code.GROUP_NOT_FOUND,
        "remove_contact": Code.GROUP_NOT_FOUND,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        if self.action == "list":
            return selectors.group_list(user=self.request.user)
        if self.action in ("retrieve", "partial_update"):
            return selectors.group_detail_list(user=self.request.user)
        return Group.objects.filter(owner=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return GroupSerializer
        if self.action == "add_contact":
            return GroupContactAddSerializer
        return GroupDetailSerializer

    def _detail(self, group: Group) -> Group:
        """The group re-read with its member list and count, as the detail shows it."""
        return selectors.group_get(user=self.request.user, group_id=group.pk)

    def perform_create(self, serializer):
        group = services.group_create(
            owner=self.request.user, name=serializer.validated_data["name"]
        )
        serializer.instance = self._detail(group)

    def perform_update(self, serializer):
        group = serializer.instance
        if "name" in serializer.validated_data:  # a PATCH may send nothing
            group = services.group_update(group=group, name=serializer.validated_data["name"])
        serializer.instance = self._detail(group)

    def perform_destroy(self, instance):
        services.group_delete(group=instance)

    @extend_schema(
        summary="Add a contact to the group",
        description="Idempotent: adding a member again answers 200 too. The group not "
        "found: 404 code 524; the contact not found or not yours: 404 code 506; a "
        "malformed body: 400 code 506.",
        request=GroupContactAddSerializer,
        responses={200: GroupDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="contacts")
    def add_contact(self, request, pk=None):
        group = self.get_object()
        body = GroupContactAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.group_contact_add(group=group, contact_id=body.validated_data["contact_id"])
        detail = GroupDetailSerializer(self._detail(group), context=self.get_serializer_context())
        return Response(detail.data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="Remove a contact from the group",
        description="The contact stays in your address book. The group not found: 404 "
        "code 524; the contact isn't a member: 404 code 505.",
        request=None,
        responses={200: None},
        parameters=[
            OpenApiParameter(
                "contact_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="Id of the member contact.",
            )
        ],
    )
    @action(detail=True, methods=["delete"], url_path=rf"contacts/(?P<contact_id>{ID_REGEX})")
    def remove_contact(self, request, pk=None, contact_id=None):
        group = self.get_object()
        services.group_contact_remove(group=group, contact_id=int(contact_id))
        return Response(None, status=status.HTTP_200_OK)
