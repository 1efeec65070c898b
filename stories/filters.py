"""Filters of a contact's story list."""

import django_filters

from stories.models import Story


class StoryFilter(django_filters.FilterSet):
    """``?date_after=`` / ``?date_before=``: stories dated in that range (inclusive)."""

    date = django_filters.DateFromToRangeFilter(field_name="date")

    class Meta:
        model = Story
        fields = ["date"]
