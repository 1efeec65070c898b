"""Page numbers over rows whose page query also counts the list: one query, not two.

DRF's page-number pagination asks the database for the count, then for the page. A
list read as rows can carry the count in a last column of each row (a window
``COUNT(*) OVER ()``, or a subquery the database runs once): the page then tells the
count. Everything a client sees (page numbers and links, the 404 of a page past the
end) stays DRF's.
"""

from django.core.paginator import Page

from common.pagination import PageNumberPagination

# Page numbers past this are left to the paginator: their offset could overflow a
# bigint, and no list here has that many pages.
_MAX_PAGE = 999_999_999


class CountedRowsPagination(PageNumberPagination):
    """Page numbers over rows that carry the number of rows of the whole list as their
    last column: the count needs no query of its own."""

    def paginate_rows(self, fetch, everything, request):
        """The rows of the requested page (without the count column): ``fetch(limit,
        offset)`` gives them with the count. A page past the end (or ``last``, or a page
        number that isn't one) goes DRF's usual way over ``everything()`` (a queryset,
        or anything that counts and slices like one): a count query, and 404 for a page
        that doesn't exist."""
        page_size = self.get_page_size(request)
        number = _page_number(request.query_params.get(self.page_query_param) or 1)
        rows = None if number is None else fetch(page_size, (number - 1) * page_size)
        if number is None or (not rows and number > 1):
            return self.paginate_queryset(everything(), request)
        paginator = self.django_paginator_class(rows, page_size)
        paginator.count = rows[0][-1] if rows else 0  # a cached_property: now known
        rows = [row[:-1] for row in rows]
        self.page = Page(rows, number, paginator)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return rows


def _page_number(value) -> int | None:
    """A page number as Django's paginator reads it, or None if it would refuse it
    (``last`` included: the paginator needs the count for that) or it is too large."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= _MAX_PAGE else None
