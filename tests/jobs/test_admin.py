from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from jobs.models import Job, Review
from jobs.services import review_create
from tests.accounts.factories import UserFactory
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    ReviewFactory,
    SubcategoryFactory,
    TimetableSlotFactory,
)
from tests.locations.factories import AddressFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "jobs_category",
    "jobs_subcategory",
    "jobs_skill",
    "jobs_job",
    "jobs_jobpicture",
    "jobs_review",
    "jobs_timetableslot",
    "locations_country",
    "locations_province",
    "locations_city",
    "locations_address",
]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def job():
    job = JobFactory()
    JobPictureFactory(job=job, is_main=True)
    TimetableSlotFactory(job=job)
    ReviewFactory(job=job)
    AddressFactory(city=job.city)
    return job


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_changelist_with_search(admin_client, job, model):
    url = reverse(f"admin:{model}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "a"}).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_job_and_category_change_pages_show_their_inlines(admin_client, job):
    job_page = admin_client.get(reverse("admin:jobs_job_change", args=[job.id]))
    category_page = admin_client.get(
        reverse("admin:jobs_category_change", args=[SubcategoryFactory().category_id])
    )

    assert job_page.status_code == 200
    content = job_page.content.decode()
    for prefix in ("pictures", "reviews", "timetable_slots"):
        assert f'id="{prefix}-group"' in content
    assert category_page.status_code == 200
    assert 'id="subcategories-group"' in category_page.content.decode()


def test_moderators_deleting_reviews_keeps_the_aggregates_exact(admin_client):
    job = JobFactory()
    reviews = [review_create(job=job, user=UserFactory(), data={"rating": r}) for r in (1, 5, 3)]

    response = admin_client.post(
        reverse("admin:jobs_review_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [reviews[0].id, reviews[2].id],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert list(Review.objects.values_list("id", flat=True)) == [reviews[1].id]
    job = Job.objects.get(pk=job.pk)
    assert (job.average_rating, job.review_count) == (Decimal("5.00"), 1)


def test_moderators_editing_a_rating_refreshes_the_job(admin_client):
    job = JobFactory()
    review = review_create(job=job, user=UserFactory(), data={"rating": 5})

    response = admin_client.post(
        reverse("admin:jobs_review_change", args=[review.id]),
        {"job": job.id, "user": review.user_id, "title": "", "comment": "", "rating": 2},
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.average_rating, job.review_count) == (Decimal("2.00"), 1)


def test_editing_a_job_in_the_admin_keeps_its_aggregates(admin_client):
    job = JobFactory(title="Old")
    page = admin_client.get(reverse("admin:jobs_job_change", args=[job.id]))
    assert page.status_code == 200
    review_create(job=job, user=UserFactory(), data={"rating": 3})  # lands meanwhile
    form = {
        "owner": job.owner_id,
        "title": "New",
        "description": job.description,
        "subcategory": job.subcategory_id,
        "city": job.city_id,
        "experiences": "",
        "hourly_rate": "20.00",
        "initial_cost": "",
    }
    for prefix in ("pictures", "reviews", "timetable_slots"):
        form |= {
            f"{prefix}-TOTAL_FORMS": "0" if prefix != "reviews" else "1",
            f"{prefix}-INITIAL_FORMS": "0" if prefix != "reviews" else "1",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    form["reviews-0-id"] = Review.objects.get(job=job).id
    form["reviews-0-job"] = job.id

    response = admin_client.post(reverse("admin:jobs_job_change", args=[job.id]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    job.refresh_from_db()
    assert (job.title, job.average_rating, job.review_count) == ("New", Decimal("3.00"), 1)
