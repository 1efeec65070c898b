"""Hand-built representations for the hot lists (see ``bench/RESULTS.md``).

DRF deep-copies every declared field of a serializer for each serializer instance and
then walks the fields for every row; on a page of 20 rows that is most of a list
request's time. The serializers of the busiest lists keep their declared fields (they
drive validation and the OpenAPI schema) but override ``to_representation`` with a
plain dict built from the instance, using the helpers below for the values whose
format DRF defines (dates, datetimes, decimals, file URLs).

Each such serializer is checked by a test against :func:`generic_representation`, DRF's
own rendering of the same declared fields, on varied rows: the output is identical,
key order included.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.utils import timezone
from rest_framework import serializers

_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def iso_date(value) -> str | None:
    """A date as DRF's ``DateField`` writes it (``YYYY-MM-DD``), or None."""
    return None if value is None else _DATE.to_representation(value)


def iso_datetime(value) -> str | None:
    """An aware datetime as DRF's ``DateTimeField`` writes it (ISO 8601 in the current
    timezone, ``Z`` for UTC), or None."""
    return None if value is None else _DATETIME.to_representation(value)


def in_utc() -> bool:
    """Whether DRF writes datetimes in UTC now (the current time zone is UTC): a
    database can then write a row's datetimes as DRF's text itself."""
    zone = timezone.get_current_timezone()
    return zone is UTC or getattr(zone, "key", None) == "UTC"


def datetime_formatter() -> Callable[[datetime | None], str | None]:
    """:func:`iso_datetime` for the rows of one response: the current timezone is
    looked up once (DRF's ``DateTimeField`` looks it up for every value), and a UTC
    value shown in UTC, as the databases return them, is written without converting."""
    zone = timezone.get_current_timezone()
    utc = in_utc()

    def iso(value: datetime | None) -> str | None:
        if not value or value.tzinfo is None:
            return iso_datetime(value)
        if utc and value.tzinfo is UTC:
            return value.isoformat()[:-6] + "Z"
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return iso


def file_url(value, request) -> str | None:
    """A file or image field's URL as DRF's ``FileField`` writes it: absolute when
    the request is known, None when empty."""
    if not value:
        return None
    try:
        url = value.url
    except AttributeError:
        return None
    return request.build_absolute_uri(url) if request is not None else url


def generic_representation(serializer: serializers.Serializer, instance) -> dict:
    """DRF's generic rendering of ``serializer``'s declared fields for ``instance``,
    bypassing any hand-built ``to_representation`` of its class (for tests)."""
    return serializers.Serializer.to_representation(serializer, instance)
