"""Filter helpers shared by the apps."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters


class SearchFilter(filters.SearchFilter):
    """``?search=``: case-insensitive contains on the view's ``search_fields``."""


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=``: only the view's declared ``ordering_fields``."""


class LazyDjangoFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipping the filter set (a Django form built and
    validated on every request) when the request names none of its filters.

    Only for filter sets whose filters each read the query parameter of their own name
    and filter nothing when it is absent: no defaults (``DirectionFilterSet``), no
    range filters with suffixed parameters (``date_after``).
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
