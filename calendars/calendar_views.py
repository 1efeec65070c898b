"""Viewsets of scheduling calendars, invitees and availabilities (API.md §5).

Thin: visibility is the queryset (404 for strangers), 403s are the permission classes
of ``calendar_permissions``, and every write goes through ``calendar_services``.
"""

import django_filters
from django.db.models import QuerySet
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from calendars import calendar_services as services
from calendars.calendar_permissions import (
    IsAvailabilityAuthorOrReadOnly,
    IsCalendarOwnerOrReadOnly,
    IsParentCalendarOwner,
)
from calendars.calendar_selectors import (
    INVITEE,
    OWNER,
    availabilities_visible,
    calendar_for,
    calendars_for,
    invitees_of,
)
from calendars.calendar_serializers import (
    AvailabilitySerializer,
    CalendarSerializer,
    CalendarUpdateSerializer,
    InviteeCreateSerializer,
    InviteeSerializer,
    InviteeUpdateSerializer,
)
from calendars.models import Availability, Calendar, Invitee
from common.codes import Code
from common.exceptions import Forbidden
from common.views import KithModelViewSet

CALENDAR_ID = OpenApiParameter(
    "calendar_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The calendar's id."
)


class CodedPermissionsMixin:
    """403s carry the code of the permission class that refused (its ``code``)."""

    def permission_denied(self, request, message=None, code=None):
        if isinstance(code, Code) and request.user and request.user.is_authenticated:
            raise Forbidden(code)
        super().permission_denied(request, message=message, code=code)


class CalendarScopedMixin(CodedPermissionsMixin):
    """For ``/calendars/{calendar_id}/...``: ``self.calendar`` is the calendar if you
    own it or are invited (annotated with your ``role``), else the request is a 404."""

    @cached_property
    def calendar(self) -> Calendar:
        return calendar_for(self.request.user, self.kwargs["calendar_id"])

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.calendar  # noqa: B018 - 404 before anything else once authenticated


# --- calendars ------------------------------------------------------------------------


class CalendarFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        choices=[(OWNER, OWNER), (INVITEE, INVITEE)],
        field_name="role",
        help_text="Only calendars where you have this role.",
    )

    class Meta:
        model = Calendar
        fields = ["role", "finalized"]


@extend_schema_view(
    list=extend_schema(summary="Calendars you own or are invited to", tags=["scheduling"]),
    create=extend_schema(summary="Open a calendar", tags=["scheduling"]),
    retrieve=extend_schema(summary="A calendar (owner or invitee)", tags=["scheduling"]),
    partial_update=extend_schema(
        summary="Change a calendar (owner)",
        description=(
            "Editable: name, description, meeting_minutes, timezone, "
            "avoid_event_conflicts. start_date/end_date may be sent only unchanged "
            "(400 code 609 otherwise). A timezone that would put availabilities outside "
            "the calendar's days is refused (400). Finalized calendars answer 410. "
            "A stored schedule is kept; finalize re-checks it."
        ),
        request=CalendarUpdateSerializer,
        responses={200: CalendarSerializer},
        tags=["scheduling"],
    ),
    destroy=extend_schema(
        summary="Delete a calendar (owner); events made at finalize stay",
        tags=["scheduling"],
    ),
)
class CalendarViewSet(CodedPermissionsMixin, KithModelViewSet):
    """Scheduling calendars: the owner manages them, invitees read them."""

    serializer_class = CalendarSerializer
    permission_classes = [IsAuthenticated, IsCalendarOwnerOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = CalendarFilter
    search_fields = ["name"]
    ordering_fields = ["start_date", "end_date", "created_at", "name"]
    ordering = ["-created_at", "-id"]
    success_codes = {
        "list": Code.CALENDARS_LISTED,
        "create": Code.CALENDAR_CREATED,
        "retrieve": Code.CALENDAR_RETRIEVED,
        "partial_update": Code.CALENDAR_UPDATED,
        "destroy": Code.CALENDAR_DELETED,
    }
    error_codes = {
        "create": Code.CALENDAR_CREATE_FAILED,
        "partial_update": Code.CALENDAR_UPDATE_FAILED,
    }
    not_found_codes = Code.CALENDAR_NOT_FOUND

    def get_queryset(self) -> QuerySet[Calendar]:
        if getattr(self, "swagger_fake_view", False):
            return Calendar.objects.none()
        return calendars_for(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.calendar_create(
            owner=self.request.user, data=serializer.validated_data
        )

    def partial_update(self, request, *args, **kwargs):
        calendar = self.get_object()
        services.ensure_open(calendar)
        serializer = CalendarUpdateSerializer(calendar, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.calendar_update(calendar=calendar, data=serializer.validated_data)
        return Response(self.get_serializer(updated).data)

    def perform_destroy(self, instance):
        services.calendar_delete(calendar=instance)


# --- invitees -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Invitees of a calendar (owner)", parameters=[CALENDAR_ID]),
    create=extend_schema(
        summary="Invite a friend (owner)",
        description=(
            "`user` must be a friend of the owner (400 code 628), not the owner (400 "
            "code 630), not blocked either way (403 code 631) and not invited yet "
            "(409 code 629). `deadline` must be in the future. The invitee gets a mail."
        ),
        parameters=[CALENDAR_ID],
        request=InviteeCreateSerializer,
        responses={201: InviteeSerializer},
    ),
    retrieve=extend_schema(summary="An invitee (owner)", parameters=[CALENDAR_ID]),
    partial_update=extend_schema(
        summary="Move an invitee's deadline (owner)",
        parameters=[CALENDAR_ID],
        request=InviteeUpdateSerializer,
        responses={200: InviteeSerializer},
    ),
    destroy=extend_schema(
        summary="Uninvite (owner): also removes their availabilities and meeting",
        parameters=[CALENDAR_ID],
    ),
)
@extend_schema(tags=["scheduling"])
class InviteeViewSet(CalendarScopedMixin, KithModelViewSet):
    """A calendar's invitees; owner only (invitees get 403, strangers 404)."""

    serializer_class = InviteeSerializer
    permission_classes = [IsAuthenticated, IsParentCalendarOwner]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ["id", "deadline"]
    ordering = ["id"]
    success_codes = {
        "list": Code.INVITEES_LISTED,
        "create": Code.INVITEE_ADDED,
        "retrieve": Code.INVITEE_RETRIEVED,
        "partial_update": Code.INVITEE_UPDATED,
        "destroy": Code.INVITEE_REMOVED,
    }
    error_codes = {
        "create": Code.INVITEE_ADD_FAILED,
        "partial_update": Code.INVITEE_UPDATE_FAILED,
    }
    not_found_codes = Code.INVITEE_NOT_FOUND

    def get_queryset(self) -> QuerySet[Invitee]:
        if getattr(self, "swagger_fake_view", False):
            return Invitee.objects.none()
        return invitees_of(self.calendar)

    def create(self, request, *args, **kwargs):
        services.ensure_open(self.calendar)
        serializer = InviteeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitee = services.invitee_add(
            calendar=self.calendar,
            user_id=serializer.validated_data["user"],
            deadline=serializer.validated_data["deadline"],
        )
        return Response(self.get_serializer(invitee).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        invitee = self.get_object()
        services.ensure_open(self.calendar)
        serializer = InviteeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "deadline" in serializer.validated_data:
            invitee = services.invitee_update(
                invitee=invitee, deadline=serializer.validated_data["deadline"]
            )
        return Response(self.get_serializer(invitee).data)

    def perform_destroy(self, instance):
        services.invitee_remove(invitee=instance)


# --- availabilities -------------------------------------------------------------------


class AvailabilityFilter(django_filters.FilterSet):
    class Meta:
        model = Availability
        fields = ["user"]


@extend_schema_view(
    list=extend_schema(
        summary="Availabilities: the owner sees all, an invitee their own",
        parameters=[CALENDAR_ID],
    ),
    create=extend_schema(
        summary="Add one of your availabilities (owner or invitee)",
        description=(
            "`start` < `end`, inside the calendar's days in its timezone, not overlapping "
            "another of your availabilities here (400 code 648). An invitee past their "
            "deadline gets 410 (code 632); a finalized calendar 410 (code 610)."
        ),
        parameters=[CALENDAR_ID],
        responses={201: AvailabilitySerializer},
    ),
    retrieve=extend_schema(summary="An availability", parameters=[CALENDAR_ID]),
    partial_update=extend_schema(
        summary="Change your availability (author only)", parameters=[CALENDAR_ID]
    ),
    destroy=extend_schema(
        summary="Delete your availability (author only)", parameters=[CALENDAR_ID]
    ),
)
@extend_schema(tags=["scheduling"])
class AvailabilityViewSet(CalendarScopedMixin, KithModelViewSet):
    """Availabilities of the owner and the invitees; each changes only their own."""

    serializer_class = AvailabilitySerializer
    permission_classes = [IsAuthenticated, IsAvailabilityAuthorOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = AvailabilityFilter
    ordering_fields = ["start", "end", "preference"]
    ordering = ["start", "id"]
    success_codes = {
        "list": Code.AVAILABILITIES_LISTED,
        "create": Code.AVAILABILITY_ADDED,
        "retrieve": Code.AVAILABILITY_RETRIEVED,
        "partial_update": Code.AVAILABILITY_UPDATED,
        "destroy": Code.AVAILABILITY_DELETED,
    }
    error_codes = {
        "create": Code.AVAILABILITY_ADD_FAILED,
        "partial_update": Code.AVAILABILITY_UPDATE_FAILED,
    }
    not_found_codes = Code.AVAILABILITY_NOT_FOUND

    def get_queryset(self) -> QuerySet[Availability]:
        if getattr(self, "swagger_fake_view", False):
            return Availability.objects.none()
        return availabilities_visible(self.calendar, self.request.user)

    def create(self, request, *args, **kwargs):
        services.availability_guard(calendar=self.calendar, user=request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        availability = services.availability_create(
            calendar=self.calendar, user=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(availability).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        availability = self.get_object()
        services.availability_guard(calendar=self.calendar, user=request.user)
        serializer = self.get_serializer(availability, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        availability = services.availability_update(
            availability=availability, user=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(availability).data)

    def perform_destroy(self, instance):
        services.availability_delete(availability=instance, user=self.request.user)
