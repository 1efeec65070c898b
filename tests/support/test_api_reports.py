"""Spam reports: anyone files one per target; staff list and resolve."""

import pytest
from django.urls import reverse

from common.codes import Code
from support import services
from support.models import Report
from tests.accounts.factories import UserFactory
from tests.support.factories import ReportFactory, direct_chat, send

pytestmark = pytest.mark.django_db

LIST = reverse("api:support-report-list")


def resolve(report) -> str:
    return reverse("api:support-report-resolve", args=[report.pk])


# --- filing ---------------------------------------------------------------------------


def test_a_user_reports_another_user(alice_client, alice, bob):
    response = alice_client.post(
        LIST, {"target_type": "user", "target_id": bob.pk, "reason": "Spam"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.REPORT_CREATED
    report = Report.objects.get()
    assert body["data"] == {
        "id": report.pk,
        "target_type": "user",
        "target_id": bob.pk,
        "reason": "Spam",
        "status": "open",
        "reporter": body["data"]["reporter"],
        "created_at": body["data"]["created_at"],
        "resolved_at": None,
        "resolved_by": None,
    }
    assert body["data"]["reporter"]["id"] == alice.pk
    assert (report.reporter, report.target_type, report.target_id) == (alice, "user", bob.pk)


def test_a_member_reports_a_message_they_can_see(alice_client, alice, bob):
    message = send(direct_chat(alice, bob), bob, "Buy cheap watches")

    response = alice_client.post(
        LIST, {"target_type": "message", "target_id": message.pk, "reason": "Spam"}
    )

    assert response.status_code == 201


def test_a_message_i_cannot_see_is_not_found(alice_client):
    one, two = UserFactory(), UserFactory()
    message = send(direct_chat(one, two), one, "private")

    response = alice_client.post(
        LIST, {"target_type": "message", "target_id": message.pk, "reason": "Spam"}
    )

    assert response.status_code == 404
    assert response.json()["code"] == Code.REPORT_TARGET_NOT_FOUND
    assert not Report.objects.exists()


@pytest.mark.parametrize("target_type", ["user", "message", "job", "review"])
def test_a_target_that_does_not_exist_is_a_404(alice_client, target_type):
    response = alice_client.post(
        LIST, {"target_type": target_type, "target_id": 987_654, "reason": "Spam"}
    )

    assert response.status_code == 404
    assert response.json()["code"] == Code.REPORT_TARGET_NOT_FOUND
    assert not Report.objects.exists()


def test_targets_are_looked_up_through_the_app_registry(alice_client, alice, bob, monkeypatch):
    """Jobs and reviews are found by app label and model name once their app has them
    (stood in for here by a model that exists)."""
    monkeypatch.setitem(services.REPORT_TARGETS, Report.TargetType.JOB, ("accounts", "User"))

    response = alice_client.post(LIST, {"target_type": "job", "target_id": bob.pk, "reason": "x"})

    assert response.status_code == 201
    assert Report.objects.get().target_type == "job"


def test_reporting_the_same_target_twice_is_a_409(alice_client, bob):
    body = {"target_type": "user", "target_id": bob.pk, "reason": "Spam"}
    alice_client.post(LIST, body)

    response = alice_client.post(LIST, {**body, "reason": "Again"})

    assert response.status_code == 409
    assert response.json()["code"] == Code.REPORT_DUPLICATE
    assert Report.objects.count() == 1


def test_different_reporters_may_report_the_same_target(alice_client, make_client, bob):
    body = {"target_type": "user", "target_id": bob.pk, "reason": "Spam"}

    assert alice_client.post(LIST, body).status_code == 201
    assert make_client(UserFactory()).post(LIST, body).status_code == 201


def test_reporting_myself_is_a_400(alice_client, alice):
    response = alice_client.post(
        LIST, {"target_type": "user", "target_id": alice.pk, "reason": "Me"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.REPORT_SELF
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"target_type": "user", "reason": "x"},
        {"target_type": "user", "target_id": 1},
        {"target_type": "photo", "target_id": 1, "reason": "x"},
        {"target_type": "user", "target_id": "abc", "reason": "x"},
        {"target_type": "user", "target_id": 0, "reason": "x"},
        {"target_type": "user", "target_id": 10**30, "reason": "x"},
        {"target_type": "user", "target_id": 1, "reason": ""},
        {"target_type": "user", "target_id": 1, "reason": "x" * 1001},
        {"target_type": ["user"], "target_id": 1, "reason": "x"},
    ],
)
def test_invalid_reports_are_a_400(alice_client, body):
    response = alice_client.post(LIST, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.REPORT_INVALID
    assert not Report.objects.exists()


def test_anonymous_cannot_report(api_client, bob):
    response = api_client.post(LIST, {"target_type": "user", "target_id": bob.pk, "reason": "x"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


# --- the staff queue ------------------------------------------------------------------


def test_staff_list_reports_filtered_by_status(staff_client):
    open_report = ReportFactory()
    ReportFactory(status=Report.Status.RESOLVED)

    response = staff_client.get(LIST, {"status": "open"})

    assert response.status_code == 200
    assert response.json()["code"] == Code.REPORTS_LISTED
    assert [r["id"] for r in response.json()["data"]["results"]] == [open_report.pk]
    assert staff_client.get(LIST).json()["data"]["count"] == 2


def test_staff_filter_reports_by_target_type(staff_client, alice, bob):
    message = send(direct_chat(alice, bob), bob, "spam")
    by_message = ReportFactory(reporter=alice, target_type="message", target_id=message.pk)
    ReportFactory()

    response = staff_client.get(LIST, {"target_type": "message"})

    assert [r["id"] for r in response.json()["data"]["results"]] == [by_message.pk]


def test_an_unknown_report_status_is_a_400(staff_client):
    response = staff_client.get(LIST, {"status": "closed"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.REPORTS_FILTER_INVALID


def test_users_cannot_list_reports(alice_client, alice):
    ReportFactory(reporter=alice)

    response = alice_client.get(LIST)

    assert response.status_code == 403
    assert response.json()["code"] == Code.REPORTS_STAFF_ONLY


def test_anonymous_cannot_list_reports(api_client):
    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 50])
def test_the_report_list_costs_the_same_queries_for_1_and_50_rows(
    staff_client, staff, rows, django_assert_num_queries
):
    for report in ReportFactory.create_batch(rows):
        services.report_resolve(report=report, by=staff)

    # 1 the user of the token, 2 count, 3 the page with reporters and resolvers.
    with django_assert_num_queries(3):
        response = staff_client.get(LIST, {"page_size": 100})

    assert len(response.json()["data"]["results"]) == rows


# --- resolving ------------------------------------------------------------------------


def test_staff_resolve_a_report(staff_client, staff):
    report = ReportFactory()

    response = staff_client.post(resolve(report))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.REPORT_RESOLVED
    assert body["data"]["status"] == "resolved"
    assert body["data"]["resolved_by"]["id"] == staff.pk
    assert body["data"]["resolved_at"] is not None
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED
    assert report.resolved_by == staff


def test_resolving_twice_is_a_409(staff_client):
    report = ReportFactory()
    staff_client.post(resolve(report))

    response = staff_client.post(resolve(report))

    assert response.status_code == 409
    assert response.json()["code"] == Code.REPORT_ALREADY_RESOLVED


def test_users_cannot_resolve_even_their_own_reports(alice_client, alice):
    report = ReportFactory(reporter=alice)

    response = alice_client.post(resolve(report))

    assert response.status_code == 403
    assert response.json()["code"] == Code.REPORTS_STAFF_ONLY
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_resolving_an_unknown_report_is_a_404(staff_client):
    response = staff_client.post(reverse("api:support-report-resolve", args=[999_999]))

    assert response.status_code == 404
    assert response.json()["code"] == Code.REPORT_NOT_FOUND


def test_anonymous_cannot_resolve(api_client):
    response = api_client.post(resolve(ReportFactory()))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
