"""Pagination: page numbers for lists (default 20, capped at 100), a cursor for chat.

The hot lists read a page as rows that carry the count of the whole list in a last
column (``common.compiled.CompiledPage``, or a ``CompiledQuery`` with a count column):
:class:`CountedRowsPagination` reads the count off the page, so a page costs one query,
not a count and a page. Everything a client sees stays DRF's page-number pagination
(page numbers, ``count``, the ``next``/``previous`` links, the 404 of a page that
doesn't exist).
"""

from functools import partial
from urllib import parse

from django.core.paginator import Page
from django.db.models import IntegerField, QuerySet, Subquery
from django.db.models.query import ModelIterable, ValuesListIterable
from rest_framework import pagination
from rest_framework.exceptions import NotFound

from common.compiled import COUNT as _COUNT

# Page numbers past this are left to the paginator: their offset could overflow a
# bigint, and no list here has that many pages.
_MAX_PAGE = 999_999_999


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    # DRF builds and parses the request's absolute URL once per link: ``next`` and
    # ``previous`` share one build here, and the links are written as DRF writes them
    # (``_Links``).

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return self._page_links().to(self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        return self._page_links().to(self.page.previous_page_number())

    def _page_links(self) -> "_Links":
        links = getattr(self, "_links", None)
        if links is None or links.request is not self.request:
            links = self._links = _Links(self.request, self.page_query_param)
        return links


class _Links:
    """The URLs of a request's other pages, as DRF's ``replace_query_param`` (and, for
    page 1, ``remove_query_param``) write them: the query's parameters sorted by name,
    each page's number in place of the request's.

    The request's absolute URL is built (and its host validated) per request; a link
    depends on nothing else, so each one is kept per URL and page number: a list asked
    for with the same query again and again parses and writes its links once."""

    def __init__(self, request, page_param: str):
        self.request, self.page_param = request, page_param
        self.url = request.build_absolute_uri()

    def to(self, number: int) -> str:
        key = (self.url, self.page_param, number)
        link = _written_links.get(key)
        if link is None:
            if len(_written_links) >= WRITTEN_LINKS_MAX:
                _written_links.clear()
            link = _written_links[key] = _link(self.url, self.page_param, number)
        return link


# Links written lately, by (request URL, page parameter, page number).
_written_links: dict[tuple[str, str, int], str] = {}
WRITTEN_LINKS_MAX = 4096


def _link(url: str, page_param: str, number: int) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query = parse.parse_qs(query, keep_blank_values=True)
    if number == 1:
        query.pop(page_param, None)
    else:
        query[page_param] = [str(number)]
    encoded = parse.urlencode(sorted(query.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, encoded, fragment))


class CountedRowsPagination(PageNumberPagination):
    """Page numbers over rows that carry the number of rows of the whole list as their
    last column: the count needs no query of its own. A queryset (``paginate_queryset``)
    gets the count as an annotation of its page."""

    def paginate_rows(self, fetch, everything, request):
        """The rows of the requested page (without the count column): ``fetch(limit,
        offset)`` gives them with the count. A page past the end is DRF's 404 without a
        count (it is empty, and a page past the first must hold a row); ``last`` and a
        page number that isn't one go DRF's usual way over ``everything()`` (a queryset,
        or anything that counts and slices like one)."""

        def split(limit: int, offset: int) -> tuple[list, int]:
            rows = fetch(limit, offset)
            return [row[:-1] for row in rows], rows[0][-1] if rows else 0

        return self._paginate(split, everything, request)

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's page of ``queryset`` (model instances or ``values_list`` rows), counted
        in the page's query where an annotation leaves its rows as they are."""
        if not _countable(queryset):
            return super().paginate_queryset(queryset, request, view)
        return self._paginate(partial(_counted_page, queryset), lambda: queryset, request)

    def _paginate(self, fetch, everything, request) -> list:
        page_size = self.get_page_size(request)
        number = _page_number(request.query_params.get(self.page_query_param) or 1)
        if number is None:
            return super().paginate_queryset(everything(), request)
        rows, count = fetch(page_size, (number - 1) * page_size)
        if not rows and number > 1:
            raise NotFound(self.invalid_page_message)
        paginator = self.django_paginator_class(rows, page_size)
        paginator.count = count  # a cached_property: now known
        self.page = Page(rows, number, paginator)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return rows


class _RowCount(Subquery):
    """``(SELECT COUNT(*) FROM (<the rows>) ...)``: a queryset's row count as a column
    (see ``common.compiled``: the database computes it once per statement)."""

    template = f"({_COUNT.format('%(subquery)s')})"
    output_field = IntegerField()


def _countable(queryset) -> bool:
    """Whether a count annotation leaves ``queryset``'s rows as they are."""
    if not isinstance(queryset, QuerySet):
        return False
    query = queryset.query
    return (
        queryset._iterable_class in (ModelIterable, ValuesListIterable)
        and not query.distinct
        and query.group_by is None
        and not query.combinator
        and not query.is_sliced
    )


def _counted_page(queryset: QuerySet, limit: int, offset: int) -> tuple[list, int]:
    """``queryset[offset:offset + limit]`` and the count of ``queryset`` (0 if the page
    is empty), from one query."""
    total = _RowCount(queryset.order_by().values("pk"))
    rows = list(queryset.annotate(page_total=total)[offset : offset + limit])
    if not rows:
        return rows, 0
    if queryset._iterable_class is ValuesListIterable:  # annotations come last
        return [row[:-1] for row in rows], rows[0][-1]
    return rows, rows[0].page_total


def _page_number(value) -> int | None:
    """A page number as Django's paginator reads it, or None if it would refuse it
    (``last`` included: the paginator needs the count for that) or it is too large."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= _MAX_PAGE else None


class MessageCursorPagination(pagination.CursorPagination):
    """Oldest first by id: ids only grow, so pages stay stable while messages arrive."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"
