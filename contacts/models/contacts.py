"""A person in a user's private address book."""

from django.conf import settings
from django.db import models

from common.models import TimeStamped


class Contact(TimeStamped):
    """A contact of ``owner``; private to them (API.md §3)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    mobile = models.CharField(max_length=32, blank=True)
    company = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=500, blank=True)
    birthday = models.DateField(null=True, blank=True)
    relationship = models.CharField(max_length=50, blank=True)
    notes = models.TextField(max_length=5000, blank=True)
    photo = models.ImageField(upload_to="contacts/", null=True, blank=True)
    linked_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_contacts",
    )

    class Meta:
        ordering = ["first_name", "last_name", "id"]
        indexes = [
            models.Index(fields=["owner", "first_name"], name="contacts_owner_first_idx"),
            models.Index(fields=["owner", "last_name"], name="contacts_owner_last_idx"),
            models.Index(fields=["owner", "birthday"], name="contacts_owner_bday_idx"),
            models.Index(fields=["owner", "relationship"], name="contacts_owner_rel_idx"),
            models.Index(fields=["owner", "created_at"], name="contacts_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
