"""Races on PostgreSQL: concurrent review and picture writes keep the derived state exact."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection

from common.exceptions import Conflict
from common.images import clean_image
from jobs.models import Job, JobPicture, Review
from jobs.services import picture_add, review_create, review_delete, review_update
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, image_upload
from tests.races import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _expected(ratings: list[int]) -> tuple[Decimal, int]:
    average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return average, len(ratings)


def test_concurrent_reviews_keep_the_aggregates_exact():
    job = JobFactory()
    users = UserFactory.create_batch(12)
    ratings = [1, 2, 3, 4, 5, 5, 4, 3, 5, 5, 1, 4]

    run_together(
        len(users), lambda i: review_create(job=job, user=users[i], data={"rating": ratings[i]})
    )

    job.refresh_from_db()
    assert Review.objects.filter(job=job).count() == 12
    assert (job.average_rating, job.review_count) == _expected(ratings)


def test_concurrent_creates_edits_and_deletes_keep_the_aggregates_exact():
    job = JobFactory()
    existing = [
        review_create(job=job, user=UserFactory(), data={"rating": r}) for r in (1, 2, 3, 4)
    ]
    newcomers = UserFactory.create_batch(4)

    def work(i: int):
        if i < 4:
            return review_create(job=job, user=newcomers[i], data={"rating": 5})
        if i < 6:
            return review_update(review=existing[i - 4], data={"rating": 5})
        return review_delete(review=existing[i - 4])

    run_together(8, work)

    job.refresh_from_db()
    remaining = list(Review.objects.filter(job=job).values_list("rating", flat=True))
    assert sorted(remaining) == [5, 5, 5, 5, 5, 5]
    assert (job.average_rating, job.review_count) == _expected(remaining)


def test_a_doubled_review_is_stored_once():
    job = JobFactory()
    user = UserFactory()

    def work(i: int):
        try:
            review_create(job=job, user=user, data={"rating": 3 + i % 2})
        except Conflict:
            return "conflict"
        return "created"

    outcomes = run_together(4, work)

    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "created"]
    job.refresh_from_db()
    assert job.review_count == 1
    assert job.average_rating == Review.objects.get(job=job).rating


def test_concurrent_first_pictures_give_exactly_one_main():
    job = JobFactory()
    images = [clean_image(image_upload()) for _ in range(6)]

    run_together(6, lambda i: picture_add(job=job, image=images[i]))

    assert JobPicture.objects.filter(job=job).count() == 6
    assert JobPicture.objects.filter(job=job, is_main=True).count() == 1
    assert Job.objects.get(pk=job.pk).pictures.count() == 6
