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

# The datetime columns of chat rows (the last part of a values_list name), for
# ``common.rows.values_rows``.
DATETIMES = frozenset({"created_at", "edited_at", "deleted_at", "last_activity_at"})
