"""Groups of contacts in a user's private address book (API.md §3)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from common.models import TimeStamped
from contacts.models import Contact


class Group(TimeStamped):
    """A named set of ``owner``'s contacts. Names are unique per owner, ignoring case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_groups"
    )
    name = models.CharField(max_length=100)
    contacts = models.ManyToManyField(
        Contact, through="Membership", related_name="groups", blank=True
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner", Lower("name"), name="groups_group_owner_name_ci_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "name"], name="groups_owner_name_idx"),
            models.Index(fields=["owner", "created_at"], name="groups_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """``contact`` belongs to ``group``; both always have the same owner.

    The same-owner rule is checked by :func:`groups.services.group_contact_add` (and by
    :meth:`clean` for the admin); the pair is unique in the database, which also makes
    adding idempotent.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="group_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "contact"], name="groups_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} in {self.group}"

    def clean(self) -> None:
        group_owner = getattr(self.group, "owner_id", None)
        contact_owner = getattr(self.contact, "owner_id", None)
        if group_owner and contact_owner and group_owner != contact_owner:
            raise ValidationError({"contact": "The contact must belong to the group's owner."})
