"""Serializers of schedules and meetings (API.md §5)."""

from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer
from calendars.calendar_serializers import CalendarSerializer
from common.ids import MAX_ID
from scheduling.models import Meeting, Schedule
from scheduling.solver import Reason

MAX_MEETINGS = 5000


class MeetingSerializer(serializers.ModelSerializer):
    """A one-on-one meeting of the owner with ``user``."""

    user = PublicProfileSerializer(source="invitee.user", read_only=True)
    preference_score = serializers.IntegerField(
        read_only=True, help_text="Owner's preference + invitee's preference (2..6)."
    )
    event = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The event made at finalize, else null."
    )

    class Meta:
        model = Meeting
        fields = ["id", "user", "start", "end", "preference_score", "event"]
        read_only_fields = fields


class UnscheduledSerializer(serializers.Serializer):
    user = PublicProfileSerializer(read_only=True)
    reason = serializers.ChoiceField(
        choices=[r.value for r in Reason],
        read_only=True,
        help_text=(
            "no_availability: gave none; no_overlap_with_owner: no grid slot fits both; "
            "busy: every fitting slot overlaps an event; conflict: had slots, all better "
            "used by others (or, in a manual schedule, not given one)."
        ),
    )


class ScoreSerializer(serializers.Serializer):
    scheduled = serializers.IntegerField(read_only=True, help_text="Meetings shown.")
    invitees = serializers.IntegerField(
        read_only=True, help_text="Invitees of the calendar (1 for an invitee's own view)."
    )
    preference_total = serializers.IntegerField(
        read_only=True, help_text="Sum of the meetings' preference_score."
    )


class ScheduleSerializer(serializers.Serializer):
    """A calendar's schedule. An invitee sees only their own meeting or unscheduled
    entry, and a score counting only themselves."""

    meetings = MeetingSerializer(many=True, read_only=True)
    unscheduled = UnscheduledSerializer(many=True, read_only=True)
    score = ScoreSerializer(read_only=True)
    source = serializers.ChoiceField(
        choices=Schedule.Source.choices,
        read_only=True,
        allow_null=True,
        help_text="How the schedule was made; null before there is one.",
    )


class MeetingInputSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The invitee's id.")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class ScheduleInputSerializer(serializers.Serializer):
    """PUT body: the whole schedule, by hand."""

    meetings = MeetingInputSerializer(many=True, allow_empty=True, max_length=MAX_MEETINGS)


class FinalizedCalendarSerializer(CalendarSerializer):
    """The finalized calendar with its meetings and the events they became."""

    meetings = MeetingSerializer(source="meetings_list", many=True, read_only=True)

    class Meta(CalendarSerializer.Meta):
        fields = [*CalendarSerializer.Meta.fields, "meetings"]
