"""Support cases: open, list (own / staff all), retrieve, close."""

import pytest
from django.urls import reverse

from common.codes import Code
from support.models import Conversation, ConversationMember, SupportCase
from tests.accounts.factories import UserFactory
from tests.support.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:support-case-list")


def detail(case) -> str:
    return reverse("api:support-case-detail", args=[case.pk])


def close(case) -> str:
    return reverse("api:support-case-close", args=[case.pk])


# --- open -----------------------------------------------------------------------------


def test_opening_a_case_opens_its_conversation(alice_client, alice):
    response = alice_client.post(LIST, {"title": "Cannot log in", "description": "Since today."})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.CASE_OPENED
    case = SupportCase.objects.get()
    assert body["data"] == {
        "id": case.pk,
        "title": "Cannot log in",
        "description": "Since today.",
        "status": "open",
        "opened_by": body["data"]["opened_by"],
        "conversation": case.conversation_id,
        "created_at": body["data"]["created_at"],
        "closed_at": None,
    }
    assert body["data"]["opened_by"]["id"] == alice.pk
    assert case.opened_by == alice
    assert case.conversation.kind == Conversation.Kind.CASE
    assert case.conversation.title == "Cannot log in"
    assert list(case.conversation.members.all()) == [alice]


def test_the_description_is_optional(alice_client):
    response = alice_client.post(LIST, {"title": "Question"})

    assert response.status_code == 201
    assert response.json()["data"]["description"] == ""


def test_status_cannot_be_set_on_open(alice_client):
    response = alice_client.post(LIST, {"title": "Q", "status": "closed"})

    assert response.status_code == 201
    assert response.json()["data"]["status"] == "open"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": ""},
        {"title": "x" * 201},
        {"title": ["a"]},
        {"title": None},
        {"title": "ok", "description": "x" * 5001},
        {"title": "ok", "description": {"a": 1}},
    ],
)
def test_invalid_cases_are_a_400(alice_client, body):
    response = alice_client.post(LIST, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.CASE_OPEN_FAILED
    assert not SupportCase.objects.exists()
    assert not Conversation.objects.exists()


def test_anonymous_cannot_open_a_case(api_client):
    response = api_client.post(LIST, {"title": "Help"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- list -----------------------------------------------------------------------------


def test_users_list_their_own_cases(alice_client, alice, bob):
    mine = SupportCaseFactory(opened_by=alice)
    SupportCaseFactory(opened_by=bob)

    response = alice_client.get(LIST)

    assert response.status_code == 200
    assert response.json()["code"] == Code.CASES_LISTED
    assert [c["id"] for c in response.json()["data"]["results"]] == [mine.pk]


def test_staff_list_every_case_newest_first(staff_client, alice, bob):
    first = SupportCaseFactory(opened_by=alice)
    second = SupportCaseFactory(opened_by=bob)

    response = staff_client.get(LIST)

    assert [c["id"] for c in response.json()["data"]["results"]] == [second.pk, first.pk]


def test_cases_filter_by_status(staff_client, staff, alice):
    open_case = SupportCaseFactory(opened_by=alice)
    SupportCaseFactory(opened_by=alice, status=SupportCase.Status.CLOSED)

    response = staff_client.get(LIST, {"status": "open"})

    assert [c["id"] for c in response.json()["data"]["results"]] == [open_case.pk]


def test_an_unknown_status_is_a_400(alice_client):
    response = alice_client.get(LIST, {"status": "pending"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.CASES_FILTER_INVALID


@pytest.mark.parametrize("rows", [1, 50])
def test_the_case_list_costs_the_same_queries_for_1_and_50_rows(
    staff_client, rows, django_assert_num_queries
):
    SupportCaseFactory.create_batch(rows)

    # 1 the user of the token, 2 count, 3 the page of cases with their openers.
    with django_assert_num_queries(3):
        response = staff_client.get(LIST, {"page_size": 100})

    assert len(response.json()["data"]["results"]) == rows


def test_anonymous_cannot_list_cases(api_client):
    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- retrieve -------------------------------------------------------------------------


def test_the_opener_and_staff_get_a_case(alice_client, staff_client, alice):
    case = SupportCaseFactory(opened_by=alice)

    for client in (alice_client, staff_client):
        response = client.get(detail(case))
        assert response.status_code == 200
        assert response.json()["code"] == Code.CASE_RETRIEVED
        assert response.json()["data"]["conversation"] == case.conversation_id


def test_another_user_gets_404_for_a_case(bob_client, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = bob_client.get(detail(case))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CASE_NOT_FOUND


def test_anonymous_cannot_get_a_case(api_client, alice):
    response = api_client.get(detail(SupportCaseFactory(opened_by=alice)))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- close ----------------------------------------------------------------------------


def test_the_opener_closes_a_case(alice_client, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = alice_client.post(close(case))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CASE_CLOSED
    assert body["data"]["status"] == "closed"
    assert body["data"]["closed_at"] is not None
    case.refresh_from_db()
    assert case.status == SupportCase.Status.CLOSED
    assert case.closed_by == alice


def test_staff_close_a_case(staff_client, staff, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = staff_client.post(close(case))

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == SupportCase.Status.CLOSED
    assert case.closed_by == staff


def test_another_user_cannot_close_a_case(bob_client, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = bob_client.post(close(case))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CASE_NOT_FOUND
    case.refresh_from_db()
    assert case.status == SupportCase.Status.OPEN


def test_closing_twice_is_a_409(alice_client, alice):
    case = SupportCaseFactory(opened_by=alice)
    alice_client.post(close(case))

    response = alice_client.post(close(case))

    assert response.status_code == 409
    assert response.json()["code"] == Code.CASE_ALREADY_CLOSED


def test_anonymous_cannot_close_a_case(api_client, alice):
    case = SupportCaseFactory(opened_by=alice)

    response = api_client.post(close(case))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def test_the_case_conversation_is_the_openers_and_staffs(make_client, alice, staff):
    """Another user can't read a case's chat; the opener and staff can."""
    case = SupportCaseFactory(opened_by=alice)
    url = reverse("api:conversation-messages-list", args=[case.conversation_id])

    assert make_client(alice).get(url).status_code == 200
    assert make_client(staff).get(url).status_code == 200
    assert make_client(UserFactory()).get(url).status_code == 404
    assert not ConversationMember.objects.filter(user=staff).exists()
