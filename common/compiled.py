"""Querysets compiled to SQL once per process, then run again with new values.

Building a queryset and compiling it costs Django about half a millisecond of CPU per
query, more than PostgreSQL takes to answer the month view's queries, and the
answer's shape never changes between requests: only the user and the window do. A
:class:`CompiledQuery` builds its queryset once per *shape* (which optional parts the
query has, how long a list of values is) with :class:`Param` and :class:`ParamList`
placeholders where the values go, keeps the SQL, and binds the values (adapted by each
placeholder's field, as Django would) on every run. Rows come back as ``values_list``
gives them (Django's converters applied). A slice's ``LIMIT``/``OFFSET``, which Django
writes into the SQL's text, is bound too: ``rows(limit=, offset=)``, or the
placeholders ``limit`` and ``offset`` of a ``subquery(sliced=True)``.

The SQL text is the same on every run, so PostgreSQL plans it once per connection
(prepared statements, see ``config.settings``).
"""

from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Expression, Field, IntegerField, QuerySet

_INTEGER = IntegerField()


class _Slot(NamedTuple):
    """Where a placeholder's value goes in a compiled query's parameters: the value
    named ``name`` or, for a :class:`ParamList`, its item ``index``."""

    name: str
    field: Field
    index: int | None = None


class Param(Expression):
    """A named placeholder for a value that a :class:`CompiledQuery` binds on each run;
    ``output_field`` adapts the value (e.g. datetimes for SQLite)."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [_Slot(self.name, self.output_field)]

    def get_group_by_cols(self):
        return []


class ParamList(Param):
    """A named placeholder for a list of ``length`` values (``length`` >= 1, part of
    the shape), the right-hand side of an ``__in`` filter: ``IN (%s, %s, ...)``."""

    def __init__(self, name: str, output_field: Field, length: int):
        super().__init__(name, output_field)
        self.length = length

    def as_sql(self, compiler, connection):
        slots = [_Slot(self.name, self.output_field, i) for i in range(self.length)]
        return ", ".join(["%s"] * self.length), slots


class _Compiled(NamedTuple):
    alias: str
    sql: str
    params: list
    compiler: Any
    converters: dict


class CompiledQuery:
    """``build(shape)`` returns a ``values_list`` queryset with :class:`Param`
    placeholders; ``rows(shape, values)`` runs it with ``values`` (placeholder name ->
    value), compiling it on first use of each shape."""

    def __init__(self, build: Callable[[Hashable], QuerySet]):
        self._build = build
        self._rows: dict[Hashable, _Compiled] = {}
        self._counts: dict[Hashable, _Compiled] = {}

    def rows(
        self,
        shape: Hashable,
        values: Mapping[str, Any],
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[tuple]:
        """The rows, optionally ``limit`` of them from ``offset`` on."""
        compiled = self._get(self._rows, shape, lambda: self._build(shape))
        sql, params = compiled.sql, self._bind(compiled, values)
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        rows = self._fetch(compiled.alias, sql, params)
        compiler = compiled.compiler
        if compiler.has_extra_select:  # columns added for the ordering only
            rows = [row[: compiler.col_count] for row in rows]
        if compiled.converters:  # e.g. SQLite's datetimes and booleans
            rows = list(map(tuple, compiler.apply_converters(rows, compiled.converters)))
        return rows

    def count(self, shape: Hashable, values: Mapping[str, Any]) -> int:
        """How many rows ``rows`` would return."""
        compiled = self._get(
            self._counts, shape, lambda: self._build(shape).order_by().values_list("pk")
        )
        sql = f"SELECT COUNT(*) FROM ({compiled.sql}) counted"  # noqa: S608 - compiled by Django
        return self._fetch(compiled.alias, sql, self._bind(compiled, values))[0][0]

    def subquery(self, shape: Hashable, *, sliced: bool = False) -> tuple[str, list]:
        """The SQL and its parameter template, to nest in another compiled query (with
        ``RawSQL``): its placeholders are bound with the outer query's. ``sliced``
        adds placeholders ``limit`` and ``offset``."""
        compiled = self._get(self._rows, shape, lambda: self._build(shape))
        if not sliced:
            return compiled.sql, compiled.params
        slots = [_Slot("limit", _INTEGER), _Slot("offset", _INTEGER)]
        return f"{compiled.sql} LIMIT %s OFFSET %s", [*compiled.params, *slots]

    @staticmethod
    def _get(cache: dict, shape: Hashable, build: Callable[[], QuerySet]) -> _Compiled:
        compiled = cache.get(shape)
        if compiled is None:
            queryset = build()
            compiler = queryset.query.get_compiler(queryset.db)
            sql, params = compiler.as_sql()
            columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
            compiled = _Compiled(queryset.db, sql, list(params), compiler, converters)
            cache[shape] = compiled
        return compiled

    @staticmethod
    def _bind(compiled: _Compiled, values: Mapping[str, Any]) -> list:
        connection = connections[compiled.alias]
        return [
            p
            if not isinstance(p, _Slot)
            else p.field.get_db_prep_value(
                values[p.name] if p.index is None else values[p.name][p.index], connection
            )
            for p in compiled.params
        ]

    @staticmethod
    def _fetch(alias: str, sql: str, params: list) -> list:
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

