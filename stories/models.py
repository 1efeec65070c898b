"""Stories: dated notes about a contact, private to the contact's owner (API.md §3)."""

from django.db import models

from common.models import TimeStamped
from contacts.models import Contact


class Story(TimeStamped):
    """Something that happened with ``contact``; visible only to ``contact.owner``.

    A story has no owner column of its own: ownership is always the contact's, so a
    story can never drift away from the address book it belongs to.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=200)
    content = models.TextField(max_length=10000, blank=True)
    date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["contact", "created_at"], name="stories_contact_created_idx"),
            models.Index(fields=["contact", "date"], name="stories_contact_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title
