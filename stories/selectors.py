"""Reads of stories (API.md §3)."""

from django.db.models import QuerySet

from contacts.models import Contact
from stories.models import Story


def story_list(*, contact: Contact) -> QuerySet:
    """The stories of ``contact`` (whose ownership the caller has checked)."""
    return Story.objects.filter(contact=contact)
