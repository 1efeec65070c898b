"""``/calendars/{id}/schedule/`` and ``/calendars/{id}/finalize/`` (API.md §5)."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.calendar_permissions import IsParentCalendarOwner, IsParentCalendarOwnerForWrites
from calendars.calendar_views import CALENDAR_ID, CalendarScopedMixin
from common.codes import Code
from common.views import CodedViewMixin, KithGenericViewSet
from scheduling import services
from scheduling.selectors import meetings_of, schedule_for
from scheduling.serializers import (
    FinalizedCalendarSerializer,
    ScheduleInputSerializer,
    ScheduleSerializer,
)

_SCHEDULE_BODY = (
    "`{meetings, unscheduled, score, source}`. The owner sees everything; an invitee "
    "sees only their own meeting (or their own unscheduled entry) and a score counting "
    "only themselves. Before any schedule exists: empty lists, zero score, null source."
)


class ScheduleViewSet(CalendarScopedMixin, KithGenericViewSet):
    """The calendar's schedule: read (owner, invitees), generate, save, clear (owner)."""

    serializer_class = ScheduleSerializer
    permission_classes = [IsAuthenticated, IsParentCalendarOwnerForWrites]
    pagination_class = None
    filter_backends: list = []
    success_codes = {
        "retrieve": Code.SCHEDULE_RETRIEVED,
        "generate": Code.SCHEDULE_GENERATED,
        "save": Code.SCHEDULE_SAVED,
        "clear": Code.SCHEDULE_CLEARED,
    }
    error_codes = {"save": Code.SCHEDULE_INVALID}
    not_found_codes = Code.CALENDAR_NOT_FOUND

    def _answer(self) -> Response:
        data = schedule_for(self.calendar, self.request.user)
        return Response(self.get_serializer(data).data)

    @extend_schema(
        summary="The schedule (owner; an invitee sees only their own meeting)",
        description=_SCHEDULE_BODY,
        parameters=[CALENDAR_ID],
        responses={200: ScheduleSerializer},
        tags=["scheduling"],
    )
    def retrieve(self, request, *args, **kwargs):
        return self._answer()

    @extend_schema(
        summary="Generate the optimal schedule (owner), replacing any previous one",
        description=(
            "Meets as many invitees as possible, then maximises the sum of owner + "
            "invitee preferences; ties go to the earliest slots. Slots are the calendar's "
            "grid (meeting_minutes from each local midnight; none across midnight or a DST "
            "change), inside an owner and an invitee availability, and, with "
            "avoid_event_conflicts, clear of both people's events. " + _SCHEDULE_BODY
        ),
        parameters=[CALENDAR_ID],
        request=None,
        responses={200: ScheduleSerializer},
        tags=["scheduling"],
    )
    def generate(self, request, *args, **kwargs):
        services.schedule_generate(calendar=self.calendar)
        return self._answer()

    @extend_schema(
        summary="Save a schedule made by hand (owner)",
        description=(
            "Replaces the schedule with `meetings`, checked like generated ones: on the "
            "grid, inside an owner and an invitee availability, one meeting per invitee "
            "and per slot, clear of events when avoid_event_conflicts is on. Broken rules "
            "answer 400 code 653 with errors keyed `meetings.<index>.<field>`. " + _SCHEDULE_BODY
        ),
        parameters=[CALENDAR_ID],
        request=ScheduleInputSerializer,
        responses={200: ScheduleSerializer},
        tags=["scheduling"],
    )
    def save(self, request, *args, **kwargs):
        services.ensure_open(self.calendar)
        serializer = ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposed = [
            (m["user"], m["start"], m["end"]) for m in serializer.validated_data["meetings"]
        ]
        services.schedule_save(calendar=self.calendar, proposed=proposed)
        return self._answer()

    @extend_schema(
        summary="Clear the schedule (owner)",
        parameters=[CALENDAR_ID],
        request=None,
        responses={200: None},
        tags=["scheduling"],
    )
    def clear(self, request, *args, **kwargs):
        services.schedule_clear(calendar=self.calendar)
        return Response(None)


class FinalizeView(CalendarScopedMixin, CodedViewMixin, APIView):
    """Finalize a calendar: its meetings become events of both participants."""

    permission_classes = [IsAuthenticated, IsParentCalendarOwner]
    success_codes = {None: Code.CALENDAR_FINALIZE_DONE}
    not_found_codes = Code.CALENDAR_NOT_FOUND

    @extend_schema(
        summary="Finalize the calendar (owner)",
        description=(
            "Each meeting becomes a private group event whose members are the owner and "
            "the invitee; everyone is mailed. Answers the calendar with its meetings and "
            "their event ids. Already finalized: 400 code 611. A stored schedule that no "
            "longer fits (changed availabilities, events or settings): 400 code 655. "
            "Afterwards every change to the calendar, its invitees, availabilities and "
            "schedule answers 410."
        ),
        parameters=[CALENDAR_ID],
        request=None,
        responses={200: FinalizedCalendarSerializer},
        tags=["scheduling"],
    )
    def post(self, request, *args, **kwargs):
        calendar = services.calendar_finalize(calendar=self.calendar)
        calendar.meetings_list = list(meetings_of(calendar))
        data = FinalizedCalendarSerializer(calendar, context={"request": request}).data
        return Response(data)
