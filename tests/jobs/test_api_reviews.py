from decimal import Decimal

import pytest
from django.urls import reverse

from common.codes import Code
from jobs.models import Job, Review
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, ReviewFactory

pytestmark = pytest.mark.django_db

LIST = "api:job-review-list"
DETAIL = "api:job-review-detail"


def _aggregates(job) -> tuple[Decimal, int]:
    job = Job.objects.get(pk=job.pk)
    return job.average_rating, job.review_count


@pytest.fixture
def bob_review(bob_client, alice_job):
    response = bob_client.post(
        reverse(LIST, args=[alice_job.id]), {"title": "Great", "comment": "Fast.", "rating": 4}
    )
    assert response.status_code == 201
    return Review.objects.get(pk=response.json()["data"]["id"])


def test_bob_reviews_alice_job_and_the_aggregates_follow(bob_client, bob, alice_job):
    response = bob_client.post(
        reverse(LIST, args=[alice_job.id]), {"title": "Great", "comment": "Fast.", "rating": 4}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.REVIEW_CREATED
    data = body["data"]
    assert set(data) == {
        "id", "job", "user", "title", "comment", "rating", "created_at", "updated_at",
    }  # fmt: skip
    assert (data["job"], data["user"]["id"], data["rating"]) == (alice_job.id, bob.id, 4)
    assert "email" not in data["user"]
    assert _aggregates(alice_job) == (Decimal("4.00"), 1)
    job = bob_client.get(reverse("api:job-detail", args=[alice_job.id])).json()["data"]
    assert (job["average_rating"], job["review_count"]) == (4.0, 1)


def test_the_average_is_rounded_to_two_places(alice_job, bob_client, make_client):
    bob_client.post(reverse(LIST, args=[alice_job.id]), {"rating": 5})
    make_client(UserFactory()).post(reverse(LIST, args=[alice_job.id]), {"rating": 4})
    make_client(UserFactory()).post(reverse(LIST, args=[alice_job.id]), {"rating": 4})

    assert _aggregates(alice_job) == (Decimal("4.33"), 3)


def test_anonymous_lists_reviews_newest_first(api_client, alice_job, bob_review):
    later = ReviewFactory(job=alice_job, rating=2)
    ReviewFactory()  # another job's

    response = api_client.get(reverse(LIST, args=[alice_job.id]))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.REVIEWS_LISTED
    assert body["data"]["count"] == 2
    assert [r["id"] for r in body["data"]["results"]] == [later.id, bob_review.id]


def test_anonymous_retrieves_a_review(api_client, alice_job, bob_review):
    response = api_client.get(reverse(DETAIL, args=[alice_job.id, bob_review.id]))

    assert response.status_code == 200
    assert response.json()["code"] == Code.REVIEW_RETRIEVED
    assert response.json()["data"]["title"] == "Great"


def test_nobody_reviews_their_own_job(alice_client, alice_job):
    response = alice_client.post(reverse(LIST, args=[alice_job.id]), {"rating": 5})

    assert response.status_code == 403
    assert response.json()["code"] == Code.REVIEW_OWN_JOB
    assert not Review.objects.exists()
    assert _aggregates(alice_job) == (0, 0)


def test_a_second_review_by_the_same_user_is_a_409(bob_client, alice_job, bob_review):
    response = bob_client.post(reverse(LIST, args=[alice_job.id]), {"rating": 1})

    assert response.status_code == 409
    assert response.json()["code"] == Code.REVIEW_DUPLICATE
    assert Review.objects.count() == 1
    assert _aggregates(alice_job) == (Decimal("4.00"), 1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "five"}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"rating": None}, "rating"),
        ({"rating": 3, "title": "x" * 201}, "title"),
        ({"rating": 3, "comment": "x" * 5001}, "comment"),
        ({"rating": 3, "title": ["x"]}, "title"),
    ],
)
def test_invalid_reviews_are_refused(bob_client, alice_job, payload, field):
    response = bob_client.post(reverse(LIST, args=[alice_job.id]), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.REVIEW_CREATE_FAILED
    assert field in response.json()["errors"]
    assert not Review.objects.exists()


def test_the_author_edits_the_review_and_the_aggregates_follow(bob_client, alice_job, bob_review):
    response = bob_client.patch(
        reverse(DETAIL, args=[alice_job.id, bob_review.id]), {"rating": 2, "comment": "Meh."}
    )

    assert response.status_code == 200
    assert response.json()["code"] == Code.REVIEW_UPDATED
    assert response.json()["data"]["rating"] == 2
    bob_review.refresh_from_db()
    assert (bob_review.rating, bob_review.comment, bob_review.title) == (2, "Meh.", "Great")
    assert _aggregates(alice_job) == (Decimal("2.00"), 1)


def test_an_invalid_edit_changes_nothing(bob_client, alice_job, bob_review):
    response = bob_client.patch(reverse(DETAIL, args=[alice_job.id, bob_review.id]), {"rating": 9})

    assert response.status_code == 400
    assert response.json()["code"] == Code.REVIEW_UPDATE_FAILED
    bob_review.refresh_from_db()
    assert bob_review.rating == 4


def test_the_author_deletes_the_review_and_the_aggregates_follow(bob_client, alice_job, bob_review):
    response = bob_client.delete(reverse(DETAIL, args=[alice_job.id, bob_review.id]))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.REVIEW_DELETED,
        "msg": Code.REVIEW_DELETED.msg,
        "data": None,
    }
    assert not Review.objects.exists()
    assert _aggregates(alice_job) == (0, 0)


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_others_may_not_change_a_review(alice_client, alice_job, bob_review, method):
    """Not even the job's owner: reviews belong to their authors."""
    response = getattr(alice_client, method)(
        reverse(DETAIL, args=[alice_job.id, bob_review.id]), {"rating": 1}
    )

    assert response.status_code == 403
    assert response.json()["code"] == Code.REVIEW_NOT_AUTHOR
    bob_review.refresh_from_db()
    assert bob_review.rating == 4


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_anonymous_may_not_write_reviews(api_client, alice_job, bob_review, method):
    url = (
        reverse(LIST, args=[alice_job.id])
        if method == "post"
        else reverse(DETAIL, args=[alice_job.id, bob_review.id])
    )

    response = getattr(api_client, method)(url, {"rating": 1})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert Review.objects.get().rating == 4


def test_put_on_a_review_is_not_allowed(bob_client, alice_job, bob_review):
    response = bob_client.put(reverse(DETAIL, args=[alice_job.id, bob_review.id]), {"rating": 1})

    assert response.status_code == 405


def test_unknown_jobs_and_reviews_are_404(api_client, bob_client, alice_job, bob_review):
    other = ReviewFactory()

    no_job = api_client.get(reverse(LIST, args=[999999]))
    no_job_post = bob_client.post(reverse(LIST, args=[999999]), {"rating": 3})
    wrong_job = api_client.get(reverse(DETAIL, args=[alice_job.id, other.id]))
    no_review = bob_client.patch(reverse(DETAIL, args=[alice_job.id, 999999]), {"rating": 3})

    assert (no_job.status_code, no_job.json()["code"]) == (404, Code.JOB_NOT_FOUND)
    assert (no_job_post.status_code, no_job_post.json()["code"]) == (404, Code.JOB_NOT_FOUND)
    assert (wrong_job.status_code, wrong_job.json()["code"]) == (404, Code.REVIEW_NOT_FOUND)
    assert (no_review.status_code, no_review.json()["code"]) == (404, Code.REVIEW_NOT_FOUND)


def test_reviews_disappear_with_their_job(alice_client, alice_job, bob_review):
    alice_client.delete(reverse("api:job-detail", args=[alice_job.id]))

    assert not Review.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_review_list_costs_constant_queries(api_client, django_assert_num_queries, rows):
    job = JobFactory()
    for _ in range(rows):
        ReviewFactory(job=job)

    # 1 the job exists, 2 count, 3 the page of reviews joined to their authors
    with django_assert_num_queries(3):
        response = api_client.get(reverse(LIST, args=[job.id]), {"page_size": 100})

    assert response.json()["data"]["count"] == rows
