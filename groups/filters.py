"""Filters of the group list."""

import django_filters

from contacts.filters import IdFilter
from groups.models import Group


class GroupFilter(django_filters.FilterSet):
    """``?contact=<id>``: only the groups that contain this contact of yours."""

    contact = IdFilter(
        field_name="memberships__contact", label="Only groups containing this contact."
    )

    class Meta:
        model = Group
        fields = ["contact"]
