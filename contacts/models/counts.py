"""How many contacts each user has, kept by the database."""

from django.conf import settings
from django.db import models


class ContactCount(models.Model):
    """The number of ``owner``'s contacts: the count of the unfiltered contact list,
    read by key instead of counting the owner's rows on every page.

    Kept exact by database triggers on ``contacts_contact`` (migration ``0005``): every
    insert, delete and change of owner, whatever makes it (the API, the admin, a bulk
    create, a cascade, raw SQL), in the same transaction. A user without contacts may
    have no row (read as 0). Nothing in Python writes it.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact_count",
    )
    count = models.PositiveIntegerField(default=0)  # a check constraint: never below 0

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.count} contacts"
