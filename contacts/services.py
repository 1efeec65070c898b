"""Writes of the address book: contacts (API.md §3)."""

from functools import partial

from django.db import transaction

from contacts.models.contacts import Contact


def _delete_photo_on_commit(contact: Contact, name: str | None) -> None:
    """Remove a stored photo once the transaction that dropped it has committed."""
    if name:
        transaction.on_commit(partial(contact.photo.storage.delete, name))


@transaction.atomic
def contact_create(*, owner, data: dict) -> Contact:
    """Create a contact of ``owner`` from validated ``data`` (a cleaned photo included)."""
    contact = Contact(owner=owner, **data)
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: dict) -> Contact:
    """Apply validated ``data``; a replaced or removed photo file is deleted on commit."""
    old_photo = contact.photo.name if "photo" in data else None
    for name, value in data.items():
        setattr(contact, name, value)
    contact.save()
    if old_photo and old_photo != contact.photo.name:
        _delete_photo_on_commit(contact, old_photo)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete a contact with its stories and group memberships (one transaction).

    Stories and memberships go by ``on_delete=CASCADE`` inside this transaction; the
    groups themselves and every other contact stay. The photo file goes on commit
    (:func:`contacts.models.contacts.delete_photo_file`).
    """
    contact.delete()
