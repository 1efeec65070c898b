"""Serializers of events, invitations and the iCal feed URL (the views' query parameters:
``event_queries``)."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import orjson
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer, public_profile, public_profile_from_row
from calendars.event_queries import check_year
from calendars.event_rows import OWNER_ONLY, ROW_START, drf_utc
from calendars.event_selectors import aware_utc, user_tz
from calendars.models import Event, EventInvite
from calendars.models.events import Icon
from common.ids import MAX_ID
from common.serializers import datetime_formatter, in_utc, iso_datetime
from contacts.models import Contact

ALL_DAY_HELP = (
    "All-day events hold dates: `start` and `end` are midnight UTC of their first and "
    "last day (both inclusive), and they fall on those days in every timezone. On input, "
    "the days of `start` and `end` in your timezone are taken."
)


# --- events ------------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    """An event as its members (and, for public group events, the owner's friends) see it."""

    owner = PublicProfileSerializer(read_only=True)
    members = PublicProfileSerializer(
        source="member_users",
        many=True,
        read_only=True,
        help_text="Members (the owner among them), by the time they joined.",
    )
    contacts = serializers.SerializerMethodField(
        help_text="Ids of the owner's own contacts; shown to the owner only (others get [])."
    )
    conversation = serializers.IntegerField(
        source="conversation_id",
        read_only=True,
        allow_null=True,
        help_text=(
            "Id of the group event's chat (`/conversations/{id}/messages/`, members only); "
            "null for single events."
        ),
    )
    all_day = serializers.BooleanField(read_only=True, help_text=ALL_DAY_HELP)

    class Meta:
        model = Event
        fields = [
            "id",
            "name",
            "kind",
            "category",
            "location",
            "start",
            "end",
            "all_day",
            "description",
            "related_people",
            "contacts",
            "icon",
            "is_private",
            "owner",
            "members",
            "conversation",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, event: Event) -> dict:
        """Built by hand: the month view and event lists are hot paths
        (``common.serializers``). Reads what ``event_selectors.with_details`` loads."""
        request = self.context.get("request")
        return {
            "id": event.pk,
            "name": event.name,
            "kind": event.kind,
            "category": event.category,
            "location": event.location,
            "start": iso_datetime(event.start),
            "end": iso_datetime(event.end),
            "all_day": event.all_day,
            "description": event.description,
            "related_people": event.related_people,
            "contacts": self.get_contacts(event),
            "icon": event.icon,
            "is_private": event.is_private,
            "owner": public_profile(event.owner, request),
            "members": [public_profile(user, request) for user in event.member_users],
            "conversation": event.conversation_id,
            "created_at": iso_datetime(event.created_at),
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_contacts(self, event: Event) -> list[int]:
        request = self.context.get("request")
        if request is None or request.user.pk != event.owner_id:
            return []
        return event.contact_ids


def event_rows_representation(rows: list[tuple], request) -> list[dict]:
    """``EventSerializer``'s output for rows of ``event_rows.EVENT_ROW_COLUMNS``,
    in their order, built without model instances: the month view and the event lists.

    A user's public profile is built once, however many events show them.
    """
    user_id = request.user.pk if request is not None else None
    profiles: dict[int, dict] = {}

    def profile(user: Sequence) -> dict:
        shown = profiles.get(user[0])
        if shown is None:
            shown = profiles[user[0]] = public_profile_from_row(user, request)
        return shown

    def members(listed: str, owner: dict) -> list[dict]:
        if listed == OWNER_ONLY:
            return [owner]
        return [owner if user is None else profile(user) for user in orjson.loads(listed)]

    # The rows' datetimes: text (in UTC, ``event_rows.UtcWallText``) or naive datetimes.
    text = bool(rows) and rows[0][ROW_START].__class__ is str
    iso = drf_utc if text else _naive_utc_formatter()
    return [
        {
            "id": pk,
            "name": name,
            "kind": kind,
            "category": category,
            "location": location,
            "start": iso(start),
            "end": iso(end),
            "all_day": all_day,
            "description": description,
            "related_people": related_people,
            "contacts": _contact_ids(contact_ids) if owner[0] == user_id else [],
            "icon": icon,
            "is_private": is_private,
            "owner": (owner_shown := profile(owner)),
            "members": members(member_rows, owner_shown),
            "conversation": conversation,
            "created_at": iso(created_at),
        }
        for (
            pk,
            name,
            kind,
            category,
            location,
            start,
            end,
            all_day,
            description,
            related_people,
            icon,
            is_private,
            conversation,
            created_at,
            contact_ids,
            member_rows,
            *owner,
        ) in rows
    ]


def event_rows_json(rows: list[tuple], request) -> list[orjson.Fragment]:
    """``event_rows_representation`` of rows of ``event_rows.EVENT_JSON_COLUMNS``, as
    the JSON orjson writes for it, in ``orjson.Fragment`` objects (which it writes as
    they are). The database wrote each event's JSON but for its times (``drf_utc``
    costs less here than PostgreSQL's formatting there), its owner and its members,
    whose profiles (absolute URLs of the request) are encoded here, once per user.
    """
    profiles: dict[int, str] = {}

    def profile(user: Sequence) -> str:
        shown = profiles[user[0]] = orjson.dumps(public_profile_from_row(user, request)).decode()
        return shown

    def members(listed: str, owner: str) -> str:
        users = orjson.loads(listed)
        shown = (owner if u is None else profiles.get(u[0]) or profile(u) for u in users)
        return f"[{','.join(shown)}]"

    fragment, iso, alone, loads = orjson.Fragment, drf_utc, OWNER_ONLY, orjson.loads
    return [
        fragment(
            f'{to_start}"{iso(start)}","end":"{iso(end)}"{to_owner}{owner}'
            f',"members":{f"[{owner}]" if member_rows == alone else members(member_rows, owner)}'
            f',"conversation":{"null" if conversation is None else conversation}'
            f',"created_at":"{iso(created_at)}"}}'
        )
        for (
            to_start,
            start,
            end,
            to_owner,
            member_rows,
            conversation,
            created_at,
            _,
            owner_id,
            owner_profile,
        ) in rows
        # The owner's profile is parsed only the first time they show up.
        for owner in (profiles.get(owner_id) or profile(loads(owner_profile)),)
    ]


def _naive_utc_formatter() -> Callable[[datetime], str]:
    """``common.serializers.datetime_formatter`` for naive datetimes in UTC (the event
    rows' times): in UTC, as DRF writes it, ``isoformat()`` with ``Z``."""
    if in_utc():
        return _utc_iso
    iso = datetime_formatter()
    return lambda value: iso(aware_utc(value))


def _utc_iso(value: datetime) -> str:
    return value.isoformat() + "Z"


def _contact_ids(joined: str | None) -> list[int]:
    """``EventSerializer.get_contacts`` from a row's ``contact_ids`` (the owner's view)."""
    return sorted(map(int, joined.split(","))) if joined else []


class LocalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 datetime; one without an offset is read in the user's timezone."""

    def default_timezone(self):
        request = self.context.get("request")
        return user_tz(request.user) if request is not None else UTC


class EventWriteSerializer(serializers.ModelSerializer):
    """What a client may set on an event. ``contacts`` must be ids of your own contacts."""

    start = LocalDateTimeField(help_text="ISO 8601; without an offset, in your timezone.")
    end = LocalDateTimeField(help_text="ISO 8601; without an offset, in your timezone.")

    contacts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=200,
        required=False,
        help_text="Ids of your own contacts (replaces the list).",
    )
    all_day = serializers.BooleanField(required=False, help_text=ALL_DAY_HELP)

    class Meta:
        model = Event
        fields = [
            "name",
            "kind",
            "category",
            "location",
            "start",
            "end",
            "all_day",
            "description",
            "related_people",
            "contacts",
            "icon",
            "is_private",
        ]

    def validate_start(self, value: datetime) -> datetime:
        check_year(value)
        return value

    def validate_end(self, value: datetime) -> datetime:
        check_year(value)
        return value

    def validate_contacts(self, ids: list[int]) -> list[int]:
        ids = list(dict.fromkeys(ids))
        owner = self.context["request"].user
        own = set(Contact.objects.filter(owner=owner, pk__in=ids).values_list("pk", flat=True))
        missing = [i for i in ids if i not in own]
        if missing:
            raise serializers.ValidationError(
                f"Not among your contacts: {', '.join(map(str, missing))}."
            )
        return ids

    def validate(self, attrs: dict) -> dict:
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start is not None and end is not None and start > end:
            raise serializers.ValidationError({"end": ["The end must not be before the start."]})
        return attrs


class EventSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "name", "start", "end"]
        read_only_fields = fields


# --- invitations ---------------------------------------------------------------------------


class EventInviteSerializer(serializers.ModelSerializer):
    event = EventSummarySerializer(read_only=True)
    from_user = PublicProfileSerializer(read_only=True)
    to_user = PublicProfileSerializer(read_only=True)

    class Meta:
        model = EventInvite
        fields = ["id", "event", "from_user", "to_user", "created_at"]
        read_only_fields = fields


class EventInviteCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of a friend of yours."
    )


# --- the iCal feed ---------------------------------------------------------------------------


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(
        read_only=True,
        help_text="Private iCalendar feed URL; anyone holding it can read your events.",
    )


def icon_names() -> list[str]:
    return list(Icon.values)
