"""Filters of the places lists."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from common.ids import MAX_ID


class IdFilter(django_filters.Filter):
    """An integer id (a decimal or an id out of the database's range is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class CountryRefField(forms.CharField):
    """A country given by its id or by its ISO 3166-1 alpha-2 code (any case)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
            return int(value)
        if value.isascii() and value.isalpha() and len(value) == 2:
            return value.upper()
        raise forms.ValidationError("Give a country id or an ISO 3166-1 alpha-2 code (IR).")


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([0-9]+|[A-Za-z]{2})$",
        "description": "Country id, or its ISO 3166-1 alpha-2 code (`IR`; any case).",
    }
)
class CountryRefFilter(django_filters.Filter):
    """``?country=`` by id (``98``) or ISO code (``IR``, ``ir``); ``prefix`` leads to it."""

    field_class = CountryRefField

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if isinstance(value, int):
            return qs.filter(Q(**{f"{self.prefix}country_id": value}))
        return qs.filter(Q(**{f"{self.prefix}country__code": value}))


class ProvinceFilter(django_filters.FilterSet):
    country = CountryRefFilter()


class CityFilter(django_filters.FilterSet):
    province = IdFilter(field_name="province_id", help_text="Province id.")
    country = CountryRefFilter(prefix="province__")
