"""Hot lists read as ``values_list`` rows rather than model instances (see
``bench/RESULTS.md``): each row's children as a JSON column of the page query, and file
URLs for row values. The page query itself is compiled once per shape
(``common.compiled.CompiledPage``).

A page of a list that shows each row's related rows used to cost one prefetch query per
relation, each built, compiled and run by the ORM (0.3-0.5 ms of Python apiece). A
:class:`JsonRows` annotation puts them into the page query instead: a correlated
subquery per relation, aggregated into one JSON list per row by the database.
"""

from collections.abc import Callable, Collection

import orjson
from django.db import NotSupportedError
from django.db.models import CharField, Expression, F, Func, JSONField, QuerySet
from django.db.models.expressions import Col

# The column the inner query selects (one value or one JSON array per child row), and
# the SQL around the inner query ({}) on each database.
_ROW = "json_row"
# PostgreSQL: ``json`` rather than ``jsonb`` (no binary form built only to be written
# out again), sent as text for orjson to parse.
_POSTGRESQL = "array_to_json(ARRAY({}))::text"
_SQLITE_VALUES = "(SELECT json_group_array(r.json_row) FROM ({}) r)"
# A JSON array from a subquery's column is text again to SQLite: json() makes it JSON.
_SQLITE_ARRAYS = "(SELECT json_group_array(json(r.json_row)) FROM ({}) r)"


class JsonArray(Func):
    """A JSON array of columns (``output_field=TextField()`` for its text). Django's
    ``JSONArray`` would do, but it asks the database whether it supports JSON (on SQLite
    a query, the first time)."""

    function = "json_array"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json_build_array", **extra_context)


class _ParsedJson(JSONField):
    """The JSON text of a :class:`JsonRows` column parsed with orjson, several times
    faster than ``JSONField``'s ``json.loads`` (the lists hold only strings, numbers,
    booleans and nulls, which both read alike)."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else orjson.loads(value)


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

    PostgreSQL: ``array_to_json(ARRAY(inner))`` (an ARRAY of a subquery keeps its ORDER
    BY).
    SQLite: ``json_group_array`` over the ordered subquery (SQLite doesn't flatten an
    ordered subquery into an aggregate query, so the rows keep their order).
    """

    output_field = _ParsedJson()

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
        row = F(self.fields[0]) if len(self.fields) == 1 else JsonArray(*self.fields)
        inner = queryset.values(**{_ROW: row}).query
        sql, params = inner.get_compiler(connection=connection).as_sql()
        if inner.alias_refcount.get(alias):
            raise ValueError(f"The children's query must not join the outer alias {alias!r}.")
        return sql, tuple(params)


# PostgreSQL: the UTC wall time with six fractional digits, which Python leaves out
# when they are all zero. SQLite: Django stores an aware datetime as its UTC wall time,
# 'YYYY-MM-DD HH:MM:SS[.ffffff]', written by Python: only the 'T' and 'Z' are missing.
_UTC_POSTGRESQL = (
    "replace(to_char(({}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "'.000000Z', 'Z')"
)
_UTC_SQLITE = "(replace({}, ' ', 'T') || 'Z')"


class UtcIsoText(Func):
    """A datetime column as DRF's ``DateTimeField`` writes it in UTC (None for NULL),
    written by the database: a row's value arrives as a plain string, with no loader
    call or ``isoformat`` per value in Python. Only while the API answers in UTC
    (``common.serializers.in_utc``): the lists that use it keep datetime objects under
    another current time zone."""

    output_field = CharField()

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"UtcIsoText needs PostgreSQL or SQLite, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return _UTC_POSTGRESQL.format(sql), params

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return _UTC_SQLITE.format(sql), params


def values_rows(
    queryset: QuerySet, columns: tuple[str, ...], utc_text: bool, datetimes: Collection[str]
) -> QuerySet:
    """``queryset.values_list(*columns)``; with ``utc_text``, the columns whose last
    part is in ``datetimes`` as :class:`UtcIsoText` instead (same positions)."""
    if not utc_text:
        return queryset.values_list(*columns)
    names, texts = [], {}
    for column in columns:
        if column.rsplit("__", 1)[-1] in datetimes:
            name = f"{column.replace('__', '_')}_utc"  # an annotation can't take a field's name
            texts[name] = UtcIsoText(column)
            column = name
        names.append(column)
    return queryset.annotate(**texts).values_list(*names)


def stored_file_url(field, name: str | None, request) -> str | None:
    """``common.serializers.file_url`` for a file's stored name as a row gives it
    (``field`` is the model's file field): its storage's URL, absolute when the request
    is known, None when empty."""
    if not name:
        return None
    url = field.storage.url(name)
    return request.build_absolute_uri(url) if request is not None else url
