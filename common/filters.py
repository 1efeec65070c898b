"""Filter helpers shared by the apps."""

from functools import cache

import django_filters
from django_filters import utils
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


class NamedFiltersBackend(LazyDjangoFilterBackend):
    """:class:`LazyDjangoFilterBackend` that builds a filter set of only the filters the
    request names (the job list has seven; a request names one or two).

    Each filter set instance deep-copies its filters and its form's fields and validates
    every field; with the absent ones left out there is less to copy, validate and
    apply, and the answer is the same (an absent filter filters nothing and has no
    error). So, besides the lazy backend's condition, no filter may depend on another
    one's parameter. The narrowed classes are made once per set of names.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        named = request.query_params.keys() & filterset_class.base_filters.keys()
        if not named:
            return queryset
        narrowed = _only(filterset_class, frozenset(named))
        filterset = narrowed(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs


@cache
def _only(filterset_class, names: frozenset):
    """``filterset_class`` with only the filters ``names``, in their declared order."""
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": __name__})
    narrowed.base_filters = {
        name: filter_ for name, filter_ in filterset_class.base_filters.items() if name in names
    }
    return narrowed


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
