"""Hot lists read as ``values_list`` rows rather than model instances (see
``bench/RESULTS.md``): each row's children as a JSON column of the page query, and DRF's
output formats for row values.

A page of a list that shows each row's related rows used to cost one prefetch query per
relation, each built, compiled and run by the ORM (0.3-0.5 ms of Python apiece). A
:class:`JsonRows` annotation puts them into the page query instead: a correlated
subquery per relation, aggregated into one JSON list per row by the database.
"""

import re
import weakref
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connections
from django.db.models import Expression, F, Func, IntegerField, JSONField, QuerySet
from django.db.models.expressions import Col

# The column the inner query selects (one value or one JSON array per child row), and
# the SQL around the inner query ({}) on each database.
_ROW = "json_row"
_POSTGRESQL = "to_jsonb(ARRAY({}))"
_SQLITE_VALUES = "(SELECT json_group_array(r.json_row) FROM ({}) r)"
# A JSON array from a subquery's column is text again to SQLite: json() makes it JSON.
_SQLITE_ARRAYS = "(SELECT json_group_array(json(r.json_row)) FROM ({}) r)"


class _JsonArray(Func):
    """A JSON array of columns. Django's ``JSONArray`` would do, but it asks the
    database whether it supports JSON (on SQLite a query, the first time)."""

    function = "json_array"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="jsonb_build_array", **extra_context)


class JsonRows(Expression):
    """The rows of a correlated queryset as a JSON list, in the queryset's order.

    ``build(outer_pk)`` returns the ordered queryset of one outer row's children,
    filtered on ``outer_pk`` (the outer row's primary key column); ``fields`` are the
    children's columns: one gives ``[value, ...]``, several give ``[[value, ...], ...]``.
    Values arrive as JSON gives them (times and decimals as strings, booleans as
    ``true``/``false`` on PostgreSQL but ``1``/``0`` on SQLite).

    Define instances once, at module level: the inner query is compiled on first use
    for each database and outer alias and then reused (copies share the cache), so an
    annotation costs no ORM work per request. ``build`` must therefore filter on
    ``outer_pk`` only, with no per-request values.

    PostgreSQL: ``to_jsonb(ARRAY(inner))`` (an ARRAY of a subquery keeps its ORDER BY).
    SQLite: ``json_group_array`` over the ordered subquery (SQLite doesn't flatten an
    ordered subquery into an aggregate query, so the rows keep their order).
    """

    output_field = JSONField()

    def __init__(self, build: Callable[[Col], QuerySet], *fields: str):
        super().__init__()
        self.build, self.fields = build, fields
        self._compiled: dict[tuple[str, str], tuple[str, tuple]] = {}

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.build.__qualname__}, {self.fields})"

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"JsonRows needs PostgreSQL or SQLite, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection):
        return self._wrapped(compiler, connection, _POSTGRESQL)

    def as_sqlite(self, compiler, connection):
        template = _SQLITE_VALUES if len(self.fields) == 1 else _SQLITE_ARRAYS
        return self._wrapped(compiler, connection, template)

    def _wrapped(self, compiler, connection, template: str) -> tuple[str, tuple]:
        outer = compiler.query
        key = (connection.alias, outer.base_table)
        if key not in self._compiled:
            sql, params = self._inner_sql(outer, connection)
            self._compiled[key] = template.format(sql), params
        return self._compiled[key]

    def _inner_sql(self, outer, connection) -> tuple[str, tuple]:
        alias = outer.base_table
        queryset = self.build(Col(alias, outer.model._meta.pk))
        row = F(self.fields[0]) if len(self.fields) == 1 else _JsonArray(*self.fields)
        inner = queryset.values(**{_ROW: row}).query
        sql, params = inner.get_compiler(connection=connection).as_sql()
        if inner.alias_refcount.get(alias):
            raise ValueError(f"The children's query must not join the outer alias {alias!r}.")
        return sql, tuple(params)


# Placeholders in a page's prepared SQL for what each page fills in: the ids of its rows,
# the same ids as a JSON list, and the count of all rows.
_IDS, _IDS_JSON, _TOTAL = "kith_page_ids", "kith_page_ids_json", "kith_page_total"
_PLACEHOLDER = re.compile(r"\((kith_page_\w+)\)")
# On each database: the page's ordered ids, picked once ({} is the filtered queryset's
# ids query, ordered, with LIMIT/OFFSET), and the SQL that reads them as rows and as a
# JSON list.
_PAGE_SQL = {
    "postgresql": (
        "WITH kith_page AS MATERIALIZED (SELECT ARRAY({}) AS ids) ",
        "SELECT unnest(ids) FROM kith_page",
        "SELECT to_jsonb(ids) FROM kith_page",
    ),
    "sqlite": (
        "WITH kith_page AS (SELECT json_group_array(page_id) AS ids FROM ({})) ",
        "SELECT value FROM json_each((SELECT ids FROM kith_page))",
        "SELECT ids FROM kith_page",
    ),
}
_COUNT_SQL = "SELECT COUNT(*) FROM ({}) page_rows"


class _Placeholder(Expression):
    """``(name)`` in the compiled SQL, for :class:`PageRows` to replace."""

    def __init__(self, name: str, output_field=None):
        super().__init__(output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return f"({self.name})", []


class PageRows:
    """What a page of a list shows, as rows, from one statement whose display part is
    compiled once.

    ``rows(queryset)`` turns a queryset of ``model`` into the ``values_list`` queryset
    of what a page shows (joins, :class:`JsonRows` children), the primary key among its
    fields; it must not filter, order or depend on the request. Building and compiling
    that query is most of a list's ORM work, and it is the same for every page, so it is
    compiled once per database connection, with placeholders for the page's ids and
    count. A page then compiles only the filtered queryset's ids (ordered, with
    ``LIMIT``/``OFFSET``) and count, and runs::

        WITH page AS (<the page's ids, in order, as one array>)
        SELECT <rows>, (SELECT COUNT(*) FROM (<filtered>)), <the page's ids>
        FROM <rows' tables> WHERE pk IN (<the page's ids, from page>)

    The database computes the display columns for the page's rows only, and the rows
    come back in the order of the ids (sorted here: no ORDER BY to compile). The
    filtered queryset must not repeat a row (as a join to a many-valued relation can
    without ``distinct()``): a page would show it once.
    """

    def __init__(self, model, rows: Callable[[QuerySet], QuerySet]):
        self.model, self.rows = model, rows
        self._prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` as rows, through the ORM (e.g. for a page DRF's way)."""
        return self.rows(queryset)

    def page(self, queryset: QuerySet, offset: int, limit: int) -> tuple[list[tuple], int]:
        """The rows of ``queryset[offset:offset + limit]`` in its order, and the count of
        ``queryset`` (0 when the page is empty: the count is read off its rows)."""
        connection = connections[queryset.db]
        prepared = self._prepared.get(connection)
        if prepared is None:
            prepared = self._prepared[connection] = self._prepare(connection)
        parts, converters, ids_converters, pk_index = prepared
        try:
            ids = _sql(queryset.values(page_id=F("pk"))[offset : offset + limit], connection)
            count = _sql(queryset.order_by().values("pk"), connection)
        except EmptyResultSet:
            return [], 0
        with_page, ids_rows, ids_json = _PAGE_SQL[connection.vendor]
        fill = {
            _IDS: (ids_rows, ()),
            _IDS_JSON: (ids_json, ()),
            _TOTAL: (_COUNT_SQL.format(count[0]), count[1]),
        }
        sql, params = [with_page.format(ids[0])], list(ids[1])
        for index, part in enumerate(parts):
            if index % 2:  # a placeholder
                sql.append(f"({fill[part][0]})")
                params.extend(fill[part][1])
            else:
                sql.append(part)
        with connection.cursor() as cursor:
            cursor.execute("".join(sql), params)
            rows = cursor.fetchall()
        if not rows:
            return [], 0
        # The count and the ids are the same on every row: read them once.
        *_, total, page_ids = rows[0]
        for function, expression in ids_converters:
            page_ids = function(page_ids, expression, connection)
        rows = _converted([row[:-2] for row in rows], converters, connection)
        position = {pk: index for index, pk in enumerate(page_ids)}
        rows.sort(key=lambda row: position[row[pk_index]])
        return [tuple(row) for row in rows], total

    def _prepare(self, connection) -> tuple[list[str], dict, list, int]:
        """The page SQL split at its placeholders, the converters of the rows' columns
        and of the ids' column, and the position of the primary key among the columns."""
        display = self.rows(self.model._base_manager.filter(pk__in=_Placeholder(_IDS)))
        display = display.order_by().annotate(
            page_total=_Placeholder(_TOTAL, IntegerField()),
            page_ids=_Placeholder(_IDS_JSON, JSONField()),
        )
        compiler = display.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if params:
            raise ValueError("A page's rows must not take query parameters.")
        parts = _PLACEHOLDER.split(sql)
        if sorted(parts[1::2]) != sorted([_IDS, _IDS_JSON, _TOTAL]):
            raise ValueError(f"Unexpected page SQL: {sql}")
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        functions, expression = converters.pop(len(columns) - 1, ((), None))
        converters.pop(len(columns) - 2, None)
        fields = list(display._fields)
        pk_index = fields.index("id" if "id" in fields else "pk")
        return parts, converters, [(f, expression) for f in functions], pk_index


def _sql(queryset: QuerySet, connection) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _converted(rows: list[tuple], converters: dict, connection) -> list[list]:
    """``rows`` through their columns' database and field converters, as Django's
    compiler applies them."""
    converters = list(converters.items())
    converted = []
    for row in map(list, rows):
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(row)
    return converted


def stored_file_url(field, name: str | None, request) -> str | None:
    """``common.serializers.file_url`` for a file's stored name as a row gives it
    (``field`` is the model's file field): its storage's URL, absolute when the request
    is known, None when empty."""
    if not name:
        return None
    url = field.storage.url(name)
    return request.build_absolute_uri(url) if request is not None else url
