"""Filtering, searching and ordering of the job list (API.md §7)."""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.compiled import Param, icontains
from common.filters import CachedFormFilterSet, SearchFilter
from common.filters import StableOrderingFilter as BaseStableOrderingFilter
from common.ids import MAX_ID
from jobs.models import Job
from locations.filters import IdFilter


class OwnerRefField(forms.CharField):
    """An owner given by user id, or ``me`` for the authenticated user."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value == "me":
            return value
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
            return int(value)
        raise forms.ValidationError("Give a user id or `me`.")


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([0-9]+|me)$",
        "description": "Owner's user id, or `me` (needs a bearer token; anonymous: 400).",
    }
)
class OwnerFilter(django_filters.Filter):
    """``?owner=<id>`` or ``?owner=me``; ``me`` without a valid token answers 400."""

    field_class = OwnerRefField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(owner_id=self.bound_value(value, self.parent.request))

    @staticmethod
    def bound_value(value, request) -> int:
        """The owner's id: ``me`` is the authenticated user's (anonymous: 400)."""
        if value != "me":
            return value
        user = request.user if request is not None else None
        if user is None or not user.is_authenticated:
            raise serializers.ValidationError(
                {"owner": ["`me` needs an authenticated request (a bearer token)."]}
            )
        return user.pk


class JobFilter(CachedFormFilterSet):
    """Every filter takes an id; several filters combine with AND."""

    category = IdFilter(field_name="category_id", help_text="Category id.")
    subcategory = IdFilter(field_name="subcategory_id", help_text="Subcategory id.")
    province = IdFilter(field_name="city__province_id", help_text="Province id.")
    city = IdFilter(field_name="city_id", help_text="City id.")
    skill = IdFilter(field_name="skills", help_text="Skill id.")
    owner = OwnerFilter()
    min_rating = django_filters.NumberFilter(
        field_name="average_rating",
        lookup_expr="gte",
        min_value=Decimal(0),
        max_value=Decimal(5),
        help_text="Only jobs whose average rating is at least this (0..5).",
    )

    class Meta:
        model = Job
        fields: list[str] = []


class JobSearchFilter(SearchFilter):
    """``?search=``: every word must occur (case-insensitively) in the title, the
    description or one of the skill titles.

    Skills are matched through an ``id IN (subquery)`` instead of a join, so a job
    with several matching skills still appears once and no DISTINCT is needed.
    """

    def filter_queryset(self, request, queryset, view):
        for term in self.get_search_terms(request):
            queryset = queryset.filter(self.word_q(term))
        return queryset

    @staticmethod
    def word_q(word: str | Param) -> Q:
        """Jobs that ``word`` (a string, or a search word's placeholder) matches."""
        skill_jobs = Job.skills.through.objects.filter(icontains("skill__title", word))
        return (
            icontains("title", word)
            | icontains("description", word)
            | Q(pk__in=skill_jobs.values("job_id"))
        )


class StableOrderingFilter(BaseStableOrderingFilter):
    """``?ordering=`` with a deterministic tie-break on the id (same direction as the
    first key), and jobs without an hourly rate last in both directions."""

    NULLABLE = frozenset({"hourly_rate"})

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"`{name}`" for name in view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Comma-separated keys among {fields}; `-` in front reverses one. "
                    "Default `-created_at`."
                ),
                "schema": {"type": "string"},
            }
        ]

    def terms(self, request, view) -> list[str]:
        ordering = list(self.get_ordering(request, None, view) or ())
        if ordering and not any(term.lstrip("-") in ("id", "pk") for term in ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering

    def nullable(self, view):
        return self.NULLABLE
