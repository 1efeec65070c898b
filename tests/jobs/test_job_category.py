"""Each job's category (``Job.category``), kept by database triggers through every
write path, and the list's category filter reading it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from jobs.models import Job, Subcategory
from tests.jobs.factories import CategoryFactory, JobFactory, SubcategoryFactory
from tests.races import run_together

pytestmark = pytest.mark.django_db

LIST = reverse("api:job-list")


def assert_categories_exact() -> None:
    """Every job's category is its subcategory's."""
    rows = Job.objects.values_list("pk", "category_id", "subcategory__category_id")
    assert [(pk, own) for pk, own, _ in rows] == [(pk, expected) for pk, _, expected in rows]


def listed_in(client, category) -> list[int]:
    response = client.get(LIST, {"category": category.pk, "ordering": "-average_rating"})
    return [item["id"] for item in response.json()["data"]["results"]]


def test_jobs_created_and_moved_through_the_api_are_filed_under_their_category(
    alice_client, subcategory, city
):
    other = SubcategoryFactory(name="Gardening")
    body = {"title": "Tiler", "subcategory": subcategory.id, "city": city.id}
    job = alice_client.post(LIST, body, format="json").json()["data"]
    assert listed_in(alice_client, subcategory.category) == [job["id"]]

    detail = reverse("api:job-detail", args=[job["id"]])
    moved = alice_client.patch(detail, {"subcategory": other.pk}, format="json")
    assert moved.json()["data"]["category"] == other.category_id
    assert listed_in(alice_client, subcategory.category) == []
    assert listed_in(alice_client, other.category) == [job["id"]]
    assert_categories_exact()


def test_orm_bulk_and_raw_writes_keep_the_category(alice, city):
    first, second = SubcategoryFactory(), SubcategoryFactory()
    jobs = Job.objects.bulk_create(
        [Job(owner=alice, title=f"Bulk {i}", subcategory=first, city=city) for i in range(3)]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobs_job (owner_id, title, description, experiences, subcategory_id,"
            " city_id, average_rating, review_count, created_at, updated_at)"
            " VALUES (%s, 'Raw', '', '', %s, %s, 0, 0, %s, %s)",
            [alice.pk, second.pk, city.pk, "2026-01-01 00:00:00", "2026-01-01 00:00:00"],
        )
    assert_categories_exact()

    Job.objects.filter(pk=jobs[0].pk).update(subcategory=second)
    Job.objects.filter(pk=jobs[1].pk).update(category=second.category)  # corrected at once
    saved = Job.objects.get(pk=jobs[2].pk)
    saved.title = "Saved whole"
    saved.save()
    assert jobs[2].category_id is None  # bulk_create's instance: written whole, corrected
    jobs[2].title = "Saved from a stale instance"
    jobs[2].save()
    assert_categories_exact()
    assert Job.objects.get(pk=jobs[1].pk).category_id == first.category_id


def test_a_subcategory_moved_to_another_category_moves_its_jobs(alice_client, alice_job):
    subcategory = alice_job.subcategory
    old_category, new_category = subcategory.category, CategoryFactory()
    apart = JobFactory()

    subcategory.category = new_category
    subcategory.save()
    assert listed_in(alice_client, new_category) == [alice_job.pk]
    assert listed_in(alice_client, old_category) == []

    Subcategory.objects.filter(pk=subcategory.pk).update(category=old_category)
    assert listed_in(alice_client, old_category) == [alice_job.pk]
    assert Job.objects.get(pk=apart.pk).category_id == apart.subcategory.category_id
    assert_categories_exact()


def test_the_category_filter_keeps_the_rating_filter_and_order(alice_client, subcategory):
    sibling = SubcategoryFactory(category=subcategory.category)
    ratings = {Decimal("4.50"): subcategory, Decimal("1.00"): sibling, Decimal("3.20"): sibling}
    made = {r: JobFactory(subcategory=sub, average_rating=r) for r, sub in ratings.items()}
    JobFactory(average_rating=Decimal("5.00"))  # another category

    response = alice_client.get(
        LIST, {"category": subcategory.category_id, "min_rating": 2, "ordering": "-average_rating"}
    )
    assert [item["id"] for item in response.json()["data"]["results"]] == [
        made[Decimal("4.50")].pk,
        made[Decimal("3.20")].pk,
    ]
    assert response.json()["data"]["count"] == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_jobs_created_while_their_subcategory_moves_end_in_its_new_category(alice):
    categories = CategoryFactory.create_batch(2)
    subcategory = SubcategoryFactory(category=categories[0])
    city = JobFactory(owner=alice, subcategory=subcategory).city

    def write(index: int) -> None:
        if index == 0:
            target = categories[1] if subcategory.category_id == categories[0].pk else categories[0]
            Subcategory.objects.filter(pk=subcategory.pk).update(category=target)
        else:
            Job.objects.create(owner=alice, title=f"T{index}", subcategory=subcategory, city=city)

    for _ in range(4):
        run_together(6, write)
        subcategory.refresh_from_db()
        assert_categories_exact()
    assert Job.objects.count() == 1 + 4 * 5
