"""The admin pages of contacts, stories and groups open and search."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.contacts.factories import ContactFactory
from tests.groups.factories import MembershipFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.fixture
def rows(alice):
    contact = ContactFactory(owner=alice, first_name="Ann")
    story = StoryFactory(contact=contact, title="Met")
    membership = MembershipFactory(group__owner=alice, group__name="Family", contact=contact)
    return {
        "contacts_contact": contact,
        "stories_story": story,
        "groups_group": membership.group,
        "groups_membership": membership,
    }


@pytest.mark.parametrize(
    "model", ["contacts_contact", "stories_story", "groups_group", "groups_membership"]
)
def test_changelist_search_and_change_pages_open(admin_client, rows, model):
    changelist = reverse(f"admin:{model}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "ann"}).status_code == 200
    change = reverse(f"admin:{model}_change", args=[rows[model].pk])
    assert admin_client.get(change).status_code == 200


def test_contact_page_shows_story_and_group_inlines(admin_client, rows):
    response = admin_client.get(
        reverse("admin:contacts_contact_change", args=[rows["contacts_contact"].pk])
    )

    content = response.content.decode()
    assert "Met" in content  # the story inline
    assert "group memberships" in content.lower()


def test_group_page_shows_members(admin_client, rows):
    response = admin_client.get(
        reverse("admin:groups_group_change", args=[rows["groups_group"].pk])
    )

    assert "members" in response.content.decode().lower()
