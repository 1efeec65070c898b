"""Filters of the address book lists (API.md §3) and a stable ordering backend."""

import django_filters
from django import forms
from django.db.models import BigIntegerField

from common.filters import CachedFormFilterSet
from common.filters import StableOrderingFilter as BaseStableOrderingFilter
from contacts.models.contacts import Contact

# What ``?search=`` matches (case-insensitive contains, every word) and the orderings'
# fields whose empty values come last in both directions.
SEARCH_FIELDS = ("first_name", "last_name", "email", "company", "phone", "mobile")
NULLS_LAST = ("birthday",)


class StableOrderingFilter(BaseStableOrderingFilter):
    """``?ordering=`` whose result is always fully ordered.

    ``id`` is appended as the last tie-breaker (so pages never overlap or skip rows) and
    the fields named in the view's ``ordering_nulls_last`` put empty values last in both
    directions, on SQLite and PostgreSQL alike.
    """

    def terms(self, request, view) -> list[str]:
        ordering = list(self.get_ordering(request, None, view) or ())
        if ordering and not any(term.lstrip("-") in ("id", "pk") for term in ordering):
            ordering.append("id")
        return ordering

    def nullable(self, view):
        return set(getattr(view, "ordering_nulls_last", ()))


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
