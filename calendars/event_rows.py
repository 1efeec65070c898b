"""The event lists (the month view, the day and range lists) as rows.

They read ``values_list`` rows, not model instances, from queries compiled once per
process (``common.compiled``): the user and the window's bounds are bound on
each request. One query for a list whatever its length (a page also counts its rows):
the events, with their owner's public profile joined in, their contact ids in a column
and their members in another (a JSON list: the owner is already in the row, so only the
other members' profiles are looked up). The month view reads, on PostgreSQL, rows
holding most of each event's JSON as text and its owner's profile as a JSON list
(``EVENT_JSON_COLUMNS``).
"""

import re
from datetime import UTC, datetime
from functools import lru_cache

from django.db import NotSupportedError, connection, models
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    DateTimeField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from accounts.models import User
from accounts.selectors import PUBLIC_PROFILE_FIELDS
from calendars.event_selectors import Window, member_window_q, overlap_q
from calendars.models import Event, EventMember
from common.compiled import CompiledQuery, Param
from common.rows import JsonArray
from common.serializers import in_utc

# The columns of an event row (``WindowEvents``): the event's (its times as the text of
# their UTC wall time when the API answers in UTC, see ``UtcWallText``, else naive in
# UTC, see ``NaiveUtc``), the ids of its contacts (``contact_ids``: "3,12", in any order,
# for the reader's own events only, or None), its members (``member_rows``, see
# ``MemberList``), then its owner's public profile.
# ``event_serializers.event_rows_representation`` reads them.
EVENT_ROW_COLUMNS = (
    "id",
    "name",
    "kind",
    "category",
    "location",
    "start_utc",
    "end_utc",
    "all_day",
    "description",
    "related_people",
    "icon",
    "is_private",
    "conversation_id",
    "created_at_utc",
    "contact_ids",
    "member_rows",
    *(f"owner__{f}" for f in PUBLIC_PROFILE_FIELDS),
)
ROW_START, ROW_END, ROW_ALL_DAY = 5, 6, 7


def row_spans(
    rows: list[tuple], columns: tuple[int, int, int] = (ROW_START, ROW_END, ROW_ALL_DAY)
) -> tuple[list[datetime | str], list[datetime | str], list[bool]]:
    """The starts and ends (naive in UTC, or the text of their UTC wall time, which
    ``event_selectors.group_rows_by_day`` reads as it is) and the ``all_day`` of rows;
    ``columns`` are their indexes (``EVENT_JSON_COLUMNS``': ``JSON_ROW_SPAN``)."""
    start, end, all_day = columns
    return [row[start] for row in rows], [row[end] for row in rows], [row[all_day] for row in rows]


class _WindowBound(DateTimeField):
    """The type of a window's bounds (aware datetimes, ``Window.bounds``) as parameters:
    bound as they are on PostgreSQL, which psycopg adapts itself, where Django's
    ``get_db_prep_value`` checks and converts each first; elsewhere as Django binds them."""

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return value
        return super().get_db_prep_value(value, connection, prepared)


_WINDOW_BOUND = _WindowBound()


def _window_events(bounds: tuple[str, ...]) -> QuerySet[Event]:
    """The ``user`` placeholder's events overlapping a window with these bounds (its
    ``bounds()`` and ``member_bounds()``)."""
    fields = {"reach_cap": EventMember._meta.get_field("span")}
    placeholders = {name: Param(name, fields.get(name, _WINDOW_BOUND)) for name in bounds}
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


def _contact_ids() -> Case:
    """The ``contact_ids`` of an event row, in one column rather than a query per list."""
    links = Event.contacts.through.objects.filter(event_id=OuterRef("id")).order_by()
    joined = links.values("event_id").annotate(ids=JoinedIds("contact_id")).values("ids")
    return Case(When(_contacts_shown(links), then=Subquery(joined)), output_field=CharField())


def _contacts_shown(links: QuerySet) -> Q:
    """Whether an event row's contacts (``links``, its contact links) are looked up.

    Only the owner is shown them (``EventSerializer.get_contacts``): those of the
    ``user`` placeholder's own events that have any (an index probe first: most have
    none). Other rows show none.
    """
    return Q(owner_id=Param("user", User._meta.pk)) & Q(Exists(links))


class IdList(Func):
    """PostgreSQL: the ids a subquery selects, in its order, as the text of a JSON list."""

    output_field = TextField()
    template = "array_to_json(ARRAY%(expressions)s)::text"


def _contacts_json() -> Case:
    """PostgreSQL: the ``contacts`` of an event row as ``EventSerializer`` writes them,
    its contacts' ids ascending (``_contacts_shown``), else ``[]``."""
    links = Event.contacts.through.objects.filter(event_id=OuterRef("id"))
    ids = Subquery(links.order_by("contact_id").values("contact_id"))
    shown = _contacts_shown(links.order_by())
    return Case(When(shown, then=IdList(ids)), default=Value("[]"), output_field=TextField())


class NaiveUtc(Func):
    """A datetime column read as a naive datetime in UTC.

    PostgreSQL sends ``timestamp`` rather than ``timestamptz`` (``AT TIME ZONE 'UTC'``),
    which psycopg reads in C, where an aware value is read in Python (about 1 us here);
    and ``isoformat()`` costs half as much on a naive value. A month view reads and
    writes some 200. Other databases: Django's aware value, made naive.
    """

    output_field = DateTimeField()
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "(%(expressions)s AT TIME ZONE 'UTC')"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def get_db_converters(self, connection):
        converters = super().get_db_converters(connection)
        if connection.vendor == "postgresql":
            return converters
        # After the database's converters, which make the value aware (in UTC).
        return [*converters, _naive_utc]


class UtcWallText(Func):
    """A datetime column as the text of its UTC wall time, ``YYYY-MM-DD HH:MM:SS`` with
    the fraction when it is not zero, which ``drf_utc`` makes DRF's text in UTC.

    PostgreSQL writes it as it writes a ``timestamp`` anyway (ISO DateStyle), so the
    text costs it nothing more than the naive value, where ``to_char`` costs it about
    0.3 us a value; Python's share (``drf_utc``, ``datetime.fromisoformat``) is a
    quarter of ``isoformat``'s. The fraction loses its trailing zeros there: ``.12``.
    SQLite stores that text already (with six digits).
    """

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"UtcWallText needs PostgreSQL or SQLite, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "((%(expressions)s AT TIME ZONE 'UTC')::text)"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        # An expression, not the column: Python's sqlite3 would read a column declared
        # as a datetime as one.
        template = "(%(expressions)s || '')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


_WHOLE = frozenset((19, 26))  # the lengths of a text without a fraction, with six digits


def drf_utc(text: str) -> str:
    """DRF's text (in UTC) of a ``UtcWallText``: ``2026-11-22T09:30:00.120000Z``."""
    text = text.replace(" ", "T", 1)
    return f"{text}Z" if len(text) in _WHOLE else f"{text.ljust(26, '0')}Z"


def _naive_utc(value: datetime | None, expression, connection) -> datetime | None:
    return value if value is None else value.astimezone(UTC).replace(tzinfo=None)


class MemberList(Func):
    """The members of an event row of a user's events, by the time they joined, as the
    text of a JSON list: ``null`` for the event's owner (whose profile the row holds),
    else the user's ``PUBLIC_PROFILE_FIELDS`` as a list. A single event's is ``[null]``.

    One correlated subquery per event over the memberships' event index; a user row is
    looked up only for members who don't own the event. (A JSON list of every member's
    profile, ``common.rows.JsonRows``, joins a user row for every membership: PostgreSQL
    spent about 1.6 times the CPU on the month view's query.) Most events have no member
    but their owner: a probe of the unique index on (event, user) for another member
    skips the list, its sort and its text for them. Without another member, the user
    whose events these are (a member of each) is the owner, so the list is ``[null]``.
    """

    output_field = TextField()

    def __init__(self):
        profile = (
            User.objects.filter(pk=OuterRef("user_id"))
            .order_by()
            .values(profile=JsonArray(*PUBLIC_PROFILE_FIELDS, output_field=TextField()))
        )
        member = Case(
            When(user_id=OuterRef("owner_id"), then=Value(None)),
            default=Subquery(profile),
            output_field=TextField(),
        )
        memberships = EventMember.objects.filter(event_id=OuterRef("id"))
        others = memberships.exclude(user_id=OuterRef("owner_id")).values("id")
        members = memberships.order_by("joined_at", "id").values(member=member)
        super().__init__(Exists(others), Subquery(members))

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"MemberList needs PostgreSQL or SQLite, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra_context):
        # ARRAY(SELECT ...) keeps the subquery's order.
        return self._guarded(compiler, "array_to_json(ARRAY{members})::text")

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite doesn't flatten an ordered subquery into an aggregate: the order holds.
        # A profile is text to the outer query: json() makes it JSON again.
        return self._guarded(compiler, "(SELECT json_group_array(json(m.member)) FROM {members} m)")

    def _guarded(self, compiler, members_template: str) -> tuple[str, list]:
        """``members_template`` (the list of ``{members}``, their subquery) where the
        event has a member other than its owner, else ``[null]``."""
        others, members = (compiler.compile(e) for e in self.get_source_expressions())
        listed = members_template.format(members=members[0])
        sql = f"(CASE WHEN {others[0]} THEN {listed} ELSE '{OWNER_ONLY}' END)"
        return sql, [*others[1], *members[1]]


# The members of a single event: its owner alone (``MemberList``).
OWNER_ONLY = "[null]"


class JsonFields(Func):
    """PostgreSQL only: columns of an event as part of its JSON object, the text
    orjson writes for them: ``,"name":value`` for each (``{`` opens the first, with
    ``opening``), then ``,"<then>":``, the key of what follows (written apart).
    ``written`` maps names to expressions giving their JSON text instead of a column.

    ``to_json`` escapes text as orjson does (an empty text needs no call); integers and
    booleans are their text, a choice's value needs no escaping. Constants next to each
    other are written as one, so PostgreSQL joins fewer pieces.
    """

    output_field = TextField()

    def __init__(self, *names: str, then: str, opening: bool = False, written: dict | None = None):
        written = written or {}
        super().__init__(*(written.get(name, F(name)) for name in names))
        self.names, self.then, self.opening, self.written = names, then, opening, set(written)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"JsonFields needs PostgreSQL, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra_context):
        pieces: list[str | tuple[str]] = []
        params = []
        columns = zip(self.names, self.get_source_expressions(), strict=True)
        for i, (name, expression) in enumerate(columns):
            sql, column_params = compiler.compile(expression)
            params += column_params
            opening = "{" if self.opening and i == 0 else ","
            pieces += [f'{opening}"{name}":', *_json_value(name, sql, name in self.written)]
        pieces.append(f',"{self.then}":')
        return _concatenated(pieces), params


def _concatenated(pieces: list[str | tuple[str]]) -> str:
    """SQL joining ``pieces`` (constants, and SQL in a tuple) with ``||``; constants
    next to each other become one literal (their text is the code's: no quote in it)."""
    merged: list[str | tuple[str]] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    terms = [piece[0] if isinstance(piece, tuple) else f"'{piece}'" for piece in merged]
    return f"({' || '.join(terms)})"


def _json_value(name: str, sql: str, written: bool) -> list[str | tuple[str]]:
    """The pieces (constants, and SQL in a tuple) of an event column's JSON text (never
    NULL: the columns aren't), or of an expression that writes it (``written``)."""
    if written:
        return [(sql,)]
    field = Event._meta.get_field(name)
    if isinstance(field, models.BooleanField | models.AutoField | models.IntegerField):
        return [(f"{sql}::text",)]
    if field.choices and all(_PLAIN.fullmatch(value) for value, _ in field.choices):
        return ['"', (sql,), '"']
    return [(f"(CASE WHEN {sql} = '' THEN '\"\"' ELSE to_json({sql})::text END)",)]


_PLAIN = re.compile(r"[a-z0-9_-]*")  # choice values JSON writes as they are (no quote)


def _event_rows(shape: tuple[tuple[str, ...], bool]) -> QuerySet[Event]:
    """The rows of a window with these bounds; with ``utc_text`` (the second of
    ``shape``), their datetimes as text (``UtcWallText``)."""
    bounds, utc_text = shape
    return _window_events(bounds).annotate(
        **{
            f"{name}_utc": UtcWallText(name) if utc_text else NaiveUtc(name)
            for name in ("start", "end", "created_at")
        },
        contact_ids=_contact_ids(),
        member_rows=MemberList(),
    )


_WINDOW_ROWS = CompiledQuery(
    lambda shape: _event_rows(shape).order_by("start", "id").values_list(*EVENT_ROW_COLUMNS)
)
# A page with the count of all the window's rows in a last column.
_PAGE_ROWS = CompiledQuery(
    lambda shape: (
        _event_rows(shape)
        .annotate(total=models.Window(models.Count("*")))
        .order_by("start", "id")
        .values_list(*EVENT_ROW_COLUMNS, "total")
    )
)


def _owner_profile() -> Case:
    """PostgreSQL: the ``PUBLIC_PROFILE_FIELDS`` of an event row's owner as the text of
    a JSON list. Most events are the ``user`` placeholder's own: theirs is looked up once
    per query (an uncorrelated subquery), others' for their rows, instead of joining a
    user row to every event."""
    reader = Param("user", User._meta.pk)
    return Case(
        When(owner_id=reader, then=_profile(reader)),
        default=_profile(OuterRef("owner_id")),
        output_field=TextField(),
    )


def _profile(user: Param | OuterRef) -> Subquery:
    """A user's public profile as the text of a JSON list (``json`` would be parsed)."""
    profile = Cast(JsonArray(*PUBLIC_PROFILE_FIELDS), TextField())
    return Subquery(User.objects.filter(pk=user).order_by().values(profile=profile))


# The month view's rows (PostgreSQL, in UTC): each event's JSON in pieces around its
# times, owner and members (``JsonFields``), those, what the days it falls on need, its
# owner's id and public profile. ``event_serializers.event_rows_json`` reads them.
EVENT_JSON_COLUMNS = (
    "json_to_start",
    "start_utc",
    "end_utc",
    "json_to_owner",
    "member_rows",
    "conversation_id",
    "created_at_utc",
    "all_day",
    "owner_id",
    "owner_profile",
)
JSON_ROW_SPAN = (1, 2, 7)  # start_utc, end_utc, all_day: for ``row_spans``
_WINDOW_JSON = CompiledQuery(
    lambda bounds: (
        _window_events(bounds)
        .annotate(
            json_to_start=JsonFields(
                "id", "name", "kind", "category", "location", then="start", opening=True
            ),
            json_to_owner=JsonFields(
                *("all_day", "description", "related_people", "contacts", "icon", "is_private"),
                then="owner",
                written={"contacts": _contacts_json()},
            ),
            **{f"{name}_utc": UtcWallText(name) for name in ("start", "end", "created_at")},
            member_rows=MemberList(),
            owner_profile=_owner_profile(),
        )
        .order_by("start", "id")
        .values_list(*EVENT_JSON_COLUMNS)
    )
)

# For the count of a window's events (``WindowEvents.count``).
_WINDOW_IDS = CompiledQuery(lambda bounds: _window_events(bounds).order_by().values_list("id"))


@lru_cache(maxsize=1024)
def _window_bounds(window: Window) -> tuple[tuple[str, ...], dict]:
    """The names (sorted: part of a query's shape) and values of the bounds a window's
    query compares with; once per window (a month's is the same for every request)."""
    bounds = {**window.bounds(), **window.member_bounds()}
    return tuple(sorted(bounds)), bounds


class WindowEvents:
    """``user``'s events overlapping ``window``, by start, as rows of
    ``EVENT_ROW_COLUMNS`` (the owner's profile joined in, the members in a column):
    ``all()`` of them, or a ``page()`` with the count (for
    ``common.pagination.CountedRowsPagination``), or a page as DRF's paginator asks
    (``count()`` and slicing)."""

    def __init__(self, user: User, window: Window):
        self._bounds, bounds = _window_bounds(window)
        self._shape = (self._bounds, in_utc())
        self._values: dict = {"user": user.pk, **bounds}

    def all(self) -> list[tuple]:
        return _WINDOW_ROWS.rows(self._shape, self._values)

    def json_rows(self) -> list[tuple] | None:
        """``all()`` as rows of ``EVENT_JSON_COLUMNS``, or None where the database can't
        write them (not PostgreSQL, or the API not answering in UTC)."""
        if not self._shape[1] or connection.vendor != "postgresql":
            return None
        return _WINDOW_JSON.rows(self._bounds, self._values)

    def page(self, limit: int, offset: int) -> list[tuple]:
        """``limit`` rows from ``offset``, each with the number of all the rows (the
        window's) in one more last column: one query for a page and its count."""
        return _PAGE_ROWS.rows(self._shape, self._values, limit=limit, offset=offset)

    def count(self) -> int:
        return _WINDOW_IDS.count(self._bounds, self._values)

    def __getitem__(self, page: slice) -> list[tuple]:
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        return _WINDOW_ROWS.rows(self._shape, self._values, limit=stop - start, offset=start)
