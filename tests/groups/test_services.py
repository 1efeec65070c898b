import pytest
from django.core.exceptions import ValidationError

from common.codes import Code
from common.exceptions import NotFound, ValidationFailed
from groups import services
from groups.models import Membership
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_group_contact_add_refuses_another_owners_contact(alice, bob):
    group = GroupFactory(owner=alice)
    contact = ContactFactory(owner=bob)

    with pytest.raises(NotFound) as caught:
        services.group_contact_add(group=group, contact_id=contact.pk)

    assert caught.value.code == Code.GROUP_CONTACT_ADD_FAILED
    assert not Membership.objects.exists()


def test_group_update_refuses_a_taken_name(alice):
    GroupFactory(owner=alice, name="Work")
    group = GroupFactory(owner=alice, name="Home")

    with pytest.raises(ValidationFailed) as caught:
        services.group_update(group=group, name="WORK")

    assert caught.value.code == Code.GROUP_UPDATE_FAILED
    group.refresh_from_db()
    assert group.name == "Home"


def test_membership_clean_refuses_mixed_owners(alice, bob):
    membership = Membership(group=GroupFactory(owner=alice), contact=ContactFactory(owner=bob))

    with pytest.raises(ValidationError):
        membership.full_clean()


def test_membership_clean_accepts_the_same_owner(alice):
    membership = Membership(group=GroupFactory(owner=alice), contact=ContactFactory(owner=alice))

    membership.full_clean()
