"""Events, invitations, the month view and the private iCal feed (API.md §6)."""

from django.http import HttpResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.event_filters import EventInviteFilter
from calendars.event_permissions import EventAccess
from calendars.event_queries import month_query, window_query
from calendars.event_rows import JSON_ROW_SPAN, WindowEvents, row_spans
from calendars.event_selectors import (
    MAX_YEAR,
    MIN_YEAR,
    Window,
    event_invites_of,
    feed_by_secret,
    group_rows_by_day,
    member_events,
    user_tz,
    visible_events,
    with_details,
)
from calendars.event_serializers import (
    CalendarFeedSerializer,
    EventInviteCreateSerializer,
    EventInviteSerializer,
    EventSerializer,
    EventWriteSerializer,
    event_rows_json,
    event_rows_representation,
    icon_names,
)
from calendars.event_services import (
    calendar_feed_get,
    calendar_feed_rotate,
    event_create,
    event_delete,
    event_invite_accept,
    event_invite_create,
    event_invite_decline,
    event_leave,
    event_update,
)
from calendars.ical import build_feed
from calendars.models import Event, EventInvite
from common.codes import Code
from common.exceptions import NotFound
from common.pagination import CountedRowsPagination
from common.views import CodedViewMixin, KithGenericViewSet

_WINDOW_PARAMS = [
    OpenApiParameter(
        "date", OpenApiTypes.DATE, description="One day (in your timezone). Not with start/end."
    ),
    OpenApiParameter(
        "start",
        OpenApiTypes.STR,
        description="From this date (its whole day, in your timezone) or ISO 8601 datetime.",
    ),
    OpenApiParameter(
        "end",
        OpenApiTypes.STR,
        description="Until this date (inclusive, in your timezone) or ISO 8601 datetime.",
    ),
]
_MONTH_PARAMS = [
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        description="Default: this year (in your timezone).",
    ),
    OpenApiParameter(
        "month",
        {"type": "integer", "minimum": 1, "maximum": 12},
        description="1..12. Default: this month (in your timezone).",
    ),
]
_MONTH_RESPONSE = {
    "type": "object",
    "description": 'Day number (unpadded, "5") -> that day\'s events, for days with events.',
    "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
}
_ICONS_RESPONSE = {"type": "array", "items": {"type": "string"}}


@extend_schema_view(
    list=extend_schema(
        summary="My events overlapping a day or a range, by start",
        parameters=_WINDOW_PARAMS,
    ),
    retrieve=extend_schema(summary="An event (members; friends for public group events)"),
    create=extend_schema(
        summary="Create an event", request=EventWriteSerializer, responses={201: EventSerializer}
    ),
    update=extend_schema(
        summary="Replace an event (owner)",
        request=EventWriteSerializer,
        responses={200: EventSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an event (owner)",
        request=EventWriteSerializer,
        responses={200: EventSerializer},
    ),
    destroy=extend_schema(summary="Delete an event (owner)", responses={200: None}),
    month=extend_schema(
        summary="My events of a month, by day (your timezone)",
        parameters=_MONTH_PARAMS,
        responses={200: OpenApiResponse(_MONTH_RESPONSE)},
    ),
    icons=extend_schema(
        summary="The allowed icon names", responses={200: OpenApiResponse(_ICONS_RESPONSE)}
    ),
    invite=extend_schema(
        summary="Invite a friend into a group event (members)",
        request=EventInviteCreateSerializer,
        responses={201: EventInviteSerializer},
    ),
    leave=extend_schema(
        summary="Leave an event",
        description=(
            "An owner leaving hands the event to the longest-standing member; "
            "the last member leaving deletes it."
        ),
        request=None,
        responses={200: None},
    ),
)
@extend_schema(tags=["events"])
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KithGenericViewSet):
    """``/events/``: personal and group events. What you cannot see answers 404 (516)."""

    serializer_class = EventSerializer
    permission_classes = [IsAuthenticated, EventAccess]
    filter_backends: list = []
    pagination_class = CountedRowsPagination
    success_codes = {
        "list": Code.EVENTS_LISTED,
        "retrieve": Code.EVENT_RETRIEVED,
        "create": Code.EVENT_CREATED,
        "update": Code.EVENT_UPDATED,
        "partial_update": Code.EVENT_UPDATED,
        "destroy": Code.EVENT_DELETED,
        "month": Code.EVENTS_LISTED,
        "icons": Code.EVENT_ICONS_LISTED,
        "invite": Code.EVENT_INVITE_SENT,
        "leave": Code.EVENT_LEFT,
    }
    error_codes = {
        "create": Code.EVENT_CREATE_FAILED,
        "update": Code.EVENT_UPDATE_FAILED,
        "partial_update": Code.EVENT_UPDATE_FAILED,
        "list": Code.EVENT_QUERY_INVALID,
        "month": Code.EVENT_QUERY_INVALID,
        "invite": Code.EVENT_INVITE_INVALID,
    }
    # A page past the end of a list stays a generic 404.
    not_found_codes = {
        action: Code.EVENT_NOT_FOUND
        for action in ["retrieve", "update", "partial_update", "destroy", "invite", "leave"]
    }
    permission_denied_codes = {
        "update": Code.EVENT_FORBIDDEN,
        "partial_update": Code.EVENT_FORBIDDEN,
        "destroy": Code.EVENT_DELETE_FAILED,
        "invite": Code.EVENT_FORBIDDEN,
        "leave": Code.EVENT_FORBIDDEN,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return with_details(visible_events(self.request.user))

    def list(self, request):
        events = WindowEvents(request.user, window_query(request))
        rows = self.paginator.paginate_rows(events.page, lambda: events, request)
        return self.get_paginated_response(event_rows_representation(rows, request))

    def create(self, request):
        event = event_create(owner=request.user, data=self._write_data())
        return Response(self._detail(event), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        return self._update(partial=False)

    def partial_update(self, request, pk=None):
        return self._update(partial=True)

    def destroy(self, request, pk=None):
        event_delete(event=self.get_object())
        return Response(None)

    @action(detail=False, methods=["get"])
    def month(self, request):
        year, month = month_query(request)
        tz = user_tz(request.user)
        found = WindowEvents(request.user, Window.month(year, month, tz))
        # Each event is built once, however many days it spans: as the JSON written by
        # the database where it can (PostgreSQL, in UTC), else as a dict.
        rows = found.json_rows()
        if rows is not None:
            shown, spans = event_rows_json(rows, request), row_spans(rows, JSON_ROW_SPAN)
        else:
            rows = found.all()
            shown, spans = event_rows_representation(rows, request), row_spans(rows)
        days = group_rows_by_day(shown, *spans, year, month, tz)
        return Response({str(day): events for day, events in days.items()})

    @action(detail=False, methods=["get"], pagination_class=None)
    def icons(self, request):
        return Response(icon_names())

    @action(detail=True, methods=["post"], url_path="invites", url_name="invites")
    def invite(self, request, pk=None):
        event = self.get_object()
        body = EventInviteCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invite = event_invite_create(
            event=event, by=request.user, user_id=body.validated_data["user"]
        )
        invite = event_invites_of(request.user).get(pk=invite.pk)
        data = EventInviteSerializer(invite, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        event_leave(event=self.get_object(), by=request.user)
        return Response(None)

    def _write_data(self, instance: Event | None = None, partial: bool = False) -> dict:
        serializer = EventWriteSerializer(
            instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _update(self, *, partial: bool) -> Response:
        event = self.get_object()
        data = self._write_data(event, partial=partial)
        event = event_update(event=event, by=self.request.user, data=data)
        return Response(self._detail(event))

    def _detail(self, event: Event) -> dict:
        fresh = with_details(Event.objects.filter(pk=event.pk)).get()
        return EventSerializer(fresh, context=self.get_serializer_context()).data


@extend_schema_view(
    list=extend_schema(summary="Pending event invitations (to you by default)"),
    accept=extend_schema(
        summary="Accept (invitee): join the event", request=None, responses={200: EventSerializer}
    ),
    decline=extend_schema(summary="Decline (invitee)", request=None, responses={200: None}),
)
@extend_schema(tags=["events"])
class EventInviteViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """``/event-invites/``: invitations you received (or sent); the invitee answers."""

    serializer_class = EventInviteSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventInviteFilter
    success_codes = {
        "list": Code.EVENT_INVITES_LISTED,
        "accept": Code.EVENT_INVITE_ACCEPTED,
        "decline": Code.EVENT_INVITE_DECLINED,
    }
    error_codes = {"list": Code.VALIDATION_ERROR}
    not_found_codes = {
        "accept": Code.EVENT_INVITE_NOT_FOUND,
        "decline": Code.EVENT_INVITE_NOT_FOUND,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EventInvite.objects.none()
        return event_invites_of(self.request.user)

    def filter_queryset(self, queryset):
        # ``direction`` narrows the list only; accept/decline look in both directions.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        event = event_invite_accept(invite=self.get_object(), by=request.user)
        fresh = with_details(Event.objects.filter(pk=event.pk)).get()
        return Response(EventSerializer(fresh, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        event_invite_decline(invite=self.get_object(), by=request.user)
        return Response(None)


def _feed_url(request, feed) -> dict:
    path = reverse("api:ical-feed", kwargs={"secret": feed.secret})
    return {"url": request.build_absolute_uri(path)}


@extend_schema(tags=["events"])
class CalendarFeedView(CodedViewMixin, APIView):
    """``/me/calendar-feed/``: the URL of your private iCal feed; POST replaces it."""

    success_codes = {None: Code.CALENDAR_FEED_RETRIEVED}

    @extend_schema(summary="My private iCal feed URL", responses={200: CalendarFeedSerializer})
    def get(self, request):
        return Response(_feed_url(request, calendar_feed_get(user=request.user)))

    @extend_schema(
        summary="Rotate the feed secret (the old URL stops working)",
        request=None,
        responses={200: CalendarFeedSerializer},
    )
    def post(self, request):
        response = Response(_feed_url(request, calendar_feed_rotate(user=request.user)))
        response.code = Code.CALENDAR_FEED_ROTATED
        return response


class FirstRendererNegotiation(BaseContentNegotiation):
    """Ignores ``Accept``: calendar clients ask for all sorts of types, and the feed has
    one. Only errors are rendered (as the JSON envelope)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["events"])
class IcalFeedView(CodedViewMixin, APIView):
    """``/ical/<secret>.ics``: a user's events as iCalendar, for calendar apps.

    Anonymous: the unguessable secret in the URL is the credential. An unknown or
    rotated secret answers 404 (as a JSON error envelope).
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    content_negotiation_class = FirstRendererNegotiation
    not_found_codes = Code.CALENDAR_FEED_NOT_FOUND

    @extend_schema(
        summary="iCalendar feed (RFC 5545) of the secret's owner",
        operation_id="ical_feed_retrieve",
        parameters=[
            OpenApiParameter(
                "secret", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$"
            )
        ],
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR)},
    )
    def get(self, request, secret: str):
        feed = feed_by_secret(secret)
        if feed is None:
            raise NotFound(Code.CALENDAR_FEED_NOT_FOUND)
        events = member_events(feed.user).only(
            "id", "name", "start", "end", "all_day", "description", "location", "category",
            "is_private", "sequence", "created_at", "updated_at",
        )  # fmt: skip
        response = HttpResponse(
            build_feed(user=feed.user, events=events.iterator(chunk_size=500)),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="kith.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
