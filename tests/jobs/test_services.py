import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from jobs.models import Category, Job, Review, Skill, Subcategory
from jobs.services import (
    CATEGORIES_FILE,
    job_rating_refresh,
    job_update,
    load_categories,
    review_create,
    review_delete,
    review_update,
    skills_get_or_create,
)
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, JobPictureFactory, ReviewFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_load_categories_loads_the_bundled_set_once():
    tree = json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))
    out = StringIO()

    call_command("load_categories", stdout=out)
    snapshot = list(Subcategory.objects.values_list("id", "category__name", "name"))
    call_command("load_categories", stdout=out)

    assert Category.objects.count() == len(tree) >= 10
    assert Subcategory.objects.count() == sum(len(v) for v in tree.values())
    assert list(Subcategory.objects.values_list("id", "category__name", "name")) == snapshot
    first, second = out.getvalue().strip().splitlines()
    assert f"{len(tree)} categories" in first
    assert second == "Categories loaded: 0 categories and 0 subcategories created."


def test_load_categories_adds_only_what_is_missing():
    Category.objects.create(name="Home services")

    created, _ = load_categories()

    assert created == Category.objects.count() - 1
    assert Category.objects.filter(name="Home services").count() == 1


def test_skills_are_matched_case_insensitively_and_created_once():
    python = SkillFactory(title="Python")

    skills = skills_get_or_create(names=["python", "Go", "GO", "  Rust  lang ", " "])

    assert [s.title for s in skills] == ["Python", "Go", "Rust lang"]
    assert skills[0] == python
    assert Skill.objects.count() == 3


def test_the_database_refuses_a_skill_differing_only_in_case():
    SkillFactory(title="Python")

    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(title="PYTHON")


def test_the_rating_refresh_recomputes_exactly():
    job = JobFactory()
    for rating in (5, 4, 4, 1):
        ReviewFactory(job=job, rating=rating)

    assert job_rating_refresh(job_id=job.pk) == (Decimal("3.50"), 4)
    job.refresh_from_db()
    assert (job.average_rating, job.review_count) == (Decimal("3.50"), 4)


def test_rounding_is_half_up():
    job = JobFactory()
    for rating in (5, 5, 5, 5, 5, 5, 4, 4):  # 4.75
        ReviewFactory(job=job, rating=rating)
    ReviewFactory(job=JobFactory(), rating=1)  # another job: ignored

    assert job_rating_refresh(job_id=job.pk) == (Decimal("4.75"), 8)


def test_review_services_keep_the_aggregates_in_step():
    job = JobFactory()
    first = review_create(job=job, user=UserFactory(), data={"rating": 5})
    review_create(job=job, user=UserFactory(), data={"rating": 2})
    review_update(review=first, data={"rating": 3})
    job.refresh_from_db()
    assert (job.average_rating, job.review_count) == (Decimal("2.50"), 2)

    review_delete(review=first)

    job.refresh_from_db()
    assert (job.average_rating, job.review_count) == (Decimal("2.00"), 1)


@pytest.mark.parametrize("rating", [0, 6])
def test_the_database_refuses_ratings_outside_1_to_5(rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(rating=rating)


def test_the_database_refuses_a_second_review_by_the_same_user():
    review = ReviewFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(job=review.job, user=review.user, rating=3)


def test_the_database_refuses_negative_money():
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=JobFactory().pk).update(hourly_rate=Decimal("-1"))


def test_a_job_edit_never_writes_back_stale_aggregates():
    job = JobFactory()
    stale = Job.objects.get(pk=job.pk)  # read before the review lands
    review_create(job=job, user=UserFactory(), data={"rating": 5})

    job_update(job=stale, data={"title": "Renamed"})

    job.refresh_from_db()
    assert (job.title, job.average_rating, job.review_count) == ("Renamed", Decimal("5.00"), 1)


def test_deleting_a_reviewer_refreshes_the_jobs_they_reviewed(
    django_capture_on_commit_callbacks,
):
    job = JobFactory()
    leaving, staying = UserFactory(), UserFactory()
    review_create(job=job, user=leaving, data={"rating": 1})
    review_create(job=job, user=staying, data={"rating": 5})

    with django_capture_on_commit_callbacks(execute=True):
        leaving.delete()

    job.refresh_from_db()
    assert (job.average_rating, job.review_count) == (Decimal("5.00"), 1)


def test_deleting_an_owner_removes_their_picture_files(django_capture_on_commit_callbacks):
    picture = JobPictureFactory()
    storage, name = picture.image.storage, picture.image.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        picture.job.owner.delete()

    assert not storage.exists(name)
    assert not Job.objects.exists()
