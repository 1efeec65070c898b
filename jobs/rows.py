"""The job list's rows as the API shows them: :class:`jobs.serializers.JobSerializer`'s
output built from ``jobs.selectors.JOB_ROW_FIELDS`` rows, without model instances
(``tests/jobs/test_representation.py`` holds the two to the same bytes)."""

from collections.abc import Callable
from datetime import time
from decimal import Decimal

import orjson

from accounts.serializers import public_profile_from_row
from common.rows import stored_file_url
from common.serializers import datetime_formatter
from jobs.models import MONEY, JobPicture
from jobs.serializers import DAY_NAMES

_PICTURE_IMAGE = JobPicture._meta.get_field("image")
_CENT = Decimal(1).scaleb(-MONEY["decimal_places"])


def _money_text(value: Decimal | str | None) -> str | None:
    """``_money`` for a stored amount (at most ``MONEY``'s digits and places, so the
    quantizing is exact), without building a DRF decimal context per value; text (as
    PostgreSQL sends it, see ``jobs.selectors._AsSent``) is that already."""
    if value is None or value.__class__ is str:
        return value
    return f"{value.quantize(_CENT):f}"


def job_rows_representation(rows, request) -> list[dict]:
    """:meth:`JobSerializer.to_representation` of each ``jobs.selectors.JOB_ROW_FIELDS``
    row of a page (the list: no model instances, no prefetch). The datetimes are DRF's
    text already when the rows hold strings (``jobs.selectors.job_rows``' ``utc_text``)."""
    rows = list(rows)
    text = bool(rows) and rows[0][_CREATED_AT].__class__ is str
    iso = None if text else datetime_formatter()
    return [_job_row(row, request, iso) for row in rows]


_CREATED_AT = -3  # the place of ``created_at`` in a row, from its end


def _job_row(row: tuple, request, iso: Callable | None) -> dict:
    """One row; ``iso`` formats its datetimes, None when they are text already."""
    (
        pk, title, description, subcategory, subcategory_name, category, category_name,
        city, *owner, experiences, hourly_rate, initial_cost, average_rating, review_count,
        created_at, updated_at, children,
    ) = row  # fmt: skip
    (city_name, province, province_name), skills, pictures, slots = orjson.loads(children)
    pictures = [
        {"id": pid, "image": stored_file_url(_PICTURE_IMAGE, name, request), "is_main": bool(main)}
        for pid, name, main in pictures
    ]
    return {
        "id": pk,
        "title": title,
        "description": description,
        "subcategory": subcategory,
        "subcategory_name": subcategory_name,
        "category": category,
        "category_name": category_name,
        "city": city,
        "city_name": city_name,
        "province": province,
        "province_name": province_name,
        "owner": public_profile_from_row(owner, request),
        "skills": [{"id": sid, "title": skill_title} for sid, skill_title in skills],
        "experiences": experiences,
        "hourly_rate": _money_text(hourly_rate),
        "initial_cost": _money_text(initial_cost),
        "main_picture": next((p["image"] for p in pictures if p["is_main"]), None),
        "pictures": pictures,
        "average_rating": float(average_rating),
        "review_count": review_count,
        "timetable": timetable_from_rows(slots),
        "created_at": iso(created_at) if iso else created_at,
        "updated_at": iso(updated_at) if iso else updated_at,
    }


def _iso_time(value: str) -> str:
    """A time as a JSON list gives it (``09:00:00``; PostgreSQL trims fractions to
    ``09:00:00.5``) in DRF's ``TimeField`` format (``time.isoformat()``)."""
    if len(value) == 8:  # HH:MM:SS, as most times are: already what isoformat() writes
        return value
    return time.fromisoformat(value).isoformat()


def timetable_from_rows(slots: list) -> list[dict]:
    """:func:`timetable_representation` from ``[[day_of_week, start, end], ...]`` rows
    ordered by day and start (``jobs.models.JobListing``)."""
    days: list[dict] = []
    current = None
    for day, start, end in slots:
        if day != current:
            current, spans = day, []
            days.append({"day_of_week": DAY_NAMES[day], "slots": spans})
        spans.append({"start_time": _iso_time(start), "end_time": _iso_time(end)})
    return days
