"""Filter helpers shared by the apps."""

import django_filters
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


class CachedFormFilterSet(django_filters.FilterSet):
    """A filter set whose form class is built once per class, not on every request.

    django-filter makes a new form class for each filter set instance, and each of its
    (copied) filters builds its form field anew, label included: a fifth of a
    millisecond per list request. The fields depend only on the class's filters, so
    the first instance builds the class and later ones reuse it (Django still copies
    the fields for each form, as for any form).
    """

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_cached_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._cached_form_class = form_class
        return form_class
