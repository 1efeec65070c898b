"""Querysets compiled to SQL once per process, then run again with new values: the one
mechanism every hot list reads its rows through.

Building a queryset and compiling it costs Django about half a millisecond of CPU per
query, more than PostgreSQL takes to answer most list queries, and a list's query
never changes between requests but for its values: the user, the filters' values, the
search words, the page. A :class:`CompiledQuery` builds its queryset once per *shape*
(which optional parts the query has: which filters a request names, how many search
words, the ordering keys, how long a list of values is) with :class:`Param` and
:class:`ParamList` placeholders where the values go, keeps the SQL, and binds the values
(adapted by each placeholder's field, as Django would) on every run. Rows come back as
``values_list`` gives them (Django's converters applied). A slice's ``LIMIT``/``OFFSET``,
which Django writes into the SQL's text, is bound too: ``rows(limit=, offset=)``, or the
placeholders ``limit`` and ``offset`` of a ``subquery(sliced=True)``. :func:`icontains`
matches a search word bound to a placeholder as Django's ``icontains`` matches a value.

A :class:`CompiledPage` is a page of a list in one statement built on these: the page's
ids picked by the filtered, ordered query (``LIMIT``/``OFFSET`` bound), the display
columns (joins, ``common.rows.JsonRows`` children) computed for those rows only, and the
count of the whole filtered list in a last column, which the page-number pagination
(``common.pagination.CountedRowsPagination``) reads instead of counting apart.

The SQL text is the same on every run of a shape, so PostgreSQL plans it once per
connection (prepared statements, see ``config.settings``), page 1 and page 20 alike.
Each cache holds at most ``MAX_SHAPES`` shapes (the oldest go first), so requests can't
grow it without bound.
"""

from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import (
    CharField,
    Expression,
    ExpressionWrapper,
    F,
    Field,
    IntegerField,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import BuiltinLookup, IContains, Lookup

_INTEGER = IntegerField()
# Shapes kept per cache: far more than the lists' requests use (they name a few filters,
# a few search words, one ordering), few enough that odd requests can't fill the memory.
MAX_SHAPES = 256


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


class _ContainsPattern(CharField):
    """Binds a search word as the ``LIKE`` pattern Django's ``icontains`` binds for it:
    ``%word%``, with the word's own ``%``, ``_`` and ``\\`` escaped."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return f"%{connection.ops.prep_for_like_query(value)}%"


_PATTERN = _ContainsPattern()


class _IContainsParam(IContains):
    """``icontains`` whose right-hand side is a :class:`Param` bound to the pattern (see
    :func:`icontains`): the SQL Django writes for a value, ``UPPER(col::text) LIKE
    UPPER(%s)`` on PostgreSQL, ``col LIKE %s ESCAPE '\\'`` on SQLite."""

    def process_rhs(self, compiler, connection):
        return compiler.compile(self.rhs)

    def get_rhs_op(self, connection, rhs):
        return BuiltinLookup.get_rhs_op(self, connection, rhs)


def icontains(field: str, word: str | Param) -> Q:
    """``field__icontains=word``: ``word`` a string, or the placeholder of a search word
    (a :class:`Param` named after it, made by :func:`word_param`), whose value is bound as
    Django binds ``icontains``'s value."""
    if isinstance(word, Param):
        return Q(_IContainsParam(F(field), word))
    return Q(**{f"{field}__icontains": word})


def word_param(index: int) -> Param:
    """The placeholder of the ``index``-th search word: value ``word<index>``."""
    return Param(f"word{index}", _PATTERN)


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
            if len(cache) >= MAX_SHAPES:
                del cache[next(iter(cache))]
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


# The count of a list's rows, in a column of its page query. Uncorrelated, so the
# database computes it once per statement (PostgreSQL: an InitPlan; SQLite caches it),
# walking the same index a count of its own would. ``COUNT(*) OVER ()`` would give the
# same number, but a window over the whole list makes PostgreSQL read every matching row
# in full before the first page row comes out.
COUNT = "SELECT COUNT(*) FROM ({}) page_rows"


class CountColumn(ExpressionWrapper):
    """A list's count as a column of its page (:data:`COUNT`, or a counter the database
    keeps): an int as every database returns it, so no converter (an ``IntegerField``
    expression's ``int()``) makes Django walk a page's rows again."""

    def __init__(self, expression: Expression):
        super().__init__(expression, output_field=_INTEGER)

    def get_db_converters(self, connection):
        return []


class _InPage(Lookup):
    """``pk`` among a page's ids (a subquery). PostgreSQL: ``pk = ANY(ARRAY(<ids>))``,
    not ``pk IN (<ids>)``: it reads the page as an array of about ten ids whatever its
    bound ``LIMIT``, so its plan for any page is the cheap one, and a prepared statement
    keeps one generic plan instead of being planned anew on every run (``IN`` makes it
    expect a tenth of the table, and a generic plan for that costs more than a custom
    one)."""

    lookup_name = "in_page"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (lhs, rhs), [*lhs_params, *rhs_params]


def in_page(ids: Expression) -> Lookup:
    """The filter "primary key among ``ids``", a subquery of a page's ids (``RawSQL`` of
    a sliced :meth:`CompiledQuery.subquery`), written as :class:`_InPage` writes it."""
    return _InPage(F("pk"), ids)


class CompiledPage:
    """Pages of a list, each with the list's count, from one statement compiled once per
    shape.

    ``filtered(shape)`` gives the list: a queryset of one model, filtered with
    :class:`Param` placeholders and ordered (the ordering must be total, e.g. end with
    the id; no ``distinct()``: a join must not repeat a row). ``display(queryset)`` turns
    a queryset of that model into the ``values_list`` of what a page shows (joins,
    ``JsonRows`` children) without filtering or ordering it. A page runs::

        SELECT <display columns>, (SELECT COUNT(*) FROM (<filtered ids>) page_rows)
        FROM <display tables>
        WHERE id IN (<filtered ids, ordered> LIMIT %s OFFSET %s)  -- see _InPage
        ORDER BY <the list's ordering>

    so the database computes the display columns of the page's rows only (an ``OFFSET``
    skips ids, not joined rows) and counts the list in the same statement.
    ``stored_count(shape)``, if given, may return an expression that reads the count of
    the list of that shape where the database keeps it (a counter), used instead.
    """

    def __init__(
        self,
        filtered: Callable[[Hashable], QuerySet],
        display: Callable[[QuerySet], QuerySet],
        stored_count: Callable[[Hashable], Expression | None] | None = None,
    ):
        self._filtered, self._display, self._stored_count = filtered, display, stored_count
        self._ids = CompiledQuery(lambda shape: filtered(shape).values_list("pk"))
        self._everything = CompiledQuery(lambda shape: filtered(shape).order_by().values_list("pk"))
        self._pages = CompiledQuery(self._page)

    def _page(self, shape: Hashable) -> QuerySet:
        filtered = self._filtered(shape)
        if not filtered.query.order_by:
            raise ValueError("A compiled page needs an explicit, total ordering.")
        page_ids = RawSQL(*self._ids.subquery(shape, sliced=True))  # noqa: S611 - Django's SQL
        count = self._stored_count(shape) if self._stored_count else None
        if count is None:
            everything, params = self._everything.subquery(shape)
            count = RawSQL(COUNT.format(everything), params)  # noqa: S611 - Django's SQL
        rows = filtered.model._base_manager.filter(in_page(page_ids))
        return self._display(rows.order_by(*filtered.query.order_by)).annotate(
            page_total=CountColumn(count)
        )

    def bind(self, shape: Hashable, values: Mapping[str, Any]) -> "BoundPage":
        """The list of this shape with these values (placeholder name -> value)."""
        return BoundPage(self, shape, values)


class BoundPage:
    """A :class:`CompiledPage` with its values: ``page(limit, offset)`` rows with the
    count last, as ``common.pagination.CountedRowsPagination`` fetches them; ``count()``
    and slices (rows without the count), as DRF's paginator reads a list."""

    def __init__(self, compiled: CompiledPage, shape: Hashable, values: Mapping[str, Any]):
        self._compiled, self._shape, self._values = compiled, shape, values

    def page(self, limit: int, offset: int) -> list[tuple]:
        values = {**self._values, "limit": limit, "offset": offset}
        return self._compiled._pages.rows(self._shape, values)

    def count(self) -> int:
        return self._compiled._everything.count(self._shape, self._values)

    def __getitem__(self, page: slice) -> list[tuple]:
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        return [row[:-1] for row in self.page(stop - start, start)]
