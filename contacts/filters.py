"""Filters of the address book lists (API.md §3) and a stable ordering backend."""

import django_filters
from django import forms
from django.db.models import BigIntegerField, F

from common.filters import CachedFormFilterSet, OrderingFilter
from contacts.models.contacts import Contact


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` whose result is always fully ordered.

    ``id`` is appended as the last tie-breaker (so pages never overlap or skip rows) and
    the fields named in the view's ``ordering_nulls_last`` put empty values last in both
    directions, on SQLite and PostgreSQL alike.
    """

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*self.stable(ordering, view))

    @staticmethod
    def stable(ordering, view) -> list:
        nulls_last = set(getattr(view, "ordering_nulls_last", ()))
        terms: list = []
        for term in ordering:
            name = term.lstrip("-")
            if name in nulls_last:
                expression = F(name)
                terms.append(
                    expression.desc(nulls_last=True)
                    if term.startswith("-")
                    else expression.asc(nulls_last=True)
                )
            else:
                terms.append(term)
        if not any(isinstance(t, str) and t.lstrip("-") in ("id", "pk") for t in terms):
            terms.append("id")
        return terms


class IdFilter(django_filters.NumberFilter):
    """An id parameter: a whole number that fits a database id (else 400, never 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BigIntegerField.MAX_BIGINT)
        super().__init__(*args, **kwargs)


class ContactFilter(CachedFormFilterSet):
    """``?group=<id>`` (contacts in one of your groups) and ``?relationship=`` (exact)."""

    group = IdFilter(
        field_name="groups",
        label="Only contacts in this group (id of one of your groups).",
    )
    relationship = django_filters.CharFilter(
        field_name="relationship", label="Only contacts with exactly this relationship."
    )

    class Meta:
        model = Contact
        fields = ["group", "relationship"]
