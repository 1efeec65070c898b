"""Filter helpers shared by the apps.

A hot list may read its filters, search words and ordering as values rather than as a
filtered queryset (:func:`list_query`), to bind them into SQL compiled once per shape
(``common.compiled``): validated by the same backends, with the same 400s, in the
same order.
"""

from collections.abc import Collection, Iterable
from functools import cache
from typing import Any, NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.forms.utils import ErrorDict, ErrorList
from django_filters import utils
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.fields import CharField
from rest_framework.filters import search_smart_split

from common.compiled import Param


class SearchFilter(filters.SearchFilter):
    """``?search=``: case-insensitive contains on the view's ``search_fields``."""

    def get_search_terms(self, request):
        """DRF's terms (same validation, same split), without building a DRF field on
        every request: the field keeps no state between validations."""
        value = request.query_params.get(self.search_param, "")
        if not value:
            return []
        return search_smart_split(_SEARCH_FIELD.run_validation(value))


_SEARCH_FIELD = CharField(trim_whitespace=False, allow_blank=True)


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=``: only the view's declared ``ordering_fields``."""


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` whose result is always fully ordered: the id breaks ties (see
    :meth:`terms`), and the fields :meth:`nullable` names put empty values last in both
    directions, on SQLite and PostgreSQL alike."""

    def terms(self, request, view) -> list[str]:
        """The ordering applied, as terms (``name`` or ``-name``), the id last."""
        raise NotImplementedError

    def nullable(self, view) -> Collection[str]:
        return ()

    def filter_queryset(self, request, queryset, view):
        terms = self.terms(request, view)
        if not terms:
            return queryset
        return queryset.order_by(*ordered_by(terms, self.nullable(view)))


def ordered_by(terms: Iterable[str], nullable: Collection[str] = ()) -> list:
    """``order_by()`` arguments for ordering terms, the ``nullable`` fields' empty values
    last in both directions."""
    expressions: list = []
    for term in terms:
        name = term.lstrip("-")
        if name in nullable:
            field = F(name)
            term = field.desc(nulls_last=True) if term != name else field.asc(nulls_last=True)
        expressions.append(term)
    return expressions


class ListQuery(NamedTuple):
    """A list request's validated filters (name -> value to bind, the absent and empty
    ones left out), search words and ordering terms (each field once)."""

    filters: dict[str, Any]
    words: tuple[str, ...]
    ordering: tuple[str, ...]

    @property
    def shape(self) -> tuple:
        """What the list's SQL depends on besides values: the filters named, the number
        of search words, the ordering."""
        return tuple(self.filters), len(self.words), self.ordering

    @property
    def values(self) -> dict[str, Any]:
        """The values to bind: each filter's by its name, the words as ``word<i>`` (see
        ``common.compiled.word_param``)."""
        return {**self.filters, **{f"word{i}": word for i, word in enumerate(self.words)}}


def list_query(request, view) -> ListQuery:
    """The filters, search words and ordering of a list request, validated by the view's
    ``filter_backends`` in their order (the same 400s as filtering a queryset): a
    :class:`NamedFiltersBackend`, a ``SearchFilter`` and a :class:`StableOrderingFilter`.

    An ordering term repeating a field is left out: it can't change the order."""
    query = ListQuery({}, (), ())
    for backend_class in view.filter_backends:
        backend = backend_class()
        if isinstance(backend, NamedFiltersBackend):
            query = query._replace(filters=backend.filter_values(request, view))
        elif isinstance(backend, filters.SearchFilter):
            query = query._replace(words=tuple(backend.get_search_terms(request)))
        elif isinstance(backend, StableOrderingFilter):
            first: dict[str, str] = {}
            for term in backend.terms(request, view):
                first.setdefault(term.lstrip("-"), term)
            query = query._replace(ordering=tuple(first.values()))
        else:
            raise TypeError(f"{backend_class.__name__} can't give values.")
    return query


def filter_q(filterset_class, names: Iterable[str]) -> Q:
    """The conditions of the filters ``names`` of ``filterset_class``, each value a
    :class:`~common.compiled.Param` named after its filter: ``field_name__lookup_expr``
    as django-filter applies it (filters with a ``method``, ``exclude`` or ``distinct``
    don't fit)."""
    model = filterset_class._meta.model
    condition = Q()
    for name in names:
        filter_ = filterset_class.base_filters[name]
        if filter_.method is not None or filter_.exclude or filter_.distinct:
            raise ValueError(f"The filter {name!r} can't be compiled.")
        field = _target_field(model, filter_.field_name)
        condition &= Q(**{f"{filter_.field_name}__{filter_.lookup_expr}": Param(name, field)})
    return condition


def _target_field(model, path: str):
    """The field whose values a filter on ``path`` compares: a relation's target."""
    field = utils.get_model_field(model, path)
    return field.target_field if field.is_relation else field


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
        filterset = self._validated(request, queryset, view)
        return queryset if filterset is None else filterset.qs

    def filter_values(self, request, view) -> dict[str, Any]:
        """The values the named filters would filter on, by filter name, in declared
        order (the empty ones left out, as they filter nothing); a filter may turn its
        cleaned value into the one it binds (``bound_value(value, request)``)."""
        narrowed = self._narrowed(request, view)
        if narrowed is None:
            return {}
        form_class = narrowed.__dict__.get("_cached_form_class")
        if form_class is None:  # the first time: the filter set builds its form class
            form_class = self._validated(request, None, view).form.__class__
        cleaned, errors = _clean(form_class, request.query_params)
        if errors and self.raise_exception:
            raise utils.translate_validation(errors)
        values = {}
        for name, value in cleaned.items():
            if value not in EMPTY_VALUES:
                bound_value = getattr(narrowed.base_filters[name], "bound_value", None)
                values[name] = value if bound_value is None else bound_value(value, request)
        return values

    def _validated(self, request, queryset, view):
        """A valid filter set of the filters the request names (None if it names none),
        or the 400."""
        narrowed = self._narrowed(request, view, queryset)
        if narrowed is None:
            return None
        filterset = narrowed(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset

    def _narrowed(self, request, view, queryset=None):
        """The view's filter set class narrowed to the filters the request names."""
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        named = request.query_params.keys() & filterset_class.base_filters.keys()
        return _only(filterset_class, frozenset(named)) if named else None


@cache
def _only(filterset_class, names: frozenset):
    """``filterset_class`` with only the filters ``names``, in their declared order."""
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": __name__})
    narrowed.base_filters = {
        name: filter_ for name, filter_ in filterset_class.base_filters.items() if name in names
    }
    return narrowed


def _clean(form_class, data) -> tuple[dict, ErrorDict]:
    """What ``form_class(data)`` cleans: its cleaned data and errors (as the form holds
    them). A form deep-copies every field it is built with; a form whose fields each
    clean on their own (no ``clean_<name>``, no form-level ``clean``, nothing disabled:
    django-filter's forms) is cleaned here with the class's fields instead, which
    cleaning does not change."""
    if not _cleans_field_by_field(form_class):
        form = form_class(data)
        form.is_valid()
        return form.cleaned_data, form.errors
    cleaned, errors = {}, ErrorDict()
    for name, field in form_class.base_fields.items():
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
        except ValidationError as error:
            errors[name] = ErrorList(error.error_list)
    return cleaned, errors


@cache
def _cleans_field_by_field(form_class) -> bool:
    return form_class.clean is forms.Form.clean and not any(
        field.disabled or hasattr(form_class, f"clean_{name}")
        for name, field in form_class.base_fields.items()
    )


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
