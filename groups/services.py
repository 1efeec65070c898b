"""Writes of groups and their membership (API.md §3)."""

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField

from common.codes import Code
from common.exceptions import NotFound, ValidationFailed
from contacts import selectors as contact_selectors
from groups.models import Group, Membership

DUPLICATE_NAME = "You already have a group with this name."


def group_create(*, owner, name: str) -> Group:
    """Create a group. A name already used by ``owner`` (any case) is a 400 code 501,
    also when a concurrent request took it first."""
    try:
        with transaction.atomic():
            return Group.objects.create(owner=owner, name=name)
    except IntegrityError:
        raise ValidationFailed(
            Code.GROUP_CREATE_FAILED, errors={"name": [DUPLICATE_NAME]}
        ) from None


def group_update(*, group: Group, name: str) -> Group:
    """Rename a group (400 code 523 when the owner has another group of that name)."""
    group.name = name
    try:
        with transaction.atomic():
            group.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        raise ValidationFailed(
            Code.GROUP_UPDATE_FAILED, errors={"name": [DUPLICATE_NAME]}
        ) from None
    return group


def group_delete(*, group: Group) -> None:
    """Delete a group and its memberships; the contacts themselves stay."""
    group.delete()


def group_contact_add(*, group: Group, contact_id: int) -> None:
    """Put the owner's contact into ``group``; adding it again changes nothing.

    A contact that doesn't exist or belongs to someone else is a 404 (code 506): it is
    indistinguishable from a missing one. The insert ignores the unique-pair conflict,
    so concurrent adds of the same contact leave exactly one row.
    """
    contact = contact_selectors.contact_get_owned(user=group.owner_id, contact_id=contact_id)
    if contact is None:
        raise NotFound(Code.GROUP_CONTACT_ADD_FAILED, errors={"contact_id": ["Contact not found."]})
    Membership.objects.bulk_create(
        [Membership(group=group, contact=contact)], ignore_conflicts=True
    )


def group_contact_remove(*, group: Group, contact_id: int) -> None:
    """Take a contact out of ``group``; 404 code 505 when it isn't a member."""
    deleted = 0
    if contact_id <= BigIntegerField.MAX_BIGINT:  # larger ids can't exist (nor bind)
        deleted, _ = Membership.objects.filter(group=group, contact_id=contact_id).delete()
    if not deleted:
        raise NotFound(Code.GROUP_CONTACT_REMOVE_FAILED)
