"""Kept for the imports of ``calendars`` and ``support``: the pagination now lives in
``common.pagination`` (:class:`~common.pagination.CountedRowsPagination`)."""

from common.pagination import CountedRowsPagination

__all__ = ["CountedRowsPagination"]
