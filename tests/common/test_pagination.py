"""CountedRowsPagination answers exactly as DRF's page-number pagination does, over
querysets and over compiled pages, in one query a page."""

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.models import User
from common.compiled import CompiledPage, Param
from common.pagination import CountedRowsPagination
from common.rows import JsonRows
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
    {"b": ["2", "1"], "a": "", "page": "2", "z": "é &="},  # links keep the query
]


class DRFPagination(pagination.PageNumberPagination):
    """DRF's own pagination with Kith's sizes: what every answer must equal."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def _request(params) -> Request:
    return Request(APIRequestFactory().get("/api/v1/contacts/", params))


def _answer(paginate, params):
    """(rows, count, next, previous), or NotFound if the page raises it."""
    paginator = CountedRowsPagination()
    try:
        page = paginate(paginator, _request(params))
    except NotFound:
        return NotFound
    data = paginator.get_paginated_response(list(page)).data
    return data["results"], data["count"], data["next"], data["previous"]


def _drf(queryset, params):
    paginator = DRFPagination()
    try:
        page = paginator.paginate_queryset(queryset, _request(params))
    except NotFound:
        return NotFound
    data = paginator.get_paginated_response(list(page)).data
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
        lambda qs: qs.annotate(key=Concat(F("last_name"), Value("-"))).order_by("-key", "id"),
        lambda qs: qs.distinct(),
    ],
    ids=["models", "values", "values_list", "annotated-order", "distinct"],
)
def test_querysets_answer_as_drfs_pagination(contacts, params, shape):
    answer = _answer(lambda p, request: p.paginate_queryset(shape(contacts), request), params)

    assert answer == _drf(shape(contacts), params)


def test_a_queryset_page_is_counted_in_its_query(contacts):
    with CaptureQueriesContext(connection) as queries:
        rows, count, _, _ = _answer(
            lambda p, request: p.paginate_queryset(contacts, request), {"page": "2"}
        )

    assert len(queries) == 1
    assert (len(rows), count) == (20, 45)


# --- compiled pages -------------------------------------------------------------------

GROUP_IDS = JsonRows(
    lambda contact: (
        Contact._meta.get_field("group_memberships")
        .related_model.objects.filter(contact=contact)
        .order_by("-group_id")
    ),
    "group_id",
)
ORDERINGS = {
    "name": ("first_name", "last_name", "id"),
    "birthday": (F("birthday").asc(nulls_last=True), "-id"),
    "annotated": (Concat(F("last_name"), Value("-")).desc(), "id"),
}


def _display(queryset):
    return queryset.annotate(group_ids=GROUP_IDS).values_list(
        "first_name", "id", "owner__username", "birthday", "created_at", "group_ids"
    )


def _contacts(shape):
    ordering, in_club = shape
    contacts = Contact.objects.filter(owner_id=Param("owner", User._meta.pk))
    if in_club:
        contacts = contacts.filter(groups__name=Param("group", Contact._meta.get_field("notes")))
    return contacts.order_by(*ORDERINGS[ordering])


PAGES = CompiledPage(_contacts, _display)


@pytest.fixture
def grouped(alice, contacts):
    club = GroupFactory(owner=alice, name="club")
    for index, contact in enumerate(contacts[:30]):
        MembershipFactory(group=club, contact=contact)
        for group in GroupFactory.create_batch(index % 3, owner=alice):
            MembershipFactory(group=group, contact=contact)
    return contacts


def _paginate_compiled(shape, values):
    def paginate(paginator, request):
        bound = PAGES.bind(shape, values)
        return paginator.paginate_rows(bound.page, lambda: bound, request)

    return paginate


@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("in_club", [False, True])
def test_compiled_pages_answer_as_drfs_pagination(alice, grouped, params, ordering, in_club):
    expected = Contact.objects.filter(owner=alice)
    if in_club:
        expected = expected.filter(groups__name="club")
    expected = _display(expected.order_by(*ORDERINGS[ordering]))
    values = {"owner": alice.pk, "group": "club"}

    answer = _answer(_paginate_compiled((ordering, in_club), values), params)

    assert answer == _drf(expected, params)


@pytest.mark.parametrize("params", [{}, {"page": "2"}, {"page": "3"}, {"page": "4"}])
def test_a_compiled_page_costs_one_query_past_the_end_too(alice, grouped, params):
    with CaptureQueriesContext(connection) as queries:
        answer = _answer(_paginate_compiled(("name", False), {"owner": alice.pk}), params)

    assert len(queries) == 1
    assert answer is NotFound if params == {"page": "4"} else answer[1] == 45


def test_pages_share_the_sql_text_their_values_bound(alice, bob, grouped):
    statements = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        for owner, params in ((alice, {}), (alice, {"page": "3"}), (bob, {"page_size": "7"})):
            _answer(_paginate_compiled(("name", False), {"owner": owner.pk}), params)

    assert len(statements) == 3 and len(set(statements)) == 1


def test_a_pages_count_is_an_int_that_needs_no_converter(alice, grouped):
    bound = PAGES.bind(("name", False), {"owner": alice.pk})
    rows = bound.page(5, 0)

    assert [row[-1] for row in rows] == [45] * 5 and all(type(row[-1]) is int for row in rows)
    compiled = PAGES._pages._rows[("name", False)]
    count_column = compiled.compiler.col_count - 1
    assert count_column not in compiled.converters


@pytest.mark.parametrize("params", [{}, {"page": "1"}, {"page": "2"}, {"page": "last"}])
def test_an_empty_list_has_one_empty_page(alice, params):
    expected = _drf(_display(Contact.objects.filter(owner=alice).order_by("id")), params)

    answer = _answer(_paginate_compiled(("name", False), {"owner": alice.pk}), params)

    assert answer == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
def test_postgresql_keeps_one_generic_plan_for_every_page(alice, grouped):
    if not connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold"):
        pytest.skip("prepared statements are off")
    for page in range(12):
        bound = PAGES.bind(("name", False), {"owner": alice.pk})
        bound.page(3, 3 * (page % 4))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%= ANY(ARRAY(SELECT%"],
        )
        (generic, custom), *_ = cursor.fetchall()

    # PostgreSQL tries five custom plans, then keeps the generic one if it is as cheap
    # (with ``IN (<ids> LIMIT $n)`` it plans every run anew: see common.compiled._InPage)
    assert custom <= 5 and generic >= 5


def test_links_are_kept_per_absolute_url(contacts, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    """Links are remembered once written: the same path and query on another host (or
    scheme) still get their own."""

    def links(**extra):
        request = Request(APIRequestFactory().get("/api/v1/contacts/", {"page": "2"}, **extra))
        paginator = CountedRowsPagination()
        paginator.paginate_queryset(contacts, request)
        data = paginator.get_paginated_response([]).data
        return data["next"], data["previous"]

    assert links() == (
        "http://testserver/api/v1/contacts/?page=3",
        "http://testserver/api/v1/contacts/",
    )
    assert links(HTTP_HOST="localhost") == (
        "http://localhost/api/v1/contacts/?page=3",
        "http://localhost/api/v1/contacts/",
    )
    assert links(secure=True)[0] == "https://testserver/api/v1/contacts/?page=3"
    assert links() == links()
