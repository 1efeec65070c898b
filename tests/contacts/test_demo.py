import pytest
from django.core.management import call_command
from django.db.models import F

from contacts.models import Contact
from groups.models import Group, Membership
from stories.models import Story

pytestmark = pytest.mark.django_db


def counts():
    return (
        Contact.objects.count(),
        Story.objects.count(),
        Group.objects.count(),
        Membership.objects.count(),
    )


def test_load_demo_fills_address_books_idempotently():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first
    contacts, stories, groups, memberships = first
    assert contacts >= 4 * 8 and stories > 0 and groups == 4 * 3 and memberships > 0
    alice = Contact.objects.filter(owner__username="alice")
    assert alice.filter(birthday__month=2, birthday__day=29).exists()
    assert alice.exclude(linked_user=None).exists()
    assert Membership.objects.filter(group__owner__username="alice").exists()
    # Every membership stays inside one address book.
    assert not Membership.objects.exclude(contact__owner=F("group__owner")).exists()


def test_scale_adds_n_contacts_per_user_once():
    call_command("load_demo")
    base = Contact.objects.filter(owner__username="alice").count()

    call_command("load_demo", scale=25)
    call_command("load_demo", scale=25)

    assert Contact.objects.filter(owner__username="alice").count() == base + 25
