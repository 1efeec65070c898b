"""Filters of the friend-request list (and of any list of user-to-user invitations)."""

import django_filters

from contacts.models import FriendRequest


class DirectionFilterSet(django_filters.FilterSet):
    """``?direction=incoming`` (the default: addressed to you) or ``outgoing`` (sent by
    you), for models with ``from_user`` and ``to_user``."""

    direction = django_filters.ChoiceFilter(
        choices=[("incoming", "incoming"), ("outgoing", "outgoing")],
        method="filter_direction",
        empty_label=None,
        help_text="incoming (default): addressed to you; outgoing: sent by you.",
    )

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


class FriendRequestFilter(DirectionFilterSet):
    class Meta:
        model = FriendRequest
        fields = ["direction"]
