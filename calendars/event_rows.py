"""The event lists (the month view, the day and range lists) as rows.

They read ``values_list`` rows, not model instances, from queries compiled once per
process (``common.compiled``): the user and the window's bounds are bound on
each request. Two queries for a list whatever its length (a page also counts its rows):
the events, with their owner's public profile joined in and their contact ids in a
column, then their members.
"""

from django.db import models
from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from accounts.models import User
from accounts.selectors import PUBLIC_PROFILE_FIELDS
from calendars.event_selectors import Window, member_window_q, overlap_q
from calendars.models import Event, EventMember
from common.compiled import CompiledQuery, Param

# The columns of an event row (``WindowEvents``): the event's, the ids of its contacts
# (``contact_ids``: "3,12", in any order, or None), then its owner's public profile.
# ``event_serializers.event_rows_representation`` reads them.
EVENT_ROW_COLUMNS = (
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
    "icon",
    "is_private",
    "conversation_id",
    "created_at",
    "contact_ids",
    *(f"owner__{f}" for f in PUBLIC_PROFILE_FIELDS),
)
ROW_START, ROW_END, ROW_ALL_DAY = 5, 6, 7


def _window_events(bounds: tuple[str, ...]) -> QuerySet[Event]:
    """The ``user`` placeholder's events overlapping a window with these bounds (its
    ``bounds()`` and ``member_bounds()``)."""
    fields = {"reach_cap": EventMember._meta.get_field("span")}
    start = Event._meta.get_field("start")
    placeholders = {name: Param(name, fields.get(name, start)) for name in bounds}
    # One filter() for the membership's conditions: they apply to the same row.
    member = member_window_q(placeholders, Param("user", User._meta.pk))
    return Event.objects.filter(member).filter(overlap_q(placeholders))


class JoinedIds(Aggregate):
    """The values of an integer column, comma-separated in no particular order."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "STRING_AGG(%(expressions)s::text, ',')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _contact_ids() -> Subquery:
    """The ``contact_ids`` of an event row, in one column rather than a query per list."""
    links = Event.contacts.through.objects.filter(event_id=OuterRef("id")).order_by()
    return Subquery(links.values("event_id").annotate(ids=JoinedIds("contact_id")).values("ids"))


_WINDOW_ROWS = CompiledQuery(
    lambda bounds: (
        _window_events(bounds)
        .annotate(contact_ids=_contact_ids())
        .order_by("start", "id")
        .values_list(*EVENT_ROW_COLUMNS)
    )
)
# A page with the count of all the window's rows in a last column.
_PAGE_ROWS = CompiledQuery(
    lambda bounds: (
        _window_events(bounds)
        .annotate(contact_ids=_contact_ids(), total=models.Window(models.Count("*")))
        .order_by("start", "id")
        .values_list(*EVENT_ROW_COLUMNS, "total")
    )
)
_WINDOW_IDS = CompiledQuery(lambda bounds: _window_events(bounds).order_by().values_list("id"))
_PAGE_IDS = CompiledQuery(
    lambda bounds: _window_events(bounds).order_by("start", "id").values_list("id")
)


def _read_ids(shape: tuple[tuple[str, ...], bool]) -> RawSQL:
    """The ids of the events read: a window's (``shape``: its bounds, and whether a
    page of it was read, with placeholders ``limit`` and ``offset``)."""
    bounds, sliced = shape
    if sliced:
        return RawSQL(*_PAGE_IDS.subquery(bounds, sliced=True))  # noqa: S611 - Django's SQL
    return RawSQL(*_WINDOW_IDS.subquery(bounds))  # noqa: S611


_MEMBERS = CompiledQuery(
    lambda shape: (
        EventMember.objects.filter(event_id__in=_read_ids(shape))
        .order_by("joined_at", "id")
        .values_list("event_id", *(f"user__{f}" for f in PUBLIC_PROFILE_FIELDS))
    )
)


class WindowEvents:
    """``user``'s events overlapping ``window``, by start, as rows of
    ``EVENT_ROW_COLUMNS`` (the owner's profile joined in): ``all()`` of them, or a
    ``page()`` with the count (``common.counted_pagination``), or a page as DRF's
    paginator asks (``count()`` and slicing). ``members()`` then loads the members of
    the events read last."""

    def __init__(self, user: User, window: Window):
        bounds = {**window.bounds(), **window.member_bounds()}
        self._bounds = tuple(sorted(bounds))
        self._values: dict = {"user": user.pk, **bounds}
        self._sliced = False

    def all(self) -> list[tuple]:
        self._sliced = False
        return _WINDOW_ROWS.rows(self._bounds, self._values)

    def page(self, limit: int, offset: int) -> list[tuple]:
        """``limit`` rows from ``offset``, each with the number of all the rows (the
        window's) in one more last column: one query for a page and its count."""
        self._sliced = True
        self._values.update(limit=limit, offset=offset)
        return _PAGE_ROWS.rows(self._bounds, self._values, limit=limit, offset=offset)

    def count(self) -> int:
        return _WINDOW_IDS.count(self._bounds, self._values)

    def __getitem__(self, page: slice) -> list[tuple]:
        start, stop = page.start or 0, page.stop
        self._sliced = True
        self._values.update(limit=max(stop - start, 0), offset=start)
        if stop <= start:
            return []
        return _WINDOW_ROWS.rows(self._bounds, self._values, limit=stop - start, offset=start)

    def members(self) -> dict[int, list[tuple]]:
        """The members of the events read last (event id -> rows of their users'
        ``PUBLIC_PROFILE_FIELDS``, by the time they joined), in one query."""
        members: dict[int, list[tuple]] = {}
        for event_id, *user in _MEMBERS.rows((self._bounds, self._sliced), self._values):
            members.setdefault(event_id, []).append(user)
        return members
