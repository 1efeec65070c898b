import pytest
from django.db.models.signals import post_delete

from common.images import clean_image
from contacts import services
from contacts.models import Contact
from groups.models import Membership
from stories.models import Story
from tests.contacts.factories import ContactFactory, image_file
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_contact_delete_is_all_or_nothing(alice):
    contact = ContactFactory(owner=alice)
    StoryFactory.create_batch(2, contact=contact)
    MembershipFactory(group=GroupFactory(owner=alice), contact=contact)

    def fail(**kwargs):
        raise Boom

    # Fail after the stories are gone but before the contact is: everything stays.
    post_delete.connect(fail, sender=Story, dispatch_uid="boom")
    try:
        with pytest.raises(Boom):
            services.contact_delete(contact=contact)
    finally:
        post_delete.disconnect(sender=Story, dispatch_uid="boom")

    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Story.objects.filter(contact=contact).count() == 2
    assert Membership.objects.filter(contact=contact).count() == 1


def test_contact_create_keeps_the_cleaned_photo(alice):
    contact = services.contact_create(
        owner=alice, data={"first_name": "Ann", "photo": clean_image(image_file())}
    )

    contact.refresh_from_db()
    assert contact.photo.name.startswith("contacts/")
    assert contact.photo.storage.exists(contact.photo.name)


def test_contact_update_keeps_the_photo_when_not_sent(alice, django_capture_on_commit_callbacks):
    contact = services.contact_create(
        owner=alice, data={"first_name": "Ann", "photo": clean_image(image_file())}
    )
    name = contact.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_update(contact=contact, data={"company": "Globex"})

    contact.refresh_from_db()
    assert contact.photo.name == name
    assert contact.photo.storage.exists(name)
