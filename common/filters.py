"""Filter helpers shared by the apps."""

from rest_framework import filters


class SearchFilter(filters.SearchFilter):
    """``?search=``: case-insensitive contains on the view's ``search_fields``."""


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=``: only the view's declared ``ordering_fields``."""
