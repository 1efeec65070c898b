"""Chat rows with their datetimes written by the database, as DRF writes them in UTC
(``common.rows.UtcIsoText``).

A message page and the conversation list show 50 to 80 datetimes. Read as datetime
objects, each costs a loader call and then Python's formatting (``isoformat``, the
``Z``): a few microseconds apiece, more than the rest of the row. In UTC, the time zone
the API answers in unless one is activated, the database writes the same text itself
(``2026-11-22T09:30:00.123456Z``, the fraction only when it is not zero), which arrives
as a plain string. Under another current time zone the rows keep datetime objects, and
the representation converts them as DRF would.
"""

from django.db.models import QuerySet

from common.rows import UtcIsoText

# The datetime columns of chat rows (the last part of a values_list name).
DATETIMES = frozenset({"created_at", "edited_at", "deleted_at", "last_activity_at"})


def values_rows(queryset: QuerySet, columns: tuple[str, ...], utc_text: bool) -> QuerySet:
    """``queryset.values_list(*columns)``; with ``utc_text``, its datetime columns as
    :class:`UtcIsoText` instead (same positions)."""
    if not utc_text:
        return queryset.values_list(*columns)
    names, texts = [], {}
    for column in columns:
        if column.rsplit("__", 1)[-1] in DATETIMES:
            name = f"{column.replace('__', '_')}_utc"
            texts[name] = UtcIsoText(column)
            column = name
        names.append(column)
    return queryset.annotate(**texts).values_list(*names)
