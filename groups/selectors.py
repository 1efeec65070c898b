"""Reads of groups (API.md §3)."""

from django.db.models import Count, Prefetch, QuerySet

from contacts.models import Contact
from groups.models import Group


def group_list(*, user) -> QuerySet:
    """``user``'s groups, each annotated with ``contact_count``."""
    return Group.objects.filter(owner=user).annotate(contact_count=Count("memberships"))


def group_detail_list(*, user) -> QuerySet:
    """:func:`group_list` with the members prefetched (by name) in one more query."""
    members = Contact.objects.only("id", "first_name", "last_name").order_by(
        "first_name", "last_name", "id"
    )
    return group_list(user=user).prefetch_related(Prefetch("contacts", queryset=members))


def group_get(*, user, group_id) -> Group | None:
    """One of ``user``'s groups with its members, or None."""
    return group_detail_list(user=user).filter(pk=group_id).first()
