"""The query parameters of the event lists (``?date=``, ``?start=&end=``) and of the
month view (``?year=&month=``).

The serializers define what is valid and every 400 answer. Instantiating one costs DRF
a deep copy of its fields and a walk through its validation machinery on each request,
more than the month view spends on its query, so the views read the parameters with
:func:`window_query` and :func:`month_query`: plain code for the well-formed values
clients send (the same parsing functions the fields use), and the serializer for
anything else, which then answers exactly as before (its errors, or the same values).
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers

from calendars.event_selectors import MAX_YEAR, MIN_YEAR, Window, user_tz


def check_year(value: datetime | date) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise serializers.ValidationError(f"Use a year between {MIN_YEAR} and {MAX_YEAR}.")


def _date_or_datetime(data: str) -> date | datetime | None:
    """``DateOrDateTimeField``'s parsing: a date, else a datetime, else None."""
    try:
        return parse_date(data) or parse_datetime(data)
    except ValueError:
        return None


class DateOrDateTimeField(serializers.Field):
    """``YYYY-MM-DD`` (a whole day) or an ISO 8601 datetime (naive: in your timezone)."""

    default_error_messages = {"invalid": "Use a date (YYYY-MM-DD) or an ISO 8601 datetime."}

    def to_internal_value(self, data) -> date | datetime:
        value = _date_or_datetime(data) if isinstance(data, str) else None
        if value is None:
            self.fail("invalid")
        check_year(value)
        return value

    def to_representation(self, value) -> str:
        return value.isoformat()


class EventWindowQuerySerializer(serializers.Serializer):
    """``?date=`` one day, or ``?start=&end=`` (dates: whole days, ``end`` inclusive)."""

    date = serializers.DateField(required=False)
    start = DateOrDateTimeField(required=False)
    end = DateOrDateTimeField(required=False)

    def validate_date(self, value: date) -> date:
        check_year(value)
        return value

    def validate(self, attrs: dict) -> dict:
        attrs["window"] = _window(attrs, user_tz(self.context["request"].user))
        return attrs


def _window(attrs: dict, tz: ZoneInfo) -> Window:
    """The window of valid parameters (``date``, ``start``, ``end``, each optional)."""
    if "date" in attrs:
        if "start" in attrs or "end" in attrs:
            raise serializers.ValidationError("Give either date or start/end, not both.")
        return Window.days(attrs["date"], attrs["date"], tz)
    start, end = attrs.get("start"), attrs.get("end")
    if isinstance(start, date) and not isinstance(start, datetime):
        start = Window.days(start, start, tz).start
    elif start is not None:
        start = _aware(start, tz)
    end_is_day = isinstance(end, date) and not isinstance(end, datetime)
    if end_is_day:
        end = Window.days(end, end, tz).end
    elif end is not None:
        end = _aware(end, tz)
    # An end day before the start leaves an empty window: refused like end < start.
    if start is not None and end is not None and (start > end or (start == end and end_is_day)):
        raise serializers.ValidationError({"end": ["The end must not be before the start."]})
    return Window(start, end, tz)


def _aware(value: datetime, tz) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


class MonthQuerySerializer(serializers.Serializer):
    """``?year=&month=``; each defaults to today's in the user's timezone."""

    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)

    def validate(self, attrs: dict) -> dict:
        return _month(attrs.get("year"), attrs.get("month"), self.context["request"].user)


def _month(year: int | None, month: int | None, user) -> dict:
    """``year`` and ``month``, each today's in ``user``'s timezone when not given."""
    if year is None or month is None:
        today = timezone.now().astimezone(user_tz(user)).date()
        year = today.year if year is None else year
        month = today.month if month is None else month
    return {"year": year, "month": month}


# --- without the serializers, for well-formed queries ----------------------------------------

# What a field reads from a query string (DRF's ``Field.get_value``): the last value of
# the parameter; missing or empty, the field is left out.
_MISSING = object()
# A value the plain code leaves to the serializer.
_REFUSED = object()


def _param(params: QueryDict, name: str):
    value = params.get(name)
    return _MISSING if value is None or value == "" else value


def _ascii_int(value, low: int, high: int):
    """An ``IntegerField(min_value=low, max_value=high)``'s value for up to four plain
    decimal digits within its bounds (``high`` < 10000); ``_REFUSED`` for anything else."""
    if value is _MISSING:
        return None
    if not (len(value) <= 4 and value.isascii() and value.isdigit()):
        return _REFUSED
    number = int(value)
    return number if low <= number <= high else _REFUSED


def month_query(request) -> tuple[int, int]:
    """The ``(year, month)`` of ``MonthQuerySerializer`` for ``request``'s query; its
    400 (``ValidationError``) for a bad one."""
    params = request.query_params
    year = _ascii_int(_param(params, "year"), MIN_YEAR, MAX_YEAR)
    month = _ascii_int(_param(params, "month"), 1, 12)
    if year is _REFUSED or month is _REFUSED:
        data = _validated(MonthQuerySerializer, request)
    else:
        data = _month(year, month, request.user)
    return data["year"], data["month"]


def window_query(request) -> Window:
    """The window of ``EventWindowQuerySerializer`` for ``request``'s query; its 400
    (``ValidationError``) for a bad one."""
    attrs = _window_attrs(request.query_params)
    if attrs is not None:
        try:
            return _window(attrs, user_tz(request.user))
        except serializers.ValidationError:
            pass  # the serializer answers it
    return _validated(EventWindowQuerySerializer, request)["window"]


def _window_attrs(params: QueryDict) -> dict | None:
    """The fields' values of valid ``date``, ``start`` and ``end`` (those given); None
    if any is not (the serializer says why)."""
    attrs = {}
    value = _param(params, "date")
    if value is not _MISSING:
        try:
            day = parse_date(value)
        except ValueError:
            return None
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            return None
        attrs["date"] = day
    for name in ("start", "end"):
        value = _param(params, name)
        if value is not _MISSING:
            moment = _date_or_datetime(value)
            if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
                return None
            attrs[name] = moment
    return attrs


def _validated(serializer_class: type[serializers.Serializer], request) -> dict:
    query = serializer_class(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data
