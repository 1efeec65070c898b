"""Hot reads whose SQL the ORM compiles once per process.

Building and compiling a ``values_list`` queryset with a few joins costs the ORM half a
millisecond to a millisecond of CPU here, more than PostgreSQL takes to run it and a
third of what a chat page may cost in all (``bench/RESULTS.md``). A
:class:`CompiledRows` keeps the SQL the ORM compiled for one shape of a query (its
joins, filters and order) and runs it again with each request's values: the query is
still written with the ORM, and still runs as the ORM's SQL, with its converters.

How it finds the values in the compiled SQL: the first time it meets a shape, it builds
the queryset with a distinct, otherwise impossible number (a "marker") for each value,
and notes where each marker went: into a parameter of the SQL, or into its text (the
ORM writes the bounds of a slice, ``LIMIT``/``OFFSET``, as literals), which becomes a
parameter too. Only integers (ids, bounds) and lists of them can be passed this way;
what changes the SQL itself (a filter present or not, a sort direction, the length of
a list) is the shape.
"""

import re
from collections.abc import Callable
from itertools import count

from django.db import connections
from django.db.models import QuerySet

# Markers: bigints far past any id of these tables; 19 digits, so in the SQL's text
# none is part of another number.
_MARKER_BASE = 7_300_000_000_000_000_000
_TOKEN = re.compile(r"%%|%s|\b73000000000000\d{5}\b")


class CompiledRows:
    """The rows of ``build(*shape, **values)``, a ``values_list`` queryset, for values
    that are integers or lists of integers."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled: dict[tuple, _Compiled] = {}

    def rows(self, *shape, **values: int | list[int]) -> list[tuple]:
        if any(isinstance(value, list) and not value for value in values.values()):
            return []  # ``IN ()``: the ORM would not run it either
        key = (shape, tuple((name, _length(value)) for name, value in sorted(values.items())))
        compiled = self.compiled.get(key)
        if compiled is None:
            compiled = self.compiled[key] = _Compiled(self.build, shape, values)
        return compiled.run(values)


def _length(value) -> int | None:
    return len(value) if isinstance(value, list) else None


class _Compiled:
    def __init__(self, build: Callable[..., QuerySet], shape: tuple, values: dict):
        numbers = count(_MARKER_BASE)
        marked: dict[str, int | list[int]] = {}
        where: dict[int, tuple[str, int | None]] = {}
        for name, value in values.items():
            if isinstance(value, list):
                marked[name] = [next(numbers) for _ in value]
                where.update({marker: (name, i) for i, marker in enumerate(marked[name])})
            else:
                marked[name] = next(numbers)
                where[marked[name]] = (name, None)
        queryset = build(*shape, **marked)
        self.alias = queryset.db
        compiler = queryset.query.get_compiler(using=self.alias)
        sql, params = compiler.as_sql()
        self.sql, self.slots = _placeholders(sql, list(params), where)
        unplaced = set(where.values()) - {(name, i) for name, i, _ in self.slots}
        if unplaced:
            raise ValueError(f"Values not found in the compiled SQL: {sorted(unplaced)}")
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(columns).items())

    def run(self, values: dict) -> list[tuple]:
        params = [
            constant if name is None else values[name] if i is None else values[name][i]
            for name, i, constant in self.slots
        ]
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._convert(row, connection) for row in rows]
        return rows

    def _convert(self, row: tuple, connection) -> tuple:
        row = list(row)
        for position, (converters, expression) in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return tuple(row)


def _placeholders(sql: str, params: list, where: dict) -> tuple[str, list[tuple]]:
    """The SQL with a placeholder for each marker written into its text, and per
    placeholder in order: ``(name, index in its list or None, None)`` for a value, or
    ``(None, None, constant)`` for a parameter of the query's own."""
    slots: list[tuple] = []
    remaining = iter(params)

    def token(match: re.Match) -> str:
        text = match.group()
        if text == "%%":
            return text
        param = next(remaining) if text == "%s" else int(text)
        found = where.get(param) if isinstance(param, int) else None
        slots.append((*found, None) if found else (None, None, param))
        return "%s"

    return _TOKEN.sub(token, sql), slots
