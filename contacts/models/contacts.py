"""A person in a user's private address book."""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from common.models import TimeStamped


class MonthDay(models.Func):
    """``month * 100 + day`` of a date (29 February is 229), as an integer.

    Written in each database's own immutable SQL so it can back a stored generated
    column (Django's ``ExtractMonth`` calls back into Python per row on SQLite, and
    PostgreSQL's ``to_char`` isn't immutable). The argument is a plain column.
    """

    arity = 1
    output_field = models.IntegerField()
    template = (
        "CAST(EXTRACT(MONTH FROM %(expressions)s) * 100 "
        "+ EXTRACT(DAY FROM %(expressions)s) AS integer)"
    )

    def as_sqlite(self, compiler, connection, **extra_context):
        # %-formatted twice (template, then the query's parameters): '%%%%' ends as '%'.
        template = "CAST(strftime('%%%%m%%%%d', %(expressions)s) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


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
    # Kept by the database: upcoming birthdays filter and sort on it through an index,
    # instead of taking every birthday apart per row.
    birthday_md = models.GeneratedField(
        expression=MonthDay("birthday"),
        output_field=models.SmallIntegerField(null=True),
        db_persist=True,
        help_text="month * 100 + day of the birthday (229 for 29 February), or null.",
    )

    class Meta:
        ordering = ["first_name", "last_name", "id"]
        indexes = [
            # The default order (first name, last name, id) comes straight off this index.
            models.Index(
                fields=["owner", "first_name", "last_name", "id"], name="contacts_owner_name_idx"
            ),
            models.Index(fields=["owner", "last_name"], name="contacts_owner_last_idx"),
            models.Index(fields=["owner", "birthday"], name="contacts_owner_bday_idx"),
            models.Index(fields=["owner", "birthday_md"], name="contacts_owner_bday_md_idx"),
            models.Index(fields=["owner", "relationship"], name="contacts_owner_rel_idx"),
            models.Index(fields=["owner", "created_at"], name="contacts_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@receiver(post_delete, sender=Contact, dispatch_uid="contacts_contact_photo_cleanup")
def delete_photo_file(sender, instance: Contact, **kwargs) -> None:
    """Remove a deleted contact's photo file once the deletion has committed.

    Contacts go by several paths: the API, the admin, and cascades from other apps (a
    user deleting their account). This receiver is the one place that sees them all.
    """
    if instance.photo:
        name, storage = instance.photo.name, instance.photo.storage
        transaction.on_commit(lambda: storage.delete(name))
