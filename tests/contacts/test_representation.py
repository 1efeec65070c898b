"""The hand-built contact representation equals DRF's generic one."""

import datetime

import pytest

from contacts.models.contacts import Contact
from contacts.selectors import contact_rows, upcoming_birthdays
from contacts.serializers import (
    ContactSerializer,
    UpcomingBirthdaySerializer,
    contact_rows_representation,
)
from tests.common.representation import (
    assert_rows_same_as_generic,
    assert_same_as_generic,
    request_context,
)
from tests.contacts.factories import ContactFactory, image_file
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _varied_contacts(alice, bob) -> list[Contact]:
    plain = ContactFactory(owner=alice, last_name="", birthday=None, company="")
    full = ContactFactory(
        owner=alice,
        linked_user=bob,
        photo=image_file(),
        notes="Likes “quotes” and ünïcödé",
        mobile="+49 30 1",
        address="Main St 5",
    )
    # Joined in an order other than their ids': the output lists group ids ascending.
    for group in reversed(GroupFactory.create_batch(3, owner=alice)):
        MembershipFactory(group=group, contact=full)
    leap = ContactFactory(owner=alice, birthday=datetime.date(1996, 2, 29))
    return [plain, full, leap]


def test_contact_output_equals_drf_generic_rendering(alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contacts = _varied_contacts(alice, bob)
    assert_same_as_generic(ContactSerializer, contacts, **request_context(alice))
    assert_same_as_generic(ContactSerializer, contacts)  # no request: relative URLs


@pytest.mark.parametrize("utc_text", [False, True], ids=["datetimes", "utc-text"])
def test_contact_list_rows_render_as_drf_renders_the_contact(
    alice, bob, settings, tmp_path, utc_text
):
    settings.MEDIA_ROOT = tmp_path
    _varied_contacts(alice, bob)
    # Whole seconds and a fraction with a trailing zero, as DRF writes them (no ".0").
    first, second = Contact.objects.filter(owner=alice).order_by("id")[:2]
    Contact.objects.filter(pk=first.pk).update(
        created_at=datetime.datetime(2026, 3, 1, 8, 0, 0, tzinfo=datetime.UTC)
    )
    Contact.objects.filter(pk=second.pk).update(
        updated_at=datetime.datetime(2026, 3, 1, 8, 0, 0, 120000, tzinfo=datetime.UTC)
    )
    contacts = list(Contact.objects.filter(owner=alice).order_by("id"))
    ordered = Contact.objects.filter(owner=alice).order_by("id")
    rows = list(contact_rows(ordered, utc_text=utc_text))
    assert (rows[0][-3].__class__ is str) is utc_text

    for context in (request_context(alice), {}):
        assert_rows_same_as_generic(
            ContactSerializer, contacts, rows, contact_rows_representation, **context
        )


def test_upcoming_birthday_output_equals_drf_generic_rendering(alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _varied_contacts(alice, bob)
    today = datetime.date(2027, 2, 27)
    rows = list(upcoming_birthdays(user=alice, today=today, days=366))
    assert len(rows) == 2
    assert_same_as_generic(UpcomingBirthdaySerializer, rows, **request_context(alice), today=today)


def test_a_page_of_contacts_gets_group_ids_from_one_query(
    alice, bob, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    _varied_contacts(alice, bob)
    contacts = list(Contact.objects.filter(owner=alice).order_by("id"))
    one_by_one = [ContactSerializer(c, context=request_context(alice)).data for c in contacts]

    fresh = list(Contact.objects.filter(owner=alice).order_by("id"))
    with django_assert_num_queries(1):  # the membership rows of the whole page
        page = ContactSerializer(fresh, many=True, context=request_context(alice)).data

    assert page == one_by_one
    groups = [c["groups"] for c in page]
    assert groups[0] == groups[2] == []
    assert len(groups[1]) == 3 and groups[1] == sorted(groups[1])
