"""Filters of the friend-request list."""

import django_filters

from contacts.models import FriendRequest


class FriendRequestFilter(django_filters.FilterSet):
    """``?direction=incoming`` (the default: asked of you) or ``outgoing`` (you asked)."""

    direction = django_filters.ChoiceFilter(
        choices=[("incoming", "incoming"), ("outgoing", "outgoing")],
        method="filter_direction",
        empty_label=None,
        help_text="incoming (default): requests to you; outgoing: requests you sent.",
    )

    class Meta:
        model = FriendRequest
        fields = ["direction"]

    def filter_queryset(self, queryset):
        # The default applies when the parameter is absent, so it cannot live in the
        # filter method (django-filter skips methods for empty values).
        return self.filter_direction(
            queryset, "direction", self.form.cleaned_data.get("direction") or "incoming"
        )

    def filter_direction(self, queryset, name, value):
        user = self.request.user
        if value == "outgoing":
            return queryset.filter(from_user=user)
        return queryset.filter(to_user=user)
