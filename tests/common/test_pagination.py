"""CountedPageNumberPagination answers exactly as the generic page pagination does."""

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.pagination import CountedPageNumberPagination, PageNumberPagination
from common.rows import JsonRows, PageRows
from contacts.models.contacts import Contact
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"page": "1"},
    {"page": "2"},
    {"page": "3"},  # the last, partial page
    {"page": "4"},  # past the end
    {"page": "last"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "1.0"},
    {"page": "abc"},
    {"page": " 2 "},  # int() takes surrounding blanks, as Django's paginator does
    {"page": str(10**30)},
    {"page": "9" * 5000},  # too long for int(): ValueError
    {"page_size": "5"},
    {"page_size": "5", "page": "3"},
    {"page_size": "1000"},
    {"page_size": "0"},
    {"page_size": "x", "page": "2"},
    {"page_size": "-3"},
    {"other": "1", "page": "2"},
]


def _answer(pagination, queryset, params, rows=None):
    """(rows, count, next, previous), or the exception class a page raises."""
    request = Request(APIRequestFactory().get("/api/v1/contacts/", params))
    try:
        if rows is None:
            page = pagination.paginate_queryset(queryset, request)
        else:
            page = pagination.paginate_queryset(queryset, request, rows=rows)
    except NotFound:
        return NotFound
    data = pagination.get_paginated_response(list(page)).data
    return data["results"], data["count"], data["next"], data["previous"]


@pytest.fixture
def contacts(alice, bob):
    ContactFactory.create_batch(45, owner=alice)
    ContactFactory.create_batch(3, owner=bob)
    return Contact.objects.filter(owner=alice).order_by("first_name", "last_name", "id")


@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize(
    "shape",
    [
        lambda qs: qs,
        lambda qs: qs.values("id", "first_name"),
        lambda qs: qs.values_list("id", "first_name"),
    ],
    ids=["models", "values", "values_list"],
)
def test_it_answers_as_the_generic_pagination(contacts, params, shape):
    expected = _answer(PageNumberPagination(), shape(contacts), params)

    assert _answer(CountedPageNumberPagination(), shape(contacts), params) == expected


@pytest.mark.parametrize("params", QUERIES)
def test_rows_shape_the_page_and_the_filtered_queryset_is_counted(contacts, params):
    def rows(queryset):
        return queryset.values_list("id", "first_name", "owner__username")

    expected = _answer(PageNumberPagination(), rows(contacts), params)

    assert _answer(CountedPageNumberPagination(), contacts, params, rows=rows) == expected


BIRTHDAY_NULLS_LAST = F("birthday").asc(nulls_last=True)


@pytest.mark.parametrize("params", [{"page": "2"}, {"page": "3"}, {"page": "last"}])
@pytest.mark.parametrize(
    "shape",
    [
        lambda qs: qs.annotate(key=Concat(F("last_name"), Value("-"))).order_by("-key", "id"),
        lambda qs: qs.select_related("owner").order_by("-owner__username", "-id"),
        lambda qs: qs.filter(groups__isnull=True).order_by(BIRTHDAY_NULLS_LAST, "id"),
    ],
    ids=["annotated-order", "select_related", "relation-filter"],
)
def test_later_pages_keep_the_shape_and_order_of_any_queryset(contacts, params, shape):
    expected = _answer(PageNumberPagination(), shape(contacts), params)

    assert _answer(CountedPageNumberPagination(), shape(contacts), params) == expected


def _contact_rows(queryset):
    return queryset.annotate(group_ids=GROUP_IDS).values_list(
        "first_name", "id", "owner__username", "birthday", "created_at", "group_ids"
    )


GROUP_IDS = JsonRows(
    lambda contact: (
        Contact._meta.get_field("group_memberships")
        .related_model.objects.filter(contact=contact)
        .order_by("-group_id")
    ),
    "group_id",
)
CONTACT_PAGE_ROWS = PageRows(Contact, _contact_rows)


@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize(
    "shape",
    [
        lambda qs: qs,
        lambda qs: qs.annotate(key=Concat(F("last_name"), Value("-"))).order_by("-key", "id"),
        lambda qs: qs.filter(groups__name="club").order_by(BIRTHDAY_NULLS_LAST, "-id"),
    ],
    ids=["default-order", "annotated-order", "relation-filter"],
)
def test_page_rows_answer_as_the_generic_pagination(alice, contacts, params, shape):
    club = GroupFactory(owner=alice, name="club")
    for index, contact in enumerate(contacts[:30]):
        MembershipFactory(group=club, contact=contact)
        for group in GroupFactory.create_batch(index % 3, owner=alice):
            MembershipFactory(group=group, contact=contact)
    expected = _answer(PageNumberPagination(), _contact_rows(shape(contacts)), params)

    answer = _answer(CountedPageNumberPagination(), shape(contacts), params, CONTACT_PAGE_ROWS)

    assert answer == expected


def test_page_rows_cost_one_query_on_any_page(contacts):
    for params in ({}, {"page": "2"}, {"page": "3"}):
        with CaptureQueriesContext(connection) as queries:
            rows, count, _, _ = _answer(
                CountedPageNumberPagination(), contacts, params, CONTACT_PAGE_ROWS
            )

        assert len(queries) == 1
        assert count == 45 and rows


@pytest.mark.parametrize("params", [{}, {"page": "1"}, {"page": "2"}, {"page": "last"}])
def test_an_empty_list_has_one_empty_page(alice, params):
    empty = Contact.objects.filter(owner=alice).order_by("id")

    expected = _answer(PageNumberPagination(), empty, params)

    assert _answer(CountedPageNumberPagination(), empty, params) == expected


def test_the_count_rides_on_the_page_query(contacts):
    with CaptureQueriesContext(connection) as queries:
        rows, count, _, _ = _answer(CountedPageNumberPagination(), contacts, {"page": "2"})

    assert len(queries) == 1
    assert (len(rows), count) == (20, 45)


@pytest.mark.parametrize("params", [{"page": "4"}, {"page": str(10**30)}, {"page": "x"}])
def test_a_page_past_the_end_costs_at_most_the_page_query(contacts, params):
    with CaptureQueriesContext(connection) as queries:
        assert _answer(CountedPageNumberPagination(), contacts, params) is NotFound

    assert len(queries) <= 1


def test_distinct_querysets_take_the_generic_path(contacts):
    distinct = contacts.distinct()

    with CaptureQueriesContext(connection) as queries:
        answer = _answer(CountedPageNumberPagination(), distinct, {"page": "2"})

    assert len(queries) == 2  # count, page
    assert answer == _answer(PageNumberPagination(), distinct, {"page": "2"})
