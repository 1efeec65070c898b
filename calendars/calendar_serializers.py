"""Serializers of scheduling calendars, invitees and availabilities (API.md §5)."""

from functools import lru_cache
from zoneinfo import available_timezones

from django.utils import timezone
from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer
from calendars.calendar_selectors import INVITEE, OWNER
from calendars.models import Availability, Calendar, Invitee
from calendars.models.calendars import PREFERENCE_MAX, PREFERENCE_MIN
from common.codes import Code
from common.exceptions import ValidationFailed
from common.ids import MAX_ID

MAX_CALENDAR_DAYS = 366


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_timezone(value: str) -> str:
    if value not in _timezones():
        raise serializers.ValidationError("Not a known IANA timezone name (e.g. Europe/Berlin).")
    return value


# --- calendars ------------------------------------------------------------------------


class CalendarSerializer(serializers.ModelSerializer):
    """A calendar as its owner and invitees see it; also the body of a create."""

    timezone = serializers.CharField(
        max_length=64,
        required=False,
        validators=[validate_timezone],
        help_text="IANA timezone of the grid and the date range; defaults to the owner's.",
    )
    owner = PublicProfileSerializer(read_only=True)
    role = serializers.ChoiceField(
        choices=[OWNER, INVITEE], read_only=True, help_text="Your role in this calendar."
    )
    my_deadline = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="Until when you may enter availabilities (invitees); null for the owner.",
    )

    class Meta:
        model = Calendar
        fields = [
            "id",
            "name",
            "description",
            "start_date",
            "end_date",
            "meeting_minutes",
            "timezone",
            "avoid_event_conflicts",
            "finalized",
            "owner",
            "role",
            "my_deadline",
            "created_at",
        ]
        read_only_fields = ["finalized", "created_at"]
        extra_kwargs = {
            "meeting_minutes": {"help_text": "Length of every meeting, 5..480 minutes."},
            "end_date": {"help_text": "Inclusive; not before start_date; fixed once created."},
            "start_date": {"help_text": "Fixed once created."},
        }

    def validate(self, attrs):
        start, end = attrs["start_date"], attrs["end_date"]
        if end < start:
            raise serializers.ValidationError({"end_date": ["Must not be before start_date."]})
        if (end - start).days >= MAX_CALENDAR_DAYS:
            raise serializers.ValidationError(
                {"end_date": [f"A calendar spans at most {MAX_CALENDAR_DAYS} days."]}
            )
        return attrs


class CalendarUpdateSerializer(serializers.ModelSerializer):
    """PATCH body. ``start_date``/``end_date`` may be sent only unchanged."""

    timezone = serializers.CharField(max_length=64, validators=[validate_timezone])

    class Meta:
        model = Calendar
        fields = [
            "name",
            "description",
            "meeting_minutes",
            "timezone",
            "avoid_event_conflicts",
            "start_date",
            "end_date",
        ]
        extra_kwargs = {
            "start_date": {"help_text": "Accepted only when equal to the current value."},
            "end_date": {"help_text": "Accepted only when equal to the current value."},
        }

    def validate(self, attrs):
        changed = {
            name: ["A calendar's dates cannot change once it is created."]
            for name in ("start_date", "end_date")
            if name in attrs and attrs[name] != getattr(self.instance, name)
        }
        if changed:
            raise ValidationFailed(Code.CALENDAR_DATES_FIXED, errors=changed)
        attrs.pop("start_date", None)
        attrs.pop("end_date", None)
        return attrs


# --- invitees -------------------------------------------------------------------------


def _future(value):
    if value <= timezone.now():
        raise serializers.ValidationError("The deadline must be in the future.")
    return value


class InviteeSerializer(serializers.ModelSerializer):
    """An invitee as the owner sees it."""

    user = PublicProfileSerializer(read_only=True)
    has_availability = serializers.BooleanField(
        read_only=True, help_text="Whether they have entered at least one availability."
    )

    class Meta:
        model = Invitee
        fields = ["id", "calendar", "user", "deadline", "has_availability"]
        read_only_fields = ["calendar"]


class InviteeCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of a friend of the calendar's owner."
    )
    deadline = serializers.DateTimeField(
        validators=[_future], help_text="Until when they may enter availabilities (future)."
    )


class InviteeUpdateSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField(validators=[_future], help_text="A future moment.")


# --- availabilities -------------------------------------------------------------------


class AvailabilitySerializer(serializers.ModelSerializer):
    """A window in which its author can meet; also the create and PATCH body."""

    user = PublicProfileSerializer(read_only=True)
    preference = serializers.IntegerField(
        min_value=PREFERENCE_MIN,
        max_value=PREFERENCE_MAX,
        default=2,
        help_text="1 not preferred, 2 fine, 3 most preferred.",
    )

    class Meta:
        model = Availability
        fields = ["id", "calendar", "user", "start", "end", "preference"]
        read_only_fields = ["calendar"]

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start is not None and end is not None and start >= end:
            raise serializers.ValidationError({"end": ["Must be after start."]})
        return attrs
