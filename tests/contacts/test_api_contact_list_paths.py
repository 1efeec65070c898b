"""Every path of the contact list (filters, search, ordering, pages) answers exactly
as the view's filter backends and DRF's pagination answer over querysets, in one query
a page whose SQL text depends only on the request's shape."""

import pytest
from django.db import connection

from contacts.selectors import contact_rows
from contacts.serializers import contact_rows_representation
from contacts.views import ContactViewSet
from tests.common.list_reference import assert_same_answer, reference_answer
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/"

PATHS = [
    {},
    {"page": "2"},
    {"page": "3"},
    {"page": "4"},  # past the end
    {"page": "last"},
    {"page": "0"},
    {"page": "x"},
    {"page_size": "7", "page": "3"},
    {"page_size": "1000"},
    {"page_size": "0"},
    {"relationship": "friend"},
    {"relationship": ""},
    {"group": "GROUP"},
    {"group": "GROUP", "relationship": "friend", "page_size": "5", "page": "2"},
    {"group": "987654"},
    {"search": "ann"},
    {"search": "ann smith"},  # every word, each in any field
    {"search": "ANN, example.com 555"},
    {"search": '"ann smi"'},  # a quoted phrase
    {"search": "100%"},  # LIKE's wildcards match themselves
    {"search": "a_b"},
    {"search": "   "},
    {"search": "zzz-nothing"},
    {"ordering": "last_name"},
    {"ordering": "-first_name"},
    {"ordering": "birthday"},
    {"ordering": "-birthday"},
    {"ordering": "created_at,-last_name"},
    {"ordering": "-created_at,last_name,-created_at,last_name"},
    {"ordering": "unknown"},
    {"ordering": "birthday", "search": "a", "group": "GROUP", "page": "2", "page_size": "3"},
    {"group": "abc"},  # 400s
    {"group": "0"},
    {"group": str(10**30)},
    {"group": "x", "search": "a", "ordering": "first_name"},
    {"search": "a\x00b"},
]


@pytest.fixture
def address_book(alice, bob):
    """Alice's 45 contacts with names, companies, birthdays and groups that the paths
    above pick apart; Bob's contacts never show."""
    club = GroupFactory(owner=alice)
    names = ["Ann", "Anna", "Bob", "Hannah", "Zoe"]
    surnames = ["Smith", "Smithers", "Jones", "100% Co", "a_b"]
    for index in range(45):
        contact = ContactFactory(
            owner=alice,
            first_name=names[index % 5],
            last_name=surnames[index // 9],
            company="Example.com" if index % 4 == 0 else "",
            phone="555-0100" if index % 3 == 0 else "",
            relationship="friend" if index % 2 else "colleague",
            birthday=None
            if index % 6 == 0
            else f"19{80 + index % 7}-0{1 + index % 9}-1{index % 9}",
        )
        if index % 3:
            MembershipFactory(group=club, contact=contact)
    ContactFactory.create_batch(3, owner=bob, first_name="Ann")
    return club


@pytest.mark.parametrize("params", PATHS)
def test_every_path_answers_as_the_querysets_do(alice_client, alice, address_book, params):
    params = {k: str(address_book.pk) if v == "GROUP" else v for k, v in params.items()}
    expected = reference_answer(
        ContactViewSet, LIST, params, alice, contact_rows, contact_rows_representation
    )

    response = alice_client.get(LIST, params)

    assert_same_answer(response, expected)


def test_a_page_is_one_statement_and_its_text_depends_only_on_the_shape(
    alice_client, bob_client, alice, address_book, django_assert_num_queries
):
    statements = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    shape = {"group": address_book.pk, "search": "an smith", "ordering": "-birthday"}
    with connection.execute_wrapper(note):
        for client, page in ((alice_client, "1"), (alice_client, "2"), (bob_client, "1")):
            # 1 the token's user, 2 the page with the count
            with django_assert_num_queries(2):
                client.get(LIST, {**shape, "page": page, "page_size": "3"})

    pages = statements[1::2]
    assert len(pages) == 3 and len(set(pages)) == 1
    assert "LIMIT %s OFFSET %s" in pages[0] and "smith" not in pages[0].lower()


def test_the_last_page_costs_a_count_and_the_page(
    alice_client, address_book, django_assert_num_queries
):
    # 1 the token's user, 2 the count, 3 the page (with the count again)
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page": "last"})

    assert len(response.json()["data"]["results"]) == 5
