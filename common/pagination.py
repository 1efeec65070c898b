"""Pagination: page numbers for lists (default 20, capped at 100), a cursor for chat."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class MessageCursorPagination(pagination.CursorPagination):
    """Oldest first by id: ids only grow, so pages stay stable while messages arrive."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"
