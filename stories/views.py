"""Stories nested under their contact: /contacts/{contact_id}/stories/ (API.md §3)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins

from common.codes import Code
from common.exceptions import NotFound
from common.filters import SearchFilter
from common.views import DestroyOkMixin, KithGenericViewSet
from contacts import selectors as contact_selectors
from contacts.filters import StableOrderingFilter
from stories import selectors, services
from stories.filters import StoryFilter
from stories.models import Story
from stories.serializers import StorySerializer

_CONTACT_404 = "The path's contact not found or not yours: 404 code 212."
_STORY_404 = _CONTACT_404 + " Story not found under it: 404 code 421."
_CONTACT_ID = OpenApiParameter(
    "contact_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of your contact."
)


@extend_schema(parameters=[_CONTACT_ID])
@extend_schema_view(
    list=extend_schema(
        summary="List a contact's stories",
        description="Paged, newest first. `?search=` matches title, content and location; "
        "`?date_after=`/`?date_before=` bound the story date. " + _CONTACT_404,
    ),
    create=extend_schema(
        summary="Add a story", description="Invalid: 400 code 401. " + _CONTACT_404
    ),
    retrieve=extend_schema(summary="A story", description=_STORY_404),
    partial_update=extend_schema(
        summary="Change a story", description="Invalid: 400 code 416. " + _STORY_404
    ),
    destroy=extend_schema(summary="Delete a story", description=_STORY_404),
)
class StoryViewSet(
    DestroyOkMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    KithGenericViewSet,
):
    """Stories about one of your contacts."""

    serializer_class = StorySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    filterset_class = StoryFilter
    search_fields = ["title", "content", "location"]
    ordering_fields = ["date", "created_at", "title"]
    ordering_nulls_last = ["date"]
    ordering = ["-created_at", "-id"]

    success_codes = {
        "list": Code.STORIES_LISTED,
        "create": Code.STORY_ADDED,
        "retrieve": Code.STORY_RETRIEVED,
        "partial_update": Code.STORY_UPDATED,
        "destroy": Code.STORY_DELETED,
    }
    error_codes = {
        "list": Code.STORIES_LIST_FAILED,
        "create": Code.STORY_ADD_FAILED,
        "partial_update": Code.STORY_UPDATE_FAILED,
    }
    not_found_codes = {
        "retrieve": Code.STORY_NOT_FOUND,
        "partial_update": Code.STORY_NOT_FOUND,
        "destroy": Code.STORY_NOT_FOUND,
    }

    def initial(self, request, *args, **kwargs):
        """After authentication: the path's contact must be the user's, on every verb,
        before the body is even looked at."""
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        self.contact = contact_selectors.contact_get_owned(
            user=request.user, contact_id=self.kwargs["contact_id"]
        )
        if self.contact is None:
            raise NotFound(Code.CONTACT_NOT_FOUND)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Story.objects.none()
        return selectors.story_list(contact=self.contact)

    def perform_create(self, serializer):
        serializer.instance = services.story_create(
            contact=self.contact, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.story_update(
            story=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.story_delete(story=instance)
